'use client';

import Link from 'next/link';
import { formatTime, formatToken, shortAddress } from '@/components/format';
import { VotePanel } from '@/components/wallet/lazy';
import { changesSupply, type DecodedChange } from '@/lib/governance/decode';
import { nameOutcome } from '@/lib/governance/outcome';
import {
  passingNow,
  proposalBody,
  proposalTitle,
  quorumProgress,
  timeLeft,
  vetoProgress,
  votingElapsed,
} from '@/lib/governance/progress';
import { titleFromChanges } from '@/lib/governance/title';
import { JustificationPanel } from './justification-panel';
import { useProposalDetail } from './queries';
import { TechnicalDetails } from './technical';
import { ErrorBox, HashText, LaneBadge, ProgressBar, Skeleton, StateBadge } from './ui';

const supportName = (s: number) => (s === 1 ? 'Approve' : s === 0 ? 'Veto' : 'Abstain');

/** One proposal, from the AI's reasoning to the on-chain outcome. Read-only without a wallet. */
export function ProposalDetail({ id, explorer }: { id: string; explorer: string | null }) {
  const q = useProposalDetail(id, undefined);
  if (q.data === null) {
    // The route answered 404: the governor has no proposal with this id (a mistyped or foreign link).
    return (
      <div className="space-y-4">
        <p>
          <Link href="/proposals" className="text-sm text-indigo-700 underline dark:text-indigo-300">
            ← All proposals
          </Link>
        </p>
        <h1 className="text-2xl font-semibold">No such proposal</h1>
        <p className="card break-words text-sm [overflow-wrap:anywhere]" role="alert" data-testid="proposal-missing">
          The governor has no proposal with id {id}. Check the link, or pick one from the list of all proposals.
        </p>
      </div>
    );
  }
  if (!q.data) {
    return (
      <div className="space-y-4">
        <p>
          <Link href="/proposals" className="text-sm text-indigo-700 underline dark:text-indigo-300">
            ← All proposals
          </Link>
        </p>
        <h1 className="text-2xl font-semibold">Proposal</h1>
        {q.isError ? (
          <ErrorBox what={`proposal ${id.slice(0, 12)}…`} error={q.error} onRetry={() => void q.refetch()} />
        ) : (
          <Skeleton className="h-64" />
        )}
      </div>
    );
  }
  const { proposal: p, chainTime, votes, clock } = q.data;
  const time = timeLeft(p.state, chainTime, p.voteStart, p.voteEnd, p.eta, clock);
  const veto = vetoProgress(p.votes, p.vetoThreshold);
  const quorum = quorumProgress(p.votes, p.quorum);
  const passing = passingNow(p.lane, p.votes, p.quorum, p.vetoThreshold);
  const body = proposalBody(p.description);
  const descriptionTitle = proposalTitle(p.description, p.id);
  const title = titleFromChanges(p.changes, q.data.units, descriptionTitle);
  const outcome = nameOutcome({
    state: p.state,
    lane: p.lane,
    votes: p.votes,
    quorum: p.quorum,
    vetoThreshold: p.vetoThreshold,
    formatVotes: (v) => formatToken(v),
  });
  return (
    <article className="space-y-4" aria-labelledby="proposal-title">
      <p>
        <Link href="/proposals" className="text-sm text-indigo-700 underline dark:text-indigo-300">
          ← All proposals
        </Link>
      </p>
      {q.isError ? <ErrorBox what="the latest state" error={q.error} onRetry={() => void q.refetch()} /> : null}
      <header className="space-y-2">
        <div className="flex flex-wrap items-center gap-2">
          <StateBadge state={p.state} outcome={outcome} />
          <LaneBadge lane={p.lane} />
          <span className="text-sm text-slate-600 dark:text-slate-400" data-testid="time-left">
            {time.text}
          </span>
        </div>
        <h1 id="proposal-title" className="break-words text-2xl font-semibold [overflow-wrap:anywhere]">
          {title}
        </h1>
        {outcome.detail ? (
          <p className="text-sm text-slate-700 dark:text-slate-300" data-testid="outcome-detail">
            {outcome.detail}
          </p>
        ) : null}
        {body || descriptionTitle !== title ? (
          // The description as proposed on-chain (the agent's technical wording): the plain reading is
          // the justification below.
          <TechnicalDetails
            text={[descriptionTitle, body].filter(Boolean).join('\n\n')}
            summary="Description as proposed on-chain"
            testId="proposal-description"
          />
        ) : null}
        <p className="break-words text-xs text-slate-500 [overflow-wrap:anywhere]">
          Proposed by {shortAddress(p.proposer)} · id <span className="break-all font-mono">{p.id.toString()}</span> ·
          tx <HashText value={p.transactionHash} label="proposal transaction" explorer={explorer} />
        </p>
      </header>

      <section aria-labelledby="changes-heading" className="card">
        <h2 id="changes-heading" className="card-title">
          What it changes
        </h2>
        <ChangesTable changes={p.changes} />
        {changesSupply(p.changes) ? (
          <p className="mt-2 text-sm text-slate-700 dark:text-slate-300" data-testid="threshold-note">
            This proposal mints or burns tokens. Its quorum and veto threshold do not move: they are computed from
            delegated voting power at the snapshot ({formatTime(Number(p.snapshot))}), fixed before any mint or burn can
            happen, and minted tokens go to the treasury, which does not vote.
          </p>
        ) : null}
      </section>

      <section aria-labelledby="voting-heading" className="card space-y-3">
        <h2 id="voting-heading" className="card-title">
          Voting
        </h2>
        <div className="flex flex-col gap-3 sm:flex-row">
          <ProgressBar label="Veto" tone="veto" progress={veto} testId="veto" />
          <ProgressBar label="Quorum (approve + abstain)" tone="quorum" progress={quorum} testId="quorum" />
        </div>
        <div>
          <div className="text-xs text-slate-600 dark:text-slate-400">
            Voting period {formatTime(Number(p.voteStart))} → {formatTime(Number(p.voteEnd))} (chain time)
          </div>
          <div
            role="progressbar"
            aria-label="Voting period elapsed"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(votingElapsed(chainTime, p.voteStart, p.voteEnd) * 100)}
            className="mt-1 h-1.5 w-full overflow-hidden rounded bg-slate-200 dark:bg-slate-800"
          >
            <div
              className="h-full bg-slate-500"
              style={{ width: `${Math.round(votingElapsed(chainTime, p.voteStart, p.voteEnd) * 100)}%` }}
            />
          </div>
        </div>
        <dl className="flex flex-wrap gap-4 text-sm" data-testid="tally">
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
        <p className="text-xs text-slate-600 dark:text-slate-400">
          {p.lane === 'optimistic'
            ? 'Optimistic lane: passes unless vetoes reach the veto threshold.'
            : 'Full vote: needs approve + abstain ≥ quorum and more approvals than vetoes.'}{' '}
          Thresholds are fixed from delegated supply at the snapshot
          {p.delegatedAtSnapshot !== null
            ? ` (${formatToken(p.delegatedAtSnapshot)} HOME delegated)`
            : ' (not reached yet)'}
          .
          {p.state === 'Active' && passing !== null
            ? passing
              ? ' If voting ended now: passes.'
              : ' If voting ended now: fails.'
            : ''}
        </p>
        <VotePanel proposalId={p.id.toString()} state={p.state} />
      </section>

      {p.decision ? (
        <>
          <JustificationPanel
            uri={p.decision.justificationURI}
            hash={p.decision.justificationHash}
            decisionId={p.decision.decisionId}
          />
          <section aria-labelledby="commitments-heading" className="card">
            <h2 id="commitments-heading" className="card-title">
              On-chain commitments
            </h2>
            <dl className="mt-2 grid gap-1 text-xs sm:grid-cols-[10rem_1fr]">
              <dt className="text-slate-500">Decision id</dt>
              <dd>
                <HashText value={p.decision.decisionId} label="decision id" />{' '}
                <Link
                  href={`/transparency/${p.decision.decisionId}`}
                  className="text-indigo-700 underline dark:text-indigo-300"
                >
                  in the transparency log
                </Link>
              </dd>
              <dt className="text-slate-500">Model hash</dt>
              <dd>
                <HashText value={p.decision.modelHash} label="model hash" />
              </dd>
              <dt className="text-slate-500">Input data hash</dt>
              <dd>
                <HashText value={p.decision.inputHash} label="input hash" />
              </dd>
            </dl>
          </section>
        </>
      ) : (
        <p className="card text-sm">This proposal carries no decision metadata.</p>
      )}

      <section aria-labelledby="votes-heading" className="card">
        <h2 id="votes-heading" className="card-title">
          Votes cast ({votes.length})
        </h2>
        {votes.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">No votes yet.</p>
        ) : (
          <ul className="mt-2 divide-y divide-slate-200 text-sm dark:divide-slate-800" data-testid="vote-list">
            {votes.map((v) => (
              <li key={v.txHash + v.voter} className="py-2">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-mono">{shortAddress(v.voter)}</span>
                  <span className="font-medium">{supportName(v.support)}</span>
                  <span className="font-mono text-slate-600 dark:text-slate-400">{formatToken(v.weight)} votes</span>
                  <span className="ml-auto">
                    <HashText value={v.txHash} label="vote transaction" explorer={explorer} />
                  </span>
                </div>
                {v.reason ? (
                  <p
                    className="mt-1 whitespace-pre-wrap break-words text-slate-700 dark:text-slate-300"
                    data-testid="vote-reason-text"
                  >
                    “{v.reason}”
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}

/** Small-screen label of a cell (the header row is hidden there, each row becomes a block). */
const cell =
  'block py-1 sm:table-cell sm:pr-2 before:mr-1 before:text-xs before:text-slate-500 before:content-[attr(data-label)] sm:before:content-none';

/**
 * The actions: a table from the sm breakpoint up; below it each action is a block with its own
 * labels, so nothing is cut off or scrolls sideways on a phone.
 */
function ChangesTable({ changes }: { changes: DecodedChange[] }) {
  if (changes.length === 0) return <p className="mt-2 text-sm">No actions.</p>;
  return (
    <table className="mt-2 block w-full text-left text-sm sm:table" data-testid="changes">
      <thead className="hidden sm:table-header-group">
        <tr className="text-xs text-slate-500">
          <th scope="col" className="py-1 pr-2">
            Parameter
          </th>
          <th scope="col" className="py-1 pr-2">
            Current → proposed
          </th>
          <th scope="col" className="py-1 pr-2">
            Change
          </th>
          <th scope="col" className="py-1">
            Guardrail headroom after
          </th>
        </tr>
      </thead>
      <tbody className="block sm:table-row-group">
        {changes.map((c, i) => (
          <tr
            // biome-ignore lint/suspicious/noArrayIndexKey: actions are positional
            key={i}
            className="block border-t border-slate-200 py-1 align-top sm:table-row dark:border-slate-800"
            data-testid="change-row"
          >
            <th scope="row" className="block py-1 pr-2 font-medium sm:table-cell">
              {c.label}
            </th>
            {c.kind === 'setParameter' ? (
              <>
                <td className={`${cell} font-mono`} data-label="Current → proposed:">
                  {c.currentText} → {c.proposedText}
                  {c.stale ? (
                    <span className="block font-sans text-xs text-amber-700">
                      The live value has changed since; this action will revert (compare-and-set).
                    </span>
                  ) : null}
                </td>
                <td className={`${cell} font-mono`} data-label="Change:">
                  {c.deltaText}
                  {c.headroom?.stepShare != null ? (
                    <span className="block font-sans text-xs text-slate-500">
                      {Math.round(c.headroom.stepShare * 100)}% of the largest step allowed
                    </span>
                  ) : null}
                </td>
                <td className={`${cell} text-xs`} data-label="Headroom after:">
                  {c.headroom ? (
                    <>
                      {c.headroom.toMin} above min · {c.headroom.toMax} below max
                    </>
                  ) : (
                    '—'
                  )}
                </td>
              </>
            ) : c.kind === 'changeSupply' ? (
              <>
                <td className={`${cell} font-mono`} data-label="Supply:">
                  supply {c.deltaText}
                </td>
                <td className={`${cell} font-mono`} data-label="Change:">
                  {c.deltaText}
                </td>
                <td className={`${cell} text-xs`} data-label="Budget:">
                  {c.budgetLeftText ? `${c.budgetLeftText} left in the rolling 24 h supply budget` : '—'}
                  {c.budgetShare != null ? ` (${Math.round(c.budgetShare * 100)}% used)` : ''}
                </td>
              </>
            ) : (
              <td colSpan={3} className="block py-1 text-xs sm:table-cell">
                {c.kind === 'unknown'
                  ? `selector ${c.selector}`
                  : c.kind === 'call'
                    ? `${c.detail[0]?.toUpperCase()}${c.detail.slice(1)} (always a full vote).`
                    : 'Restores normal operation (always a full vote).'}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
