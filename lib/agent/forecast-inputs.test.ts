import { describe, expect, it } from 'vitest';
import { createHarFallback } from '../../agent/forecast';
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

  it('is the forecast and model hash the agent commits (agent/forecast.ts createHarFallback)', () => {
    const close = Array.from({ length: 400 }, (_, i) => 1 + 0.02 * Math.sin(i / 3) + 0.001 * (i % 7));
    const w = { timestamp: close.map((_, i) => 1_000 * HOUR + i * HOUR), close };
    const agent = createHarFallback().forecast({ ...w, volumeStable: [], liquidityStable: [] }, 0);
    const mine = harFallbackForecast(w);
    expect(mine.rvNext).toBe(agent.rvNext);
    expect(mine.upper95).toBe(agent.upper95);
    expect(mine.modelHash).toBe(agent.modelHash);
    expect(mine.modelVersion).toBe(agent.modelVersion);
  });
});
