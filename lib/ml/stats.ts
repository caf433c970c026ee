/** Small numeric helpers and forecast-loss functions shared by every model and baseline. */

export function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return xs.length ? s / xs.length : Number.NaN;
}

export function std(xs: ArrayLike<number>, mu = mean(xs)): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i]! - mu) ** 2;
  return xs.length > 1 ? Math.sqrt(s / (xs.length - 1)) : 0;
}

/** Linear-interpolated quantile (type 7, as R and numpy default) of an unsorted array. */
export function quantile(xs: ArrayLike<number>, q: number): number {
  const sorted = Float64Array.from(xs).sort();
  return quantileSorted(sorted, q);
}

export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export function median(xs: ArrayLike<number>): number {
  return quantile(xs, 0.5);
}

/**
 * QLIKE loss of a variance forecast h against a realised variance s2 (both in the same units):
 * s2/h - log(s2/h) - 1. Zero for a perfect forecast; robust to noise in the realised proxy
 * (Patton 2011), and it punishes under-prediction of risk more than over-prediction.
 * Forecasts and outcomes here are volatilities, so both are squared first.
 */
export function qlikeVol(realisedVol: number, forecastVol: number): number {
  const ratio = (realisedVol * realisedVol) / (forecastVol * forecastVol);
  return ratio - Math.log(ratio) - 1;
}

/** Squared error of a volatility forecast. */
export function squaredError(realised: number, forecast: number): number {
  return (realised - forecast) ** 2;
}
