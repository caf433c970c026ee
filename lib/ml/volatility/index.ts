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
import { FIRST_FEATURE_HOUR, HORIZON_HOURS, type VolSeries, volSeries } from '../features';
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
export function staticCandidates(
  vm: VolatilityModel,
  s: VolSeries,
  hours: ArrayLike<number>,
): CandidateForecasts[] {
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

/**
 * Forecast from the last close of `window` (hourly, oldest first, at least meta.minWindowHours
 * closes; ~1,000+ recommended so the GARCH and EWMA recursions forget their starting value).
 */
export function forecastVolatility(
  vm: VolatilityModel,
  window: { timestamp: ArrayLike<number>; close: ArrayLike<number> },
): VolatilityForecast {
  if (window.close.length < vm.meta.minWindowHours) {
    throw new RangeError(`forecastVolatility needs at least ${vm.meta.minWindowHours} hourly closes`);
  }
  const s = volSeries(window.timestamp, window.close);
  const t = s.n - 1;
  const [candidates] = staticCandidates(vm, s, [t]);
  const rvNext = candidates![vm.meta.served]!;
  return {
    timestamp: s.timestamp[t]!,
    rvNext,
    ...intervalsFrom(rvNext, vm.meta.residualQuantiles),
    served: vm.meta.served,
    candidates: candidates!,
  };
}

export const VOLATILITY_MIN_WINDOW = FIRST_FEATURE_HOUR + 1;
export { HORIZON_HOURS };
