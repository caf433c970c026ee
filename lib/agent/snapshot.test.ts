import { describe, expect, it } from 'vitest';
import type { HourlyHistory } from './history';
import { buildPolicyState, type ChainSnapshot, marketPriceInput, treasuryOperationParams } from './snapshot';

const g = { min: 0n, max: 10n ** 30n, maxStep: 10n ** 30n, smallStep: 0n, minDelay: 0n };

function snapshot(marketPrice: ChainSnapshot['marketPrice']): ChainSnapshot {
  return {
    chainId: 31337,
    blockNumber: 10n,
    timestamp: 1_700_003_600,
    tokenDecimals: 18,
    stableDecimals: 6,
    reserveHome: 100_000_000n * 10n ** 18n,
    reserveStable: 10_000_000n * 10n ** 6n,
    totalSupply: 10n ** 27n,
    totalStaked: 0n,
    emissionsRemaining: 0n,
    treasuryHome: 0n,
    treasuryStable: 0n,
    params: [10n ** 27n, 5000n, 30n, 5n * 10n ** 17n, 10_000n * 10n ** 6n, 0n],
    lastChangedAt: [0n, 0n, 0n, 0n, 0n, 0n],
    guardrails: [g, g, g, g, g, g],
    supplyNonce: 0n,
    supplyWindow: { netChange: 0n, budget: 2n * 10n ** 25n },
    supplyWindowLength: 86_400n,
    supplyBudgetBps: 200n,
    paused: false,
    oracle: { round: 1, observedAt: 1_700_003_600, sentimentBps: 0, anomalyBps: 0 },
    marketPrice,
  };
}

const history: HourlyHistory = {
  timestamp: [1_700_000_000, 1_700_003_600],
  close: [0.1, 0.1],
  volumeStable: [0, 0],
  liquidityStable: [1e7, 1e7],
};
const q = { proposalPending: false, indexerLagSeconds: 0, anomalyScore: 0, anomalyFlags: [] };

describe('market-price feed in the policy state', () => {
  it('is the oracle price in USD when fresh', () => {
    const s = snapshot({ round: 3, observedAt: 1_700_003_600, price: 67_123_450_000n * 10n ** 12n, stale: false });
    expect(marketPriceInput(s)).toBeCloseTo(67_123.45, 9);
    expect(buildPolicyState(s, history, q).marketPrice).toBeCloseTo(67_123.45, 9);
  });

  it('is absent when the oracle calls it stale or nothing was posted', () => {
    expect(marketPriceInput(snapshot({ round: 3, observedAt: 1, price: 10n ** 18n, stale: true }))).toBeUndefined();
    expect(marketPriceInput(snapshot(null))).toBeUndefined();
    expect(marketPriceInput(snapshot(undefined))).toBeUndefined();
    expect(buildPolicyState(snapshot(null), history, q).marketPrice).toBeUndefined();
  });
});

describe('treasury operation parameters (6..11)', () => {
  it('reads them in units a person reads, and null from a controller without them', () => {
    const s = snapshot(null);
    expect(treasuryOperationParams(s)).toBeNull();
    s.params = [
      ...s.params,
      25_000n * 10n ** 6n,
      9_000n,
      80_000n,
      125_000n,
      10_000n * 10n ** 6n,
      250_000n * 10n ** 18n,
    ];
    expect(treasuryOperationParams(s)).toEqual({
      polBudget: 25_000,
      polMaxShareBps: 9_000,
      rangeLowerBand: 0.08,
      rangeUpperBand: 0.125,
      rangeBuyBudget: 10_000,
      rangeSellBudget: 250_000,
    });
  });
});
