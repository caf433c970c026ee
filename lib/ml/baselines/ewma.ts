import { HORIZON_HOURS, VOL_FLOOR } from '../features';
import { qlikeVol } from '../stats';

/**
 * EWMA (RiskMetrics) variance: σ²[t+1|t] = λ·σ²[t|t-1] + (1-λ)·r[t]². Hourly variance; the
 * 24-hour forecast is sqrt(24·σ²[t+1|t]) because EWMA has no mean reversion (flat term structure).
 */
export const EWMA_LAMBDAS = [0.9, 0.94, 0.97, 0.98, 0.99, 0.995] as const;
/** RiskMetrics' daily value; used when there is no history to choose λ on. */
export const EWMA_DEFAULT_LAMBDA = 0.94;

/**
 * One-step-ahead hourly variance path: out[t] = σ²[t+1|t], the forecast made at the close of
 * hour t. Seeded with the mean r² of the first (up to) 24 returns; returns[0] (NaN) is skipped.
 */
export function ewmaVariancePath(returns: ArrayLike<number>, lambda: number): Float64Array {
  const n = returns.length;
  const out = new Float64Array(n);
  let seed = 0;
  let count = 0;
  for (let i = 1; i < Math.min(n, 25); i++) {
    seed += returns[i]! ** 2;
    count++;
  }
  let v = count ? seed / count : 0;
  out[0] = v;
  for (let t = 1; t < n; t++) {
    v = lambda * v + (1 - lambda) * returns[t]! ** 2;
    out[t] = v;
  }
  return out;
}

export function ewmaVolFromVariance(hourlyVariance: number): number {
  return Math.max(Math.sqrt(HORIZON_HOURS * hourlyVariance), VOL_FLOOR);
}

/**
 * Chooses λ from EWMA_LAMBDAS by mean QLIKE on the given (forecast hour, realised RV) pairs.
 * Only pairs whose outcome is already known may be passed (the caller enforces no look-ahead).
 */
export function selectEwmaLambda(returns: ArrayLike<number>, hours: ArrayLike<number>, realised: ArrayLike<number>) {
  if (hours.length === 0) return EWMA_DEFAULT_LAMBDA;
  let best: number = EWMA_DEFAULT_LAMBDA;
  let bestLoss = Number.POSITIVE_INFINITY;
  for (const lambda of EWMA_LAMBDAS) {
    const path = ewmaVariancePath(returns, lambda);
    let loss = 0;
    for (let i = 0; i < hours.length; i++) loss += qlikeVol(realised[i]!, ewmaVolFromVariance(path[hours[i]!]!));
    if (loss < bestLoss) {
      bestLoss = loss;
      best = lambda;
    }
  }
  return best;
}
