'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import dynamic from 'next/dynamic';
import { useEffect } from 'react';
import { useBlockNumber, usePublicClient } from 'wagmi';
import { usePublicConfig } from '@/app/providers';
import { formatToken, shortAddress, userFacingError } from '@/components/format';
import { governanceQueries, type ProposalSummary } from '@/lib/chain/governance';

// Write paths (gas estimation, sending, receipts) load only when a proposal is open for votes.
const VoteButtons = dynamic(() => import('./vote-buttons').then((m) => m.VoteButtons), { ssr: false });

/** Proposals with live state and tallies; refreshed as blocks arrive, last good list kept on errors. */
export function ProposalList() {
  const { deployment } = usePublicConfig();
  const client = usePublicClient();
  const { data: blockNumber } = useBlockNumber({ watch: true });
  const params = { governor: deployment.contracts.HomeostatGovernor, fromBlock: BigInt(deployment.startBlock) };
  const proposals = useQuery({
    ...governanceQueries.proposals(client!, params),
    enabled: Boolean(client),
    placeholderData: (previous) => previous,
  });
  const queryClient = useQueryClient();
  // biome-ignore lint/correctness/useExhaustiveDependencies: refetch on every new block
  useEffect(() => {
    void queryClient.invalidateQueries({ queryKey: ['governance', 'proposals'] });
  }, [blockNumber, queryClient]);

  return (
    <section aria-labelledby="proposals-heading" className="card">
      <h2 id="proposals-heading" className="card-title">
        Proposals
      </h2>
      {proposals.error && !proposals.data ? (
        <p role="alert" className="mt-2 text-sm text-red-600">
          Could not load proposals: {userFacingError(proposals.error)} — retrying.
        </p>
      ) : null}
      {!proposals.data ? (
        <div className="mt-2 space-y-2">
          <div className="h-16 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
          <div className="h-16 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
        </div>
      ) : proposals.data.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">No proposals yet.</p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-200 dark:divide-slate-800" data-testid="proposal-list">
          {proposals.data.map((p) => (
            <ProposalRow key={p.id.toString()} proposal={p} />
          ))}
        </ul>
      )}
    </section>
  );
}

const stateColours: Record<string, string> = {
  Active: 'bg-green-100 text-green-900',
  Pending: 'bg-slate-100 text-slate-800',
  Succeeded: 'bg-blue-100 text-blue-900',
  Queued: 'bg-indigo-100 text-indigo-900',
  Executed: 'bg-indigo-200 text-indigo-950',
  Defeated: 'bg-red-100 text-red-900',
  Canceled: 'bg-slate-200 text-slate-800',
  Expired: 'bg-slate-200 text-slate-800',
};

function ProposalRow({ proposal }: { proposal: ProposalSummary }) {
  const title = proposal.description.split('\n')[0]?.replace(/^#\s*/, '') || `Proposal ${proposal.id}`;
  return (
    <li className="py-3" data-testid={`proposal-${proposal.id}`}>
      <div className="flex flex-wrap items-center gap-2">
        <span
          className={`rounded px-2 py-0.5 text-xs font-semibold ${stateColours[proposal.state] ?? ''}`}
          data-testid="proposal-state"
        >
          {proposal.state}
        </span>
        {/* Descriptions come from the chain: rendered as text, never as HTML. */}
        <span className="font-medium">{title}</span>
        <span className="ml-auto text-xs text-slate-500">by {shortAddress(proposal.proposer)}</span>
      </div>
      <dl className="mt-2 flex flex-wrap gap-4 text-sm" data-testid="tally">
        <div>
          <dt className="inline text-slate-500">Approve </dt>
          <dd className="inline font-mono" data-testid="votes-for">
            {formatToken(proposal.votes.for)}
          </dd>
        </div>
        <div>
          <dt className="inline text-slate-500">Veto </dt>
          <dd className="inline font-mono" data-testid="votes-against">
            {formatToken(proposal.votes.against)}
          </dd>
        </div>
        <div>
          <dt className="inline text-slate-500">Abstain </dt>
          <dd className="inline font-mono" data-testid="votes-abstain">
            {formatToken(proposal.votes.abstain)}
          </dd>
        </div>
      </dl>
      {proposal.state === 'Active' ? <VoteButtons proposalId={proposal.id} /> : null}
    </li>
  );
}
