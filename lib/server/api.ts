// Helpers for the app's JSON API routes (Node only).

import { HomeostatError } from '../errors';
import { stringifyWithBigints } from '../json';

/** A JSON response that keeps bigints (see lib/json.ts) and is never cached. */
export function jsonResponse(value: unknown, status = 200): Response {
  return new Response(stringifyWithBigints(value), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  });
}

/** A JSON response from an already serialised body (see lib/server/live.ts cachedJson). */
export function jsonBody(body: string, status = 200): Response {
  return new Response(body, {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  });
}

/** Turns a thrown error into a JSON error with a short, safe message. */
export function errorResponse(error: unknown): Response {
  const message =
    error instanceof HomeostatError
      ? error.shortMessage
      : ((error as { shortMessage?: string }).shortMessage ?? 'upstream error');
  const unreachable = /fetch failed|ECONNREFUSED|timed out|HTTP request failed/i.test(
    String((error as Error)?.message),
  );
  return jsonResponse({ error: unreachable ? 'chain RPC unreachable' : message }, unreachable ? 502 : 500);
}
