/**
 * Browser- and worker-friendly volatility API (no fs, no React):
 *   const vm = await loadVolatilityModel('/models/volatility-<hash>/model.json');
 *   const f = forecastVolatility(vm, { timestamp, close }); // ≥ 721 hourly closes, oldest first
 * The same code runs in the Node CLIs; see lib/ml/README.md.
 */
import type * as tf from '@tensorflow/tfjs';
import { type ArtifactSource, loadLayersModelFrom } from '../artifacts';
import { ewmaVariancePath, ewmaVolFromVariance } from '../baselines/ewma';
import { type Garch11Params, garchVariancePath, garchVolForecast } from '../baselines/garch11';
import { type HarParams, harForecast } from '../baselines/har';
import { persistenceForecast } from '../baselines/persistence';
import { FIRST_FEATURE_HOUR, futureVol, HORIZON_HOURS, type VolSeries, volSeries } from '../features';
import { quantileSorted } from '../stats';
import {
  type CandidateForecasts,
  type CandidateName,
  ensembleForecast,
  intervalsFrom,
  type ResidualQuantiles,
} from './candidates';
import { predictVol, type VolNormalisation } from './train';

/** Everything besides the weights; stored in model.json's `userDefinedMetadata.volatility`. */
export type VolatilityMeta = {
  horizonHours: number;
  /** Closes needed in the input window (30-day features + one return). */
  minWindowHours: number;
  normalisation: VolNormalisation;
  baselines: { ewmaLambda: number; garch11: Garch11Params; har: HarParams };
  /** The candidate that had the lowest QLIKE on the validation split; this is what is served. */
  served: CandidateName;
  /** Quantiles of log(realised/served) on the validation split: the interval calibration. */
  residualQuantiles: ResidualQuantiles;
};

export type VolatilityModel = { model: tf.LayersModel; meta: VolatilityMeta };

export type VolatilityForecast = {
  /** Unix seconds of the last close used. */
  timestamp: number;
  /** Forecast RV of the next 24 hourly log returns (fraction: 0.03 = 3%). */
  rvNext: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
  served: CandidateName;
  candidates: CandidateForecasts;
};

export async function loadVolatilityModel(source: ArtifactSource): Promise<VolatilityModel> {
  const model = await loadLayersModelFrom(source);
  const meta = (model.getUserDefinedMetadata() as { volatility?: VolatilityMeta } | undefined)?.volatility;
  if (!meta) {
    model.dispose();
    throw new Error('loadVolatilityModel: model.json has no volatility metadata');
  }
  return { model, meta };
}

/** Candidate forecasts at hour t of a series, with GARCH/EWMA run over the whole series. */
export function staticCandidates(vm: VolatilityModel, s: VolSeries, hours: ArrayLike<number>): CandidateForecasts[] {
  const { meta } = vm;
  const garch = garchVariancePath(s.returns, meta.baselines.garch11);
  const ewma = ewmaVariancePath(s.returns, meta.baselines.ewmaLambda);
  const nn = predictVol(vm.model, meta.normalisation, s, hours);
  return Array.from(hours, (t, i) => {
    const har = harForecast(meta.baselines.har, s, t);
    const garch11 = garchVolForecast(meta.baselines.garch11, garch[t]!);
    return {
      model: nn[i]!,
      ensemble: ensembleForecast(nn[i], har, garch11),
      har,
      garch11,
      ewma: ewmaVolFromVariance(ewma[t]!),
      persistence: persistenceForecast(s, t),
    };
  });
}

/** Fewest scored forecasts inside the window for the intervals to be calibrated on them. */
export const WINDOW_CALIBRATION_MIN = 500;
/** Most recent scored forecasts used for window calibration (90 days, as in the walk-forward CLI). */
export const WINDOW_CALIBRATION_MAX = 2160;

/**
 * Forecast from the last close of `window` (hourly, oldest first, at least meta.minWindowHours
 * closes; ~1,000+ recommended so the GARCH and EWMA recursions forget their starting value).
 *
 * Intervals: when the window holds at least WINDOW_CALIBRATION_MIN forecasts whose outcomes are
 * already inside it (window ≥ 721 + 24 + 500 closes), they are the quantiles of the served
 * forecast's log-errors over the last WINDOW_CALIBRATION_MAX of those (rolling conformal, as the
 * CLI does); otherwise the validation-split quantiles stored with the model. Rolling matters:
 * static validation quantiles from calm 2021 covered only 58% (80% band) in 2022's turmoil.
 */
export function forecastVolatility(
  vm: VolatilityModel,
  window: { timestamp: ArrayLike<number>; close: ArrayLike<number> },
): VolatilityForecast & { calibration: 'window' | 'validation' } {
  if (window.close.length < vm.meta.minWindowHours) {
    throw new RangeError(`forecastVolatility needs at least ${vm.meta.minWindowHours} hourly closes`);
  }
  const s = volSeries(window.timestamp, window.close);
  const t = s.n - 1;
  const served = vm.meta.served;
  // Hours whose 24h outcome lies inside the window, then the forecast hour t itself.
  const first = Math.max(FIRST_FEATURE_HOUR, t - HORIZON_HOURS - WINDOW_CALIBRATION_MAX + 1);
  const scored = t - HORIZON_HOURS - first + 1;
  const useWindow = scored >= WINDOW_CALIBRATION_MIN;
  const hours = useWindow ? Int32Array.from({ length: scored + 1 }, (_, i) => (i < scored ? first + i : t)) : [t];
  const all = staticCandidates(vm, s, hours);
  const candidates = all[all.length - 1]!;
  const rvNext = candidates[served]!;
  let q = vm.meta.residualQuantiles;
  if (useWindow) {
    const errors = new Float64Array(scored);
    for (let i = 0; i < scored; i++) errors[i] = Math.log(futureVol(s.sumSq, hours[i]!) / all[i]![served]!);
    errors.sort();
    q = {
      q025: quantileSorted(errors, 0.025),
      q10: quantileSorted(errors, 0.1),
      q90: quantileSorted(errors, 0.9),
      q975: quantileSorted(errors, 0.975),
    };
  }
  return {
    timestamp: s.timestamp[t]!,
    rvNext,
    ...intervalsFrom(rvNext, q),
    served,
    candidates,
    calibration: useWindow ? 'window' : 'validation',
  };
}

export const VOLATILITY_MIN_WINDOW = FIRST_FEATURE_HOUR + 1;
export { HORIZON_HOURS };
