import { loadServerConfig } from '@/lib/app-config';
import { getPublicClient } from '@/lib/chain/client';
import { getGovernanceOverview } from '@/lib/governance/chain';
import { errorResponse, jsonResponse } from '@/lib/server/api';

export const dynamic = 'force-dynamic';

/** Every proposal with lane, thresholds at its snapshot, decoded changes, and the chain's time. */
export async function GET() {
  try {
    const { env, deployment } = loadServerConfig();
    return jsonResponse(await getGovernanceOverview(getPublicClient(env.rpcUrl), deployment));
  } catch (e) {
    return errorResponse(e);
  }
}
