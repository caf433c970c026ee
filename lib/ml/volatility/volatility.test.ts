import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readPriceCsv } from '../../data/node';
import { captureModel } from '../artifacts';
import { FEATURE_COUNT, FIRST_FEATURE_HOUR, volSeries } from '../features';
import { forecastVolatility, loadVolatilityModel, type VolatilityMeta } from './index';
import { buildVolatilityModel } from './model';
import { predictVol, trainVolatilityModel } from './train';
import { walkForward } from './walkforward';

const prices = readPriceCsv('data/prices/btcusd_1h_2018-05_2023-03.csv');
// A small real slice: 2,400 hours from mid-2018.
const N = 2400;
const slice = { timestamp: prices.timestamp.slice(0, N), close: prices.close.slice(0, N) };
const s = volSeries(slice.timestamp, slice.close);
const trainHours = Int32Array.from({ length: 1200 }, (_, i) => FIRST_FEATURE_HOUR + i);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('volatility network', () => {
  it('maps [batch, FEATURE_COUNT] to [batch, 1]', () => {
    const model = buildVolatilityModel(1);
    const y = tf.tidy(() => model.predict(tf.zeros([5, FEATURE_COUNT])) as tf.Tensor);
    expect(y.shape).toEqual([5, 1]);
    y.dispose();
    model.dispose();
  });

  it('trains deterministically: same seed, same weights, no leaked tensors', async () => {
    const before = tf.memory().numTensors;
    const a = await trainVolatilityModel(s, trainHours, { epochs: 2, seed: 3 });
    const b = await trainVolatilityModel(s, trainHours, { epochs: 2, seed: 3 });
    const wa = a.model.getWeights().map((w) => Array.from(w.dataSync()));
    const wb = b.model.getWeights().map((w) => Array.from(w.dataSync()));
    expect(wa).toEqual(wb);
    expect(a.normalisation.features.mean).toHaveLength(FEATURE_COUNT);
    a.model.dispose();
    b.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('round-trips through model.json + weights with its metadata and gives the same forecast', async () => {
    const trained = await trainVolatilityModel(s, trainHours, { epochs: 1 });
    const meta: VolatilityMeta = {
      horizonHours: 24,
      minWindowHours: FIRST_FEATURE_HOUR + 1,
      normalisation: trained.normalisation,
      baselines: {
        ewmaLambda: 0.97,
        garch11: { omega: 1e-6, alpha: 0.1, beta: 0.85 },
        har: { coefficients: [-0.5, 0.3, 0.4, 0.2], residualVariance: 0.2 },
      },
      served: 'ensemble',
      residualQuantiles: { q025: -1, q10: -0.6, q90: 0.6, q975: 1 },
    };
    const artifact = await captureModel(trained.model, { volatility: meta });
    const vm = await loadVolatilityModel(artifact);
    const hours = [FIRST_FEATURE_HOUR + 1300, FIRST_FEATURE_HOUR + 1400];
    expect(Array.from(predictVol(vm.model, vm.meta.normalisation, s, hours))).toEqual(
      Array.from(predictVol(trained.model, trained.normalisation, s, hours)),
    );
    // Window too short for window calibration → the stored (validation) quantiles are used.
    const f = forecastVolatility(vm, { timestamp: slice.timestamp.slice(0, 1000), close: slice.close.slice(0, 1000) });
    expect(f.calibration).toBe('validation');
    expect(f.rvNext).toBeCloseTo(f.candidates.ensemble!, 12);
    expect(f.lower95).toBeLessThan(f.lower80);
    expect(f.upper80).toBeLessThan(f.upper95);
    expect(f.upper80 / f.rvNext).toBeCloseTo(Math.exp(0.6), 10);
    const g = forecastVolatility(vm, slice);
    expect(g.calibration).toBe('window');
    expect(g.lower80).toBeLessThan(g.rvNext);
    vm.model.dispose();
    trained.model.dispose();
  });
});

describe('walk-forward', () => {
  it('uses no future data: changing prices after hour k leaves every line up to k unchanged', async () => {
    const k = 1900;
    const opts = { useModel: true, minModelSamples: 400, modelRefitHours: 720, modelEpochs: 1 };
    const a = await walkForward(s, opts);
    const altered = volSeries(
      slice.timestamp,
      slice.close.map((c, i) => (i > k ? c * (1 + 0.05 * Math.sin(i)) : c)),
    );
    const b = await walkForward(altered, opts);
    const upTo = (rows: typeof a) => rows.filter((r) => r.t <= k);
    expect(upTo(a).length).toBeGreaterThan(400);
    expect(upTo(b)).toEqual(upTo(a));
    expect(a.some((r) => r.candidates.model !== undefined)).toBe(true);
    // Intervals are ordered and every baseline is present in every line.
    for (const r of a) {
      expect(r.lower95).toBeLessThanOrEqual(r.lower80);
      expect(r.lower80).toBeLessThanOrEqual(r.upper80);
      expect(r.upper80).toBeLessThanOrEqual(r.upper95);
      for (const b of ['persistence', 'ewma', 'garch11', 'har'] as const) expect(r.candidates[b]).toBeGreaterThan(0);
    }
  });
});
