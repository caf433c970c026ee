import { describe, expect, it } from 'vitest';
import { HarForecaster, harForecast } from './forecaster';
import { syntheticPath } from './testing';

describe('HarForecaster', () => {
  const path = syntheticPath(24 * 120, 11, 0.6);

  it('recovers a constant volatility and nests its intervals', () => {
    const f = new HarForecaster();
    for (let i = 0; i < path.price.length; i++) f.push(path.timestamp[i] ?? 0, path.price[i] ?? 1);
    const fc = f.forecast();
    expect(fc.model).toBe('har-rv');
    expect(fc.rvNext).toBeGreaterThan(0.45);
    expect(fc.rvNext).toBeLessThan(0.75);
    expect(fc.lower95).toBeLessThanOrEqual(fc.lower80);
    expect(fc.lower80).toBeLessThanOrEqual(fc.rvNext);
    expect(fc.rvNext).toBeLessThanOrEqual(fc.upper80);
    expect(fc.upper80).toBeLessThanOrEqual(fc.upper95);
  });

  it('falls back to EWMA during warm-up', () => {
    const f = new HarForecaster();
    for (let i = 0; i < 100; i++) f.push(path.timestamp[i] ?? 0, path.price[i] ?? 1);
    expect(f.forecast().model).toBe('ewma');
  });

  it('has no look-ahead: the forecast at t ignores everything after t', () => {
    const t = 24 * 100;
    const a = harForecast({ timestamp: path.timestamp, price: path.price }, t);
    const tampered = Float64Array.from(path.price);
    for (let i = t + 1; i < tampered.length; i++) tampered[i] = (tampered[i] ?? 1) * (i % 2 ? 3 : 0.3);
    const b = harForecast({ timestamp: path.timestamp, price: tampered }, t);
    expect(b).toEqual(a);
  });
});
