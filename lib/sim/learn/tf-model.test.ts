import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { forward, LEARNED_FEATURES, LEARNED_OUTPUTS } from '../../policy/strategies/learned';
import { currentLearnedNetwork } from '../../policy/strategies/learned-load';
import { Rng } from '../rng';
import { gradientTimesInput, toTfModel } from './tf-model';

describe('the learned network in TF.js', () => {
  it('gives the plain forward pass’s outputs (1e-5) on 50 random inputs, and gradient × input agrees with a finite difference', async () => {
    await tf.setBackend('cpu');
    const net = currentLearnedNetwork();
    const model = toTfModel(net);
    const rng = new Rng(9);
    for (let n = 0; n < 50; n++) {
      const x = Array.from(LEARNED_FEATURES, () => rng.uniform(-4, 4));
      const ours = forward(net, x);
      const theirs = tf.tidy(() => (model.predict(tf.tensor2d(x, [1, x.length])) as tf.Tensor).dataSync());
      for (let k = 0; k < LEARNED_OUTPUTS.length; k++)
        expect(Math.abs((ours[k] ?? 0) - (theirs[k] ?? 0))).toBeLessThan(1e-5);
    }
    const x = Array.from(LEARNED_FEATURES, () => rng.uniform(-1, 1));
    const gx = gradientTimesInput(model, x, LEARNED_OUTPUTS.length);
    const h = 1e-3;
    for (let i = 0; i < x.length; i++) {
      const up = [...x];
      const down = [...x];
      up[i] = (up[i] ?? 0) + h;
      down[i] = (down[i] ?? 0) - h;
      const d = (forward(net, up)[2] ?? 0) - (forward(net, down)[2] ?? 0);
      expect(gx[2]?.[i] ?? 0).toBeCloseTo((d / (2 * h)) * (x[i] ?? 0), 3);
    }
    model.dispose();
  });
});
