// Request coalescing for the app's data routes (Node only). Every dashboard in every browser
// polls the same few routes each second or two; without this, each poll fans out to the
// indexer and the RPC node, so the upstream work grows with the number of viewers. With it,
// concurrent requests for one key share one load, and the result is reused while it is fresh:
// the upstream work per key is bounded by the TTL, whatever the number of clients.

export type TtlCache<T> = {
  /** The value for `key`: a fresh cached one, the load already in flight, or a new load. */
  get(key: string, load: () => Promise<T>): Promise<T>;
  readonly size: number;
};

/**
 * Single-flight cache with a time-to-live. A failed load is not cached: everyone waiting on it
 * gets the error, and the next request tries again. At most `max` keys are kept (oldest out).
 */
export function createTtlCache<T>({ ttlMs, max }: { ttlMs: number; max: number }): TtlCache<T> {
  const entries = new Map<string, { at: number; value: Promise<T> }>();
  return {
    get(key, load) {
      const now = Date.now();
      const hit = entries.get(key);
      if (hit && now - hit.at < ttlMs) return hit.value;
      if (hit) entries.delete(key);
      const value = load();
      const entry = { at: now, value };
      entries.set(key, entry);
      // Freshness counts from when the value arrived, so a slow load is not stale on arrival.
      value.then(
        () => {
          entry.at = Date.now();
        },
        () => {
          if (entries.get(key) === entry) entries.delete(key);
        },
      );
      while (entries.size > max) entries.delete(entries.keys().next().value as string);
      return value;
    },
    get size() {
      return entries.size;
    },
  };
}
