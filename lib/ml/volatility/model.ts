import * as tf from '@tensorflow/tfjs';
import { FEATURE_COUNT } from '../features';

/**
 * Volatility network: a linear (HAR-like) path plus a small ReLU path, summed.
 * Input  [batch, FEATURE_COUNT]  normalised features (see features.ts).
 * Output [batch, 1]              log of the forecast 24h variance, *minus* the training-target
 *                                mean (the caller adds it back), so the initial output ≈ 0.
 * The linear path alone can represent HAR; the 16-unit path lets the model bend where the
 * log-linear fit is wrong (e.g. after large negative returns). 177 weights in total: it trains
 * in seconds on a CPU and runs in well under a millisecond.
 */
export const VOL_HIDDEN_UNITS = 16;

export function buildVolatilityModel(seed: number): tf.LayersModel {
  const input = tf.input({ shape: [FEATURE_COUNT], name: 'features' });
  const linear = tf.layers
    .dense({ units: 1, name: 'linear', kernelInitializer: tf.initializers.glorotUniform({ seed }) })
    .apply(input) as tf.SymbolicTensor;
  const hidden = tf.layers
    .dense({
      units: VOL_HIDDEN_UNITS,
      activation: 'relu',
      name: 'hidden',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
    })
    .apply(input) as tf.SymbolicTensor;
  // Zero-initialised so training starts from the linear model and only adds curvature it needs.
  const bend = tf.layers
    .dense({ units: 1, name: 'bend', kernelInitializer: 'zeros' })
    .apply(hidden) as tf.SymbolicTensor;
  const output = tf.layers.add({ name: 'log_variance' }).apply([linear, bend]) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output, name: 'volatility_mlp' });
}

/**
 * QLIKE loss written in log-variance: with d = y - ŷ (y = log realised variance,
 * ŷ = log forecast variance), QLIKE = exp(d) - d - 1. Convex in ŷ and minimised by the
 * conditional mean of the variance. d is clipped at 20 so one extreme hour cannot overflow.
 */
export function qlikeLoss(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const d = tf.minimum(tf.sub(yTrue, yPred), 20);
    return tf.mean(tf.sub(tf.sub(tf.exp(d), d), 1)) as tf.Scalar;
  });
}
