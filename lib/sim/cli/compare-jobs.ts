/** The unit of work of `backtest:compare`, shared by the main thread (inline mode) and its workers. */
import { defaultGuardrails } from '../../policy/guardrails';
import { POLICY_NAMES, type PolicyName } from '../../policy/registry';
import { baselineParams } from '../../policy/strategies/common';
import { createStaticStrategy } from '../../policy/strategies/static';
import type { ObjectiveMode, Strategy } from '../../policy/types';
import { runBacktest } from '../backtest';
import { DEFAULT_ECONOMY } from '../config';
import type { Kpis } from '../kpis';
import type { MarketPath } from '../market';
import type { SimStress } from '../scenarios';

/**
 * Policies the comparison can run: every registered policy, plus `static-defaults`, a reference
 * only: fixed parameters at the objective's untuned defaults (what a designer would pick without
 * the simulator).
 */
export const COMPARE_POLICIES = [...POLICY_NAMES, 'static-defaults'] as const;
export type ComparePolicy = (typeof COMPARE_POLICIES)[number];

export type CompareJob = {
  id: number;
  /** Index into the paths given to the worker. */
  path: number;
  /** Evaluation window, unix seconds (undefined: the whole path). */
  start: number | undefined;
  end: number | undefined;
  leadInHours: number;
  policy: ComparePolicy;
  objective: ObjectiveMode;
  seed: number;
  /** A stress from the window's first hour (lib/sim/scenarios.ts). */
  stress?: SimStress | undefined;
};

export type CompareReply =
  | { id: number; kpis: Kpis; error?: undefined }
  | { id: number; kpis?: undefined; error: { name: string; message: string; bad: boolean } };

function strategyOf(policy: ComparePolicy, objective: ObjectiveMode): PolicyName | Strategy {
  if (policy !== 'static-defaults') return policy;
  const defaults = baselineParams(
    objective,
    defaultGuardrails(DEFAULT_ECONOMY.totalSupply, DEFAULT_ECONOMY.initialPrice),
  );
  return { ...createStaticStrategy(defaults), name: 'static-defaults' };
}

export function runJob(paths: readonly MarketPath[], job: CompareJob): Kpis {
  const path = paths[job.path];
  if (!path) throw new Error(`no path ${job.path}`);
  return runBacktest(path, {
    policy: strategyOf(job.policy, job.objective),
    objective: job.objective,
    seed: job.seed,
    start: job.start,
    end: job.end,
    leadInHours: job.leadInHours,
    stress: job.stress,
  }).kpis;
}
