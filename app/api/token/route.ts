import { loadServerConfig } from '@/lib/app-config';
import { getPublicClient } from '@/lib/chain/client';
import { homeostatTokenAbi } from '@/lib/contracts/abis';
import { errorResponse, jsonResponse } from '@/lib/server/api';

export const dynamic = 'force-dynamic';

export async function GET() {
  try {
    const { env, deployment } = loadServerConfig();
    const totalSupply = await getPublicClient(env.rpcUrl).readContract({
      address: deployment.contracts.HomeostatToken,
      abi: homeostatTokenAbi,
      functionName: 'totalSupply',
    });
    return jsonResponse({ totalSupply });
  } catch (e) {
    return errorResponse(e);
  }
}
