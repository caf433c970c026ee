import { loadServerConfig } from '@/lib/app-config';
import { getPublicClient } from '@/lib/chain/client';
import { getProposals } from '@/lib/chain/governance';
import { errorResponse, jsonBody } from '@/lib/server/api';
import { cachedJson, chainHead } from '@/lib/server/live';

export const dynamic = 'force-dynamic';

/**
 * Every proposal with live state and tallies, newest first. One log scan plus two reads per
 * proposal, so it is computed once per chain head and shared by all clients.
 */
export async function GET() {
  try {
    const { env, deployment } = loadServerConfig();
    const head = await chainHead(env.rpcUrl);
    const governor = deployment.contracts.HomeostatGovernor;
    const body = await cachedJson(`proposals|${governor}|${head.number}`, async () => ({
      proposals: await getProposals(getPublicClient(env.rpcUrl), {
        governor,
        fromBlock: BigInt(deployment.startBlock),
      }),
    }));
    return jsonBody(body);
  } catch (e) {
    return errorResponse(e);
  }
}
