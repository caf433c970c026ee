import { chainHistory, demoHistory } from '@/app/api/forecast/_data';
import { loadServerConfig } from '@/lib/app-config';
import { IndexerError } from '@/lib/indexer';
import { errorResponse, jsonBody, jsonResponse } from '@/lib/server/api';
import { cachedJson, indexerStatus } from '@/lib/server/live';

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
    const { env, deployment } = loadServerConfig();
    const fallback = new URL(request.url).searchParams.get('fallback') === 'demo';
    // The window only changes with the indexed state: computed once per indexed block.
    const status = await indexerStatus(env.indexerUrl);
    const key = [
      'forecast',
      deployment.contracts.HomeostatGovernor,
      fallback,
      status.indexedBlock,
      status.indexedTimestamp,
    ];
    const body = await cachedJson(key.join('|'), async () => {
      const chain = await chainHistory(env);
      return fallback && chain.hours < chain.minHours ? { ...demoHistory(), chainHours: chain.hours } : chain;
    });
    return jsonBody(body);
  } catch (e) {
    if (e instanceof IndexerError) return jsonResponse({ error: `indexer: ${e.shortMessage}` }, 502);
    return errorResponse(e);
  }
}
