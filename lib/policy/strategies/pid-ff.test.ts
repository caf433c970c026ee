import { describe, expect, it } from 'vitest';
import { BASE_PARAMS, GUARDRAILS, makeForecast, makeState, NOW } from '../testing';
import type { PolicyInput, PolicyMemory } from '../types';
import { createPidStrategy } from './pid';
import { createPidFfStrategy } from './pid-ff';

const forecasts = { volatility: makeForecast(0.8) };
const input = (over: Parameters<typeof makeState>[0], memory?: PolicyMemory): PolicyInput => ({
  state: makeState(over),
  forecasts,
  guardrails: GUARDRAILS,
  objective: 'stability',
  memory,
});

describe('pid-ff: PI plus feed-forward on the market factor', () => {
  it('with Kff = 0 decides exactly as pid, hour after hour', () => {
    const pid = createPidStrategy();
    const ff = createPidFfStrategy({ kff: 0 });
    let mp: PolicyMemory = {};
    let mf: PolicyMemory = {};
    for (let h = 0; h < 48; h++) {
      const price = 1 + 0.2 * Math.sin(h / 5);
      const over = { now: NOW + h * 3600, price, poolStable: 10_000_000 * price, marketPrice: 30_000 * (1 - h / 100) };
      const a = pid.run(input(over, mp));
      const b = ff.run(input(over, mf));
      expect(b.targets).toEqual(a.targets);
      expect(b.memory.integral).toBe(a.memory.integral);
      mp = a.memory;
      mf = b.memory;
    }
  });

  it('a 10 % market fall an hour after the first reading adds Kff·(1 − α)·ln(1/0.9) of support', () => {
    const s = createPidFfStrategy({ kff: 2, ffHorizonHours: 72 });
    const first = s.run(input({ marketPrice: 30_000 }));
    const second = s.run(input({ now: NOW + 3600, marketPrice: 27_000 }, first.memory));
    const alpha = 2 / 73;
    const u = 2 * (1 - alpha) * Math.log(1 / 0.9); // price = reference: P = I = 0
    expect(u).toBeCloseTo(0.204948, 5);
    const bMax = GUARDRAILS.params.buybackBudget.max;
    const rMax = GUARDRAILS.params.stakingRewardRate.max;
    // stability resting levels: buyback 0 + u × 1, rewards 0.4 + u × 0.5 (DEFAULT_PID_CONFIG gains)
    expect(second.targets.buybackBudget).toBeCloseTo(bMax * u, 3);
    expect(second.targets.stakingRewardRate).toBeCloseTo(rMax * (0.4 + 0.5 * u), 9);
  });

  it('without a market feed it is pid', () => {
    const s = createPidFfStrategy({ kff: 5 });
    const pid = createPidStrategy();
    const over = { price: 0.8, poolStable: 8_000_000 };
    expect(s.run(input(over)).targets).toEqual(pid.run(input(over)).targets);
    expect(s.run(input(over)).rationale).toMatch(/no market feed/);
  });

  it('a market above its average lowers support (feed-forward works both ways)', () => {
    const s = createPidFfStrategy({ kff: 2 });
    const m = s.run(
      input({
        marketPrice: 30_000,
        params: { ...BASE_PARAMS, stakingRewardRate: 0.4 * GUARDRAILS.params.stakingRewardRate.max },
      }),
    ).memory;
    const up = s.run(input({ now: NOW + 3600, marketPrice: 36_000 }, m));
    expect(up.targets.stakingRewardRate ?? 0).toBeLessThan(0.4 * GUARDRAILS.params.stakingRewardRate.max);
  });
});
