import { chainHistory, demoHistory } from '@/app/api/forecast/_data';
import { loadServerConfig } from '@/lib/app-config';
import { IndexerError } from '@/lib/indexer';
import { errorResponse, jsonResponse } from '@/lib/server/api';

export const dynamic = 'force-dynamic';

/**
 * Hourly closes for the forecast panel: ?source=chain (default) is the indexed HOME/stable pool
 * history (≤ 3,000 complete hours); ?source=demo is the bundled BTC/USD window, labelled as such;
 * ?fallback=demo sends the demo window (with `chainHours`) when the chain has too little history,
 * saving the panel a second round trip.
 */
export async function GET(request: Request) {
  const source = new URL(request.url).searchParams.get('source') ?? 'chain';
  if (source !== 'chain' && source !== 'demo') {
    return jsonResponse({ error: 'source: must be chain or demo' }, 400);
  }
  try {
    if (source === 'demo') return jsonResponse(demoHistory());
    const { env } = loadServerConfig();
    const chain = await chainHistory(env);
    const fallback = new URL(request.url).searchParams.get('fallback') === 'demo';
    if (fallback && chain.hours < chain.minHours) return jsonResponse({ ...demoHistory(), chainHours: chain.hours });
    return jsonResponse(chain);
  } catch (e) {
    if (e instanceof IndexerError) return jsonResponse({ error: `indexer: ${e.shortMessage}` }, 502);
    return errorResponse(e);
  }
}
