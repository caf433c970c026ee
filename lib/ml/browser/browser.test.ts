import { describe, expect, it } from 'vitest';
import { closesFromCsv, VOLATILITY_MIN_HOURS } from './history';
import { forecastChartSeries, HOUR, hoursMissing, trailingRv24 } from './series';
import { committedKind, committedServed, compareForecasts, relativeError, SQRT_365 } from './verify';

describe('forecast panel helpers', () => {
  it('trailing 24h RV is sqrt of the sum of the last 24 squared log returns', () => {
    const close = Array.from({ length: 30 }, (_, i) => 100 * Math.exp(0.01 * (i % 2)));
    // every return is ±0.01 → sqrt(24 × 1e-4)
    expect(trailingRv24(close, 29)).toBeCloseTo(Math.sqrt(24e-4), 12);
    expect(trailingRv24(close, 23)).toBeUndefined();
  });

  it('chart series: realised history, then the forecast held over the next 24 hours', () => {
    const n = 100;
    const w = {
      timestamp: Array.from({ length: n }, (_, i) => i * HOUR),
      close: Array.from({ length: n }, (_, i) => 100 + i),
    };
    const f = { timestamp: (n - 1) * HOUR, rvNext: 0.03, lower80: 0.02, upper80: 0.04, lower95: 0.015, upper95: 0.05 };
    const s = forecastChartSeries(w, f, 48);
    expect(s).toHaveLength(48 + 24);
    expect(s[0]).toEqual({ time: 52 * HOUR, realised: trailingRv24(w.close, 52) });
    const at = s.find((p) => p.time === f.timestamp)!;
    expect(at.realised).toBeDefined();
    expect(at.band80).toEqual([0.02, 0.04]);
    expect(s[s.length - 1]).toEqual({
      time: f.timestamp + 24 * HOUR,
      forecast: 0.03,
      band80: [0.02, 0.04],
      band95: [0.015, 0.05],
    });
  });

  it('counts the missing hours', () => {
    expect(VOLATILITY_MIN_HOURS).toBe(721);
    expect(hoursMissing(100, 721)).toBe(621);
    expect(hoursMissing(900, 721)).toBe(0);
  });

  it('reads the last rows of an hourly CSV and refuses bad rows', () => {
    const csv = 'timestamp,open,close\n2020-01-01T00:00:00Z,1,10\n2020-01-01T01:00:00Z,1,11\n1577844000,1,12\n';
    expect(closesFromCsv(csv, 2)).toEqual({ timestamp: [1577840400, 1577844000], close: [11, 12] });
    expect(() => closesFromCsv('timestamp,close\nx,1\n')).toThrow(/line 2/);
    expect(() => closesFromCsv('time,close\n1,1\n')).toThrow(/columns/);
  });
});

describe('verify', () => {
  const committed = {
    rvNext: 0.6,
    lower80: 0.4,
    upper80: 0.8,
    lower95: 0.3,
    upper95: 1,
    model: 'volatility-cda7fff59046:model',
    modelVersion: 'volatility-cda7fff59046',
    modelHash: '0xabc',
  };

  it('reads what the agent recorded', () => {
    expect(committedKind(committed)).toBe('ml');
    expect(committedServed(committed)).toBe('model');
    expect(committedKind({ modelVersion: 'ewma@lib/sim' })).toBe('fallback');
    expect(committedKind({ modelVersion: 'mystery' })).toBe('unknown');
    expect(SQRT_365 ** 2).toBeCloseTo(365, 10);
  });

  it('matches within 1e-3 relative with the same served candidate and model hash', () => {
    const ok = compareForecasts(committed, { rvNext: 0.6 * (1 + 9e-4), served: 'model', modelHash: '0xABC' });
    expect(ok.match).toBe(true);
    expect(ok.relativeError).toBeCloseTo(9e-4 / (1 + 9e-4), 12);
    expect(compareForecasts(committed, { rvNext: 0.6 * 1.0011, served: 'model', modelHash: '0xabc' }).match).toBe(
      false,
    );
    const served = compareForecasts(committed, { rvNext: 0.6, served: 'har', modelHash: '0xabc' });
    expect(served.match).toBe(false);
    expect(served.checks.find((c) => c.name === 'served')?.ok).toBe(false);
    expect(compareForecasts(committed, { rvNext: 0.6, served: 'model', modelHash: '0xdef' }).match).toBe(false);
    expect(relativeError(0, 0)).toBe(0);
  });
});
