/**
 * Tunes each policy's free settings on the training windows only and prints the best as JSON
 * for lib/policy/tuned.ts. Every policy gets the same procedure and the same number of evaluations
 * (`--trials` + `--refine`, or its whole grid if smaller): trial 0 is its current setting, then
 * random grid points (sampler seed 12345), then local steps (one setting of the best moved to a
 * neighbouring grid value); at a local optimum the rest of the budget goes to random points.
 *
 *   tsx lib/sim/cli/tune.ts [--policy static|fixed-supply|rebase|pid|pid-ff|range|adaptive]
 *     [--trials 40] [--refine 40] [--seeds 1,2]
 */
import { parseArgs } from 'node:util';
import { readPriceCsv } from '../../data/node';
import { defaultGuardrails } from '../../policy/guardrails';
import { type AdaptiveConfig, createAdaptiveStrategy } from '../../policy/strategies/adaptive';
import { createFixedSupplyStrategy, fixedSupplyParams } from '../../policy/strategies/fixed-supply';
import { createPidStrategy, type PidConfig } from '../../policy/strategies/pid';
import { createPidFfStrategy, type PidFfConfig } from '../../policy/strategies/pid-ff';
import { createRangeStrategy, DEFAULT_RANGE_CONFIG, type RangeConfig } from '../../policy/strategies/range';
import { createRebaseStrategy, DEFAULT_REBASE_CONFIG, type RebaseConfig } from '../../policy/strategies/rebase';
import { createStaticStrategy } from '../../policy/strategies/static';
import { TUNED, TUNED_FIELD } from '../../policy/tuned';
import type { PolicyParameters, Strategy } from '../../policy/types';
import { runBacktest } from '../backtest';
import { toHourlyPath } from '../market';
import { Rng } from '../rng';
import { HOURLY_DATA, TRAINING_WINDOWS, toUnix } from '../spans';

const { values } = parseArgs({
  options: {
    policy: { type: 'string' },
    trials: { type: 'string', default: '40' },
    refine: { type: 'string', default: '40' },
    seeds: { type: 'string', default: '1,2' },
  },
});
const trials = Number(values.trials);
const refineSteps = Number(values.refine);
const seeds = (values.seeds ?? '1').split(',').map(Number);
const path = toHourlyPath(readPriceCsv(HOURLY_DATA));

/**
 * Stability score: annualised volatility + max drawdown, averaged over seeds and over the
 * training windows (each run like an evaluation: fresh economy, 1,500 h lead-in, KPIs over the
 * window); lower is better. Every window and its lead-in lie inside TRAINING_SPAN, before
 * every crash path.
 */
function score(strategy: Strategy, initialParams?: PolicyParameters): number {
  let s = 0;
  let n = 0;
  for (const seed of seeds) {
    for (const span of TRAINING_WINDOWS) {
      const { kpis } = runBacktest(path, {
        policy: strategy,
        seed,
        start: toUnix(span.start),
        end: toUnix(span.end),
        initialParams,
      });
      if (kpis.guardrailViolations > 0) return Number.POSITIVE_INFINITY;
      s += kpis.annualizedVolatility + kpis.maxDrawdown;
      n++;
    }
  }
  return s / n;
}

const guardrails = defaultGuardrails(100_000_000, 1);
const maxRate = guardrails.params.stakingRewardRate.max;
const maxBuyback = guardrails.params.buybackBudget.max;

/** A search space: a grid per setting, and how a point (one value per setting) becomes a strategy. */
type Space = {
  grid: Record<string, readonly number[]>;
  build: (x: Record<string, number>) => { config: unknown; strategy: Strategy; initial?: PolicyParameters };
  /** The current setting (from tuned.ts) as a point, for trial 0. */
  current: Record<string, number>;
};

// Resting levels: static's fixed levels and pid's / adaptive's calm levels come from one grid.
const FEE = [0, 10, 30, 60, 100] as const;
const REWARD_FRAC = [0, 0.1, 0.25, 0.5, 0.75, 1] as const;
const BUYBACK_FRAC = [0, 0.005, 0.0125, 0.025, 0.05] as const; // × 2 M stable/day
const resting = (x: Record<string, number>) => ({
  stability: {
    calmFeeBps: x.calmFeeBps ?? 0,
    calmRewardFrac: x.calmRewardFrac ?? 0,
    calmBuybackFrac: x.calmBuybackFrac ?? 0,
  },
});
const restingGrid = { calmFeeBps: FEE, calmRewardFrac: REWARD_FRAC, calmBuybackFrac: BUYBACK_FRAC };
const restingOf = (r: { resting?: AdaptiveConfig['resting'] }) => ({
  calmFeeBps: r.resting?.stability?.calmFeeBps ?? 30,
  calmRewardFrac: r.resting?.stability?.calmRewardFrac ?? 0.4,
  calmBuybackFrac: r.resting?.stability?.calmBuybackFrac ?? 0,
});

