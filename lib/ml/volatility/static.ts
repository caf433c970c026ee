/**
 * Trains the published (static) volatility artifact on the named time-ordered splits:
 * network and baselines on `train`, early stopping + candidate choice + interval calibration
 * on `validation`, and metrics on `test`, which nothing was fitted on.
 */
import { selectEwmaLambda } from '../baselines/ewma';
import { fitGarch11 } from '../baselines/garch11';
import { fitHar } from '../baselines/har';
import { FIRST_FEATURE_HOUR, futureVol, HORIZON_HOURS, type VolSeries } from '../features';
import { mean, qlikeVol, quantile, squaredError } from '../stats';
import { CANDIDATES, type CandidateForecasts, type CandidateName } from './candidates';
import { staticCandidates, type VolatilityMeta, type VolatilityModel } from './index';
import { splitHours } from './splits';
import { type TrainedVolModel, trainVolatilityModel, VOL_TRAIN_DEFAULTS } from './train';

export type CandidateMetrics = Record<CandidateName, { qlike: number; mse: number }>;
export type SplitMetrics = {
  hours: number;
  from: number;
  to: number;
  candidates: CandidateMetrics;
  served: { name: CandidateName; qlike: number; mse: number; coverage80: number; coverage95: number };
};

export function scoreCandidates(
  s: VolSeries,
  hours: ArrayLike<number>,
  forecasts: CandidateForecasts[],
): CandidateMetrics {
  const realised = Array.from(hours, (t) => futureVol(s.sumSq, t));
  return Object.fromEntries(
    CANDIDATES.map((c) => [
      c,
      {
        qlike: mean(realised.map((y, i) => qlikeVol(y, forecasts[i]![c]!))),
        mse: mean(realised.map((y, i) => squaredError(y, forecasts[i]![c]!))),
      },
    ]),
  ) as CandidateMetrics;
}

export async function trainStaticVolatility(s: VolSeries, seed = VOL_TRAIN_DEFAULTS.seed, epochs = 40) {
  const train = splitHours(s, 'train');
  const validation = splitHours(s, 'validation');
  const test = splitHours(s, 'test');
  const trainRealised = Float64Array.from(train, (t) => futureVol(s.sumSq, t));
  // Close-only features: the artifact serves browsers, whose indexed history has closes only.
  const trained: TrainedVolModel = await trainVolatilityModel(s, train, {
    seed,
    epochs,
    validationHours: validation,
    featureSet: 'close',
  });
  const lastTrainReturn = train[train.length - 1]! + HORIZON_HOURS + 1;
  const meta: VolatilityMeta = {
    horizonHours: HORIZON_HOURS,
    minWindowHours: FIRST_FEATURE_HOUR + 1,
    normalisation: trained.normalisation,
    baselines: {
      ewmaLambda: selectEwmaLambda(s.returns, train, trainRealised),
      garch11: fitGarch11(s.returns, 1, lastTrainReturn),
      har: fitHar(s, train, trainRealised),
    },
    served: 'model',
    residualQuantiles: { q025: 0, q10: 0, q90: 0, q975: 0 },
  };
  const vm: VolatilityModel = { model: trained.model, meta };
  const valForecasts = staticCandidates(vm, s, validation);
  const valMetrics = scoreCandidates(s, validation, valForecasts);
  meta.served = CANDIDATES.reduce((a, b) => (valMetrics[b].qlike < valMetrics[a].qlike ? b : a));
  const logErr = Array.from(validation, (t, i) => Math.log(futureVol(s.sumSq, t) / valForecasts[i]![meta.served]!));
  meta.residualQuantiles = {
    q025: quantile(logErr, 0.025),
    q10: quantile(logErr, 0.1),
    q90: quantile(logErr, 0.9),
    q975: quantile(logErr, 0.975),
  };
  const splitMetrics = (hours: Int32Array, forecasts: CandidateForecasts[]): SplitMetrics => {
    const candidates = scoreCandidates(s, hours, forecasts);
    let c80 = 0;
    let c95 = 0;
    const q = meta.residualQuantiles;
    hours.forEach((t, i) => {
      const y = Math.log(futureVol(s.sumSq, t) / forecasts[i]![meta.served]!);
      if (y >= q.q10 && y <= q.q90) c80++;
      if (y >= q.q025 && y <= q.q975) c95++;
    });
    return {
      hours: hours.length,
      from: s.timestamp[hours[0]!]!,
      to: s.timestamp[hours[hours.length - 1]!]!,
      candidates,
      served: {
        name: meta.served,
        ...candidates[meta.served],
        coverage80: c80 / hours.length,
        coverage95: c95 / hours.length,
      },
    };
  };
  const metrics = {
    validation: splitMetrics(validation, valForecasts),
    test: splitMetrics(test, staticCandidates(vm, s, test)),
  };
  return {
    vm,
    trained,
    metrics,
    spans: { train: span(s, train), validation: span(s, validation), test: span(s, test) },
  };
}

function span(s: VolSeries, hours: Int32Array) {
  return {
    from: s.timestamp[hours[0]!]!,
    to: s.timestamp[hours[hours.length - 1]!]! + HORIZON_HOURS * 3600,
    hours: hours.length,
  };
}
