'use client';

import { useQuery } from '@tanstack/react-query';
import type { Address } from 'viem';
import { fetchApi } from '@/components/api';
import type { TrackRecord, Verification } from '@/lib/agent/records';
import type { ChainClock } from '@/lib/chain/clock';
import type { CastVote, GovernanceOverview, GovernanceProposal, GuardianAction } from '@/lib/governance/chain';
import type { ControllerState } from '@/lib/governance/decode';
import type { OnChainTally } from '@/lib/governance/onchain-verifications';
import type { ModelVersion, OnChainSummary, TrackPoint, TransparencyDecision } from '@/lib/governance/transparency';
import type { UnitContext } from '@/lib/governance/units';
import type { VoterAtSnapshot } from '@/lib/governance/voter';
import { parseWithBigints } from '@/lib/json';

export type ProposalDetailResponse = {
  chainTime: number;
  /** How fast chain time runs against real time (lib/chain/clock.ts), for real-time countdowns. */
  clock: ChainClock;
  blockNumber: bigint;
  controller: ControllerState;
  units: UnitContext;
  proposal: GovernanceProposal;
  votes: CastVote[];
  voter: VoterAtSnapshot | null;
};

export type DecisionsResponse = {
  available: boolean;
  skipped: number;
  tornTail: boolean;
  chainError: string | null;
  /** Where the on-chain Verify records came from, or why they could not be read. */
  verificationLog:
    | { available: true; source: 'indexer' | 'chain'; address: string; count: number }
    | { available: false; why: string };
  decisions: TransparencyDecision[];
};

export type VerificationsResponse = {
  available: boolean;
  skipped: number;
  tornTail: boolean;
  verifications: (Verification & { decisionId: string })[];
  trackRecord: TrackRecord;
  series: TrackPoint[];
  onChain:
    | ({
        available: true;
        source: 'indexer' | 'chain';
        address: string;
        indexerError: string | null;
        tally: OnChainTally | null;
      } & OnChainSummary)
    | { available: false; why: string };
};

export type ModelsResponse = { available: boolean; skipped: number; tornTail: boolean; models: ModelVersion[] };

/**
 * One proposal, or null when the route answers 404 (no such proposal on this governor): an answer,
 * not an error, so it is neither retried nor shown as a skeleton.
 */
export async function fetchProposalDetail(
  id: string,
  account: Address | undefined,
): Promise<ProposalDetailResponse | null> {
  const path = `/api/governance/proposals/${id}${account ? `?account=${account}` : ''}`;
  const res = await fetch(path, { cache: 'no-store' });
  if (res.status === 404) return null;
  const text = await res.text();
  let body: (ProposalDetailResponse & { error?: string }) | undefined;
  try {
    body = parseWithBigints<ProposalDetailResponse & { error?: string }>(text);
  } catch {
    body = undefined;
  }
  if (!res.ok || body === undefined) throw new Error(body?.error ?? `request to ${path} failed (HTTP ${res.status})`);
  return body;
}

// Query options with tuple keys; everything under ['governance'] is invalidated after a vote.
export const governanceQueries = {
  overview: () => ({
    queryKey: ['governance', 'overview'] as const,
    queryFn: () => fetchApi<GovernanceOverview & { clock: ChainClock }>('/api/governance/proposals'),
  }),
  proposal: (id: string, account: Address | undefined) => ({
    queryKey: ['governance', 'proposal', id, account ?? null] as const,
    queryFn: () => fetchProposalDetail(id, account),
  }),
  guardian: () => ({
    queryKey: ['governance', 'guardian'] as const,
    queryFn: () => fetchApi<{ actions: GuardianAction[] }>('/api/governance/guardian'),
  }),
  decisions: () => ({
    queryKey: ['agent', 'decisions'] as const,
    queryFn: () => fetchApi<DecisionsResponse>('/api/agent/decisions'),
  }),
  verifications: () => ({
    queryKey: ['agent', 'verifications'] as const,
    queryFn: () => fetchApi<VerificationsResponse>('/api/agent/verifications'),
  }),
  models: () => ({
    queryKey: ['agent', 'models'] as const,
    queryFn: () => fetchApi<ModelsResponse>('/api/agent/models'),
  }),
  justification: (uri: string, hash: string) => ({
    queryKey: ['justification', hash, uri] as const,
  }),
};

const live = (ms: number) =>
  ({ refetchInterval: ms, placeholderData: <T>(previous: T | undefined) => previous }) as const;

export const useGovernanceOverview = () => useQuery({ ...governanceQueries.overview(), ...live(2_000) });
export const useProposalDetail = (id: string, account: Address | undefined) =>
  useQuery({
    ...governanceQueries.proposal(id, account),
    ...live(2_000),
    // A missing proposal does not appear later under the same id: stop polling once the route said 404.
    refetchInterval: (query) => (query.state.data === null ? false : 2_000),
  });
export const useGuardianActions = () => useQuery({ ...governanceQueries.guardian(), ...live(10_000) });
export const useDecisions = () => useQuery({ ...governanceQueries.decisions(), ...live(5_000) });
export const useVerifications = () => useQuery({ ...governanceQueries.verifications(), ...live(10_000) });
export const useModels = () => useQuery({ ...governanceQueries.models(), ...live(30_000) });
