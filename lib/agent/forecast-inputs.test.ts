import { describe, expect, it } from 'vitest';
import { hashCanonical } from './canonical';
import {
  decisionCandleRange,
  forecastWindowCommitment,
  forecastWindowFromCandles,
  forecastWindowHash,
  HAR_FALLBACK_MODEL_HASH,
  harFallbackForecast,
} from './forecast-inputs';
import { HOUR, MAX_HISTORY_HOURS } from './history';

describe('forecast inputs', () => {
  it('asks for the same candle range as the agent', () => {
    const decidedAt = 1_000 * HOUR + 1234;
    expect(decisionCandleRange(decidedAt)).toEqual({ from: (1_000 - MAX_HISTORY_HOURS) * HOUR, to: 1_000 * HOUR });
  });

  it('forward-fills candles into contiguous hours before untilHour', () => {
    const w = forecastWindowFromCandles(
      [
        { time: 10 * HOUR, close: 1 },
        { time: 12 * HOUR, close: 2 },
      ],
      14 * HOUR,
    );
    expect(w).toEqual({ timestamp: [10, 11, 12, 13].map((h) => h * HOUR), close: [1, 1, 2, 2] });
  });

  it('commits to the window by its canonical hash', () => {
    const w = { timestamp: [0, HOUR], close: [1.5, 1.25] };
    expect(forecastWindowHash(w)).toBe(hashCanonical({ close: [1.5, 1.25], timestamp: [0, HOUR] }).hash);
    expect(forecastWindowCommitment(w)).toMatchObject({ from: 0, to: HOUR, hours: 2 });
  });

  it('reproduces the fallback forecaster deterministically', () => {
    const close = Array.from({ length: 200 }, (_, i) => 1 + 0.01 * Math.sin(i));
    const w = { timestamp: close.map((_, i) => i * HOUR), close };
    const a = harFallbackForecast(w);
    expect(a).toEqual(harFallbackForecast(w));
    expect(a.modelHash).toBe(HAR_FALLBACK_MODEL_HASH);
    expect(a.modelVersion).toMatch(/@lib\/sim$/);
    expect(a.rvNext).toBeGreaterThan(0);
  });
});
