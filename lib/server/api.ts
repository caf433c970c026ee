// Helpers for the app's JSON API routes (Node only).

import { HomeostatError } from '../errors';
import { IndexerError } from '../indexer';
import { stringifyWithBigints } from '../json';

/** A JSON answer: HTTP status and serialised body (bigints kept, see lib/json.ts). */
export type ApiResult = { status: number; body: string };

/** Headers of every JSON answer: never cached (the data is live). */
export const JSON_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store' } as const;

export const jsonResult = (value: unknown, status = 200): ApiResult => ({ status, body: stringifyWithBigints(value) });

/** A thrown error as a JSON error with a short, safe message (never a stack or an RPC URL). */
export function errorResult(error: unknown): ApiResult {
  if (error instanceof IndexerError) return jsonResult({ error: `indexer: ${error.shortMessage}` }, 502);
  const message =
    error instanceof HomeostatError
      ? error.shortMessage
      : ((error as { shortMessage?: string }).shortMessage ?? 'upstream error');
  const unreachable = /fetch failed|ECONNREFUSED|timed out|HTTP request failed/i.test(
    String((error as Error)?.message),
  );
  return jsonResult({ error: unreachable ? 'chain RPC unreachable' : message }, unreachable ? 502 : 500);
}

export const resultResponse = (r: ApiResult): Response =>
  new Response(r.body, { status: r.status, headers: JSON_HEADERS });

/** A JSON response that keeps bigints (see lib/json.ts) and is never cached. */
export const jsonResponse = (value: unknown, status = 200): Response => resultResponse(jsonResult(value, status));

/** A JSON response from an already serialised body (see lib/server/live.ts cachedJson). */
export const jsonBody = (body: string, status = 200): Response => resultResponse({ status, body });

/** Turns a thrown error into a JSON error with a short, safe message. */
export const errorResponse = (error: unknown): Response => resultResponse(errorResult(error));
