import { describe, expect, it } from 'vitest';
import { createLearnedStrategy, LEARNED_ARCHITECTURE, weightCount } from '../../policy/strategies/learned';
import { runBacktest } from '../backtest';
import type { MarketPath } from '../market';
import { CONFIG_RANGES, configOf, initialTheta, strategyOf } from './candidates';
import { centredRanks, EvolutionStrategy } from './es';
import { lossOf } from './reward';
import { plan, train } from './train';

const HOUR = 3600;

/** A falling-then-recovering market: 400 hourly closes. */
function crashPath(): MarketPath {
  const n = 400;
  const timestamp = new Float64Array(n);
  const price = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    timestamp[i] = 1_546_300_800 + i * HOUR;
    price[i] = 20_000 * Math.exp(i < 200 ? -0.004 * i : -0.8 + 0.002 * (i - 200));
  }
  return { timestamp, price, source: 'test', inputStepSeconds: HOUR };
}

describe('evolution strategies', () => {
  it('centred ranks: lowest −0.5, highest +0.5, ties share, non-finite ranks worst', () => {
    expect(Array.from(centredRanks([3, 1, 2]))).toEqual([0.5, -0.5, 0]);
    expect(Array.from(centredRanks([1, 1, 5, Number.NaN, Number.POSITIVE_INFINITY]))).toEqual([
      -0.375, -0.375, 0, 0.375, 0.375,
    ]);
  });

  it('minimises a shifted quadratic in 10 dimensions, and the same seed gives the same θ bit for bit', () => {
    const target = Array.from({ length: 10 }, (_, i) => i / 5 - 1);
    const loss = (x: Float64Array) => x.reduce((s, v, i) => s + (v - (target[i] ?? 0)) ** 2, 0);
    const run = (seed: number) => {
      const es = new EvolutionStrategy(new Float64Array(10), seed, {
        pairs: 8,
        sigma: 0.1,
        learningRate: 0.05,
        weightDecay: 0,
        beta1: 0.9,
        beta2: 0.999,
      });
      for (let g = 0; g < 150; g++) es.tell(es.ask().map(loss));
      return es.theta;
    };
    const a = run(3);
    expect(loss(a)).toBeLessThan(0.05 * loss(new Float64Array(10)));
    expect(Array.from(run(3))).toEqual(Array.from(a));
    expect(Array.from(run(4))).not.toEqual(Array.from(a));
    const es = new EvolutionStrategy(new Float64Array(2), 1);
    es.ask();
    expect(() => es.tell([1, 2])).toThrow(/needs 16 losses/);
  });
});

describe('training candidates and loss', () => {
  it('maps θ into tune.ts ranges and starts adaptive/pid at their tuned settings', () => {
    for (const target of ['adaptive', 'pid'] as const) {
      const x = configOf(target, initialTheta(target, 1));
      for (const [k, [lo, hi]] of Object.entries(CONFIG_RANGES[target])) {
        expect(x[k]).toBeGreaterThanOrEqual(lo);
        expect(x[k]).toBeLessThanOrEqual(hi);
      }
      const y = configOf(target, new Array(20).fill(1e6));
      for (const [k, [, hi]] of Object.entries(CONFIG_RANGES[target])) expect(y[k]).toBeCloseTo(hi);
    }
    expect(configOf('pid', initialTheta('pid', 1)).kp).toBeCloseTo(2, 6);
    expect(initialTheta('learned', 1).length).toBe(weightCount(LEARNED_ARCHITECTURE));
    expect(strategyOf('learned', initialTheta('learned', 1)).name).toBe('learned');
  });

  it('loss = hours outside the band + max drawdown + treasury spent past 70 %; ∞ on a violation', () => {
    const { kpis } = runBacktest(crashPath(), { policy: 'static', leadInHours: 48, settleHours: 0, seed: 1 });
    const parts = lossOf(kpis);
    const kept = kpis.treasuryStableEnd / kpis.treasuryStableStart;
    expect(parts.loss).toBeCloseTo(kpis.hoursOutsideBand / kpis.hours + kpis.maxDrawdown + Math.max(0, 0.3 - kept), 12);
    expect(lossOf({ ...kpis, guardrailViolations: 1 }).loss).toBe(Number.POSITIVE_INFINITY);
  });

  it('a hostile network in the executor: 0 guardrail violations, ≤ 2 % net supply per 24 h', () => {
    const n = weightCount(LEARNED_ARCHITECTURE);
    const weights = Float32Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 3e38 : i % 3 === 1 ? -3e38 : Number.NaN));
    const hostile = createLearnedStrategy({
      architecture: LEARNED_ARCHITECTURE,
      weights,
      hash: 'hostile',
      version: 'learned-policy-hostile',
      objective: 'stability',
    });
    const swing = createLearnedStrategy({
      architecture: LEARNED_ARCHITECTURE,
      weights: Float32Array.from({ length: n }, (_, i) => (i % 2 ? 1e4 : -1e4)),
      hash: 'swing',
      version: 'learned-policy-swing',
      objective: 'stability',
    });
    for (const policy of [hostile, swing]) {
      const { kpis } = runBacktest(crashPath(), {
        policy,
        leadInHours: 48,
        settleHours: 0,
        seed: 2,
        checkInvariants: true,
      });
      expect(kpis.guardrailViolations).toBe(0);
      expect(kpis.maxNetSupplyChange24hPct).toBeLessThanOrEqual(2 + 1e-9);
    }
  });
});

describe('train', () => {
  const windows = [{ name: 'w', start: '2019-01-03T00:00:00Z', end: '2019-01-06T00:00:00Z' }];
  const path = crashPath();
  const inline = async (jobs: Parameters<typeof import('./reward').evaluate>[1][]) => {
    const { evaluate } = await import('./reward');
    return jobs.map((j) => evaluate(path, j));
  };

  it('same seed → same θ; the budget is spent as planned; too small a budget is a named error', async () => {
    const o = {
      target: 'learned' as const,
      seed: 5,
      budget: 20,
      windows,
      leadInHours: 24,
      trainSeeds: [1, 2],
      selectSeeds: [1],
      checkpoints: 1,
      es: { pairs: 2 },
    };
    expect(plan(o)).toMatchObject({ generations: 4, perGeneration: 4, selection: 2 });
    const a = await train(o, inline);
    const b = await train(o, inline);
    expect(Array.from(a.theta)).toEqual(Array.from(b.theta));
    expect(a.backtests).toBe(18);
    expect(a.history.map((h) => h.seed)).toEqual([1, 2, 1, 2]);
    expect(a.loss).toBeLessThanOrEqual(a.initialLoss);
    expect(() => plan({ ...o, budget: 5 })).toThrow(/--budget: 5 backtests leave no generation/);
  });
});
