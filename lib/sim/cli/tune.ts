/**
 * Tunes each policy's free settings on the training span only (random search, the same number
 * of evaluations and the same sampler seed for every policy) and prints the best as JSON for
 * lib/sim/tuned.ts. Usage: tsx lib/sim/cli/tune.ts [--policy static|pid|adaptive] [--trials N]
 */
import { parseArgs } from 'node:util';
import { readPriceCsv } from '../../data/node';
import { defaultGuardrails } from '../../policy/guardrails';
import { createAdaptiveStrategy } from '../../policy/strategies/adaptive';
import { createPidStrategy } from '../../policy/strategies/pid';
import { createStaticStrategy } from '../../policy/strategies/static';
import type { PolicyParameters, Strategy } from '../../policy/types';
import { runBacktest } from '../backtest';
import { toHourlyPath } from '../market';
import { Rng } from '../rng';
import { HOURLY_DATA, TRAINING_WINDOWS, toUnix } from '../spans';
import { TUNED } from '../tuned';

const { values } = parseArgs({
  options: {
    policy: { type: 'string' },
    trials: { type: 'string', default: '40' },
    seeds: { type: 'string', default: '1,2' },
  },
});
const trials = Number(values.trials);
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
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)] as T;
// Static's fixed levels are searched on the same scale the other policies' guardrails use.
const maxRate = guardrails.params.stakingRewardRate.max;

/** Resting (calm) levels for pid/adaptive, from the same grid static's fixed levels are drawn from. */
const resting = (rng: Rng) => ({
  calmFeeBps: pick(rng, [0, 10, 30, 60, 100]),
  calmRewardFrac: pick(rng, [0.1, 0.25, 0.5, 0.75, 1]),
  calmBuybackFrac: pick(rng, [0, 0.005, 0.0125, 0.025]),
});

const searches: Record<string, (rng: Rng) => { config: unknown; strategy: Strategy; initial?: PolicyParameters }> = {
  static: (rng) => {
    const config: PolicyParameters = {
      burnShareBps: 5_000,
      transferFeeBps: pick(rng, [0, 10, 30, 60, 100]),
      stakingRewardRate: maxRate * pick(rng, [0.1, 0.25, 0.5, 0.75, 1]),
      buybackBudget: pick(rng, [0, 10_000, 25_000, 50_000, 100_000]),
    };
    return { config, strategy: createStaticStrategy(config), initial: config };
  },
  pid: (rng) => {
    const config = {
      kp: pick(rng, [0.5, 1, 2, 4, 8]),
      ki: pick(rng, [0, 0.01, 0.03, 0.1, 0.3]),
      leakPerHour: pick(rng, [0.98, 0.995, 0.999]),
      buybackGain: pick(rng, [0.25, 0.5, 1, 2]),
      rewardGain: pick(rng, [0, 0.25, 0.5, 1]),
      maxDailySpendFrac: pick(rng, [0.1, 0.25, 0.5]),
      resting: { stability: resting(rng) },
    };
    return { config, strategy: createPidStrategy(config) };
  },
  adaptive: (rng) => {
    const config = {
      stressThreshold: pick(rng, [1, 1.2, 1.5, 2]),
      stressWidth: pick(rng, [0.5, 1, 2]),
      stressBuyback: pick(rng, [0, 0.25, 0.5, 1]),
      gapBuyback: pick(rng, [0, 0.25, 0.5, 1]),
      gapScale: pick(rng, [0.05, 0.1, 0.2]),
      stressFee: pick(rng, [0, 0.25, 0.5, 1]),
      stressReward: pick(rng, [0, 0.25, 0.5]),
      gapReward: pick(rng, [0, 0.1, 0.25, 0.5]),
      buybackDrawdown: pick(rng, [0, 0.15, 0.25, 0.35]),
      maxDailySpendFrac: pick(rng, [0.1, 0.25, 0.5]),
      resting: { stability: resting(rng) },
    };
    return { config, strategy: createAdaptiveStrategy(config) };
  },
};

const names = values.policy ? [values.policy] : Object.keys(searches);
const out: Record<string, unknown> = {};
for (const name of names) {
  const sample = searches[name];
  if (!sample) throw new Error(`unknown policy ${name}`);
  const rng = new Rng(12345);
  // Trial 0 is the current setting, so tuning never makes a policy worse on the training span.
  const baseline =
    name === 'static'
      ? { config: TUNED.static, strategy: createStaticStrategy(TUNED.static), initial: TUNED.static }
      : name === 'pid'
        ? { config: TUNED.pid, strategy: createPidStrategy(TUNED.pid) }
        : { config: TUNED.adaptive, strategy: createAdaptiveStrategy(TUNED.adaptive) };
  let best: { score: number; config: unknown } = {
    score: score(baseline.strategy, baseline.initial),
    config: baseline.config,
  };
  console.error(`${name} trial 0 score ${best.score.toFixed(4)}`);
  for (let t = 1; t < trials; t++) {
    const cand = sample(rng);
    const s = score(cand.strategy, cand.initial);
    console.error(`${name} trial ${t} score ${s.toFixed(4)} ${JSON.stringify(cand.config)}`);
    if (s < best.score) best = { score: s, config: cand.config };
  }
  out[name] = best;
}
console.log(JSON.stringify(out, null, 2));
