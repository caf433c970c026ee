import type { Strategy } from '../types';
import { applyDeadband, baselineParams, clamp01, pacedBuyback, resolveBaseline } from './common';
import { DEFAULT_PID_CONFIG, type PidConfig } from './pid';

/**
 * The pid strategy's PI controller plus a feed-forward term on the market factor, in the
 * output: u = Kp·e + I + Kff·m, where e = ln(reference / price) as in pid and
 * m = EMA_H(ln market) − ln market, the market price's (exponentially weighted) return over about
 * H hours, sign flipped: positive when the market has fallen below its recent average. The market
 * price is the oracle input `state.marketPrice`.
 *
 * Why: feedback reacts to a deviation after it shows in the token's own price; the market factor
 * moves holders' demand before that (in the simulator, holders' desired share follows the market's
 * distance from its moving averages). Feed-forward on a measured disturbance is the classical
 * complement to feedback (e.g. Åström & Murray, "Feedback Systems", ch. 8 and 12). With Kff = 0
 * this is exactly the pid strategy (a test holds it to that), so a gain of the AI policy over pid
 * splits into what the market information buys (pid-ff − pid) and what the rest of the AI adds.
 * Without a market feed (marketPrice undefined) the term is 0 and it acts as pid.
 */
export type PidFfConfig = PidConfig & {
  /** Feed-forward gain, output units per unit log-return of the market. */
  kff: number;
  /** Horizon (hours) of the market's exponential moving average. */
  ffHorizonHours: number;
};

export const DEFAULT_PID_FF_CONFIG: PidFfConfig = { ...DEFAULT_PID_CONFIG, kff: 2, ffHorizonHours: 72 };

export function createPidFfStrategy(config: Partial<PidFfConfig> = {}): Strategy {
  const c = { ...DEFAULT_PID_FF_CONFIG, ...config };
  return {
    name: 'pid-ff',
    initialParams: (objective, guardrails) => baselineParams(objective, guardrails, c.resting),
    run: ({ state, guardrails, objective, memory }) => {
      const base = resolveBaseline(objective, c.resting);
      const error = Math.log(state.referencePrice / state.price);
      const last = memory?.lastUpdate ?? state.now;
      const dtHours = Math.max(0, (state.now - last) / 3600);

      // Feed-forward: the market's log distance below its EMA (0 without a feed or on the first call).
      let marketEma = memory?.marketEma;
      let ff = 0;
      const m = state.marketPrice;
      if (m !== undefined && Number.isFinite(m) && m > 0) {
        const lm = Math.log(m);
        const keep = (1 - 2 / (c.ffHorizonHours + 1)) ** dtHours;
        marketEma = marketEma === undefined ? lm : keep * marketEma + (1 - keep) * lm;
        ff = c.kff * (marketEma - lm);
      }

      let integral = (memory?.integral ?? 0) * c.leakPerHour ** dtHours;
      const p = c.kp * error;
      // Anti-windup as in pid: integrate only while the actuator is not saturated in the error's direction.
      const raw = base.calmBuybackFrac + (p + integral + ff) * c.buybackGain;
      const saturatedHigh = raw >= 1 && error > 0;
      const saturatedLow = raw <= 0 && error < 0;
      if (!saturatedHigh && !saturatedLow) integral += c.ki * error * dtHours;
      integral = Math.max(-c.integralLimit, Math.min(c.integralLimit, integral));
      const u = p + integral + ff;

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
      const mem: Record<string, number> = { integral, lastUpdate: state.now };
      if (marketEma !== undefined) mem.marketEma = marketEma;
      return {
        targets,
        rationale:
          `PI controller with market feed-forward: price is ${(100 * (state.price / state.referencePrice - 1)).toFixed(1)}% from its reference; ` +
          `P=${p.toFixed(3)}, I=${integral.toFixed(3)}, FF=${ff.toFixed(3)}${m === undefined ? ' (no market feed)' : ''}, output ${u.toFixed(3)}.`,
        memory: mem,
      };
    },
  };
}
