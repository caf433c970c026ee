import { loadServerConfig } from '@/lib/app-config';
import { errorResponse, jsonResponse } from '@/lib/server/api';
import { chainHead } from '@/lib/server/live';

export const dynamic = 'force-dynamic';

/** The chain head: block number and timestamp (read at most every LIVE_TTL_MS, shared by all clients). */
export async function GET() {
  try {
    const { env } = loadServerConfig();
    const head = await chainHead(env.rpcUrl);
    return jsonResponse({ number: head.number, timestamp: head.timestamp });
  } catch (e) {
    return errorResponse(e);
  }
}
