'use client';

import { useQuery } from '@tanstack/react-query';
import { useBlockNumber, usePublicClient } from 'wagmi';
import { usePublicConfig } from '@/app/providers';
import { formatToken } from '@/components/format';
import { homeostatTokenAbi } from '@/lib/contracts/abis';

export function TokenSupply() {
  const { deployment } = usePublicConfig();
  const client = usePublicClient();
  const { data: blockNumber } = useBlockNumber({ watch: true });
  const supply = useQuery({
    queryKey: ['token', 'totalSupply', deployment.contracts.HomeostatToken, blockNumber?.toString()],
    queryFn: () =>
      client!.readContract({
        address: deployment.contracts.HomeostatToken,
        abi: homeostatTokenAbi,
        functionName: 'totalSupply',
      }),
    enabled: Boolean(client),
    placeholderData: (previous) => previous,
  });
  return (
    <section aria-labelledby="supply-heading" className="card">
      <h2 id="supply-heading" className="card-title">
        Total supply
      </h2>
      {supply.data !== undefined ? (
        <p className="mt-2 font-mono text-2xl" data-testid="total-supply">
          {formatToken(supply.data)} HOME
        </p>
      ) : (
        <div className="mt-2 h-8 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
      )}
    </section>
  );
}
