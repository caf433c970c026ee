import * as tf from '@tensorflow/tfjs';
import {
  applyNormStats,
  defaultFeatureSet,
  FEATURE_COUNT,
  FEATURE_SET_NAMES,
  type FeatureSet,
  featureMatrix,
  featureSetOf,
  fitNormStats,
  futureVol,
  type NormStats,
  type VolSeries,
} from '../features';
import { mulberry32, permutation } from '../random';
import { buildVolatilityModel, qlikeLoss } from './model';

export type VolTrainOptions = {
  seed?: number;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  /** Optional early-stopping set: keep the weights of the epoch with the lowest QLIKE here. */
  validationHours?: ArrayLike<number>;
  /** Default: 'range' when the series has high/low, else 'close' (see features.ts). */
  featureSet?: FeatureSet;
};

/** What the network needs besides its weights; saved in model.json's userDefinedMetadata. */
export type VolNormalisation = {
  featureNames: readonly string[];
  features: NormStats;
  /** Mean of log(RV²) on the training rows; the network predicts the deviation from it. */
  targetMean: number;
};

export type TrainedVolModel = {
  model: tf.LayersModel;
  normalisation: VolNormalisation;
  epochsRun: number;
  bestEpoch: number;
  trainLoss: number;
  validationLoss: number | undefined;
  trainingMs: number;
};

/** Defaults chosen on the validation split (see lib/ml/README.md); small on purpose. */
export const VOL_TRAIN_DEFAULTS = { seed: 20240501, epochs: 25, batchSize: 256, learningRate: 0.003 } as const;

/** Log realised variance targets for the given forecast hours (each needs t+24 to exist). */
export function logVarianceTargets(s: VolSeries, hours: ArrayLike<number>): Float32Array {
  const y = new Float32Array(hours.length);
  for (let i = 0; i < hours.length; i++) y[i] = 2 * Math.log(futureVol(s.sumSq, hours[i]!));
  return y;
}

/**
 * Trains the volatility network on `hours` (forecast hours whose 24h outcome is known).
 * Deterministic: seeded initialisers, a seeded shuffle per epoch, and no dropout.
 */
export async function trainVolatilityModel(
  s: VolSeries,
  hours: ArrayLike<number>,
  options: VolTrainOptions = {},
): Promise<TrainedVolModel> {
  const started = performance.now();
  const { seed, epochs, batchSize, learningRate } = { ...VOL_TRAIN_DEFAULTS, ...options };
  const set = options.featureSet ?? defaultFeatureSet(s);
  const xRaw = featureMatrix(s, hours, set);
  const stats = fitNormStats(xRaw, FEATURE_COUNT);
  const x = applyNormStats(xRaw, stats);
  const yRaw = logVarianceTargets(s, hours);
  let targetMean = 0;
  for (const v of yRaw) targetMean += v / yRaw.length;
  const y = yRaw.map((v) => v - targetMean);
  const normalisation: VolNormalisation = { featureNames: FEATURE_SET_NAMES[set], features: stats, targetMean };

  const model = buildVolatilityModel(seed);
  const optimizer = tf.train.adam(learningRate);
  const xAll = tf.tensor2d(x, [hours.length, FEATURE_COUNT]);
  const yAll = tf.tensor2d(y, [hours.length, 1]);
  let xVal: tf.Tensor2D | undefined;
  let yVal: tf.Tensor2D | undefined;
  if (options.validationHours && options.validationHours.length > 0) {
    const xv = applyNormStats(featureMatrix(s, options.validationHours, set), stats);
    xVal = tf.tensor2d(xv, [options.validationHours.length, FEATURE_COUNT]);
    yVal = tf.tensor2d(
      logVarianceTargets(s, options.validationHours).map((v) => v - targetMean),
      [options.validationHours.length, 1],
    );
  }
  const rng = mulberry32(seed);
  let best: tf.Tensor[] | undefined;
  let bestLoss = Number.POSITIVE_INFINITY;
  let bestEpoch = epochs;
  let trainLoss = Number.NaN;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const order = tf.tensor1d(permutation(hours.length, rng), 'int32');
    let epochLoss = 0;
    for (let start = 0; start < hours.length; start += batchSize) {
      const size = Math.min(batchSize, hours.length - start);
      const loss = tf.tidy(() => {
        const idx = order.slice([start], [size]);
        const xb = tf.gather(xAll, idx);
        const yb = tf.gather(yAll, idx);
        return optimizer.minimize(() => qlikeLoss(yb, model.apply(xb) as tf.Tensor), true) as tf.Scalar;
      });
      epochLoss += (await loss.data())[0]! * size;
      loss.dispose();
    }
    order.dispose();
    trainLoss = epochLoss / hours.length;
    if (xVal && yVal) {
      const vl = tf.tidy(() => qlikeLoss(yVal, model.apply(xVal) as tf.Tensor));
      const v = (await vl.data())[0]!;
      vl.dispose();
      if (v < bestLoss) {
        bestLoss = v;
        bestEpoch = epoch;
        for (const w of best ?? []) w.dispose();
        best = model.getWeights().map((w) => w.clone());
      }
    }
  }
  if (best) {
    model.setWeights(best);
    for (const w of best) w.dispose();
  }
  xAll.dispose();
  yAll.dispose();
  xVal?.dispose();
  yVal?.dispose();
  optimizer.dispose();
  return {
    model,
    normalisation,
    epochsRun: epochs,
    bestEpoch,
    trainLoss,
    validationLoss: Number.isFinite(bestLoss) ? bestLoss : undefined,
    trainingMs: performance.now() - started,
  };
}

/**
 * Forecast RV (24h scale) for many hours at once: exp(½·(targetMean + network output)).
 * Input rows are built and normalised here; one batched predict, disposed before returning.
 */
export function predictVol(
  model: tf.LayersModel,
  normalisation: VolNormalisation,
  s: VolSeries,
  hours: ArrayLike<number>,
): Float64Array {
  if (hours.length === 0) return new Float64Array(0);
  const x = applyNormStats(featureMatrix(s, hours, featureSetOf(normalisation.featureNames)), normalisation.features);
  const out = tf.tidy(() => {
    const pred = model.predict(tf.tensor2d(x, [hours.length, FEATURE_COUNT])) as tf.Tensor;
    return pred.dataSync();
  });
  const vol = new Float64Array(hours.length);
  for (let i = 0; i < hours.length; i++) vol[i] = Math.exp(0.5 * (normalisation.targetMean + out[i]!));
  return vol;
}
