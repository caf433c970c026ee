'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useConnection, usePublicClient, useWaitForTransactionReceipt, useWriteContract } from 'wagmi';
import { usePublicConfig } from '@/app/providers';
import { userFacingError } from '@/components/format';
import { estimateGasWithHeadroom } from '@/lib/chain/gas';
import { VoteSupport, type VoteSupportValue } from '@/lib/chain/governance';
import { homeostatGovernorAbi } from '@/lib/contracts/abis';

export function VoteButtons({ proposalId }: { proposalId: bigint }) {
  const { deployment } = usePublicConfig();
  const governor = deployment.contracts.HomeostatGovernor;
  const connection = useConnection();
  const client = usePublicClient();
  const queryClient = useQueryClient();
  const vote = useWriteContract();
  const receipt = useWaitForTransactionReceipt({ hash: vote.data });
  const [choice, setChoice] = useState<VoteSupportValue | undefined>();
  const hasVoted = useQuery({
    queryKey: ['governance', 'hasVoted', proposalId.toString(), connection.address],
    queryFn: () =>
      client!.readContract({
        address: governor,
        abi: homeostatGovernorAbi,
        functionName: 'hasVoted',
        args: [proposalId, connection.address!],
      }),
    enabled: Boolean(client && connection.address),
  });
  useEffect(() => {
    if (receipt.isSuccess) void queryClient.invalidateQueries({ queryKey: ['governance'] });
  }, [receipt.isSuccess, queryClient]);

  if (!connection.address) return null;
  if (hasVoted.data) return <p className="mt-2 text-sm text-green-700">You voted on this proposal.</p>;
  const cast = async (support: VoteSupportValue) => {
    setChoice(support);
    const request = {
      address: governor,
      abi: homeostatGovernorAbi,
      functionName: 'castVote',
      args: [proposalId, support],
    } as const;
    const gas = client
      ? await estimateGasWithHeadroom(client, { ...request, account: connection.address! }).catch(() => undefined)
      : undefined;
    vote.mutate({ ...request, gas });
  };
  const busy = vote.isPending || receipt.isLoading;
  return (
    <div className="mt-2 flex flex-wrap items-center gap-2">
      <button type="button" className="btn-primary" disabled={busy} onClick={() => cast(VoteSupport.For)}>
        Approve
      </button>
      <button
        type="button"
        className="btn bg-red-700 text-white hover:bg-red-600"
        disabled={busy}
        onClick={() => cast(VoteSupport.Against)}
      >
        Veto
      </button>
      <button type="button" className="btn-secondary" disabled={busy} onClick={() => cast(VoteSupport.Abstain)}>
        Abstain
      </button>
      <span className="text-sm" role="status" data-testid="vote-status">
        {vote.isPending
          ? 'Awaiting your signature…'
          : receipt.isLoading
            ? 'Vote pending…'
            : receipt.isSuccess
              ? 'Vote confirmed.'
              : receipt.isError
                ? `Vote failed: ${userFacingError(receipt.error)}`
                : ''}
      </span>
      {vote.error ? (
        <span role="alert" className="text-sm text-red-600" data-choice={choice}>
          {userFacingError(vote.error)}
        </span>
      ) : null}
    </div>
  );
}
