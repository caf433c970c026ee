import type { AdaptiveConfig } from './strategies/adaptive';
import { type FixedSupplyConfig, fixedSupplyParams } from './strategies/fixed-supply';
import type { PidConfig } from './strategies/pid';
import type { PidFfConfig } from './strategies/pid-ff';
import type { RangeConfig } from './strategies/range';
import type { RebaseConfig } from './strategies/rebase';
import type { PolicyParameters } from './types';

/**
 * Policy settings used by the backtests, chosen by `lib/sim/cli/tune.ts` on the TRAINING_WINDOWS
 * inside the training span only (see spans.ts); the crash paths are never used for tuning.
 * Same procedure and budget for every policy: 80 evaluations each (or the whole grid if smaller:
 * fixed-supply's has 30 points; trial 0 = the previous setting, 39 random grid points with sampler
 * seed 12345, then local steps / random restarts), simulation seeds 1,2, score = mean of annualised
 * volatility + max drawdown (lower is better).
 *
 * Re-tuned, all seven at once, on the settled economy (b89c97f + 3e498ad, issue 11). Training
 * scores, before → after: static 2.238 → 2.238 (its previous setting stayed best, so the
 * calibration, which runs on static, is unaffected), pid 2.211 → 2.172, adaptive 2.312 → 2.191,
 * fixed-supply 2.344 → 2.335, rebase 2.359 → 2.334, pid-ff 2.219 → 2.147, range 2.371 → 2.329.
 */
export const TUNED: { static: PolicyParameters; pid: Partial<PidConfig>; adaptive: Partial<AdaptiveConfig> } = {
  static: {
    burnShareBps: 5_000,
    transferFeeBps: 100,
    // 2.5% of supply a year as rewards (tokens/s; a quarter of the guardrail max) and 100,000 stable a day of buybacks.
    stakingRewardRate: 2_500_000 / 31_536_000,
    buybackBudget: 100_000,
  },
  pid: {
    kp: 2,
    ki: 0.1,
    leakPerHour: 0.999,
    integralLimit: 1,
    buybackGain: 0.5,
    rewardGain: 0.25,
    maxDailySpendFrac: 0.5,
    resting: { stability: { calmFeeBps: 100, calmRewardFrac: 0.1, calmBuybackFrac: 0.025 } },
  },
  adaptive: {
    stressThreshold: 2,
    stressWidth: 2,
    stressBuyback: 0.25,
    gapBuyback: 1,
    gapScale: 0.2,
    stressFee: 0,
    stressReward: 0.5,
    gapReward: 0.1,
    gapKi: 0.01,
    integralLeakPerHour: 0.98,
    integralLimit: 0.5,
    buybackDrawdown: 0,
    maxDailySpendFrac: 0.1,
    resting: { stability: { calmFeeBps: 100, calmRewardFrac: 0.1, calmBuybackFrac: 0.05 } },
  },
};

/**
 * Settings of the field's policies (fixed-supply, rebase, pid-ff, range), tuned as above. Where
 * the grid does not reach (the rebase's ±10 % sigmoid asymptotes and target of 1 stable; range's
 * epoch length) the protocols' published defaults hold (see each strategy's file). fixed-supply's
 * fee and reward, rebase's and range's too, come from the same grid as static's levels.
 */
const fixedSupply: FixedSupplyConfig = {
  transferFeeBps: 100,
  // 1 % of supply a year (a tenth of the guardrail max).
  stakingRewardRate: 1_000_000 / 31_536_000,
};
export const TUNED_FIELD: {
  'fixed-supply': FixedSupplyConfig;
  rebase: Partial<RebaseConfig> & Pick<RebaseConfig, 'levels'>;
  'pid-ff': Partial<PidFfConfig>;
  range: Partial<RangeConfig> & Pick<RangeConfig, 'levels'>;
} = {
  'fixed-supply': fixedSupply,
  // No buyback and no fee burn: the rebase is the only supply lever.
  rebase: {
    deviationThreshold: 0.1,
    growth: 3,
    lag: 3,
    twapHours: 1,
    levels: fixedSupplyParams({ transferFeeBps: 100, stakingRewardRate: 1_000_000 / 31_536_000 }),
  },
  'pid-ff': {
    kp: 1,
    ki: 0.1,
    leakPerHour: 0.98,
    integralLimit: 1,
    buybackGain: 2,
    rewardGain: 0.25,
    maxDailySpendFrac: 0.5,
    kff: 4,
    ffHorizonHours: 72,
    resting: { stability: { calmFeeBps: 100, calmRewardFrac: 0.25, calmBuybackFrac: 0 } },
  },
  // Resting buybacks off: the range operations are the treasury's only market operations.
  range: {
    maHours: 168,
    cushionSpread: 0.15,
    wallSpread: 0.25,
    reserveFactor: 0.1,
    cushionFactor: 0.1,
    levels: { burnShareBps: 5_000, transferFeeBps: 100, stakingRewardRate: 1_000_000 / 31_536_000, buybackBudget: 0 },
  },
};
