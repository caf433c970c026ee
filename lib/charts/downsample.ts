/**
 * Thins a time series to what a chart's pixels can show, without inventing values: the series is
 * cut into equal buckets and each bucket keeps its first and last point and, for every plotted
 * key, the points holding that key's minimum and maximum (the "M4" idea). A line drawn through the
 * kept points covers the same vertical extent in every pixel column as the full series, so spikes
 * and crashes stay visible, and every point shown (in a tooltip too) is a real one.
 *
 * A series already short enough is returned as is (the same array), so memoised charts keep
 * their inputs' identity.
 */
export function downsampleSeries<T extends object>(points: T[], keys: readonly (keyof T)[], maxPoints: number): T[] {
  if (!Number.isInteger(maxPoints) || maxPoints < 2) {
    throw new RangeError(`downsampleSeries: maxPoints must be an integer ≥ 2 (got ${maxPoints})`);
  }
  if (points.length <= maxPoints) return points;
  const perBucket = 2 + 2 * keys.length;
  const buckets = Math.max(1, Math.floor(maxPoints / perBucket));
  const size = points.length / buckets;
  const out: T[] = [];
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor(b * size);
    const end = b === buckets - 1 ? points.length : Math.floor((b + 1) * size);
    if (end <= start) continue;
    const keep = new Set<number>([start, end - 1]);
    for (const key of keys) {
      let lo = -1;
      let hi = -1;
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      for (let i = start; i < end; i++) {
        const v = (points[i] as T)[key];
        if (typeof v !== 'number' || !Number.isFinite(v)) continue;
        if (v < min) {
          min = v;
          lo = i;
        }
        if (v > max) {
          max = v;
          hi = i;
        }
      }
      if (lo >= 0) keep.add(lo);
      if (hi >= 0) keep.add(hi);
    }
    for (const i of [...keep].sort((x, y) => x - y)) out.push(points[i] as T);
  }
  return out;
}
