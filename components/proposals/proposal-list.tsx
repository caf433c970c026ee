'use client';

import { useProposals } from '@/components/api';
import { formatToken, shortAddress, userFacingError } from '@/components/format';
import { VoteButtons } from '@/components/wallet/lazy';
import type { ProposalSummary } from '@/lib/chain/governance';
import { decodeProposal } from '@/lib/governance/decode';
import { nameOutcome } from '@/lib/governance/outcome';
import { proposalTitle } from '@/lib/governance/progress';
import { titleFromChanges } from '@/lib/governance/title';
import { defaultUnits } from '@/lib/governance/units';
import { StateBadge } from './ui';

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

function ProposalRow({ proposal }: { proposal: ProposalSummary }) {
  // Titles in words from the decoded actions (agent proposals' first line is "Homeostat decision 0x…").
  const title = titleFromChanges(
    decodeProposal(proposal.calldatas, null),
    defaultUnits,
    proposalTitle(proposal.description, proposal.id),
  );
  const outcome = nameOutcome({ state: proposal.state, lane: null, votes: proposal.votes });
  return (
    <li className="py-3" data-testid={`proposal-${proposal.id}`}>
      <div className="flex flex-wrap items-center gap-2">
        <StateBadge state={proposal.state} outcome={outcome} />
        {/* Descriptions come from the chain: rendered as text, never as HTML. */}
        <span className="min-w-0 break-words font-medium [overflow-wrap:anywhere]">{title}</span>
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
