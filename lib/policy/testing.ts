// Fixtures for policy tests (and for the agent's tests later): a plausible state and forecast.
import { defaultGuardrails } from './guardrails';
import type { Forecast, Guardrails, PolicyParameters, PolicyState } from './types';

export const SUPPLY = 100_000_000;
export const GUARDRAILS: Guardrails = defaultGuardrails(SUPPLY, 1);
export const NOW = 1_700_000_000;

export const BASE_PARAMS: PolicyParameters = {
  burnShareBps: 5_000,
  transferFeeBps: 30,
  stakingRewardRate: 0.4 * GUARDRAILS.params.stakingRewardRate.max,
  buybackBudget: 0,
};

export function makeState(overrides: Partial<PolicyState> = {}): PolicyState {
  return {
    now: NOW,
    price: 1,
    referencePrice: 1,
    recentHigh: 1.05,
    realizedVol24h: 0.8,
    realizedVolLongRun: 0.8,
    totalSupply: SUPPLY,
    staked: 20_000_000,
    poolToken: 10_000_000,
    poolStable: 10_000_000,
    treasuryToken: 10_000_000,
    treasuryStable: 5_000_000,
    emissionsBudget: 10_000_000,
    volume24hStable: 5_000_000,
    params: { ...BASE_PARAMS },
    lastChangedAt: { burnShareBps: 0, transferFeeBps: 0, stakingRewardRate: 0, buybackBudget: 0, supplyChange: 0 },
    supplyWindow: { minted: 0, burned: 0, totalSupply: SUPPLY },
    proposalPending: false,
    inputQuality: { oracleAgeSeconds: 30, indexerLagSeconds: 5, anomalyScore: 0.05, anomalyFlags: [] },
    ...overrides,
  };
}

/** A volatility forecast centred on `vol` with a ±30% / ±60% band. */
export function makeForecast(vol: number, overrides: Partial<Forecast> = {}): Forecast {
  return {
    rvNext: vol,
    lower80: vol * 0.7,
    upper80: vol * 1.3,
    lower95: vol * 0.5,
    upper95: vol * 1.6,
    horizonHours: 24,
    model: 'test',
    issuedAt: NOW - 60,
    ...overrides,
  };
}
