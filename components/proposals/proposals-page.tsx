'use client';

import { formatToken, shortAddress } from '@/components/format';
import { IntentLink } from '@/components/intent-link';
import type { ChainClock } from '@/lib/chain/clock';
import type { GovernanceProposal } from '@/lib/governance/chain';
import { changedParameters } from '@/lib/governance/decode';
import { nameOutcome } from '@/lib/governance/outcome';
import { proposalTitle, quorumProgress, timeLeft, vetoProgress } from '@/lib/governance/progress';
import { titleFromChanges } from '@/lib/governance/title';
import type { UnitContext } from '@/lib/governance/units';
import { useGovernanceOverview } from './queries';
import { ErrorBox, LaneBadge, ProgressBar, Skeleton, StateBadge } from './ui';

/** Every proposal with state, lane, chain-time left, live veto/quorum bars and what it changes. */
export function ProposalsPage() {
  const overview = useGovernanceOverview();
  const data = overview.data;
  return (
    <section aria-labelledby="proposals-heading" className="space-y-4">
      <div className="flex flex-wrap items-baseline gap-3">
        <h1 id="proposals-heading" className="text-2xl font-semibold">
          Proposals
        </h1>
        {data ? (
          <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="chain-time">
            {data.clock.simulated ? 'Simulated chain time' : 'Chain time'}{' '}
            {new Date(data.chainTime * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC
            {data.clock.simulated && data.clock.rate ? ` (runs ${Math.round(data.clock.rate)}× real time)` : ''} · block{' '}
            {data.blockNumber.toString()}
            {data.controller.paused ? ' · policy controller PAUSED by the guardian' : ''}
          </p>
        ) : (
          // Holds the line the chain time will take, so nothing below moves when it arrives.
          <p className="text-sm" aria-hidden="true">
            &nbsp;
          </p>
        )}
      </div>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        The AI agent proposes parameter changes inside on-chain guardrails. Small changes take the optimistic lane: they
        pass unless holders veto them. Large ones need a quorum and more approvals than vetoes.
      </p>
      {overview.isError ? (
        <ErrorBox what="proposals" error={overview.error} onRetry={() => void overview.refetch()} />
      ) : null}
      {!data ? (
        overview.isError ? null : (
          <div className="space-y-3" aria-busy="true">
            <Skeleton className="h-28" />
            <Skeleton className="h-28" />
          </div>
        )
      ) : data.proposals.length === 0 ? (
        <p className="card text-sm">No proposals yet. The agent proposes when its forecast calls for a change.</p>
      ) : (
        <ul className="space-y-3" data-testid="proposal-list">
          {data.proposals.map((p) => (
            <ProposalCard
              key={p.id.toString()}
              proposal={p}
              chainTime={data.chainTime}
              clock={data.clock}
              units={data.units}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function ProposalCard({
  proposal: p,
  chainTime,
  clock,
  units,
}: {
  proposal: GovernanceProposal;
  chainTime: number;
  clock: ChainClock;
  units: UnitContext;
}) {
  // In words from the decoded actions; the description's first line only when there are none.
  const title = titleFromChanges(p.changes, units, proposalTitle(p.description, p.id));
  const outcome = nameOutcome({
    state: p.state,
    lane: p.lane,
    votes: p.votes,
    quorum: p.quorum,
    vetoThreshold: p.vetoThreshold,
    formatVotes: (v) => formatToken(v),
  });
  const time = timeLeft(p.state, chainTime, p.voteStart, p.voteEnd, p.eta, clock);
  const params = changedParameters(p.changes);
  return (
    <li className="card" data-testid={`proposal-${p.id}`}>
      <div className="flex flex-wrap items-center gap-2">
        <StateBadge state={p.state} outcome={outcome} />
        <LaneBadge lane={p.lane} />
        <span className="text-xs text-slate-600 dark:text-slate-400" data-testid="time-left">
          {time.text}
        </span>
        <span className="ml-auto text-xs text-slate-500">by {shortAddress(p.proposer)}</span>
      </div>
      <h2 className="mt-2 break-words text-base font-medium [overflow-wrap:anywhere]">
        {/* Descriptions come from the chain: rendered as text, never as HTML. */}
        <IntentLink href={`/proposals/${p.id}`} className="hover:underline" data-testid="proposal-link">
          {title}
        </IntentLink>
      </h2>
      {outcome.detail && p.state === 'Defeated' ? (
        <p className="mt-1 text-xs text-slate-600 dark:text-slate-400" data-testid="outcome-detail">
          {outcome.detail}
        </p>
      ) : null}
      <p className="mt-1 break-words text-sm text-slate-600 dark:text-slate-400" data-testid="changed-params">
        {params.length ? null : 'Changes: nothing decodable'}
        {p.changes.map((c, i) =>
          c.kind === 'setParameter' ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: actions are positional (one parameter may appear twice)
            <span key={i} className="mr-3 font-mono text-xs">
              {c.label}: {c.currentText} → {c.proposedText}
            </span>
          ) : c.kind === 'changeSupply' ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: actions are positional
            <span key={i} className="mr-3 font-mono text-xs">
              {c.label}: {c.deltaText}
            </span>
          ) : c.kind === 'call' ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: actions are positional
            <span key={i} className="mr-3 text-xs">
              {c.label}: {c.detail}
            </span>
          ) : null,
        )}
      </p>
      <div className="mt-3 flex flex-col gap-3 sm:flex-row">
        <ProgressBar
          label="Veto"
          tone="veto"
          progress={vetoProgress(p.votes, p.vetoThreshold)}
          testId={`veto-${p.id}`}
        />
        <ProgressBar
          label="Quorum (approve + abstain)"
          tone="quorum"
          progress={quorumProgress(p.votes, p.quorum)}
          testId={`quorum-${p.id}`}
        />
      </div>
      <dl className="mt-2 flex flex-wrap gap-4 text-xs" data-testid="tally">
        <div>
          <dt className="inline text-slate-500">Approve </dt>
          <dd className="inline font-mono" data-testid="votes-for">
            {formatToken(p.votes.for)}
          </dd>
        </div>
        <div>
          <dt className="inline text-slate-500">Veto </dt>
          <dd className="inline font-mono" data-testid="votes-against">
            {formatToken(p.votes.against)}
          </dd>
        </div>
        <div>
          <dt className="inline text-slate-500">Abstain </dt>
          <dd className="inline font-mono" data-testid="votes-abstain">
            {formatToken(p.votes.abstain)}
          </dd>
        </div>
      </dl>
    </li>
  );
}
