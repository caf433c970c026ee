/**
 * The forecast's committed input window, reproducible by anyone: the hourly closes the agent
 * fed its volatility forecaster, and the fallback forecaster it uses before the ML model has
 * enough history. Pure (no fs): used by the app's Verify (browser) and meant for the agent.
 *
 * Today the justification commits `inputs.inputHash` = keccak256(canonical {snapshot, history,
 * sources, anomaly}), which nobody outside the agent can recompute: the snapshot is not
 * published. The window itself is reproducible from the indexer (the agent reads
 * /api/ohlc for [untilHour − MAX_HISTORY_HOURS h, untilHour) with untilHour = the decision's
 * hour), so `forecastWindowHash` gives the part that matters for the forecast its own
 * commitment; the agent should add `inputs.forecastWindow = forecastWindowCommitment(history)`
 * to the justification so Verify can check it rather than trust the reconstruction.
 */
import type { Hex } from 'viem';
import type { Forecast } from '../policy/types';
import { DEFAULT_HAR_CONFIG, HarForecaster } from '../sim/forecaster';
import { hashCanonical } from './canonical';
import { HOUR, type HourlyHistory, hourlyFromCandles, MAX_HISTORY_HOURS } from './history';

export type ForecastWindow = { timestamp: number[]; close: number[] };

export type ForecastWindowCommitment = {
  /** First and last hour start (unix seconds), number of hours. */
  from: number | null;
  to: number | null;
  hours: number;
  /** keccak256 of canonical JSON {close, timestamp}. */
  hash: Hex;
};

/** Hour (start, unix seconds) before which the agent's history for a decision ends. */
export function decisionUntilHour(decidedAt: number): number {
  return Math.floor(decidedAt / HOUR) * HOUR;
}

/** The range of indexer candles the agent requests for a decision at `decidedAt`. */
export function decisionCandleRange(decidedAt: number): { from: number; to: number } {
  const to = decisionUntilHour(decidedAt);
  return { from: to - MAX_HISTORY_HOURS * HOUR, to };
}

/** Indexer candles → the forecast window exactly as the agent builds it (forward-filled, contiguous). */
export function forecastWindowFromCandles(
  candles: readonly { time: number; close: number }[],
  untilHour: number,
): ForecastWindow {
  const h = hourlyFromCandles(
    candles.map((c) => ({ time: c.time, close: c.close, volumeStable: 0, reserveStable: 0 })),
    untilHour,
  );
  return { timestamp: h.timestamp, close: h.close };
}

export function forecastWindowCommitment(h: Pick<HourlyHistory, 'timestamp' | 'close'>): ForecastWindowCommitment {
  return {
    from: h.timestamp[0] ?? null,
    to: h.timestamp[h.timestamp.length - 1] ?? null,
    hours: h.close.length,
    hash: forecastWindowHash(h),
  };
}

export function forecastWindowHash(h: Pick<HourlyHistory, 'timestamp' | 'close'>): Hex {
  return hashCanonical({ timestamp: h.timestamp, close: h.close }).hash;
}

/** Model hash of the fallback forecaster (identical to agent/forecast.ts createHarFallback). */
export const HAR_FALLBACK_MODEL_HASH: Hex = hashCanonical({
  model: 'lib/sim/forecaster.ts#HarForecaster',
  config: DEFAULT_HAR_CONFIG,
}).hash;

/** The fallback forecast (annualised, lib/sim units) the agent makes from a window. */
export function harFallbackForecast(w: ForecastWindow): Forecast & { modelVersion: string; modelHash: Hex } {
  const f = new HarForecaster();
  for (let i = 0; i < w.close.length; i++) f.push(w.timestamp[i]! + HOUR, w.close[i]!);
  const out = f.forecast();
  return { ...out, modelVersion: `${out.model ?? 'har-rv'}@lib/sim`, modelHash: HAR_FALLBACK_MODEL_HASH };
}
