import type { PolicyParameters, Strategy } from '../types';

/**
 * Ampleforth-style elastic supply. Once per `minIntervalSeconds` (24 h) the rule reads the token's
 * rate (a 24 h average, as Ampleforth reads a 24 h TWAP from its market oracle) against a target
 * price; outside the deviation threshold (5 %) it rebases every balance by the AIP-5 sigmoid of the
 * normalised rate, divided by the lag. A rebase multiplies every holder's, the pool's, the
 * treasury's and the stakers' balance by the same factor, so it changes the price per token and
 * nothing else a holder owns: judge it on market capitalisation and holder wealth, never on the
 * price per token alone. The rebase is an operation (`operate`), executed by the rule itself as
 * Ampleforth's orchestrator does, clamped to the rolling net-supply budget (2 %/24 h by default);
 * the level parameters rest where `levels` puts them (`run` only restores them).
 *
 * Source: Ampleforth whitepaper (Kuo, Iles & Lim 2019) and UFragmentsPolicy; the sigmoid is AIP-5
 * (Dec 2021): percentage = (U − L) / (1 − (U/L) / 2^(g·δ)) + L, δ = rate/target − 1, with the
 * contract's defaults U = +10 %, L = −10 %, g = 3. Its slope at δ = 0 is (U−L)·g·ln2/4 ≈ 0.104, so
 * near the target a rebase applies about a tenth of the deviation: the damping the former
 * `rebaseLag` of 10 gave (30 at launch). The sigmoid replaced the lag (the contract's rebaseLag()
 * now returns 1), which is our default.
 */
export type RebaseConfig = {
  /** Price the rule steers the token toward (stable per token). */
  targetPrice: number;
  /** No rebase while |rate / target − 1| is below this (fraction). */
  deviationThreshold: number;
  /** AIP-5 sigmoid: upper and lower asymptotes (fraction of supply per rebase) and growth. */
  upper: number;
  lower: number;
  growth: number;
  /** The rebase percentage is divided by this (1 = the sigmoid alone). */
  lag: number;
  /** Seconds between rebase evaluations (Ampleforth: one a day). */
  minIntervalSeconds: number;
  /** Span (hours) of the exponential average of market cap the rate is read from (a TWAP proxy). */
  twapHours: number;
  /** Level parameters held throughout (no buyback and no fee burn: the rebase is the only supply lever). */
  levels: PolicyParameters;
};

export const DEFAULT_REBASE_CONFIG: Omit<RebaseConfig, 'levels'> = {
  targetPrice: 1,
  deviationThreshold: 0.05,
  upper: 0.1,
  lower: -0.1,
  growth: 3,
  lag: 1,
  minIntervalSeconds: 86_400,
  twapHours: 24,
};

/** AIP-5's rebase percentage (fraction of supply, +expand / −contract) for a normalised rate (rate / target). */
export function rebasePercentage(normalizedRate: number, lower: number, upper: number, growth: number): number {
  // The contract caps the exponent at ±100 so 2^x stays finite; the same here.
  const exponent = Math.max(-100, Math.min(100, growth * (normalizedRate - 1)));
  return (upper - lower) / (1 - upper / lower / 2 ** exponent) + lower;
}

export function createRebaseStrategy(
  config: Partial<Omit<RebaseConfig, 'levels'>> & Pick<RebaseConfig, 'levels'>,
): Strategy {
  const c: RebaseConfig = { ...DEFAULT_REBASE_CONFIG, ...config };
  return {
    name: 'rebase',
    initialParams: () => ({ ...c.levels }),
    run: ({ memory }) => ({
      targets: { ...c.levels },
      rationale: 'Rebase policy: level parameters are fixed; supply follows the daily rebase.',
      memory: memory ?? {},
    }),
    operate: ({ state, memory }) => {
      // Average market cap, not price: it is unchanged by a rebase, so the average needs no
      // correction when the supply is re-denominated (price × supply is what a holder owns).
      const mcap = state.price * state.totalSupply;
      const last = memory?.lastUpdate ?? state.now;
      const dtHours = Math.max(0, (state.now - last) / 3600);
      const keep = (1 - 2 / (c.twapHours + 1)) ** dtHours;
      const mcapAvg = memory?.mcapAvg === undefined ? mcap : keep * memory.mcapAvg + (1 - keep) * mcap;
      const lastEval = memory?.lastEvaluation ?? 0;
      const mem = { mcapAvg, lastUpdate: state.now, lastEvaluation: lastEval };
      if (lastEval > 0 && state.now - lastEval < c.minIntervalSeconds) {
        return { rationale: 'Rebase: not yet time for the daily evaluation.', memory: mem };
      }
      mem.lastEvaluation = state.now;
      const rate = mcapAvg / state.totalSupply;
      const normalized = rate / c.targetPrice;
      if (Math.abs(normalized - 1) < c.deviationThreshold) {
        return {
          rationale: `Rebase: rate ${rate.toFixed(4)} is within ${(100 * c.deviationThreshold).toFixed(0)} % of the target ${c.targetPrice}; no supply change.`,
          memory: mem,
        };
      }
      const pct = rebasePercentage(normalized, c.lower, c.upper, c.growth) / c.lag;
      return {
        rebaseFactor: 1 + pct,
        rationale: `Rebase: rate ${rate.toFixed(4)} vs target ${c.targetPrice} (${(100 * (normalized - 1)).toFixed(1)} %); supply ${pct >= 0 ? '+' : ''}${(100 * pct).toFixed(2)} % before the supply budget.`,
        memory: mem,
      };
    },
  };
}
