'use client';

import dynamic from 'next/dynamic';
import { useMemo, useState } from 'react';
import { formatPercent, formatTime, formatToken, shortAddress } from '@/components/format';
import { IntentLink } from '@/components/intent-link';
import { ForecastInterval } from '@/components/proposals/justification-panel';
import { useDecisions, useGuardianActions, useModels, useVerifications } from '@/components/proposals/queries';
import { TechnicalDetails } from '@/components/proposals/technical';
import { ErrorBox, HashText, Skeleton, StateBadge } from '@/components/proposals/ui';
import { nameOutcome } from '@/lib/governance/outcome';
import {
  type DecisionFilter,
  filterDecisions,
  filterRows,
  groupNoActions,
  isMismatch,
  type LogRow,
  noActionText,
  type OnChainStatus,
  type Outcome,
  type TransparencyDecision,
} from '@/lib/governance/transparency';

const TrackChart = dynamic(() => import('./track-chart').then((m) => m.TrackChart), {
  ssr: false,
  loading: () => <Skeleton className="h-64" />,
});

const outcomes: (Outcome | 'all')[] = [
  'all',
  'no-action',
  'voting',
  'passed',
  'queued',
  'executed',
  'defeated',
  'canceled',
  'expired',
  'failed',
];
const PAGE = 30;

