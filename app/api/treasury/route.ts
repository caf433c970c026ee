import { loadServerConfig } from '@/lib/app-config';
import { errorResponse, jsonResponse } from '@/lib/server/api';
import { loadTreasury } from '@/lib/treasury/load';
import { isTreasuryRange, treasuryRanges } from '@/lib/treasury/model';

export const dynamic = 'force-dynamic';

/** Treasury balances, runway, POL, supply budget, staking cost, hourly series for ?range=24h|7d|30d|all (default 7d). */
export async function GET(request: Request) {
  const range = new URL(request.url).searchParams.get('range') ?? '7d';
  if (!isTreasuryRange(range)) {
    return jsonResponse({ error: `range: must be one of ${Object.keys(treasuryRanges).join(', ')}` }, 400);
  }
  try {
    const { env, deployment } = loadServerConfig();
    return jsonResponse(await loadTreasury(env, deployment, range));
  } catch (e) {
    return errorResponse(e);
  }
}
