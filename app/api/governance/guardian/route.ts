import { loadServerConfig } from '@/lib/app-config';
import { getPublicClient } from '@/lib/chain/client';
import { getGuardianActions } from '@/lib/governance/chain';
import { errorResponse, jsonResponse } from '@/lib/server/api';

export const dynamic = 'force-dynamic';

/** Guardian actions (pauses, cancellations) and unpauses, newest first, from the chain's events. */
export async function GET() {
  try {
    const { env, deployment } = loadServerConfig();
    return jsonResponse({ actions: await getGuardianActions(getPublicClient(env.rpcUrl), deployment) });
  } catch (e) {
    return errorResponse(e);
  }
}