/** The public audit log of the AI: decisions, outcomes, verifications, track record, guardian actions. */
export function TransparencyPage({ focus, explorer }: { focus: string | null; explorer: string | null }) {
  const decisions = useDecisions();
  const [filter, setFilter] = useState<Required<DecisionFilter>>({ kind: 'all', outcome: 'all' });
  const [shown, setShown] = useState(PAGE);
  const list = useMemo(() => filterDecisions(decisions.data?.decisions ?? [], filter), [decisions.data, filter]);
  // Runs of identical no-action decisions are one row each (hundreds of "still pending" otherwise),
  // found on the whole log, then filtered.
  const allRows = useMemo(() => groupNoActions(decisions.data?.decisions ?? []), [decisions.data]);
  const rows = useMemo(() => filterRows(allRows, filter), [allRows, filter]);
  const focused = focus
    ? decisions.data?.decisions.find((d) => d.decisionId.toLowerCase() === focus.toLowerCase())
    : undefined;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Transparency</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Every decision the AI agent made, including the ones where it chose not to act, with the hashes it committed
          on-chain, what holders decided, and how its forecasts compared with what happened. No wallet needed.
        </p>
        <AgentStatusLine />
      </div>

      {focus ? (
        <section aria-labelledby="focus-heading" className="space-y-2">
          <h2 id="focus-heading" className="text-lg font-semibold">
            Decision {focus.slice(0, 10)}…
          </h2>
          {focused ? (
            <DecisionCard d={focused} explorer={explorer} open />
          ) : decisions.data ? (
            <p className="card text-sm" role="alert">
              No decision {focus} in the agent’s log.
            </p>
          ) : (
            <Skeleton className="h-40" />
          )}
          <IntentLink href="/transparency" className="text-sm text-indigo-700 underline dark:text-indigo-300">
            ← Whole log
          </IntentLink>
        </section>
      ) : null}

      <TrackRecord />

      <section aria-labelledby="log-heading" className="space-y-3">
        <div className="flex flex-wrap items-end gap-3">
          <h2 id="log-heading" className="text-lg font-semibold">
            Decision log
          </h2>
          <label className="text-sm">
            Kind{' '}
            <select
              className="rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900"
              value={filter.kind}
              onChange={(e) => {
                setFilter({ ...filter, kind: e.target.value as Required<DecisionFilter>['kind'] });
                setShown(PAGE);
              }}
              data-testid="filter-kind"
            >
              <option value="all">all</option>
              <option value="proposal">proposals</option>
              <option value="no-action">no action</option>
            </select>
          </label>
          <label className="text-sm">
            Outcome{' '}
            <select
              className="rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900"
              value={filter.outcome}
              onChange={(e) => {
                setFilter({ ...filter, outcome: e.target.value as Outcome | 'all' });
                setShown(PAGE);
              }}
              data-testid="filter-outcome"
            >
              {outcomes.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          </label>
          {decisions.data ? (
            <span className="text-sm text-slate-600 dark:text-slate-400" data-testid="decision-count">
              {list.length} of {decisions.data.decisions.length} decisions
            </span>
          ) : null}
        </div>
        {decisions.isError ? (
          <ErrorBox what="the decision log" error={decisions.error} onRetry={() => void decisions.refetch()} />
        ) : null}
        {decisions.data && (decisions.data.skipped > 0 || decisions.data.tornTail) ? (
          <p className="text-xs text-amber-800 dark:text-amber-300" data-testid="log-skipped">
            {decisions.data.skipped} malformed line(s) skipped
            {decisions.data.tornTail ? '; the last line is incomplete (being written or torn by a crash)' : ''}.
          </p>
        ) : null}
        {decisions.data?.chainError ? (
          <p className="text-xs text-amber-800 dark:text-amber-300">
            Chain not readable ({decisions.data.chainError}): proposal states and votes below come from the agent’s log.
          </p>
        ) : null}
        {!decisions.data ? (
          decisions.isError ? null : (
            <Skeleton className="h-40" />
          )
        ) : !decisions.data.available ? (
          <p className="card text-sm" data-testid="log-unavailable">
            The agent’s decision log is not available on this server yet (no decisions.jsonl). On a real deployment it
            is published with the justifications; locally, <code>npm start</code> runs the agent.
          </p>
        ) : list.length === 0 ? (
          <p className="card text-sm">No decisions match these filters.</p>
        ) : (
          <>
            <ol className="space-y-3" data-testid="decision-log">
              {rows.slice(0, shown).map((r) =>
                r.kind === 'decision' ? (
                  <li key={r.decision.decisionId}>
                    <DecisionCard d={r.decision} explorer={explorer} open={false} />
                  </li>
                ) : (
                  <li key={`group-${r.decisions[0]?.decisionId}`}>
                    <NoActionGroup row={r} />
                  </li>
                ),
              )}
            </ol>
            {rows.length > shown ? (
              <button type="button" className="btn-secondary" onClick={() => setShown(shown + PAGE)}>
                Show {Math.min(PAGE, rows.length - shown)} more
              </button>
            ) : null}
          </>
        )}
      </section>

      <div className="grid gap-6 lg:grid-cols-2">
        <ModelHistory />
        <GuardianActions explorer={explorer} />
      </div>
    </div>
  );
}

function AgentStatusLine() {
  const status = useDecisions();
  const last = status.data?.decisions[0];
  return last ? (
    <p className="mt-1 text-xs text-slate-500" data-testid="agent-last">
      Last decision {formatTime(last.decidedAt)} (chain time).
    </p>
  ) : null;
}

const outcomeText: Record<Outcome, string> = {
  'no-action': 'No action',
  failed: 'Proposal failed to send',
  voting: 'In voting',
  passed: 'Passed',
  queued: 'Queued in timelock',
  executed: 'Executed',
  defeated: 'Defeated',
  canceled: 'Canceled',
  expired: 'Expired',
};

/** Decisions listed inside an opened group; the rest are reachable by permalink and the filters. */
const GROUP_LISTED = 50;

