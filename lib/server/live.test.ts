import { describe, expect, it } from 'vitest';
import { cachedJson, MAX_STALE_MS, recent, STALE_AFTER_MS, staleAfter } from './live';

const resolveIn = <T>(ms: number, value: T) => new Promise<T>((r) => setTimeout(() => r(value), ms));

describe('stale-while-revalidate for polled routes', () => {
  it('serves the fresh value when it comes in time, the previous one when it is slow', async () => {
    expect(await staleAfter(resolveIn(5, 'new'), 'old', 50)).toBe('new');
    const t = performance.now();
    expect(await staleAfter(resolveIn(300, 'new'), 'old', 50)).toBe('old');
    expect(performance.now() - t).toBeLessThan(250);
  });

  it('waits for the fresh value when there is nothing older to serve', async () => {
    expect(await staleAfter(resolveIn(120, 'first'), undefined, 20)).toBe('first');
  });

  it('a fast failure is reported, not hidden behind an old value', async () => {
    await expect(staleAfter(Promise.reject(new Error('indexer down')), 'old', 50)).rejects.toThrow('indexer down');
  });

  it('a slow new state is answered from its family at once, and served itself once computed', async () => {
    const family = `test|${Math.random()}`;
    expect(await cachedJson(`${family}|1`, async () => ({ block: 1 }), family)).toBe('{"block":1}');
    const t = performance.now();
    const slow = await cachedJson(`${family}|2`, () => resolveIn(400, { block: 2 }), family);
    expect(slow).toBe('{"block":1}');
    expect(performance.now() - t).toBeLessThan(STALE_AFTER_MS + 150);
    await resolveIn(450, null);
    expect(await cachedJson(`${family}|2`, () => resolveIn(400, { block: 99 }), family)).toBe('{"block":2}');
  });
});

describe('a failed body computation', () => {
  it('is answered from the last good body of its family while that is recent', async () => {
    const family = `test|${Math.random()}`;
    expect(await cachedJson(`${family}|1`, async () => ({ block: 1 }), family)).toBe('{"block":1}');
    const failing = () => Promise.reject(new Error('indexer: The indexer did not answer within 4000 ms'));
    expect(await cachedJson(`${family}|2`, failing, family)).toBe('{"block":1}');
  });

  it('is an error when the family has no body yet', async () => {
    const family = `test|${Math.random()}`;
    const failing = () => Promise.reject(new Error('indexer down'));
    await expect(cachedJson(`${family}|1`, failing, family)).rejects.toThrow('indexer down');
  });

  it('is an error once the last good body is older than MAX_STALE_MS', async () => {
    const family = `test|${Math.random()}`;
    const realNow = Date.now;
    try {
      expect(await cachedJson(`${family}|1`, async () => ({ block: 1 }), family)).toBe('{"block":1}');
      const later = realNow() + MAX_STALE_MS + 1_000;
      Date.now = () => later;
      const failing = () => Promise.reject(new Error('indexer down'));
      await expect(cachedJson(`${family}|2`, failing, family)).rejects.toThrow('indexer down');
    } finally {
      Date.now = realNow;
    }
  });
});

describe('per-family memory', () => {
  it('keeps the last body of at most 512 families (per-account families do not grow with visitors)', async () => {
    const prefix = `bound|${Math.random()}`;
    for (let i = 0; i < 513; i++) await cachedJson(`${prefix}|${i}|1`, async () => ({ i }), `${prefix}|${i}`);
    const failing = () => Promise.reject(new Error('down'));
    // The oldest family was dropped: nothing to fall back on. The newest still falls back.
    await expect(cachedJson(`${prefix}|0|2`, failing, `${prefix}|0`)).rejects.toThrow('down');
    expect(await cachedJson(`${prefix}|512|2`, failing, `${prefix}|512`)).toBe('{"i":512}');
  });
});

describe('bounded staleness', () => {
  it('serves a value read within MAX_STALE_MS, and nothing once it is older (the poll then waits and reports)', () => {
    const now = 1_000_000;
    expect(recent({ value: 'head', readAt: now - 1_000 }, now)).toBe('head');
    expect(recent({ value: 'head', readAt: now - MAX_STALE_MS }, now)).toBe('head');
    expect(recent({ value: 'head', readAt: now - MAX_STALE_MS - 1 }, now)).toBeUndefined();
    expect(recent(undefined, now)).toBeUndefined();
  });
});
