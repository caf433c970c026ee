import { describe, expect, it } from 'vitest';
import { annualizedVol, annualizedVolEvery, maxDrawdown } from './kpis';

describe('volatility at two sampling intervals', () => {
  it('hour-to-hour noise that reverts within the day counts in the hourly figure only', () => {
    // ±1% every hour, back where it started every other hour: hourly vol is large, daily ≈ 0.
    const zigzag = Array.from({ length: 24 * 60 + 1 }, (_, i) => (i % 2 === 0 ? 1 : 1.01));
    expect(annualizedVol(zigzag, 0, zigzag.length - 1)).toBeGreaterThan(0.9);
    expect(annualizedVolEvery(zigzag, 0, zigzag.length - 1, 24)).toBeLessThan(1e-9);
  });

  it('a random walk has about the same annualised vol sampled hourly or daily', () => {
    let x = 0;
    let s = 12345;
    const rand = () => {
      s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
      return s / 2 ** 31;
    };
    const walk = Array.from({ length: 24 * 2000 + 1 }, () => {
      x += (rand() < 0.5 ? -1 : 1) * 0.01;
      return Math.exp(x);
    });
    const hourly = annualizedVol(walk, 0, walk.length - 1);
    const daily = annualizedVolEvery(walk, 0, walk.length - 1, 24);
    expect(hourly).toBeCloseTo(0.01 * Math.sqrt(8760), 2);
    expect(daily / hourly).toBeGreaterThan(0.9);
    expect(daily / hourly).toBeLessThan(1.1);
  });

  it('max drawdown is the largest peak-to-trough fall', () => {
    expect(maxDrawdown([1, 2, 1, 1.5, 0.5, 3], 0, 5)).toBeCloseTo(0.75, 12);
  });
});