/** "401× no action: an earlier proposal is still pending, from … to …", the decisions behind a disclosure. */
function NoActionGroup({ row }: { row: Extract<LogRow, { kind: 'no-action-group' }> }) {
  const [open, setOpen] = useState(false);
  return (
    <article className="card" data-testid="no-action-group" data-count={row.count}>
      <details onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
        <summary className="cursor-pointer text-sm">
          <span className="rounded bg-slate-100 px-2 py-0.5 text-xs font-semibold text-slate-800">
            {row.count}× no action
          </span>{' '}
          <span data-testid="group-text">
            {noActionText(row.reason)}, from {formatTime(row.from)} to {formatTime(row.to)}
          </span>
        </summary>
        {open ? (
          <ul className="mt-2 divide-y divide-slate-200 text-xs dark:divide-slate-800">
            {row.decisions.slice(0, GROUP_LISTED).map((d) => (
              <li key={d.decisionId} className="flex flex-wrap gap-2 py-1">
                <span className="text-slate-500">{formatTime(d.decidedAt)}</span>
                <span className="min-w-0 flex-1 break-words">{d.text}</span>
                <IntentLink
                  href={`/transparency/${d.decisionId}`}
                  className="text-indigo-700 underline dark:text-indigo-300"
                  aria-label={`Permalink to decision ${d.decisionId.slice(0, 10)}`}
                >
                  permalink
                </IntentLink>
              </li>
            ))}
            {row.count > GROUP_LISTED ? (
              <li className="py-1 text-slate-600 dark:text-slate-400">
                … and {row.count - GROUP_LISTED} more of the same (filter by “no action” to page through them).
              </li>
            ) : null}
          </ul>
        ) : null}
      </details>
    </article>
  );
}

/** The outcome in words: a defeated proposal says whether it was vetoed or why it failed. */
function outcomeLabel(d: TransparencyDecision): string {
  if (d.outcome !== 'defeated') return outcomeText[d.outcome];
  return nameOutcome({ state: d.state, lane: d.lane, votes: d.votes, formatVotes: (v) => formatToken(v) }).label;
}

