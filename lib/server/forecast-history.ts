// Server side of the forecast panel and Verify (Node only): hourly closes from the indexer,
// shaped exactly as the agent shapes them (lib/agent/forecast-inputs.ts), and the demo window.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decisionCandleRange, forecastWindowFromCandles, forecastWindowHash } from '../agent/forecast-inputs';
import { HOUR, MAX_HISTORY_HOURS } from '../agent/history';
import type { Env } from '../env';
import { createIndexerClient } from '../indexer';
import {
  closesFromCsv,
  DEMO_LABEL,
  DEMO_PRICES_FILE,
  type ForecastHistory,
  PANEL_WINDOW_HOURS,
  VOLATILITY_MIN_HOURS,
} from '../ml/browser/history';

/** Complete hours of indexed pool history, up to PANEL_WINDOW_HOURS, ending before the indexed hour. */
export async function chainHistory(env: Env): Promise<ForecastHistory> {
  const indexer = createIndexerClient(env.indexerUrl, { timeoutMs: 4000 });
  const status = await indexer.getStatus();
  const label = `indexed pool history of chain ${status.chainId}`;
  if (status.indexedTimestamp === null) {
    return {
      source: 'chain',
      timestamp: [],
      close: [],
      hours: 0,
      minHours: VOLATILITY_MIN_HOURS,
      untilHour: null,
      label,
    };
  }
  const untilHour = Math.floor(status.indexedTimestamp / HOUR) * HOUR;
  const candles = await indexer.getOhlc({
    from: untilHour - PANEL_WINDOW_HOURS * HOUR,
    to: untilHour,
    intervalHours: 1,
  });
  const w = forecastWindowFromCandles(candles, untilHour);
  return { source: 'chain', ...w, hours: w.close.length, minHours: VOLATILITY_MIN_HOURS, untilHour, label };
}

let demo: ForecastHistory | undefined;

/** The last PANEL_WINDOW_HOURS of the bundled BTC/USD hourly series (read once). */
export function demoHistory(): ForecastHistory {
  if (!demo) {
    const file = path.resolve(/*turbopackIgnore: true*/ process.cwd(), DEMO_PRICES_FILE);
    const w = closesFromCsv(readFileSync(file, 'utf8'), PANEL_WINDOW_HOURS);
    const last = w.timestamp[w.timestamp.length - 1] ?? null;
    demo = {
      source: 'demo',
      ...w,
      hours: w.close.length,
      minHours: VOLATILITY_MIN_HOURS,
      untilHour: last === null ? null : last + HOUR,
      label: DEMO_LABEL,
    };
  }
  return demo;
}

export type DecisionWindow = {
  timestamp: number[];
  close: number[];
  hours: number;
  untilHour: number;
  /** keccak256 of canonical {close, timestamp}: lib/agent/forecast-inputs.ts forecastWindowHash. */
  hash: `0x${string}`;
};

/**
 * Windows already rebuilt, by indexer URL and end hour. A past decision's window never changes once
 * the indexer holds its last hour, so "Verify in your browser" asks the indexer once per decision
 * and every later click (or visitor) is answered from memory, whatever the indexer's load.
 */
const windowCache = new Map<string, DecisionWindow>();
const WINDOW_CACHE_SIZE = 64;

/** The forecast window of a decision made at `decidedAt`, rebuilt from the indexer as the agent built it. */
export async function decisionWindow(env: Env, decidedAt: number): Promise<DecisionWindow> {
  const range = decisionCandleRange(decidedAt);
  const key = `${env.indexerUrl}|${range.to}`;
  const hit = windowCache.get(key);
  if (hit) return hit;
  // A person clicked and waits for this one answer (it is not polled): more patience than a poll's 4 s.
  const indexer = createIndexerClient(env.indexerUrl, { timeoutMs: 10_000 });
  const candles = await indexer.getOhlc({ ...range, intervalHours: 1 });
  const w = forecastWindowFromCandles(candles, range.to);
  if (w.close.length > MAX_HISTORY_HOURS) throw new Error('window longer than the agent keeps');
  const out: DecisionWindow = { ...w, hours: w.close.length, untilHour: range.to, hash: forecastWindowHash(w) };
  // Only a window whose last hour is indexed is final; an earlier answer may still be forward-filled.
  if (candles.some((c) => c.time >= range.to - HOUR)) {
    windowCache.set(key, out);
    if (windowCache.size > WINDOW_CACHE_SIZE) windowCache.delete(windowCache.keys().next().value as string);
  }
  return out;
}
