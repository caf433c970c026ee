import { loadServerConfig } from '@/lib/app-config';
import { getPublicClient } from '@/lib/chain/client';
import { getProposals } from '@/lib/chain/governance';
import { errorResponse, jsonResponse } from '@/lib/server/api';

export const dynamic = 'force-dynamic';

/** Every proposal with live state and tallies, newest first. */
export async function GET() {
  try {
    const { env, deployment } = loadServerConfig();
    const proposals = await getProposals(getPublicClient(env.rpcUrl), {
      governor: deployment.contracts.HomeostatGovernor,
      fromBlock: BigInt(deployment.startBlock),
    });
    return jsonResponse({ proposals });
  } catch (e) {
    return errorResponse(e);
  }
}
