'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { Address } from 'viem';
import { usePublicClient, useWaitForTransactionReceipt, useWriteContract } from 'wagmi';
import { userFacingError } from '@/components/format';
import { estimateGasWithHeadroom } from '@/lib/chain/gas';
import { homeostatTokenAbi } from '@/lib/contracts/abis';

/** Prompt and button to self-delegate; shows the transaction's life and a readable error. */
export function DelegateAction({
  account,
  token,
  delegatedAway,
}: {
  account: Address;
  token: Address;
  delegatedAway: boolean;
}) {
  const client = usePublicClient();
  const queryClient = useQueryClient();
  const delegate = useWriteContract();
  const receipt = useWaitForTransactionReceipt({ hash: delegate.data });
  useEffect(() => {
    if (receipt.isSuccess) void queryClient.invalidateQueries({ queryKey: ['governance'] });
  }, [receipt.isSuccess, queryClient]);

  const send = async () => {
    const request = { address: token, abi: homeostatTokenAbi, functionName: 'delegate', args: [account] } as const;
    const gas = client
      ? await estimateGasWithHeadroom(client, { ...request, account }).catch(() => undefined)
      : undefined;
    delegate.mutate({ ...request, gas });
  };

  return (
    <div className="mt-3 space-y-2">
      <p className="text-sm text-amber-700 dark:text-amber-400">
        {delegatedAway
          ? 'Your voting power is delegated to someone else.'
          : 'You hold tokens but have not delegated: they carry no votes until you do.'}
      </p>
      <button type="button" className="btn-primary" disabled={delegate.isPending || receipt.isLoading} onClick={send}>
        {delegate.isPending ? 'Confirm in your wallet…' : receipt.isLoading ? 'Pending…' : 'Delegate to myself'}
      </button>
      {delegate.error ? (
        <p role="alert" className="text-sm text-red-600">
          {userFacingError(delegate.error)}
        </p>
      ) : null}
      {receipt.isSuccess ? <p className="text-sm text-green-700">Delegation confirmed.</p> : null}
    </div>
  );
}
