import { loadServerConfig } from '@/lib/app-config';
import { type DashboardRange, dashboardRanges } from '@/lib/health/dashboard';
import { IndexerError } from '@/lib/indexer';
import { errorResponse, jsonResponse } from '@/lib/server/api';
import { loadDashboard } from '@/lib/server/dashboard';

export const dynamic = 'force-dynamic';

/** Token-health cards and hourly series for ?range=24h|7d|30d|all (default 7d). */
export async function GET(request: Request) {
  const range = new URL(request.url).searchParams.get('range') ?? '7d';
  if (!(range in dashboardRanges)) {
    return jsonResponse({ error: `range: must be one of ${Object.keys(dashboardRanges).join(', ')}` }, 400);
  }
  try {
    const { env, deployment } = loadServerConfig();
    return jsonResponse(await loadDashboard(env, deployment, range as DashboardRange));
  } catch (e) {
    if (e instanceof IndexerError) return jsonResponse({ error: `indexer: ${e.shortMessage}` }, 502);
    return errorResponse(e);
  }
}
