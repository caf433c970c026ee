import {
  assertFinite,
  assertFraction,
  assertPositive,
  assertPositiveInteger,
  finiteResult,
  MetricInputError,
} from './validate';

/**
 * Volatility conventions (stated once, used everywhere):
 *
 * - Inputs are hourly log returns. Crypto trades around the clock, so a year is
 *   24 × 365 = 8,760 hourly periods (`HOURS_PER_YEAR`).
 * - Realized volatility over a window of n hourly returns is zero-mean (no demeaning; the
 *   hourly drift is negligible next to the noise and demeaning biases short windows):
 *
 *       σ_ann = sqrt( Σ_{last n} r² ) × sqrt( 8760 / n )  =  sqrt( mean(r²) × 8760 )
 *
 * - EWMA volatility is RiskMetrics (J.P. Morgan, 1996) with λ = 0.94 by default:
 *
 *       σ²_t = λ σ²_{t-1} + (1 − λ) r²_t,   seeded with σ²_1 = r²_1 (causal: no look-ahead),
 *       σ_ann,t = sqrt(σ²_t × 8760)
 *
 *   λ = 0.94 was calibrated on daily data; on hourly returns it means a memory of about
 *   1 / (1 − λ) ≈ 17 hours (half-life ln 0.5 / ln 0.94 ≈ 11.2 hours). Pass another λ
 *   (e.g. 0.995 ≈ 8-day half-life) where a slower estimate is wanted.
 *
 * All results are annualized fractions (0.8 = 80 % a year).
 */
export const HOURS_PER_YEAR = 8760;

/** The dashboard's realized-volatility windows, in hours. */
export const VOLATILITY_WINDOWS = { '24h': 24, '7d': 168, '30d': 720 } as const;
export type VolatilityWindow = keyof typeof VOLATILITY_WINDOWS;

export const RISKMETRICS_LAMBDA = 0.94;

export type RealizedVolatilityOptions = {
  /** Periods per year of the return series (default 8,760: hourly, 24/7). */
  periodsPerYear?: number;
  /**
   * Fewest returns accepted before a value is reported (default: the whole window). Below it
   * the result is `null` ("not enough data yet"), never a number from a too-short sample.
   */
  minObservations?: number;
};

/**
 * Annualized realized volatility of the last `window` returns (see the convention above).
 * Returns null when fewer than `minObservations` returns are available. Throws
 * MetricInputError on a non-finite return.
 */
export function realizedVolatility(
  returns: readonly number[],
  window: number,
  options: RealizedVolatilityOptions = {},
): number | null {
  assertPositiveInteger(window, 'window');
  const periodsPerYear = assertPositive(options.periodsPerYear ?? HOURS_PER_YEAR, 'periodsPerYear');
  const minObservations = assertPositiveInteger(options.minObservations ?? window, 'minObservations');
  if (minObservations > window) {
    throw new MetricInputError('minObservations', `must not exceed the window (${minObservations} > ${window})`);
  }
  const start = Math.max(0, returns.length - window);
  const n = returns.length - start;
  if (n < minObservations) return null;
  let sumSquares = 0;
  for (let i = start; i < returns.length; i++) {
    const r = assertFinite(returns[i] as number, `returns[${i}]`);
    sumSquares += r * r;
  }
  return finiteResult(Math.sqrt((sumSquares / n) * periodsPerYear), 'realizedVolatility');
}

/**
 * Rolling annualized realized volatility: element t uses returns (t − window, t]. Entries
 * before `minObservations` returns exist are null. O(n): a compensated running sum of squares,
 * re-summed every `window` steps so rounding drift cannot accumulate (or go negative) over long
 * series.
 */
export function rollingRealizedVolatility(
  returns: readonly number[],
  window: number,
  options: RealizedVolatilityOptions = {},
): (number | null)[] {
  assertPositiveInteger(window, 'window');
  const periodsPerYear = assertPositive(options.periodsPerYear ?? HOURS_PER_YEAR, 'periodsPerYear');
  const minObservations = assertPositiveInteger(options.minObservations ?? window, 'minObservations');
  if (minObservations > window) {
    throw new MetricInputError('minObservations', `must not exceed the window (${minObservations} > ${window})`);
  }
  const squares = returns.map((r, i) => {
    const x = assertFinite(r, `returns[${i}]`);
    return x * x;
  });
  const out: (number | null)[] = [];
  // Neumaier-compensated running sum: a tiny square added beside a large one is kept in `carry`
  // instead of being rounded away, so it survives when the large one leaves the window.
  let sum = 0;
  let carry = 0;
  const add = (x: number) => {
    const next = sum + x;
    carry += Math.abs(sum) >= Math.abs(x) ? sum - next + x : x - next + sum;
    sum = next;
  };
  for (let t = 0; t < squares.length; t++) {
    if (t % window === 0) {
      // Exact re-sum of the current window before adding element t.
      sum = 0;
      carry = 0;
      for (let j = Math.max(0, t - window + 1); j < t; j++) add(squares[j] as number);
    } else if (t >= window) {
      add(-(squares[t - window] as number));
    }
    add(squares[t] as number);
    const n = Math.min(t + 1, window);
    out.push(
      n < minObservations
        ? null
        : finiteResult(Math.sqrt((Math.max(0, sum + carry) / n) * periodsPerYear), 'rollingRealizedVolatility'),
    );
  }
  return out;
}

export type EwmaOptions = {
  /** Decay λ in (0, 1); default 0.94 (RiskMetrics). */
  lambda?: number;
  periodsPerYear?: number;
  /** Variance (per period, not annualized) before the first return; default r²_1. */
  seedVariance?: number;
};

/**
 * EWMA (RiskMetrics) annualized volatility after each return; same length as `returns`
 * (empty in, empty out). See the convention at the top of this file.
 */
export function ewmaVolatility(returns: readonly number[], options: EwmaOptions = {}): number[] {
  const lambda = assertFraction(options.lambda ?? RISKMETRICS_LAMBDA, 'lambda', { allowZero: false });
  const periodsPerYear = assertPositive(options.periodsPerYear ?? HOURS_PER_YEAR, 'periodsPerYear');
  let variance: number | undefined;
  if (options.seedVariance !== undefined) {
    assertFinite(options.seedVariance, 'seedVariance');
    if (options.seedVariance < 0) throw new MetricInputError('seedVariance', 'a variance cannot be negative');
    variance = options.seedVariance;
  }
  const out: number[] = [];
  returns.forEach((r, i) => {
    assertFinite(r, `returns[${i}]`);
    variance = variance === undefined ? r * r : lambda * variance + (1 - lambda) * r * r;
    out.push(finiteResult(Math.sqrt(variance * periodsPerYear), 'ewmaVolatility'));
  });
  return out;
}

/** The latest EWMA volatility, or null for an empty series. */
export function latestEwmaVolatility(returns: readonly number[], options: EwmaOptions = {}): number | null {
  const series = ewmaVolatility(returns, options);
  return series.length === 0 ? null : (series[series.length - 1] as number);
}
