/**
 * Windowing and normalisation for the volatility model, in one place (CONVENTIONS item 9):
 * every model and baseline sees the same returns, the same realised-volatility windows and
 * the same target, and the normalisation statistics travel with the weights.
 *
 * Units: prices are in quote currency; returns are hourly natural-log returns (dimensionless);
 * every realised volatility here is expressed on the 24-hour scale (a fraction, 0.03 = 3% per
 * day), whatever the window it was measured on, so windows are comparable to the target.
 */

/** The forecast horizon: the target is the realised volatility of the next 24 hourly returns. */
export const HORIZON_HOURS = 24;
/** Longest feature window (30 days); the first forecast needs this many returns of history. */
export const LONGEST_WINDOW_HOURS = 720;
/**
 * Floor on any volatility, on the 24-hour scale. Flat stretches (identical closes) would give
 * log(0); 1e-4 is far below any real BTC day (the quietest days are ~0.5%).
 */
export const VOL_FLOOR = 1e-4;

/**
 * Feature names, in the column order of the model input tensor [samples, FEATURE_COUNT]:
 * the close-only set, used whenever the input has no high/low (the browser's indexed history,
 * close-only CSVs, the published artifact).
 */
export const FEATURE_NAMES = [
  'log_rv_1h',
  'log_rv_6h',
  'log_rv_24h',
  'log_rv_7d',
  'log_rv_30d',
  'ret_24h',
  'ret_7d',
  'week_sin',
  'week_cos',
] as const;
export const FEATURE_COUNT = FEATURE_NAMES.length;

/**
 * The range set, used when hourly high and low are known: the close-to-close RV windows are
 * replaced by Parkinson range variances over the same windows, (ln H/L)²/(4 ln 2) per hour.
 * The range sees the whole path inside each hour, not just its end points, so it is a far less
 * noisy measure of the same variance (≈5× the efficiency of r² in theory). Same width as the
 * close set, so the network is unchanged. On the validation split (walk-forward, linear QLIKE
 * fit) this set beat the close set (0.238 vs 0.241) and close+range (0.253): the noisier
 * close-to-close windows only add variance once the range is there.
 */
export const RANGE_FEATURE_NAMES = [
  'log_pk_1h',
  'log_pk_6h',
  'log_pk_24h',
  'log_pk_7d',
  'log_pk_30d',
  'ret_24h',
  'ret_7d',
  'week_sin',
  'week_cos',
] as const;

export type FeatureSet = 'close' | 'range';

export const FEATURE_SET_NAMES: Record<FeatureSet, readonly string[]> = {
  close: FEATURE_NAMES,
  range: RANGE_FEATURE_NAMES,
};

/** The feature set a list of saved feature names belongs to (model metadata → features to build). */
export function featureSetOf(names: readonly string[]): FeatureSet {
  for (const set of ['close', 'range'] as const) {
    const expected = FEATURE_SET_NAMES[set];
    if (names.length === expected.length && names.every((n, i) => n === expected[i])) return set;
  }
  throw new Error(`unknown volatility feature names: ${names.join(', ')}`);
}

/** The richest feature set a series supports: 'range' when it carries high/low, else 'close'. */
export function defaultFeatureSet(s: VolSeries): FeatureSet {
  return s.rangeSq ? 'range' : 'close';
}

/** Hourly log returns; r[0] is NaN because there is no previous close. */
export function logReturns(close: ArrayLike<number>): Float64Array {
  const r = new Float64Array(close.length);
  r[0] = Number.NaN;
  for (let i = 1; i < close.length; i++) r[i] = Math.log(close[i]! / close[i - 1]!);
  return r;
}

/** Prefix sums S[k] = Σ_{i<k} x[i] (x[0] treated as 0 when NaN) so any window sum is O(1). */
export function prefixSums(x: ArrayLike<number>, square: boolean): Float64Array {
  const s = new Float64Array(x.length + 1);
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    const term = Number.isNaN(v) ? 0 : square ? v * v : v;
    s[i + 1] = s[i]! + term;
  }
  return s;
}

/**
 * Realised volatility of the `window` returns ending at hour t (r[t-window+1..t]), scaled to
 * 24 hours: sqrt(24/window · Σ r²). Needs t >= window (r[0] does not exist).
 */
export function trailingVol(sumSq: Float64Array, t: number, window: number): number {
  const ss = Math.max(sumSq[t + 1]! - sumSq[t + 1 - window]!, 0);
  return Math.max(Math.sqrt((HORIZON_HOURS / window) * ss), VOL_FLOOR);
}

/** The target at hour t: sqrt(Σ r[t+1..t+24]²). Only defined when t + 24 <= last index. */
export function futureVol(sumSq: Float64Array, t: number): number {
  const ss = Math.max(sumSq[t + 1 + HORIZON_HOURS]! - sumSq[t + 1]!, 0);
  return Math.max(Math.sqrt(ss), VOL_FLOOR);
}

/** Everything the models need from a close series, computed once. */
export type VolSeries = {
  timestamp: ArrayLike<number>;
  returns: Float64Array;
  sumSq: Float64Array;
  sum: Float64Array;
  /** Prefix sums of the hourly Parkinson variance, when high/low were given. */
  rangeSq?: Float64Array;
  /** Number of hours (= closes). */
  n: number;
};

const PARKINSON_SCALE = 1 / (4 * Math.log(2));

/**
 * Parkinson variance of each hour, (ln(high/low))² / (4 ln 2): an unbiased estimate of the
 * hour's return variance for a driftless Brownian path. Throws RangeError naming the row when
 * high < low or a price is not positive and finite.
 */
