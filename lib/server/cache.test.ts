import { describe, expect, it, vi } from 'vitest';
import { createTtlCache } from './cache';

const deferred = <T>() => {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

describe('createTtlCache', () => {
  it('shares one load among concurrent callers and reuses it while fresh', async () => {
    vi.useFakeTimers();
    try {
      const cache = createTtlCache<number>({ ttlMs: 500, max: 8 });
      const d = deferred<number>();
      const load = vi.fn(() => d.promise);
      const waiting = Array.from({ length: 200 }, () => cache.get('k', load));
      expect(load).toHaveBeenCalledTimes(1);
      d.resolve(7);
      expect(await Promise.all(waiting)).toEqual(Array(200).fill(7));
      vi.advanceTimersByTime(499);
      expect(await cache.get('k', () => Promise.resolve(8))).toBe(7);
      vi.advanceTimersByTime(2);
      expect(await cache.get('k', () => Promise.resolve(8))).toBe(8);
    } finally {
      vi.useRealTimers();
    }
  });

  it('counts freshness from when a slow load arrives', async () => {
    vi.useFakeTimers();
    try {
      const cache = createTtlCache<string>({ ttlMs: 100, max: 8 });
      const d = deferred<string>();
      const first = cache.get('k', () => d.promise);
      vi.advanceTimersByTime(1000);
      d.resolve('slow');
      await first;
      expect(await cache.get('k', () => Promise.resolve('again'))).toBe('slow');
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not cache failures: waiters get the error, the next call loads again', async () => {
    const cache = createTtlCache<number>({ ttlMs: 60_000, max: 8 });
    const d = deferred<number>();
    const a = cache.get('k', () => d.promise);
    const b = cache.get('k', () => Promise.resolve(1));
    d.reject(new Error('indexer down'));
    await expect(a).rejects.toThrow('indexer down');
    await expect(b).rejects.toThrow('indexer down');
    expect(await cache.get('k', () => Promise.resolve(2))).toBe(2);
  });

  it('keeps keys apart and at most `max` of them', async () => {
    const cache = createTtlCache<string>({ ttlMs: 60_000, max: 3 });
    for (const k of ['a', 'b', 'c', 'd']) await cache.get(k, async () => k);
    expect(cache.size).toBe(3);
    expect(await cache.get('a', async () => 'a2')).toBe('a2');
    expect(await cache.get('d', async () => 'd2')).toBe('d');
  });
});
