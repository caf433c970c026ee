/**
 * The treasury-lever rule's inputs from what the agent already reads: the chain snapshot (params
 * 6–11, their guardrails and last-change times, the pool's stable reserve) and the hourly pool
 * history (reference price and reference depth). Pure; guardrails are the controller's.
 */
import {
  emaPrice,
  REFERENCE_EMA_HOURS,
  TREASURY_LEVERS,
  type TreasuryLever,
  type TreasuryLeverInputs,
} from '../policy/treasury-levers';
import type { Guardrail, ObjectiveMode } from '../policy/types';
import type { HourlyHistory } from './history';
import { type ChainSnapshot, spotPrice, treasuryOperationParams, treasuryParamDecimals, units } from './snapshot';

/** Hours of stable-side reserve averaged into the reference depth (the same 30 days as the price). */
export const REFERENCE_DEPTH_HOURS = REFERENCE_EMA_HOURS;

export type TreasuryLeverInputOptions = {
  /**
   * The optimistic lane's compromise: each lever in this set stepped at most by its guardrail's
   * small-change size, every other lever held still (absent: the full maxStep for every lever).
   */
  smallStepsOnly?: ReadonlySet<string> | undefined;
};

/** Null when the controller has no treasury parameters (an older deployment). */
export function treasuryLeverInputs(
  s: ChainSnapshot,
  h: HourlyHistory,
  objective: ObjectiveMode,
  opts: TreasuryLeverInputOptions = {},
): TreasuryLeverInputs | null {
  const current = treasuryOperationParams(s);
  if (!current) return null;
  const dec = treasuryParamDecimals(s);
  const guardrails = {} as Record<TreasuryLever, Guardrail>;
  const lastChangedAt = {} as Record<TreasuryLever, number>;
  for (const lever of TREASURY_LEVERS) {
    const { id, decimals } = dec[lever];
    const g = s.guardrails[id];
    if (!g) return null;
    const only = opts.smallStepsOnly;
    let maxStep = g.maxStep;
    if (only && !only.has(lever)) maxStep = 0n;
    else if (only && g.smallStep < maxStep) maxStep = g.smallStep;
    guardrails[lever] = {
      min: units(g.min, decimals),
      max: units(g.max, decimals),
      maxStep: units(maxStep, decimals),
      minDelay: Number(g.minDelay),
    };
    lastChangedAt[lever] = Number(s.lastChangedAt[id] ?? 0n);
  }
  const closes = h.close.slice(-REFERENCE_EMA_HOURS * 3); // the EMA forgets all but the last few spans
  const depths = h.liquidityStable.slice(-REFERENCE_DEPTH_HOURS).filter((x) => Number.isFinite(x) && x > 0);
  const depthReference = depths.length ? depths.reduce((a, b) => a + b, 0) / depths.length : Number.NaN;
  return {
    now: s.timestamp,
    price: spotPrice(s),
    referencePrice: emaPrice(closes, REFERENCE_EMA_HOURS),
    depthNow: units(s.reserveStable, s.stableDecimals),
    depthReference,
    current,
    treasuryStable: units(s.treasuryStable, s.stableDecimals),
    treasuryHome: units(s.treasuryHome, s.tokenDecimals),
    poolHome: units(s.reserveHome, s.tokenDecimals),
    guardrails,
    lastChangedAt,
    objective,
  };
}