export function parkinsonVariances(high: ArrayLike<number>, low: ArrayLike<number>): Float64Array {
  if (high.length !== low.length) throw new RangeError('high and low must have the same length');
  const v = new Float64Array(high.length);
  for (let i = 0; i < high.length; i++) {
    const h = high[i]!;
    const l = low[i]!;
    if (!(h > 0 && l > 0 && Number.isFinite(h) && Number.isFinite(l))) {
      throw new RangeError(`row ${i}: high ${h} and low ${l} must be positive finite prices`);
    }
    if (h < l) throw new RangeError(`row ${i}: high ${h} is below low ${l}`);
    v[i] = Math.log(h / l) ** 2 * PARKINSON_SCALE;
  }
  return v;
}

/**
 * `range` (hourly high and low, same length as close) is optional: with it the series also
 * carries Parkinson range variances and the range feature set becomes available.
 */
export function volSeries(
  timestamp: ArrayLike<number>,
  close: ArrayLike<number>,
  range?: { high: ArrayLike<number>; low: ArrayLike<number> },
): VolSeries {
  const returns = logReturns(close);
  const s: VolSeries = {
    timestamp,
    returns,
    sumSq: prefixSums(returns, true),
    sum: prefixSums(returns, false),
    n: close.length,
  };
  if (range) {
    if (range.high.length !== close.length) throw new RangeError('high/low must have one value per close');
    s.rangeSq = prefixSums(parkinsonVariances(range.high, range.low), false);
  }
  return s;
}

/** First hour at which every feature is defined. */
export const FIRST_FEATURE_HOUR = LONGEST_WINDOW_HOURS;

/**
 * Writes the feature row for hour t (uses closes up to and including t only) into `out` at
 * `offset`. Returns nothing; the caller owns the buffer so batches are built without copies.
 */
export function writeFeatures(
  s: VolSeries,
  t: number,
  out: Float32Array | Float64Array,
  offset: number,
  set: FeatureSet = 'close',
): void {
  if (set === 'range') {
    const pk = s.rangeSq;
    if (!pk) throw new Error('the range feature set needs a series built with high and low');
    // Hour t's own range is known at its close; windows end at t like the close windows.
    out[offset] = Math.log(trailingVol(pk, t, 1));
    out[offset + 1] = Math.log(trailingVol(pk, t, 6));
    out[offset + 2] = Math.log(trailingVol(pk, t, 24));
    out[offset + 3] = Math.log(trailingVol(pk, t, 168));
    out[offset + 4] = Math.log(trailingVol(pk, t, 720));
  } else {
    out[offset] = Math.log(Math.max(Math.abs(s.returns[t]!) * Math.sqrt(HORIZON_HOURS), VOL_FLOOR));
    out[offset + 1] = Math.log(trailingVol(s.sumSq, t, 6));
    out[offset + 2] = Math.log(trailingVol(s.sumSq, t, 24));
    out[offset + 3] = Math.log(trailingVol(s.sumSq, t, 168));
    out[offset + 4] = Math.log(trailingVol(s.sumSq, t, 720));
  }
  out[offset + 5] = s.sum[t + 1]! - s.sum[t + 1 - 24]!;
  out[offset + 6] = s.sum[t + 1]! - s.sum[t + 1 - 168]!;
  // Phase of the forecast window's first hour within the UTC week: weekends are quieter.
  const phase = ((((s.timestamp[t]! + 3600) / 3600) % 168) / 168) * 2 * Math.PI;
  out[offset + 7] = Math.sin(phase);
  out[offset + 8] = Math.cos(phase);
}

/** Design matrix [hours.length, FEATURE_COUNT] (row-major) for the given hours. */
export function featureMatrix(s: VolSeries, hours: ArrayLike<number>, set: FeatureSet = 'close'): Float32Array {
  const x = new Float32Array(hours.length * FEATURE_COUNT);
  const row = new Float64Array(FEATURE_COUNT);
  for (let i = 0; i < hours.length; i++) {
    writeFeatures(s, hours[i]!, row, 0, set);
    x.set(row, i * FEATURE_COUNT);
  }
  return x;
}

/** Per-feature mean and standard deviation, measured on training rows only. */
export type NormStats = { mean: number[]; std: number[] };

export function fitNormStats(x: Float32Array, columns: number): NormStats {
  const rows = x.length / columns;
  const m = new Array<number>(columns).fill(0);
  const v = new Array<number>(columns).fill(0);
  for (let i = 0; i < rows; i++) for (let j = 0; j < columns; j++) m[j]! += x[i * columns + j]!;
  for (let j = 0; j < columns; j++) m[j] = m[j]! / rows;
  for (let i = 0; i < rows; i++) for (let j = 0; j < columns; j++) v[j]! += (x[i * columns + j]! - m[j]!) ** 2;
  // A constant column (std 0) would divide by zero; 1 leaves it centred and harmless.
  const sd = v.map((s) => Math.sqrt(s / Math.max(rows - 1, 1)) || 1);
  return { mean: m, std: sd };
}

/** Normalises in place: (x - mean) / std per column. */
export function applyNormStats(x: Float32Array, stats: NormStats): Float32Array {
  const columns = stats.mean.length;
  for (let i = 0; i < x.length; i++) {
    const j = i % columns;
    x[i] = (x[i]! - stats.mean[j]!) / stats.std[j]!;
  }
  return x;
}