function DecisionCard({ d, explorer, open }: { d: TransparencyDecision; explorer: string | null; open: boolean }) {
  const vf = d.verified.forecast;
  return (
    <article id={`d-${d.decisionId}`} className="card" data-testid="decision" data-decision-id={d.decisionId}>
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-xs text-slate-500">{formatTime(d.decidedAt)}</span>
        <span
          className={`rounded px-2 py-0.5 text-xs font-semibold ${d.kind === 'proposal' ? 'bg-indigo-100 text-indigo-900' : 'bg-slate-100 text-slate-800'}`}
          data-testid="decision-kind"
        >
          {d.kind === 'proposal' ? 'Proposal' : 'No action'}
        </span>
        {d.kind === 'proposal' ? (
          <span className="text-xs font-medium" data-testid="decision-outcome">
            {outcomeLabel(d)}
          </span>
        ) : (
          <span className="text-xs text-slate-600 dark:text-slate-400">{noActionText(d.reason)}</span>
        )}
        {vf ? (
          <span className={`text-xs ${vf.hit80 ? 'text-green-700' : 'text-amber-800'}`} data-testid="verified-badge">
            verified: {vf.hit80 ? 'inside 80% interval' : 'outside 80% interval'}
          </span>
        ) : null}
        <OnChainBadge d={d} />
        <IntentLink
          href={`/transparency/${d.decisionId}`}
          className="ml-auto text-xs text-indigo-700 underline dark:text-indigo-300"
          aria-label={`Permalink to decision ${d.decisionId.slice(0, 10)}`}
        >
          permalink
        </IntentLink>
      </div>
      <details open={open}>
        <summary className="mt-1 cursor-pointer">
          <span className="break-words text-sm [overflow-wrap:anywhere]" data-testid="decision-title">
            {d.kind === 'proposal' ? (d.title ?? 'Proposal') : `No action: ${noActionText(d.reason)}`}
          </span>
        </summary>
        <div className="mt-3 space-y-3 text-sm">
          <TechnicalDetails text={d.text} summary="The agent’s own words, with a glossary" open={open} />
          <dl className="grid gap-1 text-xs sm:grid-cols-[11rem_1fr]">
            <dt className="text-slate-500">Decision id</dt>
            <dd>
              <HashText value={d.decisionId} label="decision id" />
            </dd>
            <dt className="text-slate-500">Inputs hash</dt>
            <dd>
              <HashText value={d.inputHash} label="inputs hash" />
            </dd>
            <dt className="text-slate-500">Model</dt>
            <dd>
              {d.modelVersion ?? '—'} <HashText value={d.modelHash} label="model hash" />
            </dd>
            <dt className="text-slate-500">Policy / objective</dt>
            <dd>
              {d.policy} / {d.objective}
            </dd>
            <dt className="text-slate-500">Justification</dt>
            <dd>
              <HashText value={d.justificationHash} label="justification hash" />{' '}
              {d.justificationURI?.startsWith('/api/justifications/') ? (
                <a href={d.justificationURI} className="text-indigo-700 underline dark:text-indigo-300">
                  document
                </a>
              ) : null}
            </dd>
            {d.kind === 'proposal' ? (
              <>
                <dt className="text-slate-500">Proposal</dt>
                <dd>
                  {d.proposalId ? (
                    <IntentLink
                      href={`/proposals/${d.proposalId}`}
                      className="text-indigo-700 underline dark:text-indigo-300"
                    >
                      {d.proposalId.slice(0, 12)}…
                    </IntentLink>
                  ) : (
                    'not on-chain'
                  )}{' '}
                  {d.lane ? `(${d.lane} lane)` : ''} {d.state ? <StateBadge state={d.state} /> : null}
                </dd>
                <dt className="text-slate-500">Proposal tx</dt>
                <dd>
                  <HashText value={d.proposeTx} label="proposal transaction" explorer={explorer} />
                </dd>
                <dt className="text-slate-500">Votes</dt>
                <dd data-testid="decision-votes">
                  {d.votes
                    ? `approve ${formatToken(d.votes.for)} · veto ${formatToken(d.votes.against)} · abstain ${formatToken(d.votes.abstain)}${d.voteCount !== null ? ` (${d.voteCount} voters)` : ''}`
                    : '—'}
                </dd>
                <dt className="text-slate-500">Outcome</dt>
                <dd>{outcomeLabel(d)}</dd>
                <dt className="text-slate-500">Execution tx</dt>
                <dd data-testid="execution-tx">
                  <HashText value={d.executionTx} label="execution transaction" explorer={explorer} />
                </dd>
                {d.failure ? (
                  <>
                    <dt className="text-slate-500">Failure</dt>
                    <dd className="break-words">{d.failure}</dd>
                  </>
                ) : null}
              </>
            ) : null}
          </dl>
          {d.forecast ? <ForecastInterval forecast={d.forecast} realised={vf?.realised ?? null} /> : null}
          <div data-testid="verify-record">
            <h3 className="text-xs font-medium uppercase tracking-wide text-slate-600 dark:text-slate-400">
              Verify record (predicted vs actual)
            </h3>
            {vf ? (
              <p className="text-xs">
                Window {formatTime(vf.from)} → {formatTime(vf.to)}: forecast {formatPercent(vf.forecast)}, realised{' '}
                {formatPercent(vf.realised)} — {vf.hit80 ? 'inside' : 'outside'} the 80% interval,{' '}
                {vf.hit95 ? 'inside' : 'outside'} the 95% interval. Record{' '}
                <HashText value={vf.hash} label="verification record hash" />
              </p>
            ) : d.onChain.forecast.status === 'recorded' && d.onChain.forecast.record.forecast ? (
              <p className="text-xs">
                From the chain (the agent’s log has no copy): window {formatTime(d.onChain.forecast.record.windowFrom)}{' '}
                → {formatTime(d.onChain.forecast.record.windowTo)}: forecast{' '}
                {formatPercent(d.onChain.forecast.record.forecast.forecast)}, realised{' '}
                {formatPercent(d.onChain.forecast.record.forecast.realised)} —{' '}
                {d.onChain.forecast.record.forecast.hit80 ? 'inside' : 'outside'} the 80% interval.
              </p>
            ) : (
              <p className="text-xs text-slate-600 dark:text-slate-400">
                Not verified yet (after the {d.forecast?.horizonHours ?? 24} h horizon).
              </p>
            )}
            <OnChainLine what="Forecast verdict" s={d.onChain.forecast} explorer={explorer} testId="onchain-forecast" />
            {d.verified.effect ? (
              <ul className="mt-1 text-xs" data-testid="effect-verification">
                {d.verified.effect.effects.map((e) => (
                  <li key={e.kpi}>
                    {e.kpi}: expected {e.expectedDirection}, realised change {e.realisedChange.toPrecision(3)} —{' '}
                    {e.directionMatch === null
                      ? 'no direction to check'
                      : e.directionMatch
                        ? 'direction matched'
                        : 'direction missed'}
                  </li>
                ))}
              </ul>
            ) : null}
            {d.onChain.effect.status !== 'none' ? (
              <OnChainLine what="Effect verdict" s={d.onChain.effect} explorer={explorer} testId="onchain-effect" />
            ) : null}
          </div>
        </div>
      </details>
    </article>
  );
}

