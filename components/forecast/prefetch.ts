'use client';

import { fetchApi } from '@/components/api';

/**
 * One-shot prefetches of what the forecast panel will ask for, started by its lazy loader
 * before the panel's own code has downloaded; the panel's first query takes the pending
 * response instead of sending the request again. Later refetches go to the network as usual.
 */
const pending = new Map<string, Promise<unknown>>();

export function prefetchJson(path: string): void {
  if (typeof window === 'undefined' || pending.has(path)) return;
  const p = fetchApi<unknown>(path);
  p.catch(() => {
    // The query that takes it reports the error.
  });
  pending.set(path, p);
}

/** The prefetched response for `path` (once), else a fresh request. */
export function fetchApiOnce<T>(path: string): Promise<T> {
  const p = pending.get(path);
  if (!p) return fetchApi<T>(path);
  pending.delete(path);
  return p as Promise<T>;
}
