import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readPriceCsv } from '../../data/node';
import { captureModel } from '../artifacts';
import { FEATURE_COUNT, FIRST_FEATURE_HOUR, RANGE_FEATURE_NAMES, volSeries } from '../features';
import { CANDIDATES, type CandidateName } from './candidates';
import { forecastVolatility, loadVolatilityModel, type VolatilityMeta } from './index';
import { buildVolatilityModel } from './model';
import { predictVol, trainVolatilityModel } from './train';
import { selectServed, WEIGHTED_MEMBERS, walkForward, weightedForecast } from './walkforward';

const prices = readPriceCsv('data/prices/btcusd_1h_2018-05_2023-03.csv');
// A small real slice: 2,400 hours from mid-2018.
const N = 2400;
const slice = { timestamp: prices.timestamp.slice(0, N), close: prices.close.slice(0, N) };
const s = volSeries(slice.timestamp, slice.close);
const range = { high: prices.high!.slice(0, N), low: prices.low!.slice(0, N) };
const sRange = volSeries(slice.timestamp, slice.close, range);
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

describe('range features', () => {
  it('trains on the range set when the series has high/low, and says so in its metadata', async () => {
    const trained = await trainVolatilityModel(sRange, trainHours, { epochs: 1, seed: 3 });
    expect(trained.normalisation.featureNames).toEqual(RANGE_FEATURE_NAMES);
    const hours = [FIRST_FEATURE_HOUR + 1300];
    expect(predictVol(trained.model, trained.normalisation, sRange, hours)[0]).toBeGreaterThan(0);
    // A close-only window cannot feed a range model: a clear error, not a silent wrong input.
    expect(() => predictVol(trained.model, trained.normalisation, s, hours)).toThrow(/needs a series built with high/);
    const close = await trainVolatilityModel(sRange, trainHours, { epochs: 1, seed: 3, featureSet: 'close' });
    expect(close.normalisation.featureNames[0]).toBe('log_rv_1h');
    trained.model.dispose();
    close.model.dispose();
  });
});

describe('served forecast', () => {
  const forecasts = { model: 0.02, ensemble: 0.025, har: 0.03, garch11: 0.04, ewma: 0.05, persistence: 0.06 };
  const records = (means: Partial<Record<CandidateName, number>>, count = 500) =>
    Object.fromEntries(CANDIDATES.map((c) => [c, { count, mean: means[c] ?? 1 }])) as Record<
      CandidateName,
      { count: number; mean: number }
    >;

  it('weights members by exp(-sharpness · excess rolling QLIKE), in log volatility', () => {
    const losses = records({ model: 0.2, ensemble: 0.25, har: 0.3, garch11: 0.4, ewma: 0.5 });
    const w = WEIGHTED_MEMBERS.map((c) => Math.exp(-30 * (losses[c].mean - 0.2)));
    const expected = Math.exp(
      WEIGHTED_MEMBERS.reduce((sum, c, i) => sum + w[i]! * Math.log(forecasts[c]), 0) / w.reduce((a, b) => a + b),
    );
    expect(weightedForecast(forecasts, losses, 168, 30)).toBeCloseTo(expected, 14);
    // Very sharp weights → the best member alone; members without a track record are left out.
    expect(weightedForecast(forecasts, losses, 168, 1e6)).toBeCloseTo(0.02, 12);
    const young = records({ model: 0.2, har: 0.3 });
    young.model.count = 10;
    expect(weightedForecast(forecasts, young, 168, 1e6)).toBeCloseTo(0.03, 12); // HAR, the best left
    expect(weightedForecast(forecasts, records({}, 0), 168, 30)).toBeUndefined();
  });

  it('serves a baseline instead when it has done better than the weighted forecast over the window', () => {
    const losses = records({ har: 0.3, garch11: 0.28, ewma: 0.35, persistence: 0.6 });
    expect(selectServed(forecasts, 0.021, losses, { count: 500, mean: 0.25 }, 168)).toBe('weighted');
    expect(selectServed(forecasts, 0.021, losses, { count: 500, mean: 0.29 }, 168)).toBe('garch11');
    // Too short a track record to judge: weighted; nothing to weigh yet: HAR.
    expect(selectServed(forecasts, 0.021, losses, { count: 100, mean: 0.9 }, 168)).toBe('weighted');
    expect(selectServed(forecasts, undefined, losses, { count: 0, mean: Number.NaN }, 168)).toBe('har');
  });
});

describe('walk-forward', () => {
  it('uses no future data: changing prices after hour k leaves every line up to k unchanged', async () => {
    const k = 1900;
    const opts = { useModel: true, minModelSamples: 400, modelRefitHours: 720, modelEpochs: 1 };
    const a = await walkForward(sRange, opts);
    const later = (x: number[]) => x.map((c, i) => (i > k ? c * (1 + 0.05 * Math.sin(i)) : c));
    const altered = volSeries(slice.timestamp, later(slice.close), { high: later(range.high), low: later(range.low) });
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