/** One word on where the decision's verify records live: on-chain and equal, differing, or local only. */
function OnChainBadge({ d }: { d: TransparencyDecision }) {
  const all = [d.onChain.forecast, d.onChain.effect].filter((s) => s.status !== 'none');
  if (all.length === 0) return null;
  const [text, cls] = all.some(isMismatch)
    ? ['on-chain record ≠ local', 'bg-red-700 text-white']
    : all.some((s) => s.status === 'local-only')
      ? ['local only, not on-chain', 'bg-amber-100 text-amber-900']
      : all.some((s) => s.status === 'unchecked')
        ? ['on-chain not checked', 'bg-slate-100 text-slate-800']
        : ['recorded on-chain', 'bg-green-100 text-green-900'];
  return (
    <span className={`rounded px-2 py-0.5 text-xs font-semibold ${cls}`} data-testid="onchain-badge">
      {text}
    </span>
  );
}

/** Where one verify record stands on-chain: block and transaction, and whether it equals the local record. */
function OnChainLine({
  what,
  s,
  explorer,
  testId,
}: {
  what: string;
  s: OnChainStatus;
  explorer: string | null;
  testId: string;
}) {
  if (s.status === 'none') return null;
  if (s.status === 'local-only') {
    return (
      <p className="mt-1 text-xs text-amber-800 dark:text-amber-300" data-testid={testId} data-status="local-only">
        {what}: only in the agent’s local log — not recorded on-chain (yet).
      </p>
    );
  }
  if (s.status === 'unchecked') {
    return (
      <p className="mt-1 text-xs text-slate-600 dark:text-slate-400" data-testid={testId} data-status="unchecked">
        {what}: on-chain record not checked ({s.why}).
      </p>
    );
  }
  const r = s.record;
  const where = (
    <>
      block {r.blockNumber?.toString() ?? '?'}, tx{' '}
      <HashText value={r.txHash} label="record transaction" explorer={explorer} />
    </>
  );
  if (s.check && s.check.problems.length > 0) {
    return (
      <div
        role="alert"
        className="mt-1 rounded border-2 border-red-700 bg-red-50 p-2 text-xs text-red-900 dark:bg-red-950 dark:text-red-100"
        data-testid={testId}
        data-status="mismatch"
      >
        <p className="font-semibold">
          {what}: MISMATCH — the on-chain record ({where}) differs from the agent’s local record.
        </p>
        <ul className="mt-1 list-disc pl-4">
          {s.check.problems.map((p) => (
            <li key={p} className="break-words">
              {p}
            </li>
          ))}
        </ul>
      </div>
    );
  }
  return (
    <p className="mt-1 text-xs text-green-800 dark:text-green-300" data-testid={testId} data-status="recorded">
      {what}: recorded on-chain in {where}; on-chain hash{' '}
      <HashText value={r.contentHash} label="on-chain record hash" />{' '}
      {s.check ? 'matches the local record.' : '(the agent’s log has no local copy to compare).'}
    </p>
  );
}

