/**
 * The forecasts that compete for being served. The baselines are always computed and always
 * reported; the network and the ensemble join when they exist. Selection is by QLIKE over a
 * rolling window of forecasts whose outcomes are already known, so the served forecast is
 * never one that is *known* to be doing worse than the best baseline over that window.
 */
export const CANDIDATES = ['model', 'ensemble', 'har', 'garch11', 'ewma', 'persistence'] as const;
export type CandidateName = (typeof CANDIDATES)[number];
export const BASELINES = ['persistence', 'ewma', 'garch11', 'har'] as const;
export type BaselineName = (typeof BASELINES)[number];

export type CandidateForecasts = Record<CandidateName, number | undefined>;

/**
 * Ensemble: geometric mean of the network, HAR and GARCH forecasts (equal weights in log
 * volatility). Errors of a neural net and of two classical models are only partly correlated,
 * so the average is usually better than its worst member and often better than its best.
 */
export function ensembleForecast(model: number | undefined, har: number | undefined, garch: number | undefined) {
  const members = [model, har, garch].filter((v): v is number => v !== undefined);
  if (members.length < 2 || model === undefined) return undefined;
  return Math.exp(members.reduce((s, v) => s + Math.log(v), 0) / members.length);
}

/** Interval bounds from quantiles of log(realised / forecast) residuals. */
export type ResidualQuantiles = { q025: number; q10: number; q90: number; q975: number };

export function intervalsFrom(forecast: number, q: ResidualQuantiles) {
  return {
    lower80: forecast * Math.exp(q.q10),
    upper80: forecast * Math.exp(q.q90),
    lower95: forecast * Math.exp(q.q025),
    upper95: forecast * Math.exp(q.q975),
  };
}

/**
 * Used until enough residuals are known: quantiles of a lognormal with σ = 0.5 in log RV,
 * roughly the spread of a 24h RV forecast error on BTC (HAR's residual sd on 2018-2021 is 0.47).
 */
export const DEFAULT_RESIDUAL_QUANTILES: ResidualQuantiles = { q025: -0.98, q10: -0.64, q90: 0.64, q975: 0.98 };
