import { loadServerConfig } from '@/lib/app-config';
import { type DashboardRange, dashboardRanges } from '@/lib/health/dashboard';
import { IndexerError } from '@/lib/indexer';
import { errorResponse, jsonBody, jsonResponse } from '@/lib/server/api';
import { loadDashboard } from '@/lib/server/dashboard';
import { cachedJson, chainHead, indexerStatus } from '@/lib/server/live';

export const dynamic = 'force-dynamic';

/**
 * Token-health cards and hourly series for ?range=24h|7d|30d|all (default 7d). Computed once
 * per (deployment, range, indexed block, chain head) and shared by every polling dashboard.
 */
export async function GET(request: Request) {
  const range = new URL(request.url).searchParams.get('range') ?? '7d';
  if (!(range in dashboardRanges)) {
    return jsonResponse({ error: `range: must be one of ${Object.keys(dashboardRanges).join(', ')}` }, 400);
  }
  try {
    const { env, deployment } = loadServerConfig();
    const [status, head] = await Promise.all([indexerStatus(env.indexerUrl), chainHead(env.rpcUrl)]);
    const key = [
      'dashboard',
      deployment.contracts.HomeostatGovernor,
      range,
      status.ready,
      status.indexedBlock,
      status.indexedTimestamp,
      head.number,
    ].join('|');
    return jsonBody(
      await cachedJson(key, () => loadDashboard(env, deployment, range as DashboardRange, { status, head })),
    );
  } catch (e) {
    if (e instanceof IndexerError) return jsonResponse({ error: `indexer: ${e.shortMessage}` }, 502);
    return errorResponse(e);
  }
}
