import type { AdaptiveConfig } from '../policy/strategies/adaptive';
import type { PidConfig } from '../policy/strategies/pid';
import type { PolicyParameters } from '../policy/types';

/**
 * Policy settings used by the backtests, chosen by `lib/sim/cli/tune.ts` on the training span
 * only (see TRAINING_SPAN in spans.ts); the crash paths are never used for tuning.
 */
export const TUNED: { static: PolicyParameters; pid: Partial<PidConfig>; adaptive: Partial<AdaptiveConfig> } = {
  static: {
    burnShareBps: 5_000,
    transferFeeBps: 100,
    // 10% of supply a year as rewards (tokens/s; the guardrail max) and 25,000 stable a day of buybacks.
    stakingRewardRate: 10_000_000 / 31_536_000,
    buybackBudget: 25_000,
  },
  pid: {},
  adaptive: {},
};
