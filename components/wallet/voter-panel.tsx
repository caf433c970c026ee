'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useBlockNumber, useConnection, usePublicClient, useWaitForTransactionReceipt, useWriteContract } from 'wagmi';
import { usePublicConfig } from '@/app/providers';
import { formatToken, shortAddress, userFacingError } from '@/components/format';
import { governanceQueries } from '@/lib/chain/governance';
import { homeostatTokenAbi } from '@/lib/contracts/abis';

const ZERO = '0x0000000000000000000000000000000000000000';

/** The connected holder's balance, voting power and delegation, with "delegate to myself". */
export function VoterPanel() {
  const { deployment } = usePublicConfig();
  const token = deployment.contracts.HomeostatToken;
  const connection = useConnection();
  const client = usePublicClient();
  const queryClient = useQueryClient();
  const { data: blockNumber } = useBlockNumber({ watch: true });
  const account = connection.address;
  const voter = useQuery({
    ...governanceQueries.voter(client!, { token, account: account ?? ZERO }),
    enabled: Boolean(client && account),
    placeholderData: (previous) => previous,
    refetchInterval: 2_000,
  });
  const delegate = useWriteContract();
  const receipt = useWaitForTransactionReceipt({ hash: delegate.data });
  useEffect(() => {
    if (receipt.isSuccess) void queryClient.invalidateQueries({ queryKey: ['governance'] });
  }, [receipt.isSuccess, queryClient]);

  if (!account) {
    return (
      <section aria-labelledby="voter-heading" className="card">
        <h2 id="voter-heading" className="card-title">
          Your votes
        </h2>
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
          Read-only mode. Connect a wallet to delegate and vote.
        </p>
      </section>
    );
  }
  const info = voter.data;
  const selfDelegated = info?.delegate.toLowerCase() === account.toLowerCase();
  const delegatedAway = info && info.delegate !== ZERO && !selfDelegated;
  return (
    <section aria-labelledby="voter-heading" className="card" data-block={blockNumber?.toString()}>
      <h2 id="voter-heading" className="card-title">
        Your votes
      </h2>
      {info ? (
        <dl className="mt-2 grid grid-cols-2 gap-2 text-sm">
          <dt className="text-slate-500">Balance</dt>
          <dd className="font-mono" data-testid="voter-balance">
            {formatToken(info.balance)} HOME
          </dd>
          <dt className="text-slate-500">Voting power</dt>
          <dd className="font-mono" data-testid="voting-power">
            {formatToken(info.votes)}
          </dd>
          <dt className="text-slate-500">Delegated to</dt>
          <dd className="font-mono">{info.delegate === ZERO ? 'nobody' : selfDelegated ? 'yourself' : shortAddress(info.delegate)}</dd>
        </dl>
      ) : (
        <div className="mt-2 h-16 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
      )}
      {info && info.balance > 0n && !selfDelegated ? (
        <div className="mt-3 space-y-2">
          <p className="text-sm text-amber-700 dark:text-amber-400">
            {delegatedAway
              ? 'Your voting power is delegated to someone else.'
              : 'You hold tokens but have not delegated: they carry no votes until you do.'}
          </p>
          <button
            type="button"
            className="btn-primary"
            disabled={delegate.isPending || receipt.isLoading}
            onClick={() =>
              delegate.mutate({ address: token, abi: homeostatTokenAbi, functionName: 'delegate', args: [account] })
            }
          >
            {delegate.isPending ? 'Confirm in your wallet…' : receipt.isLoading ? 'Pending…' : 'Delegate to myself'}
          </button>
        </div>
      ) : null}
      {delegate.error ? (
        <p role="alert" className="mt-2 text-sm text-red-600">
          {userFacingError(delegate.error)}
        </p>
      ) : null}
      {receipt.isSuccess ? <p className="mt-2 text-sm text-green-700">Delegation confirmed.</p> : null}
    </section>
  );
}
