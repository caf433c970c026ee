import { loadServerConfig } from '@/lib/app-config';
import { getPublicClient } from '@/lib/chain/client';
import { errorResponse, jsonResponse } from '@/lib/server/api';

export const dynamic = 'force-dynamic';

/** The chain head: block number and timestamp. */
export async function GET() {
  try {
    const { env } = loadServerConfig();
    const block = await getPublicClient(env.rpcUrl).getBlock({ blockTag: 'latest' });
    return jsonResponse({ number: block.number, timestamp: Number(block.timestamp) });
  } catch (e) {
    return errorResponse(e);
  }
}
