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

/**
 * Prices a Uniswap V2 pool can quote: reserves are uint112 (< 5.2e33 raw units), so with token
 * decimals up to 18 the ratio of two reserves in whole units lies within about [1e-34, 1e46].
 * A price outside [1e-40, 1e50] cannot have come from the pool.
 */
export const MIN_POOL_PRICE = 1e-40;
export const MAX_POOL_PRICE = 1e50;

const isoHour = (t: number) => (Number.isFinite(t) ? new Date(t * 1000).toISOString().slice(0, 16) : String(t));

/**
 * Why raw pool observations cannot be trusted, or undefined. Chain reads arrive in block order,
 * so time never goes back; prices are finite and positive, reserves and volumes finite and
 * non-negative. Anything else is corrupt data, and the agent must not reason on it.
 */
export function poolProblem(points: readonly PoolPoint[], swaps: readonly SwapPoint[]): string | undefined {
  let prev = Number.NEGATIVE_INFINITY;
  for (const [i, p] of points.entries()) {
    if (!Number.isFinite(p.time)) return `pool point ${i}: time is ${p.time}`;
    if (p.time < prev)
      return `pool point ${i} at ${isoHour(p.time)} is earlier than the point before (${isoHour(prev)})`;
    prev = p.time;
    if (!(Number.isFinite(p.price) && p.price > 0)) return `pool price at ${isoHour(p.time)} is ${p.price}`;
    if (p.price < MIN_POOL_PRICE || p.price > MAX_POOL_PRICE) {
      return `pool price at ${isoHour(p.time)} is ${p.price}, outside what a Uniswap V2 pool can quote`;
    }
    // price = stable reserve / HOME reserve: a positive price needs a positive stable reserve.
    if (!(Number.isFinite(p.reserveStable) && p.reserveStable > 0)) {
      return `pool stable reserve at ${isoHour(p.time)} is ${p.reserveStable}`;
    }
  }
  for (const [i, s] of swaps.entries()) {
    if (!Number.isFinite(s.time)) return `swap ${i}: time is ${s.time}`;
    if (!(Number.isFinite(s.stable) && s.stable >= 0)) return `swap volume at ${isoHour(s.time)} is ${s.stable}`;
  }
  return undefined;
}

/** Why indexer candles cannot be trusted, or undefined: one finite, positive candle per hour. */
export function candleProblem(candles: readonly CandleLike[]): string | undefined {
  const seen = new Set<number>();
  for (const c of candles) {
    if (!(Number.isFinite(c.time) && c.time % HOUR === 0)) return `candle time ${c.time} is not an hour start`;
    if (seen.has(c.time)) return `two candles for ${isoHour(c.time)}`;
    seen.add(c.time);
    if (!(Number.isFinite(c.close) && c.close >= MIN_POOL_PRICE && c.close <= MAX_POOL_PRICE)) {
      return `close at ${isoHour(c.time)} is ${c.close}`;
    }
    if (!(Number.isFinite(c.volumeStable) && c.volumeStable >= 0)) {
      return `volume at ${isoHour(c.time)} is ${c.volumeStable}`;
    }
    if (!(Number.isFinite(c.reserveStable) && c.reserveStable > 0)) {
      return `stable reserve at ${isoHour(c.time)} is ${c.reserveStable}`;
    }
  }
  return undefined;
}

/** Why an hourly history breaks its own contract (see HourlyHistory), or undefined. */
export function historyProblem(h: HourlyHistory): string | undefined {
  const n = h.timestamp.length;
  if (h.close.length !== n || h.volumeStable.length !== n || h.liquidityStable.length !== n) {
    return 'history columns differ in length';
  }
  for (let i = 0; i < n; i++) {
    const t = h.timestamp[i]!;
    if (!(Number.isFinite(t) && t % HOUR === 0)) return `hour ${i}: timestamp ${t} is not an hour start`;
    if (i > 0 && t !== h.timestamp[i - 1]! + HOUR) return `hours are not contiguous at ${isoHour(t)}`;
    const close = h.close[i]!;
    if (!(Number.isFinite(close) && close >= MIN_POOL_PRICE && close <= MAX_POOL_PRICE)) {
      return `close at ${isoHour(t)} is ${close}`;
    }
    const v = h.volumeStable[i]!;
    if (!(Number.isFinite(v) && v >= 0)) return `volume at ${isoHour(t)} is ${v}`;
    const l = h.liquidityStable[i]!;
    if (!(Number.isFinite(l) && l >= 0)) return `stable liquidity at ${isoHour(t)} is ${l}`;
  }
  return undefined;
}

/** A one-hour move larger than this (log units, ≈ ×1.5 or ÷1.5) that then reverts is a spike. */
const SPIKE_LOG_MOVE = Math.log(1.5);

/**
 * Patterns in the last `hours` hours that a real constant-product pool does not produce, as
 * anomaly flags for the input gate (they hold even before the anomaly detector has its week of
 * warm-up):
 * - `price-spike <hour>`: a close far from both neighbours (a price that was not held; the next
 *   close, or the current spot for the last hour, undoes at least 75 % of the move). Such an
 *   hour would dominate the realised volatility the policy acts on.
 * - `flat-price-with-volume`: volume traded but the price never moved (every swap moves the
 *   price of a constant-product pool; an unchanging price means stale or fabricated data).
 */
export function historyFlags(h: HourlyHistory, spot: number, hours = 24): string[] {
  const flags: string[] = [];
  const c = [...h.close, spot];
  const from = Math.max(1, h.close.length - hours);
  for (let i = from; i < h.close.length; i++) {
    const move = Math.log(c[i]! / c[i - 1]!);
    if (Math.abs(move) > SPIKE_LOG_MOVE && Math.abs(Math.log(c[i + 1]! / c[i - 1]!)) < 0.25 * Math.abs(move)) {
      flags.push(`price-spike ${isoHour(h.timestamp[i]!)}`);
      break;
    }
  }
  const n = h.close.length;
  if (n > hours) {
    let volume = 0;
    let flat = true;
    for (let i = n - hours; i < n; i++) {
      volume += h.volumeStable[i]!;
      if (h.close[i] !== h.close[i - 1]) flat = false;
    }
    if (flat && volume > 0) flags.push('flat-price-with-volume');
  }
  return flags;
}
