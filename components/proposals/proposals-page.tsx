'use client';

import { formatToken, shortAddress } from '@/components/format';
import { IntentLink } from '@/components/intent-link';
import type { ChainClock } from '@/lib/chain/clock';
import type { GovernanceProposal } from '@/lib/governance/chain';
import { changedParameters } from '@/lib/governance/decode';
import { proposalTitle, quorumProgress, timeLeft, vetoProgress } from '@/lib/governance/progress';
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
            <ProposalCard key={p.id.toString()} proposal={p} chainTime={data.chainTime} clock={data.clock} />
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
}: {
  proposal: GovernanceProposal;
  chainTime: number;
  clock: ChainClock;
}) {
  const title = proposalTitle(p.description, p.id);
  const time = timeLeft(p.state, chainTime, p.voteStart, p.voteEnd, p.eta, clock);
  const params = changedParameters(p.changes);
  return (
    <li className="card" data-testid={`proposal-${p.id}`}>
      <div className="flex flex-wrap items-center gap-2">
        <StateBadge state={p.state} />
        <LaneBadge lane={p.lane} />
        <span className="text-xs text-slate-600 dark:text-slate-400" data-testid="time-left">
          {time.text}
        </span>
        <span className="ml-auto text-xs text-slate-500">by {shortAddress(p.proposer)}</span>
      </div>
      <h2 className="mt-2 break-words text-base font-medium">
        {/* Descriptions come from the chain: rendered as text, never as HTML. */}
        <IntentLink href={`/proposals/${p.id}`} className="hover:underline" data-testid="proposal-link">
          {title}
        </IntentLink>
      </h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400" data-testid="changed-params">
        Changes: {params.length ? params.join(', ') : 'nothing decodable'}
        {p.changes.map((c) =>
          c.kind === 'setParameter' ? (
            <span key={`${c.paramId}`} className="ml-2 font-mono">
              [{c.label}: {c.currentText} → {c.proposedText}]
            </span>
          ) : c.kind === 'changeSupply' ? (
            <span key="supply" className="ml-2 font-mono">
              [{c.deltaText}]
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
