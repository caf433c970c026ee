'use client';

import { useProposals } from '@/components/api';
import { formatToken, shortAddress, userFacingError } from '@/components/format';
import { VoteButtons } from '@/components/wallet/lazy';
import type { ProposalSummary } from '@/lib/chain/governance';

/** Proposals with live state and tallies; polled, and the last good list is kept on errors. */
export function ProposalList() {
  const proposals = useProposals();
  return (
    <section aria-labelledby="proposals-heading" className="card">
      <h2 id="proposals-heading" className="card-title">
        Proposals
      </h2>
      {proposals.isError ? (
        <p role="alert" className="mt-2 text-sm text-red-700">
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
