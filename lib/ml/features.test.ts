import { describe, expect, it } from 'vitest';
import {
  applyNormStats,
  defaultFeatureSet,
  FEATURE_COUNT,
  FEATURE_NAMES,
  featureMatrix,
  featureSetOf,
  fitNormStats,
  futureVol,
  logReturns,
  parkinsonVariances,
  RANGE_FEATURE_NAMES,
  trailingVol,
  volSeries,
} from './features';
import { mulberry32 } from './random';

function walk(n: number, seed = 1) {
  const rng = mulberry32(seed);
  const close = [100];
  for (let i = 1; i < n; i++) close.push(close[i - 1]! * Math.exp(0.01 * (rng() - 0.5)));
  // A high and low around each hour's open→close move.
  const high = close.map((c, i) => Math.max(c, close[i - 1] ?? c) * (1 + 0.004 * rng()));
  const low = close.map((c, i) => Math.min(c, close[i - 1] ?? c) * (1 - 0.004 * rng()));
  return { timestamp: close.map((_, i) => 1_600_000_000 + i * 3600), close, high, low };
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

  it('computes Parkinson range variances by hand and range features from the past only', () => {
    const v = parkinsonVariances([110, 100, 50], [100, 100, 40]);
    expect(v[0]).toBeCloseTo(Math.log(1.1) ** 2 / (4 * Math.log(2)), 15);
    expect(v[1]).toBe(0);
    expect(() => parkinsonVariances([100, 90], [95, 95])).toThrow(/row 1: high 90 is below low 95/);
    const a = walk(900);
    const s = volSeries(a.timestamp, a.close, { high: a.high, low: a.low });
    expect(defaultFeatureSet(s)).toBe('range');
    expect(defaultFeatureSet(volSeries(a.timestamp, a.close))).toBe('close');
    const row = featureMatrix(s, [800], 'range');
    const pk = parkinsonVariances(a.high, a.low);
    let day = 0;
    for (let i = 777; i <= 800; i++) day += pk[i]!;
    expect(row[2]).toBeCloseTo(Math.log(Math.sqrt(day)), 5); // log_pk_24h, float32
    expect(row[0]).toBeCloseTo(0.5 * Math.log(24 * pk[800]!), 5); // log_pk_1h on the 24h scale
    // Returns and calendar columns are shared with the close set.
    expect(Array.from(row.slice(5))).toEqual(Array.from(featureMatrix(s, [800], 'close').slice(5)));
    // Changing highs and lows after t leaves the row at t unchanged.
    const later = (x: number[]) => x.map((p, i) => (i > 800 ? p * 1.3 : p));
    const b = volSeries(a.timestamp, later(a.close), {
      high: later(a.high),
      low: later(a.low).map((p, i) => (i > 800 ? p * 0.9 : p)),
    });
    expect(Array.from(featureMatrix(b, [800], 'range'))).toEqual(Array.from(row));
    expect(() => featureMatrix(volSeries(a.timestamp, a.close), [800], 'range')).toThrow(
      /needs a series built with high and low/,
    );
  });

  it('maps saved feature names back to their set and refuses unknown ones', () => {
    expect(featureSetOf(FEATURE_NAMES)).toBe('close');
    expect(featureSetOf(RANGE_FEATURE_NAMES)).toBe('range');
    expect(() => featureSetOf(['log_rv_1h'])).toThrow(/unknown volatility feature names/);
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
