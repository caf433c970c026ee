/**
 * The hourly close history the forecast panel runs on (API shape + pure parsing). Types only
 * and plain functions: shared by app/api/forecast (server) and the panel (browser).
 */
import { FIRST_FEATURE_HOUR } from '../features';
import type { HourlyWindow } from './protocol';

/** Closes the volatility model needs (30-day features + one return): 721. */
export const VOLATILITY_MIN_HOURS = FIRST_FEATURE_HOUR + 1;
/** Hours the panel asks for: ≥ 1,245 lets the intervals calibrate on the window itself. */
export const PANEL_WINDOW_HOURS = 3000;

export const DEMO_PRICES_FILE = 'data/prices/btcusd_1h_2018-05_2023-03.csv';
export const DEMO_LABEL = 'demo data (not this chain): BTC/USD hourly closes, data/prices';

export type ForecastHistory = HourlyWindow & {
  source: 'chain' | 'demo';
  /** Hours in the window. */
  hours: number;
  minHours: number;
  /** Start of the hour the window ends before (unix seconds); null when there is no history. */
  untilHour: number | null;
  label: string;
  /** With ?fallback=demo: the chain's own hours, when too few and the demo window was sent instead. */
  chainHours?: number;
};

/**
 * The last `maxRows` (timestamp, close) rows of an hourly CSV with a header that has
 * `timestamp` (ISO-8601 or unix seconds) and `close` columns. Throws on a malformed row.
 */
export function closesFromCsv(text: string, maxRows = PANEL_WINDOW_HOURS): HourlyWindow {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split(',').map((h) => h.trim().toLowerCase());
  const ti = header.indexOf('timestamp');
  const ci = header.indexOf('close');
  if (ti < 0 || ci < 0) throw new Error('closesFromCsv: needs "timestamp" and "close" columns');
  const timestamp: number[] = [];
  const close: number[] = [];
  for (let i = Math.max(1, lines.length - maxRows); i < lines.length; i++) {
    const cells = lines[i]!.split(',');
    const rawT = cells[ti]?.trim() ?? '';
    const t = /^\d+$/.test(rawT) ? Number(rawT) : Date.parse(rawT) / 1000;
    const c = Number(cells[ci]);
    if (!Number.isFinite(t) || !Number.isFinite(c) || c <= 0) {
      throw new Error(`closesFromCsv: line ${i + 1} is not a valid (timestamp, close) row`);
    }
    timestamp.push(t);
    close.push(c);
  }
  return { timestamp, close };
}
