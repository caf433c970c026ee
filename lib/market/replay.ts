import type { PriceSeries } from '../data/prices';
import { ConfigError } from '../errors';

/**
 * The replayed price path: the real hourly series from a start date on, scaled so that the
 * first replayed close maps onto the pool's price when the replay starts.
 *
 *     target(h) = anchorPrice × close[start + h] / close[start]
 *
 * Only relative moves of the real market are replayed (a −30 % day stays −30 %), not its
 * level. When the series runs out the replay wraps to the first row and re-anchors on the
 * last target, so the market keeps moving without a jump.
 */
export type ReplayPoint = {
  /** Simulated hours since the replay started. */
  hour: number;
  /** Row of the price series replayed this hour. */
  index: number;
  /** Historical timestamp of that row (unix seconds). */
  sourceTimestamp: number;
  /** Historical close and its log return from the previous row (0 at a (re)start). */
  sourceClose: number;
  sourceReturn: number;
  /** Target pool price of the token, in stable units. */
  target: number;
  /** Historical volume in the hour (USD), 0 when the series has none. */
  sourceVolume: number;
};

export type Replay = {
  readonly startIndex: number;
  readonly length: number;
  at(hour: number): ReplayPoint;
};

/** Index of the first row at or after `start` (ISO date/time, or unix seconds). */
export function findStartIndex(series: PriceSeries, start: string | number | undefined, variable = 'MARKET_START') {
  if (start === undefined || start === '') return 0;
  const t =
    typeof start === 'number'
      ? start
      : /^\d+$/.test(start)
        ? Number(start)
        : Date.parse(/T/.test(start) ? start : `${start}T00:00:00Z`) / 1000;
  if (!Number.isFinite(t)) throw new ConfigError(variable, `"${start}" is not an ISO date (e.g. 2022-05-01)`);
  const first = series.timestamp[0] as number;
  const last = series.timestamp[series.timestamp.length - 1] as number;
  if (t < first || t > last) {
    throw new ConfigError(
      variable,
      `${new Date(t * 1000).toISOString()} is outside the price data (${iso(first)} → ${iso(last)}, ${series.source})`,
    );
  }
  // Binary search: timestamps are strictly increasing (validated by parsePriceCsv).
  let lo = 0;
  let hi = series.timestamp.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((series.timestamp[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function createReplay(series: PriceSeries, startIndex: number, anchorPrice: number): Replay {
  const n = series.close.length;
  if (n < 2) throw new ConfigError('price data', `${series.source} needs at least two rows to replay`);
  if (!Number.isInteger(startIndex) || startIndex < 0 || startIndex >= n) {
    throw new RangeError(`startIndex ${startIndex} outside 0..${n - 1}`);
  }
  if (!(Number.isFinite(anchorPrice) && anchorPrice > 0))
    throw new RangeError(`anchorPrice ${anchorPrice} must be > 0`);
  const volume = series.volume;
  // Segment k covers hours [segmentStart[k], segmentStart[k+1]); segment 0 starts at startIndex,
  // later ones at row 0. Scales are computed lazily and cached as the replay advances.
  const firstLength = n - startIndex;
  const scales: number[] = [anchorPrice / (series.close[startIndex] as number)];

  const scaleFor = (segment: number): number => {
    while (scales.length <= segment) {
      const k = scales.length;
      const previousScale = scales[k - 1] as number;
      const lastTarget = previousScale * (series.close[n - 1] as number);
      scales.push(lastTarget / (series.close[0] as number));
    }
    return scales[segment] as number;
  };

  return {
    startIndex,
    length: n,
    at(hour: number): ReplayPoint {
      if (!Number.isSafeInteger(hour) || hour < 0) throw new RangeError(`hour ${hour} must be a non-negative integer`);
      let segment: number;
      let index: number;
      if (hour < firstLength) {
        segment = 0;
        index = startIndex + hour;
      } else {
        const rest = hour - firstLength;
        // Each wrapped segment replays rows 1..n-1 (row 0 is the re-anchor point, equal to the
        // previous segment's last target), so a wrap never repeats a price.
        segment = 1 + Math.floor(rest / (n - 1));
        index = 1 + (rest % (n - 1));
      }
      const close = series.close[index] as number;
      const restart = hour === 0;
      const previousClose = restart ? close : (series.close[index - 1] as number);
      return {
        hour,
        index,
        sourceTimestamp: series.timestamp[index] as number,
        sourceClose: close,
        sourceReturn: Math.log(close / previousClose),
        target: scaleFor(segment) * close,
        sourceVolume: volume ? (volume[index] as number) : 0,
      };
    },
  };
}

const iso = (t: number) => new Date(t * 1000).toISOString();
