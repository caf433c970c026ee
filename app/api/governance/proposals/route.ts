import { loadServerConfig } from '@/lib/app-config';
import { getPublicClient } from '@/lib/chain/client';
import { getGovernanceOverview } from '@/lib/governance/chain';
import { errorResponse, jsonResponse } from '@/lib/server/api';
import { chainClock } from '@/lib/server/live';

export const dynamic = 'force-dynamic';

/** Every proposal with lane, thresholds at its snapshot, decoded changes, the chain's time and how fast it runs against real time. */
export async function GET() {
  try {
    const { env, deployment } = loadServerConfig();
    const [overview, clock] = await Promise.all([
      getGovernanceOverview(getPublicClient(env.rpcUrl), deployment),
      chainClock(env.rpcUrl),
    ]);
    return jsonResponse({ ...overview, clock });
  } catch (e) {
    return errorResponse(e);
  }
}
