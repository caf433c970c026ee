import { loadServerConfig } from '@/lib/app-config';
import { getPublicClient } from '@/lib/chain/client';
import { homeostatTokenAbi } from '@/lib/contracts/abis';
import { errorResponse, jsonBody } from '@/lib/server/api';
import { cachedJson, chainHead } from '@/lib/server/live';

export const dynamic = 'force-dynamic';

/** HOME total supply at the chain head (read once per block, shared by all clients). */
export async function GET() {
  try {
    const { env, deployment } = loadServerConfig();
    const head = await chainHead(env.rpcUrl);
    const token = deployment.contracts.HomeostatToken;
    const body = await cachedJson(`token|${token}|${head.number}`, async () => ({
      totalSupply: await getPublicClient(env.rpcUrl).readContract({
        address: token,
        abi: homeostatTokenAbi,
        functionName: 'totalSupply',
        blockNumber: head.number,
      }),
    }));
    return jsonBody(body);
  } catch (e) {
    return errorResponse(e);
  }
}
