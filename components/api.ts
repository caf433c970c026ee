'use client';

import { useQuery } from '@tanstack/react-query';
import type { Address } from 'viem';
import type { ChainClock } from '@/lib/chain/clock';
import type { ProposalSummary, VoterInfo } from '@/lib/chain/governance';
import { parseWithBigints } from '@/lib/json';

/** Fetches one of the app's JSON API routes; errors carry the route's short message. */
export async function fetchApi<T>(path: string): Promise<T> {
  const res = await fetch(path, { cache: 'no-store' });
  const text = await res.text();
  const body = (() => {
    try {
      return parseWithBigints<T & { error?: string }>(text);
    } catch {
      return undefined;
    }
  })();
  if (!res.ok || body === undefined) {
    throw new Error(body?.error ?? `request to ${path} failed (HTTP ${res.status})`);
  }
  return body;
}

// Query options: tuple keys, one per concern. Hooks below only combine them.
export const apiQueries = {
  chainHead: () => ({
    queryKey: ['chain', 'head'] as const,
    queryFn: () => fetchApi<{ number: bigint; timestamp: number; clock?: ChainClock }>('/api/chain/head'),
  }),
  token: () => ({
    queryKey: ['token'] as const,
    queryFn: () => fetchApi<{ totalSupply: bigint }>('/api/token'),
  }),
  proposals: () => ({
    queryKey: ['governance', 'proposals'] as const,
    queryFn: async () => (await fetchApi<{ proposals: ProposalSummary[] }>('/api/proposals')).proposals,
  }),
  voter: (address: Address) => ({
    queryKey: ['governance', 'voter', address] as const,
    queryFn: () => fetchApi<VoterInfo>(`/api/voter/${address}`),
  }),
};

/** Live data polls; the last good value stays on screen while refetching or when a request fails. */
const live = { refetchInterval: 1_000, placeholderData: <T>(previous: T | undefined) => previous } as const;

export const useChainHead = () => useQuery({ ...apiQueries.chainHead(), ...live });
export const useToken = () => useQuery({ ...apiQueries.token(), ...live, refetchInterval: 2_000 });
export const useProposals = () => useQuery({ ...apiQueries.proposals(), ...live, refetchInterval: 2_000 });
export const useVoter = (address: Address | undefined) =>
  useQuery({
    ...apiQueries.voter(address ?? '0x0000000000000000000000000000000000000000'),
    ...live,
    refetchInterval: 2_000,
    enabled: Boolean(address),
  });
