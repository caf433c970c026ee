import { isAddress } from 'viem';
import { loadServerConfig } from '@/lib/app-config';
import { getPublicClient } from '@/lib/chain/client';
import { getVoterInfo } from '@/lib/chain/governance';
import { errorResponse, jsonResponse } from '@/lib/server/api';

export const dynamic = 'force-dynamic';

/** Balance, voting power and delegate of one account. */
export async function GET(_request: Request, { params }: { params: Promise<{ address: string }> }) {
  const { address } = await params;
  if (!isAddress(address)) return jsonResponse({ error: 'address: not a valid address' }, 400);
  try {
    const { env, deployment } = loadServerConfig();
    const info = await getVoterInfo(getPublicClient(env.rpcUrl), {
      token: deployment.contracts.HomeostatToken,
      account: address,
    });
    return jsonResponse(info);
  } catch (e) {
    return errorResponse(e);
  }
}
