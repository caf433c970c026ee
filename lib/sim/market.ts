import type { PriceSeries } from '../data/prices';
import { DataError } from '../errors';

/** An hourly market path: unix-second timestamps on the hour grid and positive prices. */
export type MarketPath = { timestamp: Float64Array; price: Float64Array; source: string; inputStepSeconds: number };

const HOUR = 3600;

/** Longest gap between two price rows the simulator fills by interpolation (30 days). */
export const MAX_GAP_SECONDS = 30 * 86_400;

/**
 * Puts a validated price series on an hourly grid. Coarser data (daily) and gaps are filled by
 * geometric interpolation between observations (so intra-day volatility of daily data is not
 * invented); data finer than hourly is rejected, as the model steps hourly, and so is a gap
 * longer than MAX_GAP_SECONDS (or ten times the usual spacing, if that is longer).
 */

export function toHourlyPath(series: PriceSeries): MarketPath {
  const ts = series.timestamp;
  const px = series.close;
  if (ts.length < 2) throw new DataError('need at least two price rows', { file: series.source });
  const steps: number[] = [];
  for (let i = 1; i < ts.length; i++) steps.push((ts[i] ?? 0) - (ts[i - 1] ?? 0));
  steps.sort((a, b) => a - b);
  const median = steps[Math.floor(steps.length / 2)] ?? HOUR;
  if (median < HOUR) {
    throw new DataError(`rows are ${median} s apart; the simulator needs hourly or coarser prices`, {
      file: series.source,
    });
  }
  // Hours between rows are interpolated: a gap of years (one stray early timestamp) would be
  // decades of made-up prices and minutes of simulation. Refuse gaps past a month or ten steps.
  const maxGap = Math.max(MAX_GAP_SECONDS, 10 * median);
  for (let i = 1; i < ts.length; i++) {
    const gap = (ts[i] ?? 0) - (ts[i - 1] ?? 0);
    if (gap > maxGap) {
      throw new DataError(
        `${(gap / 86_400).toFixed(1)} days since the row before; the simulator interpolates gaps of at most ` +
          `${(maxGap / 86_400).toFixed(0)} days (rows are ${median} s apart)`,
        // +2: the header, and rows counted from 1 (exact when no record spans lines).
        { file: series.source, line: i + 2, column: 'timestamp' },
      );
    }
  }
  const t0 = Math.ceil((ts[0] ?? 0) / HOUR) * HOUR;
  const t1 = Math.floor((ts[ts.length - 1] ?? 0) / HOUR) * HOUR;
  const n = Math.floor((t1 - t0) / HOUR) + 1;
  const timestamp = new Float64Array(n);
  const price = new Float64Array(n);
  let j = 0;
  for (let h = 0; h < n; h++) {
    const t = t0 + h * HOUR;
    while (j < ts.length - 2 && (ts[j + 1] ?? 0) < t) j++;
    const ta = ts[j] ?? t;
    const tb = ts[j + 1] ?? t;
    const pa = px[j] ?? 1;
    const pb = px[j + 1] ?? pa;
    const w = tb > ta ? Math.min(1, Math.max(0, (t - ta) / (tb - ta))) : 0;
    timestamp[h] = t;
    price[h] = Math.exp((1 - w) * Math.log(pa) + w * Math.log(pb));
  }
  return { timestamp, price, source: series.source, inputStepSeconds: median };
}

/** Index of the first hour at or after `t` (unix s), clamped to the path. */
export function indexAt(path: MarketPath, t: number): number {
  const first = path.timestamp[0] ?? 0;
  return Math.min(path.timestamp.length - 1, Math.max(0, Math.ceil((t - first) / HOUR)));
}
