import { describe, expect, it } from 'vitest';
import { BASE_PARAMS, GUARDRAILS, makeForecast, makeState, NOW } from '../testing';
import type { PolicyMemory } from '../types';
import { createRangeStrategy, stableToReach, tokensToReach } from './range';

const levels = { ...BASE_PARAMS, buybackBudget: 0 };
const strategy = createRangeStrategy({ levels });
const operate = strategy.operate as NonNullable<typeof strategy.operate>;
const input = (over: Parameters<typeof makeState>[0], memory?: PolicyMemory) => ({
  state: makeState(over),
  forecasts: { volatility: makeForecast(0.8) },
  guardrails: GUARDRAILS,
  objective: 'stability' as const,
  memory,
});

describe('constant-product amounts to reach a price', () => {
  it('10 M / 10 M pool: 1 M stable lifts it to 1.21, 1 M tokens lower it to 1/1.21', () => {
    expect(stableToReach(10_000_000, 10_000_000, 1.21)).toBeCloseTo(1_000_000, 3);
    expect(tokensToReach(10_000_000, 10_000_000, 1 / 1.21)).toBeCloseTo(1_000_000, 3);
    expect(stableToReach(10_000_000, 10_000_000, 0.9)).toBe(0);
  });
});

// MA starts at the reference price 1: cushions 0.9 / 1.1, walls 0.8 / 1.2. Treasury 5 M stable and
// 10 M tokens: capacity 10 % = 500 k stable below, 10 % of the tokens' value above.
describe('range: Olympus-style operations at the bands', () => {
  it('below the lower wall it buys toward the wall, up to the epoch capacity, then stops', () => {
    const state = { price: 0.64, poolToken: 12_500_000, poolStable: 8_000_000 };
    // to 0.8 would take sqrt(0.8 × 1e14) − 8 M = 944 272 stable; capacity is 500 k
    const a = operate(input(state));
    expect(a.buyStable).toBeCloseTo(500_000, 6);
    expect(a.sellTokens).toBeUndefined();
    const b = operate(input({ ...state, now: NOW + 3600 }, a.memory));
    expect(b.buyStable ?? 0).toBe(0);
    // The next epoch has fresh capacity.
    const c = operate(input({ ...state, now: NOW + 86_400 }, b.memory));
    expect(c.buyStable ?? 0).toBeGreaterThan(0);
  });

  it('in the lower cushion it buys a slice of cushionFactor × capacity per hour of the epoch', () => {
    const a = operate(input({ price: 0.85, poolToken: 10_000_000, poolStable: 8_500_000 }));
    expect(a.buyStable).toBeCloseTo((0.2 * 500_000) / 24, 6);
  });

  it('above the upper wall it sells treasury tokens down to the wall', () => {
    const a = operate(input({ price: 1.44, poolToken: 10_000_000, poolStable: 14_400_000 }));
    // sqrt(1.44e14 / 1.2) − 10 M = 954 451 tokens, within 10 % × 10 M tokens × 1.44 = 1.44 M stable
    expect(a.sellTokens).toBeCloseTo(Math.sqrt(1.2e14) - 10_000_000, 3);
    expect(a.buyStable).toBeUndefined();
  });

  it('inside the range it does nothing, and its levels never move', () => {
    const a = operate(input({ price: 1.05, poolStable: 10_500_000 }));
    expect(a.buyStable).toBeUndefined();
    expect(a.sellTokens).toBeUndefined();
    expect(strategy.run(input({ price: 0.5, poolStable: 5_000_000 })).targets).toEqual(levels);
  });

  it('the moving average follows the price over about maHours', () => {
    let m: PolicyMemory | undefined;
    for (let h = 0; h <= 720; h++)
      m = operate(input({ now: NOW + h * 3600, price: 1.05, poolStable: 10_500_000 }, m)).memory;
    // EMA from 1 toward 1.05 with α = 2/721 for 720 steps: 1.05 − 0.05 × (1 − α)^720
    expect(m?.ma).toBeCloseTo(1.05 - 0.05 * (1 - 2 / 721) ** 720, 9);
  });
});
