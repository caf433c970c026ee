import * as tf from '@tensorflow/tfjs';
import { SENTIMENT_LABELS, type SentimentLabel } from '../../data/sentiment';
import { type ArtifactSource, loadLayersModelFrom } from '../artifacts';
import { mulberry32, permutation } from '../random';
import { decodeIdf, denseBatch, encodeIdf, featurize, HASH_DIM, type SparseFeatures } from './featurize';

/**
 * Sentiment model: hashed, idf-weighted bag of n-grams → Dense(3) logits (multinomial logistic
 * regression). Input [batch, HASH_DIM] (sparse, ~400 non-zeros per tweet) · Output [batch, 3]
 * logits in SENTIMENT_LABELS order. 65,536×3 + 3 weights ≈ 0.79 MB as float32, plus the idf
 * (64 kB as bytes, base64 in model.json's metadata).
 * Why not the previous Dense(24, relu) hidden layer? In cross-validation it did not beat the
 * linear model (0.763 vs 0.767–0.772 on validation; an average of both, 0.762): with 7.6k tweets
 * the data, not the capacity, is the limit, and the linear model is smaller and easier to read.
 * Trained on dense [64, HASH_DIM] batches built on the fly from the sparse rows; a gather-based
 * sparse product would be smaller on paper, but the gradient of gather (unsortedSegmentSum) is
 * O(rows × vocabulary) on the cpu backend and missing on wasm.
 */
export function buildSentimentModel(seed: number): tf.LayersModel {
  return tf.sequential({
    name: 'sentiment_hashed_logreg',
    layers: [
      tf.layers.dense({
        inputShape: [HASH_DIM],
        units: SENTIMENT_LABELS.length,
        name: 'logits',
        kernelInitializer: tf.initializers.glorotUniform({ seed }),
      }),
    ],
  });
}

/** What a sentiment model carries besides its weights (model.json userDefinedMetadata.sentiment). */
export type SentimentMeta = {
  labels: string[];
  hashDim: number;
  featurizer: string;
  /** encodeIdf() of the training idf; absent: unweighted features. */
  idf?: string;
};

export const SENTIMENT_FEATURIZER = 'lib/ml/sentiment/featurize.ts v2 (word 1-2, char 2-5 across words, idf)';

export function sentimentMeta(idf?: Float32Array): SentimentMeta {
  return {
    labels: [...SENTIMENT_LABELS],
    hashDim: HASH_DIM,
    featurizer: SENTIMENT_FEATURIZER,
    ...(idf ? { idf: encodeIdf(idf) } : {}),
  };
}

const idfCache = new WeakMap<tf.LayersModel, Float32Array | null>();

/** The idf a model was trained with (decoded once per model), or undefined. */
export function modelIdf(model: tf.LayersModel): Float32Array | undefined {
  let idf = idfCache.get(model);
  if (idf === undefined) {
    const meta = (model.getUserDefinedMetadata() as { sentiment?: SentimentMeta } | undefined)?.sentiment;
    if (meta && meta.hashDim !== HASH_DIM) {
      throw new Error(`sentiment model was built for ${meta.hashDim} hash buckets; this featurizer has ${HASH_DIM}`);
    }
    idf = meta?.idf ? decodeIdf(meta.idf) : null;
    idfCache.set(model, idf);
  }
  return idf ?? undefined;
}

export type SentimentTrainOptions = {
  seed?: number;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  /** L2 penalty on the kernel (keeps rare n-grams small). */
  l2?: number;
  /** The idf the features were weighted with; saved in the model's metadata for classifyTexts. */
  idf?: Float32Array;
  validation?: { features: SparseFeatures[]; labels: number[] };
  /** Class weight = (n / (3·count))^power; 0 = unweighted, 1 = fully balanced. */
  classWeightPower?: number;
};

export const SENT_TRAIN_DEFAULTS = {
  seed: 7,
  epochs: 10,
  batchSize: 64,
  learningRate: 0.01,
  l2: 1e-5,
  classWeightPower: 0.5,
} as const;

