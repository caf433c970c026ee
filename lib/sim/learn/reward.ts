/**
 * The stability objective the trainer minimises, and one evaluation (a candidate on one training
 * window with one seed). Pure: the Node worker and the inline path call the same function.
 */

import type { PolicyName } from '../../policy/registry';
import { runBacktest } from '../backtest';
import type { Kpis } from '../kpis';
import type { MarketPath } from '../market';
import type { SimStress } from '../scenarios';
import { type Span, toUnix } from '../spans';
import { strategyOf, type TrainTarget } from './candidates';

/** Treasury share the objective asks to keep at a window's end (issue 13: leaves with ≥ 30 %). */
export const TREASURY_KEEP = 0.3;

export type LossParts = {
  /** Fraction of the window's hours with |price / 7-day EMA − 1| > 10 %. */
  outside: number;
  maxDrawdown: number;
  /** Treasury stable at the end / at the start of the window. */
  treasuryKept: number;
  guardrailViolations: number;
  /** The run's KPIs, when the job asked for them (evaluation; training needs only the loss). */
  kpis?: Kpis;
  /** outside + maxDrawdown + max(0, TREASURY_KEEP − treasuryKept); +∞ on any guardrail violation. */
  loss: number;
};

/**
 * The stability loss of one run (lower is better): the share of hours outside the ±10 % band, plus
 * the max drawdown, plus how far the treasury ended below keeping 30 % of its stable (each point of
 * the treasury spent past that costs as much as a point of drawdown). A guardrail violation is +∞.
 */
export function lossOf(k: Kpis): LossParts {
  const outside = k.hoursOutsideBand / Math.max(1, k.hours);
  const treasuryKept = k.treasuryStableStart > 0 ? k.treasuryStableEnd / k.treasuryStableStart : 1;
  const loss =
    k.guardrailViolations > 0
      ? Number.POSITIVE_INFINITY
      : outside + k.maxDrawdown + Math.max(0, TREASURY_KEEP - treasuryKept);
  return { outside, maxDrawdown: k.maxDrawdown, treasuryKept, guardrailViolations: k.guardrailViolations, loss };
}

export type EvalJob = {
  id: number;
  target: TrainTarget;
  theta: number[];
  window: Span;
  seed: number;
  leadInHours: number;
  withKpis?: boolean;
  /** Evaluation only: run this registered policy instead of the candidate θ. */
  named?: PolicyName | undefined;
  /** Evaluation only: a stress from the window's first hour (lib/sim/scenarios.ts). */
  stress?: SimStress | undefined;
};

/** Runs one candidate on one window and seed (runBacktest's evaluation protocol: settled start, lead-in, KPIs on the window). */
export function evaluate(path: MarketPath, job: EvalJob): LossParts {
  const { kpis } = runBacktest(path, {
    policy: job.named ?? strategyOf(job.target, job.theta),
    stress: job.stress,
    objective: 'stability',
    seed: job.seed,
    start: toUnix(job.window.start),
    end: toUnix(job.window.end),
    leadInHours: job.leadInHours,
  });
  return job.withKpis ? { ...lossOf(kpis), kpis } : lossOf(kpis);
}
