import { isAddress } from 'viem';
import { loadServerConfig } from '@/lib/app-config';
import { getPublicClient } from '@/lib/chain/client';
import { getCastVotes, getGovernanceOverview, getVoterAtSnapshot } from '@/lib/governance/chain';
import { errorResponse, jsonResponse } from '@/lib/server/api';
import { chainClock } from '@/lib/server/live';

export const dynamic = 'force-dynamic';

/**
 * One proposal: everything of the list row plus the votes cast (with reasons) and, with
 * ?account=0x…, that account's voting power at the snapshot, delegation and signature nonce.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!/^\d{1,78}$/.test(id)) return jsonResponse({ error: 'id: expected a decimal proposal id' }, 400);
  const account = new URL(request.url).searchParams.get('account');
  if (account !== null && !isAddress(account)) return jsonResponse({ error: 'account: not a valid address' }, 400);
  try {
    const { env, deployment } = loadServerConfig();
    const client = getPublicClient(env.rpcUrl);
    const proposalId = BigInt(id);
    const overview = await getGovernanceOverview(client, deployment, { onlyId: proposalId });
    const proposal = overview.proposals[0];
    if (!proposal) return jsonResponse({ error: `no proposal ${id} on this governor` }, 404);
    const [votes, voter, clock] = await Promise.all([
      getCastVotes(client, deployment, proposalId),
      account
        ? getVoterAtSnapshot(client, deployment, {
            account,
            proposalId,
            snapshot: proposal.snapshot,
            chainTime: overview.chainTime,
          })
        : null,
      chainClock(env.rpcUrl),
    ]);
    return jsonResponse({
      chainTime: overview.chainTime,
      clock,
      blockNumber: overview.blockNumber,
      controller: overview.controller,
      units: overview.units,
      proposal,
      votes,
      voter,
    });
  } catch (e) {
    return errorResponse(e);
  }
}
