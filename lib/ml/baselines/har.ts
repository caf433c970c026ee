import { trailingVol, type VolSeries } from '../features';
import { ols } from './linalg';

/**
 * HAR-RV (Corsi 2009) in log form, on the 24-hour scale:
 * log RV[t→t+24] = b0 + b1·log RV_24h[t] + b2·log RV_7d[t] + b3·log RV_30d[t] + e,
 * fitted by OLS. Because the regression is in logs, exp(prediction) estimates the median; the
 * forecast reported is exp(μ + s²) with s² the residual variance, whose square is the lognormal
 * mean of RV², i.e. a variance forecast, which is what QLIKE scores.
 */
export type HarParams = { coefficients: [number, number, number, number]; residualVariance: number };

export function harRegressors(s: VolSeries, t: number): [number, number, number] {
  return [
    Math.log(trailingVol(s.sumSq, t, 24)),
    Math.log(trailingVol(s.sumSq, t, 168)),
    Math.log(trailingVol(s.sumSq, t, 720)),
  ];
}

/** Fits HAR on forecast hours `hours` with realised targets `realised` (same length). */
export function fitHar(s: VolSeries, hours: ArrayLike<number>, realised: ArrayLike<number>): HarParams {
  const x = new Float64Array(hours.length * 4);
  const y = new Float64Array(hours.length);
  for (let i = 0; i < hours.length; i++) {
    const [a, b, c] = harRegressors(s, hours[i]!);
    x.set([1, a, b, c], i * 4);
    y[i] = Math.log(realised[i]!);
  }
  return fitHarFromDesign(x, y);
}

/** OLS on a prepared design [rows, 4] (intercept first) and log targets. */
export function fitHarFromDesign(x: ArrayLike<number>, y: ArrayLike<number>): HarParams {
  const b = ols(x, y, 4) as [number, number, number, number];
  let ss = 0;
  for (let i = 0; i < y.length; i++) {
    const fit = b[0] + b[1] * x[i * 4 + 1]! + b[2] * x[i * 4 + 2]! + b[3] * x[i * 4 + 3]!;
    ss += (y[i]! - fit) ** 2;
  }
  return { coefficients: b, residualVariance: ss / Math.max(y.length - 4, 1) };
}

export function harForecast(p: HarParams, s: VolSeries, t: number): number {
  const [a, b, c] = harRegressors(s, t);
  const [b0, b1, b2, b3] = p.coefficients;
  return Math.exp(b0 + b1 * a + b2 * b + b3 * c + p.residualVariance);
}