const spaces: Record<string, Space> = {
  static: {
    grid: { calmFeeBps: FEE, calmRewardFrac: REWARD_FRAC, calmBuybackFrac: BUYBACK_FRAC },
    build: (x) => {
      const config: PolicyParameters = {
        burnShareBps: 5_000,
        transferFeeBps: x.calmFeeBps ?? 0,
        stakingRewardRate: maxRate * (x.calmRewardFrac ?? 0),
        buybackBudget: maxBuyback * (x.calmBuybackFrac ?? 0),
      };
      return { config, strategy: createStaticStrategy(config), initial: config };
    },
    current: {
      calmFeeBps: TUNED.static.transferFeeBps,
      calmRewardFrac: TUNED.static.stakingRewardRate / maxRate,
      calmBuybackFrac: TUNED.static.buybackBudget / maxBuyback,
    },
  },
  pid: {
    grid: {
      kp: [0.5, 1, 2, 4, 8],
      ki: [0, 0.01, 0.03, 0.1, 0.3],
      leakPerHour: [0.98, 0.995, 0.999],
      integralLimit: [0.25, 0.5, 1],
      buybackGain: [0, 0.25, 0.5, 1, 2],
      rewardGain: [0, 0.25, 0.5, 1],
      maxDailySpendFrac: [0.1, 0.25, 0.5],
      ...restingGrid,
    },
    build: (x) => {
      const { calmFeeBps: _f, calmRewardFrac: _r, calmBuybackFrac: _b, ...gains } = x;
      const config = { ...gains, resting: resting(x) } as Partial<PidConfig>;
      return { config, strategy: createPidStrategy(config) };
    },
    current: { integralLimit: 1, ...(TUNED.pid as unknown as Record<string, number>), ...restingOf(TUNED.pid) },
  },
  adaptive: {
    grid: {
      stressThreshold: [1, 1.2, 1.5, 2],
      stressWidth: [0.5, 1, 2],
      stressBuyback: [0, 0.25, 0.5, 1],
      gapBuyback: [0, 0.25, 0.5, 1],
      gapScale: [0.05, 0.1, 0.2],
      stressFee: [0, 0.25, 0.5, 1],
      stressReward: [0, 0.25, 0.5],
      gapReward: [0, 0.1, 0.25, 0.5],
      gapKi: [0, 0.002, 0.005, 0.01, 0.02],
      integralLeakPerHour: [0.98, 0.995, 0.999],
      integralLimit: [0.25, 0.5, 1],
      buybackDrawdown: [0, 0.15, 0.25, 0.35],
      maxDailySpendFrac: [0.1, 0.25, 0.5],
      ...restingGrid,
    },
    build: (x) => {
      const { calmFeeBps: _f, calmRewardFrac: _r, calmBuybackFrac: _b, ...gains } = x;
      const config = { ...gains, resting: resting(x) } as Partial<AdaptiveConfig>;
      return { config, strategy: createAdaptiveStrategy(config) };
    },
    current: {
      gapKi: 0,
      integralLeakPerHour: 0.995,
      integralLimit: 0.5,
      ...(TUNED.adaptive as unknown as Record<string, number>),
      ...restingOf(TUNED.adaptive),
    },
  },
};

// The field's policies: the protocol's own settings, plus the fee and reward levels it has no
// opinion on, from the same grid as static's (so none gets a finer search than another).
const levelsOf = (x: Record<string, number>) => ({
  transferFeeBps: x.calmFeeBps ?? 0,
  stakingRewardRate: maxRate * (x.calmRewardFrac ?? 0),
});
const levelGrid = { calmFeeBps: FEE, calmRewardFrac: REWARD_FRAC };
const currentLevels = (p: PolicyParameters) => ({
  calmFeeBps: p.transferFeeBps,
  calmRewardFrac: p.stakingRewardRate / maxRate,
});
spaces['fixed-supply'] = {
  grid: levelGrid,
  build: (x) => {
    const config = levelsOf(x);
    return { config, strategy: createFixedSupplyStrategy(config) };
  },
  current: currentLevels(fixedSupplyParams(TUNED_FIELD['fixed-supply'])),
};
spaces.rebase = {
  grid: {
    deviationThreshold: [0.02, 0.05, 0.1],
    growth: [1, 3, 6],
    lag: [1, 3, 10],
    twapHours: [1, 24, 72],
    ...levelGrid,
  },
  build: (x) => {
    const { calmFeeBps: _f, calmRewardFrac: _r, ...rule } = x;
    const config = { ...rule, levels: fixedSupplyParams(levelsOf(x)) } as Partial<RebaseConfig> &
      Pick<RebaseConfig, 'levels'>;
    return { config, strategy: createRebaseStrategy(config) };
  },
  current: {
    ...(DEFAULT_REBASE_CONFIG as unknown as Record<string, number>),
    ...(TUNED_FIELD.rebase as unknown as Record<string, number>),
    ...currentLevels(TUNED_FIELD.rebase.levels),
  },
};
spaces['pid-ff'] = {
  grid: { ...(spaces.pid?.grid ?? {}), kff: [0, 0.5, 1, 2, 4, 8], ffHorizonHours: [24, 72, 168, 720] },
  build: (x) => {
    const { calmFeeBps: _f, calmRewardFrac: _r, calmBuybackFrac: _b, ...gains } = x;
    const config = { ...gains, resting: resting(x) } as Partial<PidFfConfig>;
    return { config, strategy: createPidFfStrategy(config) };
  },
  current: {
    integralLimit: 1,
    ...(TUNED_FIELD['pid-ff'] as unknown as Record<string, number>),
    ...restingOf(TUNED_FIELD['pid-ff']),
  },
};
spaces.range = {
  grid: {
    maHours: [168, 360, 720],
    cushionSpread: [0.05, 0.1, 0.15],
    // Added to the cushion spread, so a wall is always beyond its cushion.
    wallBeyondCushion: [0.05, 0.1, 0.2],
    reserveFactor: [0.05, 0.1, 0.2],
    cushionFactor: [0.1, 0.2, 0.4],
    ...levelGrid,
  },
  build: (x) => {
    const cushion = x.cushionSpread ?? 0.1;
    const config: Partial<RangeConfig> & Pick<RangeConfig, 'levels'> = {
      maHours: x.maHours ?? 720,
      cushionSpread: cushion,
      wallSpread: cushion + (x.wallBeyondCushion ?? 0.1),
      reserveFactor: x.reserveFactor ?? 0.1,
      cushionFactor: x.cushionFactor ?? 0.2,
      levels: { ...TUNED.static, ...levelsOf(x), buybackBudget: 0 },
    };
    return { config, strategy: createRangeStrategy(config) };
  },
  current: (() => {
    const r = { ...DEFAULT_RANGE_CONFIG, ...TUNED_FIELD.range };
    return {
      maHours: r.maHours,
      cushionSpread: r.cushionSpread,
      wallBeyondCushion: r.wallSpread - r.cushionSpread,
      reserveFactor: r.reserveFactor,
      cushionFactor: r.cushionFactor,
      ...currentLevels(r.levels),
    };
  })(),
};

