import type { Strategy } from '../types';
import {
  applyDeadband,
  baselineParams,
  clamp,
  clamp01,
  pacedBuyback,
  type RestingOverrides,
  resolveBaseline,
} from './common';

/**
 * This project's policy. It reads the volatility forecast's upper 80% bound against the
 * long-run level ("stress", 0..1) and the price's gap to its reference, and:
 * - leans against forecast volatility spikes: buybacks scale with stress while the price is
 *   not running above its reference (never chases a rally), plus extra support below reference;
 * - raises the transfer fee with stress (a transaction tax that damps noise and momentum flow);
 * - raises staking rewards with stress, so float is locked (with its unbonding delay) before
 *   a panic rather than after;
 * - leans staking rewards against the price's gap to its reference (up below, down above), so
 *   yield-driven demand offsets the swing instead of adding to it;
 * - holds buybacks back until the price is a set fraction below its recent high, so the finite
 *   treasury is not spent on every dip and is there for a real drawdown;
 * - optionally integrates the gap (a leaky, anti-windup integral, as in the pid strategy) into the
 *   reward level, so a deviation that persists keeps building support instead of fading;
 * - in calm markets returns to the objective's resting levels and spends nothing, so the
 *   treasury's stable is there when the next spike comes.
 * It is never procyclical: it does not cut rewards or buybacks while stressed and below
 * reference, and one-off burns (scarcity) happen only in calm markets with a healthy pool.
 */
export type AdaptiveConfig = {
  /** Stress starts when upper80 / long-run vol exceeds this ratio. */
  stressThreshold: number;
  /** Ratio span over which stress goes from 0 to 1. */
  stressWidth: number;
  /** Buyback (fraction of max) added at full stress. */
  stressBuyback: number;
  /** Buyback (fraction of max) added per unit of below-reference gap scaled by gapScale. */
  gapBuyback: number;
  /** Log-gap below reference at which gap support is full. */
  gapScale: number;
  /** No stress buybacks while the price is this log-gap above reference. */
  chaseGuard: number;
  /** Fraction of the way from calm fee to the fee guardrail max at full stress. */
  stressFee: number;
  /** Reward (fraction of max) added at full stress. */
  stressReward: number;
  deadband: number;
  /**
   * Counter-cyclical staking reward (fraction of max) per unit of scaled gap (gap / gapScale):
   * rewards rise while the price is below its reference and fall while it runs above, so the
   * yield-driven demand leans against the swing. 0 = off.
   */
  gapReward: number;
  /**
   * Buybacks are held back until the price is this far (fraction) below its recent high: the
   * treasury's stable is finite, so small dips are left to the market and the money is kept
   * for a real drawdown. 0 = buy on any stress or dip.
   */
  buybackDrawdown: number;
  /**
   * Integral gain on the scaled gap (−gap / gapScale), in fraction of the reward max per hour:
   * a deviation that lasts keeps raising (below reference) or lowering (above) the reward level.
   * 0 = off (memory is still carried, always 0).
   */
  gapKi: number;
  /** Per-hour multiplicative decay of the integral (1 = no leak). */
  integralLeakPerHour: number;
  /** |integral| never exceeds this (fraction of the reward max). */
  integralLimit: number;
  /** Tuned resting levels per objective (default: OBJECTIVE_BASELINES). */
  resting?: RestingOverrides;
  maxDailySpendFrac: number;
};

export const DEFAULT_ADAPTIVE_CONFIG: AdaptiveConfig = {
  stressThreshold: 1.2,
  stressWidth: 1,
  stressBuyback: 0.6,
  gapBuyback: 0.6,
  gapScale: 0.15,
  chaseGuard: 0.03,
  stressFee: 0.5,
  stressReward: 0.4,
  deadband: 0.1,
  gapReward: 0,
  buybackDrawdown: 0,
  gapKi: 0,
  integralLeakPerHour: 0.995,
  integralLimit: 0.5,
  maxDailySpendFrac: 0.25,
};

