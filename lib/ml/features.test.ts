import { describe, expect, it } from 'vitest';
import {
  applyNormStats,
  FEATURE_COUNT,
  featureMatrix,
  fitNormStats,
  futureVol,
  logReturns,
  trailingVol,
  volSeries,
} from './features';
import { mulberry32 } from './random';

function walk(n: number, seed = 1) {
  const rng = mulberry32(seed);
  const close = [100];
  for (let i = 1; i < n; i++) close.push(close[i - 1]! * Math.exp(0.01 * (rng() - 0.5)));
  return { timestamp: close.map((_, i) => 1_600_000_000 + i * 3600), close };
}

describe('features', () => {
  it('computes log returns, trailing and future RV by hand', () => {
    const close = [100, 101, 99, 102, 100];
    const r = logReturns(close);
    expect(r[0]).toBeNaN();
    expect(r[2]).toBeCloseTo(Math.log(99 / 101), 15);
    const s = volSeries([0, 1, 2, 3, 4], close);
    const ss = r[3]! ** 2 + r[4]! ** 2;
    expect(trailingVol(s.sumSq, 4, 2)).toBeCloseTo(Math.sqrt((24 / 2) * ss), 12);
  });

  it('uses only the past: changing prices after t leaves the features at t unchanged', () => {
    const a = walk(900);
    const b = { timestamp: a.timestamp, close: a.close.map((c, i) => (i > 800 ? c * 1.5 : c)) };
    const fa = featureMatrix(volSeries(a.timestamp, a.close), [800]);
    const fb = featureMatrix(volSeries(b.timestamp, b.close), [800]);
    expect(Array.from(fa)).toEqual(Array.from(fb));
    expect(fa.length).toBe(FEATURE_COUNT);
  });

  it('the target is the RV of the next 24 returns', () => {
    const a = walk(800);
    const s = volSeries(a.timestamp, a.close);
    let ss = 0;
    for (let i = 751; i <= 774; i++) ss += s.returns[i]! ** 2;
    expect(futureVol(s.sumSq, 750)).toBeCloseTo(Math.sqrt(ss), 12);
  });

  it('normalises to zero mean and unit variance on the training rows', () => {
    const x = Float32Array.from([1, 10, 2, 20, 3, 30]);
    const stats = fitNormStats(x, 2);
    expect(stats.mean).toEqual([2, 20]);
    const z = applyNormStats(x, stats);
    expect(Array.from(z)).toEqual([-1, -1, 0, 0, 1, 1]);
  });
});