function TrackRecord() {
  const v = useVerifications();
  const t = v.data?.trackRecord;
  return (
    <section aria-labelledby="track-heading" className="card space-y-3">
      <h2 id="track-heading" className="card-title">
        Model track record
      </h2>
      {v.isError ? <ErrorBox what="verifications" error={v.error} onRetry={() => void v.refetch()} /> : null}
      {!v.data ? (
        v.isError ? null : (
          <Skeleton className="h-24" />
        )
      ) : !v.data.available ? (
        <p className="text-sm">No verification records are available on this server yet.</p>
      ) : (
        <>
          <dl className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-4" data-testid="track-record">
            <div>
              <dt className="text-xs text-slate-500">Forecasts verified</dt>
              <dd className="font-mono">{t?.n ?? 0}</dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Hit rate (80% interval, nominal 80%)</dt>
              <dd className="font-mono">{formatPercent(t?.hitRate80)}</dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Coverage (95% interval)</dt>
              <dd className="font-mono">{formatPercent(t?.coverage95)}</dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Mean |log error|</dt>
              <dd className="font-mono">{t?.meanAbsLogError == null ? '—' : t.meanAbsLogError.toFixed(3)}</dd>
            </div>
          </dl>
          {v.data.series.length > 1 ? <TrackChart points={v.data.series} /> : null}
        </>
      )}
      {v.data ? <OnChainTrackRecord onChain={v.data.onChain} /> : null}
    </section>
  );
}

