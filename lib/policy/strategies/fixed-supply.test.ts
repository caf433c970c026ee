import { describe, expect, it } from 'vitest';
import { decide } from '../decide';
import { BASE_PARAMS, GUARDRAILS, makeForecast, makeState } from '../testing';
import { createFixedSupplyStrategy, fixedSupplyParams } from './fixed-supply';

const config = { transferFeeBps: 30, stakingRewardRate: BASE_PARAMS.stakingRewardRate };
const strategy = createFixedSupplyStrategy(config);
const params = fixedSupplyParams(config);

describe('fixed-supply: no discretionary action, ever', () => {
  it('rests with nothing burned and no buyback', () => {
    expect(strategy.initialParams?.('stability', GUARDRAILS)).toEqual({
      burnShareBps: 0,
      transferFeeBps: 30,
      stakingRewardRate: BASE_PARAMS.stakingRewardRate,
      buybackBudget: 0,
    });
  });

  it.each([
    ['a crash', { price: 0.5, poolStable: 5_000_000, referencePrice: 1 }],
    ['a rally', { price: 1.6, poolStable: 16_000_000, referencePrice: 1 }],
    ['calm', {}],
  ])('proposes nothing in %s once at its levels, and never a supply change', (_name, over) => {
    const d = decide(makeState({ ...over, params }), { volatility: makeForecast(2.5) }, GUARDRAILS, 'scarcity', {
      strategy,
    });
    expect(d).toMatchObject({ kind: 'no-action', reason: 'within-tolerance' });
  });

  it('only restores its levels if the chain drifted from them', () => {
    const d = decide(
      makeState({ params: { ...params, burnShareBps: 2_500 } }),
      { volatility: makeForecast(0.8) },
      GUARDRAILS,
      'growth',
      {
        strategy,
      },
    );
    expect(d.kind).toBe('proposal');
    if (d.kind === 'proposal')
      expect(d.changes).toEqual([expect.objectContaining({ parameter: 'burnShareBps', to: 0 })]);
  });
});
