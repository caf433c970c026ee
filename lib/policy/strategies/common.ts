import type { Guardrails, LevelParameter, ObjectiveMode, PolicyParameters, PolicyState } from '../types';

export const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
export const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** Objective-dependent resting levels shared by the pid and adaptive strategies (fractions of each guardrail's max). */
export type ObjectiveBaseline = {
  burnShareBps: number;
  /** Transfer fee in calm markets, bps. */
  calmFeeBps: number;
  /** Reward rate in calm markets, fraction of its guardrail max. */
  calmRewardFrac: number;
  /** Buyback budget in calm markets, fraction of its guardrail max. */
  calmBuybackFrac: number;
};

export const OBJECTIVE_BASELINES: Record<ObjectiveMode, ObjectiveBaseline> = {
  // Stability: moderate fee, half the fee burned, modest rewards; buybacks saved for stress.
  stability: { burnShareBps: 5_000, calmFeeBps: 30, calmRewardFrac: 0.4, calmBuybackFrac: 0 },
  // Growth: cheap to trade, fee revenue mostly to the treasury, higher rewards for participation.
  growth: { burnShareBps: 2_000, calmFeeBps: 10, calmRewardFrac: 0.7, calmBuybackFrac: 0 },
  // Scarcity: all of the fee burned and steady buy-and-burn, rewards kept low.
  scarcity: { burnShareBps: 10_000, calmFeeBps: 50, calmRewardFrac: 0.2, calmBuybackFrac: 0.05 },
};

/** Per-objective overrides of the resting levels (a strategy's tuned settings). */
export type RestingOverrides = Partial<Record<ObjectiveMode, Partial<ObjectiveBaseline>>>;

export function resolveBaseline(objective: ObjectiveMode, overrides: RestingOverrides = {}): ObjectiveBaseline {
  return { ...OBJECTIVE_BASELINES[objective], ...overrides[objective] };
}

/** The resting parameter levels of an objective, in parameter units. */
export function baselineParams(
  objective: ObjectiveMode,
  guardrails: Guardrails,
  overrides: RestingOverrides = {},
): PolicyParameters {
  const b = resolveBaseline(objective, overrides);
  return {
    burnShareBps: b.burnShareBps,
    transferFeeBps: b.calmFeeBps,
    stakingRewardRate: b.calmRewardFrac * guardrails.params.stakingRewardRate.max,
    buybackBudget: b.calmBuybackFrac * guardrails.params.buybackBudget.max,
  };
}

/**
 * Keeps only targets that differ from the current value by more than `deadband` × maxStep,
 * so a controller does not spam proposals for tiny moves.
 */
export function applyDeadband(
  targets: Partial<PolicyParameters>,
  current: PolicyParameters,
  guardrails: Guardrails,
  deadband: number,
): Partial<PolicyParameters> {
  const out: Partial<PolicyParameters> = {};
  for (const [k, v] of Object.entries(targets) as [LevelParameter, number][]) {
    if (Math.abs(v - current[k]) > deadband * guardrails.params[k].maxStep) out[k] = v;
  }
  return out;
}

/**
 * Caps a daily buyback budget so that a day of it spends at most `maxDailySpendFrac` of the
 * treasury's stable: a crash often has several legs, and an empty treasury cannot lean on the next.
 */
export function pacedBuyback(budget: number, s: PolicyState, maxDailySpendFrac: number): number {
  return Math.min(budget, s.treasuryStable * maxDailySpendFrac);
}