export async function trainSentimentModel(
  features: SparseFeatures[],
  labels: number[],
  options: SentimentTrainOptions = {},
) {
  const started = performance.now();
  const o = { ...SENT_TRAIN_DEFAULTS, ...options };
  const model = buildSentimentModel(o.seed);
  model.setUserDefinedMetadata({ sentiment: sentimentMeta(options.idf) });
  const logitsLayer = model.getLayer('logits');
  const optimizer = tf.train.adam(o.learningRate);
  // Inverse-frequency class weights (square-rooted, to avoid over-correcting): macro-F1 counts
  // the small bearish class as much as the large neutral one.
  const counts = [0, 0, 0];
  for (const l of labels) counts[l]!++;
  const classWeight = counts.map((c) => (labels.length / (3 * Math.max(c, 1))) ** o.classWeightPower);
  const rng = mulberry32(o.seed);
  let best: tf.Tensor[] | undefined;
  let bestScore = -1;
  let bestEpoch = o.epochs;
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    const order = permutation(features.length, rng);
    for (let start = 0; start < features.length; start += o.batchSize) {
      const idx = Array.from(order.subarray(start, Math.min(start + o.batchSize, features.length)));
      const rows = idx.map((i) => features[i]!);
      const y = idx.map((i) => labels[i]!);
      const w = y.map((l) => classWeight[l]!);
      tf.tidy(() => {
        const x = tf.tensor2d(denseBatch(rows), [rows.length, HASH_DIM]);
        const yT = tf.oneHot(tf.tensor1d(y, 'int32'), 3);
        const wT = tf.tensor1d(w);
        optimizer.minimize(() => {
          const logits = model.apply(x) as tf.Tensor;
          const ce = tf.losses.softmaxCrossEntropy(yT, logits, wT);
          // L2 on the kernel keeps rarely seen (hashed) n-grams small.
          const kernel = logitsLayer.trainableWeights[0]!.read();
          return tf.add(ce, tf.mul(o.l2, tf.sum(tf.square(kernel)))) as tf.Scalar;
        });
      });
    }
    if (o.validation) {
      const pred = predictClasses(model, o.validation.features);
      const score = macroF1(o.validation.labels, pred);
      if (score > bestScore) {
        bestScore = score;
        bestEpoch = epoch;
        for (const t of best ?? []) t.dispose();
        best = model.getWeights().map((t) => t.clone());
      }
    }
  }
  if (best) {
    model.setWeights(best);
    for (const t of best) t.dispose();
  }
  optimizer.dispose();
  return { model, bestEpoch, validationMacroF1: bestScore, trainingMs: performance.now() - started };
}

/** Class probabilities [rows][3] for sparse rows, in chunks so the dense input stays small. */
export function predictProbabilities(model: tf.LayersModel, rows: SparseFeatures[], chunk = 256): Float32Array[] {
  const out: Float32Array[] = [];
  for (let start = 0; start < rows.length; start += chunk) {
    const part = rows.slice(start, start + chunk);
    const probs = tf.tidy(() => {
      const x = tf.tensor2d(denseBatch(part), [part.length, HASH_DIM]);
      return tf.softmax(model.predict(x) as tf.Tensor).dataSync() as Float32Array;
    });
    for (let i = 0; i < part.length; i++) out.push(probs.slice(i * 3, i * 3 + 3));
  }
  return out;
}

export function predictClasses(model: tf.LayersModel, rows: SparseFeatures[]): number[] {
  return predictProbabilities(model, rows).map((p) => (p[0]! >= p[1]! && p[0]! >= p[2]! ? 0 : p[1]! >= p[2]! ? 1 : 2));
}

export type SentimentResult = { label: SentimentLabel; score: number; probabilities: [number, number, number] };

/** Label = most probable class; score = P(positive) − P(negative), in [-1, 1]. */
export function classifyTexts(model: tf.LayersModel, texts: string[]): SentimentResult[] {
  const idf = modelIdf(model);
  return predictProbabilities(
    model,
    texts.map((t) => featurize(t, idf)),
  ).map((p) => {
    const k = p[0]! >= p[1]! && p[0]! >= p[2]! ? 0 : p[1]! >= p[2]! ? 1 : 2;
    return {
      label: SENTIMENT_LABELS[k]!,
      score: p[1]! - p[0]!,
      probabilities: [p[0]!, p[1]!, p[2]!],
    };
  });
}

export async function loadSentimentModel(source: ArtifactSource) {
  return loadLayersModelFrom(source);
}

export function accuracy(truth: number[], pred: number[]): number {
  let ok = 0;
  truth.forEach((t, i) => {
    if (t === pred[i]) ok++;
  });
  return ok / truth.length;
}

/** Mean over the three classes of F1 = 2·precision·recall / (precision + recall). */
export function macroF1(truth: number[], pred: number[], classes = 3): number {
  let sum = 0;
  for (let c = 0; c < classes; c++) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    truth.forEach((t, i) => {
      const p = pred[i];
      if (p === c && t === c) tp++;
      else if (p === c) fp++;
      else if (t === c) fn++;
    });
    sum += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  return sum / classes;
}

/**
 * The fixed held-out split of a labelled corpus: a seeded permutation, 80% train,
 * 10% validation (early stopping), 10% test (reported). The corpus has no time order to respect.
 */
export const SENTIMENT_SPLIT_SEED = 20240613;
export function sentimentSplit(n: number, seed = SENTIMENT_SPLIT_SEED) {
  const p = Array.from(permutation(n, mulberry32(seed)));
  const a = Math.floor(n * 0.8);
  const b = Math.floor(n * 0.9);
  return { train: p.slice(0, a), validation: p.slice(a, b), test: p.slice(b) };
}
