import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { downsampleSeries } from './downsample';

type P = { time: number; a: number | null; b: number };

const series = (n: number, f: (i: number) => Omit<P, 'time'>): P[] =>
  Array.from({ length: n }, (_, i) => ({ time: 3600 * i, ...f(i) }));

describe('downsampleSeries', () => {
  it('returns a short series unchanged (same array)', () => {
    const s = series(168, (i) => ({ a: i, b: -i }));
    expect(downsampleSeries(s, ['a', 'b'], 300)).toBe(s);
  });

  it('keeps at most maxPoints real points, in time order, first and last included', () => {
    const s = series(5000, (i) => ({ a: Math.sin(i / 50), b: i % 17 }));
    const out = downsampleSeries(s, ['a', 'b'], 300);
    expect(out.length).toBeLessThanOrEqual(300);
    expect(out.length).toBeGreaterThan(100);
    expect(out[0]).toBe(s[0]);
    expect(out.at(-1)).toBe(s.at(-1));
    for (let i = 1; i < out.length; i++) expect(out[i]!.time).toBeGreaterThan(out[i - 1]!.time);
    for (const p of out) expect(s).toContain(p);
  });

  it('keeps a one-hour spike and a one-hour crash of any plotted key', () => {
    const s = series(8760, (i) => ({ a: i === 4321 ? 1000 : 1, b: i === 777 ? -50 : 0 }));
    const out = downsampleSeries(s, ['a', 'b'], 200);
    expect(out.some((p) => p.a === 1000)).toBe(true);
    expect(out.some((p) => p.b === -50)).toBe(true);
  });

  it('skips nulls and non-finite values when looking for extremes', () => {
    const s = series(1000, (i) => ({ a: i % 3 === 0 ? null : i, b: Number.NaN }));
    const out = downsampleSeries(s, ['a', 'b'], 60);
    expect(out.some((p) => p.a === 998)).toBe(true);
    expect(out.length).toBeLessThanOrEqual(60);
  });

  it('rejects a maxPoints that cannot draw a line', () => {
    expect(() =>
      downsampleSeries(
        series(10, () => ({ a: 1, b: 1 })),
        ['a'],
        1,
      ),
    ).toThrow(/maxPoints/);
    expect(() =>
      downsampleSeries(
        series(10, () => ({ a: 1, b: 1 })),
        ['a'],
        2.5,
      ),
    ).toThrow(/maxPoints/);
  });

  it('preserves every key’s range within each bucket (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 3000 }),
        fc.integer({ min: 6, max: 400 }),
        (values, max) => {
          const s = values.map((v, i) => ({ time: i, a: v, b: -v }));
          const out = downsampleSeries(s, ['a', 'b'], max);
          expect(out.length).toBeLessThanOrEqual(max);
          // Global extremes always survive.
          expect(Math.max(...out.map((p) => p.a))).toBe(Math.max(...values));
          expect(Math.min(...out.map((p) => p.a))).toBe(Math.min(...values));
        },
      ),
    );
  });
});