/** Grid index of the value nearest to `v`. */
const nearest = (xs: readonly number[], v: number) =>
  xs.reduce((best, x, i) => (Math.abs(x - v) < Math.abs((xs[best] ?? 0) - v) ? i : best), 0);

const names = values.policy ? [values.policy] : Object.keys(spaces);
const out: Record<string, unknown> = {};
for (const name of names) {
  const space = spaces[name];
  if (!space) throw new Error(`unknown policy ${name}; use ${Object.keys(spaces).join(', ')}`);
  const keys = Object.keys(space.grid);
  const point = (idx: Record<string, number>) =>
    Object.fromEntries(keys.map((k) => [k, space.grid[k]?.[idx[k] ?? 0] ?? 0])) as Record<string, number>;
  const evaluate = (idx: Record<string, number>) => {
    const b = space.build(point(idx));
    return { score: score(b.strategy, b.initial), config: b.config, idx };
  };
  const rng = new Rng(12345);
  const budget = trials + refineSteps;
  const gridSize = keys.reduce((n, k) => n * (space.grid[k]?.length ?? 1), 1);
  // Trial 0 is the current setting (snapped to the grid), so tuning starts no worse than it.
  let best = evaluate(Object.fromEntries(keys.map((k) => [k, nearest(space.grid[k] ?? [], space.current[k] ?? 0)])));
  console.error(`${name} trial 0 score ${best.score.toFixed(4)}`);
  const seen = new Set([JSON.stringify(best.idx)]);
  /** Unseen neighbours of the best point: one setting moved one grid step. */
  const neighbours = () => {
    const out: Record<string, number>[] = [];
    for (const k of keys) {
      for (const d of [-1, 1]) {
        const i = (best.idx[k] ?? 0) + d;
        if (i < 0 || i >= (space.grid[k]?.length ?? 1)) continue;
        const idx = { ...best.idx, [k]: i };
        if (!seen.has(JSON.stringify(idx))) out.push(idx);
      }
    }
    return out;
  };
  // Every policy gets the same number of evaluations (or its whole grid, if smaller): `trials`
  // random points, then local steps from the best; once the best has no unseen neighbour (a local
  // optimum), the rest of the budget goes to fresh random points (refined again if one wins).
  for (let t = 1; t < budget && seen.size < gridSize; t++) {
    const near = t >= trials ? neighbours() : [];
    let idx: Record<string, number>;
    if (near.length > 0) idx = near[rng.int(near.length)] ?? {};
    else {
      do idx = Object.fromEntries(keys.map((k) => [k, rng.int(space.grid[k]?.length ?? 1)]));
      while (seen.has(JSON.stringify(idx)));
    }
    seen.add(JSON.stringify(idx));
    const cand = evaluate(idx);
    const how = near.length > 0 ? 'refine' : 'trial';
    console.error(`${name} ${how} ${t} score ${cand.score.toFixed(4)} ${JSON.stringify(cand.config)}`);
    if (cand.score < best.score) best = cand;
  }
  out[name] = { score: best.score, config: best.config };
}
console.log(JSON.stringify(out, null, 2));
