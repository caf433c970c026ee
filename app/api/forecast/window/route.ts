import { loadServerConfig } from '@/lib/app-config';
import { errorResponse, jsonResponse } from '@/lib/server/api';
import { decisionWindow } from '@/lib/server/forecast-history';

export const dynamic = 'force-dynamic';

/**
 * The input window of a decision made at ?decidedAt=<unix seconds> (its justification's
 * `decidedAt`): the hourly closes the agent's forecaster read, rebuilt from the indexer the
 * way the agent builds them, with their hash (lib/agent/forecast-inputs.ts).
 */
export async function GET(request: Request) {
  const raw = new URL(request.url).searchParams.get('decidedAt') ?? '';
  const decidedAt = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(decidedAt)) {
    return jsonResponse({ error: 'decidedAt: must be unix seconds' }, 400);
  }
  try {
    const { env } = loadServerConfig();
    return jsonResponse(await decisionWindow(env, decidedAt));
  } catch (e) {
    return errorResponse(e);
  }
}
