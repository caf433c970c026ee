import type { Strategy } from '../types';
import { applyDeadband, baselineParams, clamp01, pacedBuyback, type RestingOverrides, resolveBaseline } from './common';

/**
 * Proportional-integral controller on the price's deviation from its moving reference, in the
 * manner of Reflexer RAI's rate setter: error = ln(reference / price) (positive when the price
 * is below reference), output u = Kp·error + I, with a leaky integrator and anti-windup
 * (conditional integration when the actuator is saturated, and a hard integral bound).
 * The output drives the "support" actuators: buyback budget and staking rewards.
 */
export type PidConfig = {
  /** Proportional gain (output units per unit log-deviation). */
  kp: number;
  /** Integral gain (output units per unit log-deviation per hour). */
  ki: number;
  /** Per-hour multiplicative decay of the integral (RAI's leak; 1 = no leak). */
  leakPerHour: number;
  /** |integral| never exceeds this (output units). */
  integralLimit: number;
  /** Buyback = max × (calm + u × buybackGain); reward = max × (calm + u × rewardGain). */
  buybackGain: number;
  rewardGain: number;
  /** Ignore moves smaller than this × maxStep. */
  deadband: number;
  /** Tuned resting levels per objective (default: OBJECTIVE_BASELINES). */
  resting?: RestingOverrides;
  /** At most this fraction of treasury stable per day of buybacks. */
  maxDailySpendFrac: number;
};

export const DEFAULT_PID_CONFIG: PidConfig = {
  kp: 4,
  ki: 0.05,
  leakPerHour: 0.995,
  integralLimit: 1,
  buybackGain: 1,
  rewardGain: 0.5,
  deadband: 0.1,
  maxDailySpendFrac: 0.25,
};

export function createPidStrategy(config: Partial<PidConfig> = {}): Strategy {
  const c = { ...DEFAULT_PID_CONFIG, ...config };
  return {
    name: 'pid',
    initialParams: (objective, guardrails) => baselineParams(objective, guardrails, c.resting),
    run: ({ state, guardrails, objective, memory }) => {
      const base = resolveBaseline(objective, c.resting);
      const error = Math.log(state.referencePrice / state.price);
      const last = memory?.lastUpdate ?? state.now;
      const dtHours = Math.max(0, (state.now - last) / 3600);
      let integral = (memory?.integral ?? 0) * c.leakPerHour ** dtHours;
      const p = c.kp * error;
      // Anti-windup: integrate only when the actuator is not saturated in the error's direction.
      const raw = base.calmBuybackFrac + (p + integral) * c.buybackGain;
      const saturatedHigh = raw >= 1 && error > 0;
      const saturatedLow = raw <= 0 && error < 0;
      if (!saturatedHigh && !saturatedLow) integral += c.ki * error * dtHours;
      integral = Math.max(-c.integralLimit, Math.min(c.integralLimit, integral));
      const u = p + integral;

      const bMax = guardrails.params.buybackBudget.max;
      const rMax = guardrails.params.stakingRewardRate.max;
      const buyback = pacedBuyback(
        bMax * clamp01(base.calmBuybackFrac + u * c.buybackGain),
        state,
        c.maxDailySpendFrac,
      );
      const reward = rMax * clamp01(base.calmRewardFrac + u * c.rewardGain);
      const targets = applyDeadband(
        {
          buybackBudget: buyback,
          stakingRewardRate: reward,
          burnShareBps: base.burnShareBps,
          transferFeeBps: base.calmFeeBps,
        },
        state.params,
        guardrails,
        c.deadband,
      );
      return {
        targets,
        rationale: `PI controller: price is ${(100 * (state.price / state.referencePrice - 1)).toFixed(1)}% from its reference; P=${p.toFixed(3)}, I=${integral.toFixed(3)}, output ${u.toFixed(3)}.`,
        memory: { integral, lastUpdate: state.now },
      };
    },
  };
}
