/**
 * What the trainer searches over, as one real vector θ per candidate:
 * - `learned`: the policy network's weights (lib/policy/strategies/learned.ts), θ = weights;
 * - `adaptive`, `pid`: the hand-written policies' settings, each mapped from θᵢ ∈ ℝ into the range
 *   tune.ts searches (its grid's lowest to highest value) by lo + (hi − lo)·sigmoid(θᵢ), starting at
 *   their current tuned.ts settings. So the same optimiser, reward and budget can be given to them,
 *   and a gain of `learned` is not just more search.
 */
import { type AdaptiveConfig, createAdaptiveStrategy, DEFAULT_ADAPTIVE_CONFIG } from '../../policy/strategies/adaptive';
import { OBJECTIVE_BASELINES, type ObjectiveBaseline } from '../../policy/strategies/common';
import {
  createLearnedStrategy,
  LEARNED_ARCHITECTURE,
  LEARNED_FEATURES,
  LEARNED_HIDDEN,
  LEARNED_OUTPUTS,
  makeNetwork,
  weightCount,
} from '../../policy/strategies/learned';
import { createPidStrategy, DEFAULT_PID_CONFIG, type PidConfig } from '../../policy/strategies/pid';
import { TUNED } from '../../policy/tuned';
import type { Strategy } from '../../policy/types';
import { Rng } from '../rng';

export const TRAIN_TARGETS = ['learned', 'adaptive', 'pid'] as const;
export type TrainTarget = (typeof TRAIN_TARGETS)[number];

type Range = readonly [lo: number, hi: number];

/** tune.ts's grids, lowest to highest value (pid and adaptive gains plus the shared resting levels). */
const RESTING_RANGES: Record<string, Range> = {
  calmFeeBps: [0, 100],
  calmRewardFrac: [0, 1],
  calmBuybackFrac: [0, 0.05],
};
export const CONFIG_RANGES: Record<'adaptive' | 'pid', Record<string, Range>> = {
  pid: {
    kp: [0.5, 8],
    ki: [0, 0.3],
    leakPerHour: [0.98, 0.999],
    integralLimit: [0.25, 1],
    buybackGain: [0, 2],
    rewardGain: [0, 1],
    maxDailySpendFrac: [0.1, 0.5],
    ...RESTING_RANGES,
  },
  adaptive: {
    stressThreshold: [1, 2],
    stressWidth: [0.5, 2],
    stressBuyback: [0, 1],
    gapBuyback: [0, 1],
    gapScale: [0.05, 0.2],
    stressFee: [0, 1],
    stressReward: [0, 0.5],
    gapReward: [0, 0.5],
    gapKi: [0, 0.02],
    integralLeakPerHour: [0.98, 0.999],
    integralLimit: [0.25, 1],
    buybackDrawdown: [0, 0.35],
    maxDailySpendFrac: [0.1, 0.5],
    ...RESTING_RANGES,
  },
};

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const logit = (p: number) => Math.log(p / (1 - p));

/** θ → the settings it stands for (each inside its range). */
export function configOf(target: 'adaptive' | 'pid', theta: ArrayLike<number>): Record<string, number> {
  const ranges = CONFIG_RANGES[target];
  const out: Record<string, number> = {};
  Object.entries(ranges).forEach(([k, [lo, hi]], i) => {
    out[k] = lo + (hi - lo) * sigmoid(theta[i] ?? 0);
  });
  return out;
}

function strategyOfConfig(target: 'adaptive' | 'pid', x: Record<string, number>): Strategy {
  const { calmFeeBps, calmRewardFrac, calmBuybackFrac, ...gains } = x;
  const resting: Partial<Record<'stability', Partial<ObjectiveBaseline>>> = {
    stability: {
      burnShareBps: OBJECTIVE_BASELINES.stability.burnShareBps,
      calmFeeBps: calmFeeBps ?? 0,
      calmRewardFrac: calmRewardFrac ?? 0,
      calmBuybackFrac: calmBuybackFrac ?? 0,
    },
  };
  return target === 'pid'
    ? createPidStrategy({ ...(gains as Partial<PidConfig>), resting })
    : createAdaptiveStrategy({ ...(gains as Partial<AdaptiveConfig>), resting });
}

/** The strategy a candidate θ stands for. Learned candidates skip the per-input explanation (nobody reads it in training). */
export function strategyOf(target: TrainTarget, theta: ArrayLike<number>): Strategy {
  if (target === 'learned') return createLearnedStrategy(makeNetwork(theta), { explain: false });
  return strategyOfConfig(target, configOf(target, theta));
}

/**
 * Where the search starts. `learned`: hidden weights N(0, 1/√inputs) from `seed`, hidden biases 0,
 * output weights 0, output biases at the tuned adaptive policy's resting levels (fee 100 bps → the
 * fee output near its max; rewards 10 %; buybacks 5 % of the guardrail max), so the first network
 * rests where the tuned policies rest and reacts to nothing yet. `adaptive`/`pid`: their tuned.ts
 * settings (filled in from the strategy defaults where tuned.ts leaves one out).
 */
export function initialTheta(target: TrainTarget, seed: number): Float64Array {
  if (target === 'learned') {
    const rng = new Rng(seed ^ 0x5eed);
    const nIn = LEARNED_FEATURES.length;
    const theta = new Float64Array(weightCount(LEARNED_ARCHITECTURE));
    for (let i = 0; i < nIn * LEARNED_HIDDEN; i++) theta[i] = rng.normal() / Math.sqrt(nIn);
    const b2 = nIn * LEARNED_HIDDEN + LEARNED_HIDDEN + LEARNED_HIDDEN * LEARNED_OUTPUTS.length;
    const resting = TUNED.adaptive.resting?.stability ?? {};
    const start = [
      Math.min(0.97, (resting.calmFeeBps ?? 30) / 100),
      resting.calmRewardFrac ?? 0.1,
      Math.max(0.03, resting.calmBuybackFrac ?? 0.05),
    ];
    start.forEach((p, k) => {
      theta[b2 + k] = logit(Math.min(0.97, Math.max(0.03, p)));
    });
    return Float64Array.from(theta, (x) => Math.fround(x));
  }
  const ranges = CONFIG_RANGES[target];
  const tuned = (target === 'pid' ? TUNED.pid : TUNED.adaptive) as Record<string, unknown>;
  const rest = (target === 'pid' ? TUNED.pid.resting : TUNED.adaptive.resting)?.stability ?? {};
  const current: Record<string, number> = {};
  const defaults = (target === 'pid' ? DEFAULT_PID_CONFIG : DEFAULT_ADAPTIVE_CONFIG) as Record<string, unknown>;
  for (const src of [defaults, tuned, rest as Record<string, unknown>]) {
    for (const [k, v] of Object.entries(src)) if (typeof v === 'number') current[k] = v;
  }
  return Float64Array.from(Object.entries(ranges), ([k, [lo, hi]]) => {
    const v = current[k] ?? (lo + hi) / 2;
    return logit(Math.min(0.98, Math.max(0.02, (v - lo) / (hi - lo))));
  });
}

/** Rounds θ as it is stored: learned weights are float32 (the artifact's precision), settings stay double. */
export function storedTheta(target: TrainTarget, theta: ArrayLike<number>): Float64Array {
  return target === 'learned' ? Float64Array.from(theta, (x) => Math.fround(x)) : Float64Array.from(theta);
}