/** The same track record from the VerificationLog alone, and how the chain and the agent's log compare. */
function OnChainTrackRecord({
  onChain,
}: {
  onChain: NonNullable<ReturnType<typeof useVerifications>['data']>['onChain'];
}) {
  if (!onChain.available) {
    return (
      <p className="text-xs text-slate-600 dark:text-slate-400" data-testid="onchain-track-record">
        On-chain verify records not available: {onChain.why}.
      </p>
    );
  }
  const t = onChain.trackRecord;
  return (
    <div
      className="space-y-1 border-t border-slate-200 pt-2 text-sm dark:border-slate-800"
      data-testid="onchain-track-record"
    >
      <h3 className="text-xs font-medium uppercase tracking-wide text-slate-600 dark:text-slate-400">
        From on-chain records alone
      </h3>
      <p className="text-xs">
        {onChain.count} record(s) in the VerificationLog{' '}
        <HashText value={onChain.address} label="VerificationLog address" /> (read from{' '}
        {onChain.source === 'indexer' ? 'the indexer' : `the chain’s logs; indexer: ${onChain.indexerError}`}
        ): hit rate {formatPercent(t.hitRate80)}, coverage (95%) {formatPercent(t.coverage95)}, mean |log error|{' '}
        {t.meanAbsLogError == null ? '—' : t.meanAbsLogError.toFixed(3)} over {t.n} forecast(s)
        {t.effectsChecked > 0
          ? `; effect directions ${formatPercent(t.effectDirectionHitRate)} of ${t.effectsChecked}`
          : ''}
        .
        {onChain.tally
          ? ` Contract tally: ${onChain.tally.hits80}/${onChain.tally.forecasts} inside 80%, ${onChain.tally.hits95}/${onChain.tally.forecasts} inside 95%.`
          : ''}{' '}
        Each forecast was committed on-chain when the agent decided (its numbers’ hash and window, within the first
        tenth of the window), and the contract records a verdict only with those numbers: the track record cannot be
        rewritten after the outcome.
      </p>
      <p className="text-xs" data-testid="onchain-comparison">
        {onChain.matching} match the local records
        {onChain.localOnly > 0 ? ` · ${onChain.localOnly} local only (not on-chain)` : ''}
        {onChain.chainOnly > 0 ? ` · ${onChain.chainOnly} on-chain without a local copy` : ''}
        {onChain.mismatches.length > 0 ? ` · ${onChain.mismatches.length} DIFFER` : ''}.
      </p>
      {onChain.mismatches.length > 0 ? (
        <div
          role="alert"
          className="rounded border-2 border-red-700 bg-red-50 p-2 text-xs text-red-900 dark:bg-red-950 dark:text-red-100"
        >
          <p className="font-semibold">On-chain records that differ from the agent’s local log:</p>
          <ul className="list-disc pl-4">
            {onChain.mismatches.map((m) => (
              <li key={`${m.decisionId}-${m.kind}`} className="break-words">
                <IntentLink href={`/transparency/${m.decisionId}`} className="underline">
                  {m.decisionId.slice(0, 10)}…
                </IntentLink>{' '}
                ({m.kind}): {m.problems.join('; ')}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

function ModelHistory() {
  const m = useModels();
  return (
    <section aria-labelledby="models-heading" className="card">
      <h2 id="models-heading" className="card-title">
        Model versions
      </h2>
      {m.isError ? <ErrorBox what="model history" error={m.error} onRetry={() => void m.refetch()} /> : null}
      {!m.data ? (
        m.isError ? null : (
          <Skeleton />
        )
      ) : m.data.models.length === 0 ? (
        <p className="mt-2 text-sm">No retraining recorded yet.</p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-200 text-sm dark:divide-slate-800" data-testid="model-history">
          {m.data.models.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: history rows have no id
            <li key={i} className="py-2">
              <span className="text-xs text-slate-500">{formatTime(r.at)}</span>{' '}
              <span className="font-medium">{r.promoted ? 'promoted' : r.outcome}</span>
              {r.version ? <span className="ml-1 font-mono">{r.version}</span> : null}
              {r.modelHash ? (
                <span className="ml-1">
                  <HashText value={r.modelHash} label="model hash" />
                </span>
              ) : null}
              {r.reason ? <span className="block text-xs text-slate-600 dark:text-slate-400">{r.reason}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function GuardianActions({ explorer }: { explorer: string | null }) {
  const g = useGuardianActions();
  return (
    <section aria-labelledby="guardian-heading" className="card">
      <h2 id="guardian-heading" className="card-title">
        Guardian actions
      </h2>
      {g.isError ? <ErrorBox what="guardian actions" error={g.error} onRetry={() => void g.refetch()} /> : null}
      {!g.data ? (
        g.isError ? null : (
          <Skeleton />
        )
      ) : g.data.actions.length === 0 ? (
        <p className="mt-2 text-sm" data-testid="guardian-none">
          No pauses or cancellations so far.
        </p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-200 text-sm dark:divide-slate-800" data-testid="guardian-actions">
          {g.data.actions.map((a) => (
            <li key={a.txHash + a.kind} className="py-2">
              <span className="text-xs text-slate-500">{formatTime(a.at)}</span>{' '}
              <span className="font-medium">
                {a.kind === 'pause'
                  ? 'Paused the controller'
                  : a.kind === 'unpause'
                    ? 'Unpaused (by governance)'
                    : 'Canceled proposal'}
              </span>
              {a.proposalId !== null ? (
                <IntentLink
                  href={`/proposals/${a.proposalId}`}
                  className="ml-1 text-indigo-700 underline dark:text-indigo-300"
                >
                  {a.proposalId.toString().slice(0, 12)}…
                </IntentLink>
              ) : null}
              {a.by ? <span className="ml-1 font-mono text-xs">by {shortAddress(a.by)}</span> : null}{' '}
              <HashText value={a.txHash} label="guardian transaction" explorer={explorer} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
