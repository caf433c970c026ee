/**
 * Hourly close history of the HOME/stable pool, from whichever source the agent trusts this
 * iteration: the indexer's candles or raw pool events read from the chain. Pure.
 */
export const HOUR = 3600;
/** Longest history kept: the volatility model's window calibration uses up to ~2,900 hours. */
export const MAX_HISTORY_HOURS = 3000;

export type HourlyHistory = {
  /** Start of each hour (unix seconds, multiples of 3600), ascending and contiguous. */
  timestamp: number[];
  /** Pool price (stable per HOME) at the end of the hour. */
  close: number[];
  /** Stable traded through the pool during the hour. */
  volumeStable: number[];
  /** Stable reserve at the end of the hour (a liquidity-depth proxy for the anomaly detector). */
  liquidityStable: number[];
};

export type PoolPoint = { time: number; price: number; reserveStable: number };
export type SwapPoint = { time: number; stable: number };

export function emptyHistory(): HourlyHistory {
  return { timestamp: [], close: [], volumeStable: [], liquidityStable: [] };
}

/**
 * Buckets pool observations (time-ordered) into complete hours before `untilHour` (an hour
 * start, exclusive), carrying the last price through hours without events.
 */
export function hourlyFromPoints(
  points: readonly PoolPoint[],
  swaps: readonly SwapPoint[],
  untilHour: number,
): HourlyHistory {
  const out = emptyHistory();
  if (points.length === 0) return out;
  const first = Math.floor(points[0]!.time / HOUR) * HOUR;
  const volume = new Map<number, number>();
  for (const s of swaps) {
    const h = Math.floor(s.time / HOUR) * HOUR;
    volume.set(h, (volume.get(h) ?? 0) + s.stable);
  }
  let i = 0;
  let last = points[0]!;
  const start = Math.max(first, untilHour - MAX_HISTORY_HOURS * HOUR);
  for (let h = first; h < untilHour; h += HOUR) {
    while (i < points.length && points[i]!.time < h + HOUR) last = points[i++]!;
    if (h < start) continue;
    out.timestamp.push(h);
    out.close.push(last.price);
    out.volumeStable.push(volume.get(h) ?? 0);
    out.liquidityStable.push(last.reserveStable);
  }
  return out;
}

export type CandleLike = { time: number; close: number; volumeStable: number; reserveStable: number };

/** Hourly candles (possibly with gaps) → contiguous hours before `untilHour`, forward-filled. */
export function hourlyFromCandles(candles: readonly CandleLike[], untilHour: number): HourlyHistory {
  const sorted = [...candles].sort((a, b) => a.time - b.time);
  const points = sorted.map((c) => ({ time: c.time + HOUR - 1, price: c.close, reserveStable: c.reserveStable }));
  const swaps = sorted.map((c) => ({ time: c.time, stable: c.volumeStable }));
  return hourlyFromPoints(points, swaps, untilHour);
}

/** Closes of hours [fromHour, fromHour + hours) plus the close before, or undefined if not all there. */
export function closesFrom(h: HourlyHistory, fromHour: number, hours: number): number[] | undefined {
  const first = h.timestamp[0];
  if (first === undefined) return undefined;
  const i0 = (fromHour - first) / HOUR - 1;
  if (!Number.isInteger(i0) || i0 < 0 || i0 + hours >= h.close.length) return undefined;
  return h.close.slice(i0, i0 + hours + 1);
}

/** Annualised realised volatility of consecutive closes: sqrt(Σ r² × 8760 / n). */
export function realisedVol(closes: readonly number[]): number {
  let s = 0;
  for (let i = 1; i < closes.length; i++) s += Math.log(closes[i]! / closes[i - 1]!) ** 2;
  return closes.length > 1 ? Math.sqrt((s / (closes.length - 1)) * 8760) : 0;
}

/** Largest peak-to-trough fall (fraction) within the closes. */
export function maxDrawdown(closes: readonly number[]): number {
  let peak = 0;
  let dd = 0;
  for (const c of closes) {
    peak = Math.max(peak, c);
    if (peak > 0) dd = Math.max(dd, 1 - c / peak);
  }
  return dd;
}