export function createAdaptiveStrategy(config: Partial<AdaptiveConfig> = {}): Strategy {
  const c = { ...DEFAULT_ADAPTIVE_CONFIG, ...config };
  return {
    name: 'adaptive',
    initialParams: (objective, guardrails) => baselineParams(objective, guardrails, c.resting),
    run: ({ state, forecasts, guardrails, objective, memory }) => {
      const base = resolveBaseline(objective, c.resting);
      const f = forecasts.volatility;
      const longRun = Math.max(state.realizedVolLongRun, 1e-6);
      const ratio = f.upper80 / longRun;
      const stress = clamp01((ratio - c.stressThreshold) / c.stressWidth);
      const gap = Math.log(state.price / state.referencePrice);
      const below = clamp01(-gap / c.gapScale);
      const chasing = gap > c.chaseGuard;

      const bMax = guardrails.params.buybackBudget.max;
      const rMax = guardrails.params.stakingRewardRate.max;
      const feeMax = guardrails.params.transferFeeBps.max;
      const drawdown = 1 - state.price / Math.max(state.recentHigh, state.price);
      const armed = drawdown >= c.buybackDrawdown;
      const buybackFrac = clamp01(
        base.calmBuybackFrac +
          (armed ? (chasing ? 0 : c.stressBuyback * stress) + c.gapBuyback * below * (0.5 + 0.5 * stress) : 0),
      );
      const buyback = pacedBuyback(bMax * buybackFrac, state, c.maxDailySpendFrac);
      const fee = clamp(base.calmFeeBps + (feeMax - base.calmFeeBps) * c.stressFee * stress, 0, feeMax);

      // Leaky integral of the scaled gap, in fraction of the reward max, with anti-windup: it does
      // not integrate further while the reward is already pinned in the error's direction.
      const last = memory?.lastUpdate ?? state.now;
      // Capped so that a long outage (no decisions) cannot integrate one stale error for days.
      const dtHours = Math.min(24, Math.max(0, (state.now - last) / 3600));
      let integral = (memory?.integral ?? 0) * c.integralLeakPerHour ** dtHours;
      const error = -gap / c.gapScale;
      const rawReward = base.calmRewardFrac + c.stressReward * stress + c.gapReward * error + integral;
      const pinned = (rawReward >= 1 && error > 0) || (rawReward <= 0 && error < 0);
      if (c.gapKi > 0 && !pinned) integral += c.gapKi * error * dtHours;
      integral = clamp(integral, -c.integralLimit, c.integralLimit);
      const reward = rMax * clamp01(base.calmRewardFrac + c.stressReward * stress + c.gapReward * error + integral);

      const targets = applyDeadband(
        { buybackBudget: buyback, transferFeeBps: fee, stakingRewardRate: reward, burnShareBps: base.burnShareBps },
        state.params,
        guardrails,
        c.deadband,
      );

      let supplyChange: number | undefined;
      const poolShare = state.poolToken / state.totalSupply;
      if (objective === 'scarcity' && stress === 0 && gap > -0.02 && poolShare > 0.05 && state.treasuryToken > 0) {
        // Controlled deflation: burn treasury tokens only when calm and the pool is not starved.
        supplyChange = -Math.min(state.treasuryToken * 0.01, -guardrails.supplyChange.min);
      } else if (objective === 'growth' && state.emissionsBudget < state.params.stakingRewardRate * 30 * 86_400) {
        // Keep 30 days of rewards funded; the mint lands in the emissions budget, not the market.
        supplyChange = Math.min(state.params.stakingRewardRate * 30 * 86_400, guardrails.supplyChange.max);
      }

      const words = stress > 0 ? `stress ${(stress * 100).toFixed(0)}%` : 'calm';
      return {
        targets,
        supplyChange,
        rationale:
          `Forecast upper-80% volatility is ${ratio.toFixed(2)}× its long-run level (${words}); ` +
          `price is ${(100 * (Math.exp(gap) - 1)).toFixed(1)}% ${gap < 0 ? 'below' : 'above'} its reference` +
          (chasing ? ' (no stress buybacks while above reference).' : '.') +
          (c.gapKi > 0 ? ` Gap integral ${integral.toFixed(3)} of the reward max.` : ''),
        memory: { ...memory, integral, lastUpdate: state.now },
      };
    },
  };
}
