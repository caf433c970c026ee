import { encodeFunctionData } from 'viem';
import { describe, expect, it } from 'vitest';
import { policyControllerAbi } from '../contracts/abis';
import { PolicyParam } from '../contracts/params';
import { decodeAction, decodeProposal } from './decode';
import { titleFromChanges } from './title';

// Issue 13's treasury levers, as the controller's parameters 6..11, in words and units a holder reads.
const E18 = 10n ** 18n;
const USD = 10n ** 6n;
const units = { stableDecimals: 6, stableSymbol: 'TUSD' };
const setParameter = (id: number, from: bigint, to: bigint) =>
  encodeFunctionData({ abi: policyControllerAbi, functionName: 'setParameter', args: [id, from, to] });

describe('decoding the market-operation parameters', () => {
  it('reads each new parameter in its own unit', () => {
    const cases: [number, bigint, bigint, string, string][] = [
      [PolicyParam.PolBudget, 0n, 100_000n * USD, 'Protocol-owned liquidity budget', '100,000 TUSD/epoch'],
      [PolicyParam.PolMaxShare, 10_000n, 9_000n, 'Treasury pool share cap', '90.00% of the pool (9000 bps)'],
      [PolicyParam.RangeLowerBand, 80_000n, 100_000n, 'Range lower band (treasury buys below)', '0.1 TUSD per HOME'],
      [
        PolicyParam.RangeUpperBand,
        125_000n,
        145_000n,
        'Range upper band (treasury sells above)',
        '0.145 TUSD per HOME',
      ],
      [PolicyParam.RangeBuyBudget, 0n, 10_000n * USD, 'Range buy budget', '10,000 TUSD/epoch'],
      [PolicyParam.RangeSellBudget, 0n, 1_000_000n * E18, 'Range sell budget', '1,000,000 HOME/epoch'],
    ];
    for (const [id, from, to, label, text] of cases) {
      const d = decodeAction(setParameter(id, from, to), null, units);
      expect(d.kind).toBe('setParameter');
      if (d.kind !== 'setParameter') continue;
      expect(d.label).toBe(label);
      expect(d.proposedText).toBe(text);
    }
    const band = decodeAction(setParameter(PolicyParam.RangeLowerBand, 80_000n, 100_000n), null, units);
    expect(band.kind === 'setParameter' && band.deltaText).toBe('+0.02 TUSD per HOME');
  });

  it('judges the optimistic lane and headroom from the live guardrail', () => {
    const state = {
      params: { [PolicyParam.PolBudget]: 0n },
      guardrails: {
        [PolicyParam.PolBudget]: {
          min: 0n,
          max: 1_000_000n * USD,
          maxStep: 100_000n * USD,
          smallStep: 25_000n * USD,
          minDelay: 43_200n,
        },
      },
      supplyWindow: null,
      paused: false,
    };
    const small = decodeAction(setParameter(PolicyParam.PolBudget, 0n, 25_000n * USD), state, units);
    const large = decodeAction(setParameter(PolicyParam.PolBudget, 0n, 25_001n * USD), state, units);
    expect(small.small).toBe(true);
    expect(large.small).toBe(false);
    expect(small.kind === 'setParameter' && small.headroom?.toMax).toBe('975,000 TUSD/epoch');
  });

  it('titles a proposal that turns on liquidity and range operations', () => {
    const changes = decodeProposal(
      [
        setParameter(PolicyParam.PolBudget, 0n, 50_000n * USD),
        setParameter(PolicyParam.RangeLowerBand, 80_000n, 90_000n),
        setParameter(PolicyParam.RangeSellBudget, 0n, 250_000n * E18),
      ],
      null,
      units,
    );
    expect(titleFromChanges(changes, units)).toBe(
      'Start moving treasury liquidity in or out of the pool at up to 50,000 TUSD a day, raise the price below which the treasury buys 0.08 TUSD per HOME → 0.09 TUSD per HOME and start range sells above the band at up to 250,000 HOME a day',
    );
    expect(
      titleFromChanges(decodeProposal([setParameter(PolicyParam.RangeBuyBudget, 5_000n * USD, 0n)], null), units),
    ).toBe('Stop range buys below the band');
    expect(
      titleFromChanges(decodeProposal([setParameter(PolicyParam.PolMaxShare, 10_000n, 9_000n)], null), units),
    ).toBe("Lower the treasury's pool share cap 100.00 % → 90.00 %");
  });
});
