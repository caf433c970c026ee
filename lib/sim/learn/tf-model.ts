/**
 * The learned policy network as a TF.js layers model (Dense tanh → Dense sigmoid, the layout the
 * weight vector is stored in), and gradient × input attributions computed with TF.js autodiff.
 * The simulator runs the plain-TypeScript forward pass (lib/policy/strategies/learned.ts: it is
 * called every hour of every backtest, where a TF.js call per hour would cost more than the
 * economy); learned.tf.test.ts holds the two equal, so the weights mean the same in either.
 */
import * as tf from '@tensorflow/tfjs';
import type { LearnedNetwork } from '../../policy/strategies/learned';

export function toTfModel(net: LearnedNetwork): tf.Sequential {
  const { inputs, hidden, outputs } = net.architecture;
  const nIn = inputs.length;
  const nOut = outputs.length;
  const w = net.weights;
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [nIn], units: hidden, activation: 'tanh', name: 'hidden' }),
      tf.layers.dense({ units: nOut, activation: 'sigmoid', name: 'levers' }),
    ],
  });
  let o = 0;
  const take = (n: number) => {
    const part = w.slice(o, o + n);
    o += n;
    return part;
  };
  model.setWeights([
    tf.tensor2d(take(nIn * hidden), [nIn, hidden]),
    tf.tensor1d(take(hidden)),
    tf.tensor2d(take(hidden * nOut), [hidden, nOut]),
    tf.tensor1d(take(nOut)),
  ]);
  return model;
}

/** Gradient × input of each output with respect to each input, at x: [output][input]. */
export function gradientTimesInput(model: tf.Sequential, x: ArrayLike<number>, nOut: number): number[][] {
  return tf.tidy(() => {
    const input = tf.tensor2d(Array.from(x), [1, x.length]);
    const rows: number[][] = [];
    for (let k = 0; k < nOut; k++) {
      const g = tf.grad((v: tf.Tensor) => (model.apply(v) as tf.Tensor).slice([0, k], [1, 1]).sum())(input);
      const gx = g.mul(input).dataSync();
      rows.push(Array.from(gx));
    }
    return rows;
  });
}
