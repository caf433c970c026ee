/**
 * The public audit log: every AI decision (proposals and no-action ones) joined with what the
 * chain says happened to it (proposal state, votes, execution) and the Verify step's records.
 * Pure: the API route reads the agent's files and the chain, this shapes them.
 */
import type { Hex } from 'viem';
import {
  checkAgainstLocal,
  type OnChainCheck,
  type OnChainVerification,
  onChainTrackRecord,
  type VerificationKind,
} from '../agent/onchain-verification';
import type {
  AgentNoActionReason,
  DecisionEntry,
  ForecastVerdict,
  LogEntry,
  TrackRecord,
  Verification,
  VerificationMeta,
} from '../agent/records';
import { foldLog } from '../agent/records';
import { decodeProposal } from './decode';
import { titleFromChanges } from './title';

export type ChainProposalFacts = {
  proposalId: string;
  state: string;
  votes: { for: bigint; against: bigint; abstain: bigint };
  voteCount: number;
  createdTx: Hex | null;
  queuedTx: Hex | null;
  executedTx: Hex | null;
  canceledTx: Hex | null;
};

export type Outcome =
  | 'no-action'
  | 'failed'
  | 'voting'
  | 'passed'
  | 'queued'
  | 'executed'
  | 'defeated'
  | 'canceled'
  | 'expired';

export type TransparencyDecision = {
  decisionId: Hex;
  decidedAt: number;
  blockNumber: string;
  kind: 'proposal' | 'no-action';
  reason: string | null;
  /** A proposal's title in words, from the calldata it sent (null for no-action decisions). */
  title: string | null;
  text: string;
  policy: string;
  objective: string;
  inputHash: Hex;
  modelHash: Hex | null;
  modelVersion: string | null;
  forecast: DecisionEntry['forecast'] | null;
  justificationHash: Hex | null;
  justificationURI: string | null;
  expectedEffects: NonNullable<DecisionEntry['expectedEffects']>;
  proposalId: string | null;
  lane: 'optimistic' | 'full' | null;
  proposeTx: Hex | null;
  state: string | null;
  outcome: Outcome;
  votes: ChainProposalFacts['votes'] | null;
  voteCount: number | null;
  queueTx: Hex | null;
  executionTx: Hex | null;
  executedAt: number | null;
  failure: string | null;
  verified: {
    forecast: (ForecastVerdict & VerificationMeta) | null;
    effect: Extract<Verification, { kind: 'effect' }> | null;
  };
  /** Each verification as the VerificationLog holds it, checked against the local record. */
  onChain: { forecast: OnChainStatus; effect: OnChainStatus };
};

/**
 * What the chain says about one verification of a decision:
 * - recorded: in the VerificationLog (`check` compares it with the local record; null when the
 *   agent's log has no local record of it);
 * - local-only: verified in the agent's log, not on-chain;
 * - unchecked: the chain could not be read (or the deployment has no VerificationLog);
 * - none: not verified yet, on either side.
 */
export type OnChainStatus =
  | { status: 'recorded'; record: OnChainVerification; check: OnChainCheck | null }
  | { status: 'local-only' }
  | { status: 'unchecked'; why: string }
  | { status: 'none' };

export const recordKey = (decisionId: string, kind: VerificationKind) => `${decisionId.toLowerCase()}:${kind}`;

/** Records by (decision, kind); the first wins (the contract allows only one). */
export function indexRecords(records: readonly OnChainVerification[]): Map<string, OnChainVerification> {
  const out = new Map<string, OnChainVerification>();
  for (const r of records) {
    const k = recordKey(r.decisionId, r.kind);
    if (!out.has(k)) out.set(k, r);
  }
  return out;
}

/** On-chain records by recordKey, or why they could not be read. */
export type OnChainSource = { records: ReadonlyMap<string, OnChainVerification> } | { unavailable: string };

function onChainStatus(
  decisionId: Hex,
  kind: VerificationKind,
  local: Verification | undefined,
  source: OnChainSource | undefined,
): OnChainStatus {
  if (!source) return local ? { status: 'unchecked', why: 'not read' } : { status: 'none' };
  if ('unavailable' in source) return local ? { status: 'unchecked', why: source.unavailable } : { status: 'none' };
  const record = source.records.get(recordKey(decisionId, kind));
  if (record) return { status: 'recorded', record, check: local ? checkAgainstLocal(local, record) : null };
  return local ? { status: 'local-only' } : { status: 'none' };
}

/** True when an on-chain record differs from the local one in any way (hash, numbers, or a local edit). */
export function isMismatch(s: OnChainStatus): boolean {
  return s.status === 'recorded' && s.check !== null && s.check.problems.length > 0;
}

function outcomeOf(kind: DecisionEntry['kind'], state: string | null, failed: boolean): Outcome {
  if (kind === 'no-action') return 'no-action';
  if (failed && !state) return 'failed';
  switch (state) {
    case 'Executed':
      return 'executed';
    case 'Queued':
      return 'queued';
    case 'Succeeded':
      return 'passed';
    case 'Defeated':
      return 'defeated';
    case 'Canceled':
      return 'canceled';
    case 'Expired':
      return 'expired';
    default:
      return failed ? 'failed' : 'voting';
  }
}

/** Log entry types the page shows. */
const shownTypes = new Set([
  'decision',
  'sent',
  'proposed',
  'propose-failed',
  'abandoned',
  'rolled-back',
  'lifecycle',
  'verified',
]);
/** The agent's own notes of its on-chain posts: left out, the page checks the chain itself. */
const notShownTypes = new Set(['recorded', 'record-failed']);

/**
 * The decision-log lines the page shows, and how many it could not use: lines of an unknown type
 * or without a decision id count as skipped; the agent's 'recorded'/'record-failed' notes are
 * well-formed lines deliberately left out, not skipped.
 */
export function selectLogEntries(records: readonly Record<string, unknown>[]): {
  entries: LogEntry[];
  skipped: number;
} {
  const entries: LogEntry[] = [];
  let skipped = 0;
  for (const r of records) {
    const type = r.type;
    if (typeof type === 'string' && notShownTypes.has(type)) continue;
    if (typeof type === 'string' && shownTypes.has(type) && typeof r.decisionId === 'string') {
      entries.push(r as unknown as LogEntry);
    } else skipped++;
  }
  return { entries, skipped };
}

/** Newest first. `chain` adds live facts per proposal id (state, tallies, tx hashes) when available. */
export function buildTransparencyLog(
  entries: readonly LogEntry[],
  chain: ReadonlyMap<string, ChainProposalFacts> = new Map(),
  onChain?: OnChainSource,
): TransparencyDecision[] {
  const folded = foldLog(entries);
  // foldLog keeps the last lifecycle tx only; the queue and execute tx hashes are kept apart here.
  const txs = new Map<Hex, { queue?: Hex; execute?: Hex }>();
  for (const e of entries) {
    if (e.type !== 'lifecycle' || !e.txHash) continue;
    const t = txs.get(e.decisionId) ?? {};
    if (e.state === 'Queued') t.queue = e.txHash;
    if (e.state === 'Executed') t.execute = e.txHash;
    txs.set(e.decisionId, t);
  }
  const out: TransparencyDecision[] = [];
  for (const d of folded.values()) {
    const dec = d.decision;
    const proposalId = d.proposed?.proposalId ?? null;
    const facts = proposalId ? chain.get(proposalId) : undefined;
    const state = facts?.state ?? d.state ?? (d.proposed ? 'Pending' : null);
    const t = txs.get(dec.decisionId) ?? {};
    out.push({
      decisionId: dec.decisionId,
      decidedAt: dec.decidedAt,
      blockNumber: dec.blockNumber,
      kind: dec.kind,
      reason: dec.reason ?? null,
      title: dec.proposal?.calldatas?.length ? titleFromChanges(decodeProposal(dec.proposal.calldatas, null)) : null,
      text: dec.text,
      policy: dec.policy,
      objective: dec.objective,
      inputHash: dec.inputHash,
      modelHash: dec.modelHash ?? dec.forecast?.modelHash ?? null,
      modelVersion: dec.forecast?.modelVersion ?? null,
      forecast: dec.forecast ?? null,
      justificationHash: dec.justificationHash ?? null,
      justificationURI: dec.justificationURI ?? null,
      expectedEffects: dec.expectedEffects ?? [],
      proposalId,
      lane: d.proposed?.lane ?? dec.proposal?.expectedLane ?? null,
      proposeTx: facts?.createdTx ?? d.proposed?.txHash ?? d.sentTx ?? null,
      state: dec.kind === 'proposal' ? state : null,
      outcome: outcomeOf(dec.kind, state, Boolean(d.failed || d.abandoned)),
      votes: facts?.votes ?? null,
      voteCount: facts?.voteCount ?? null,
      queueTx: facts?.queuedTx ?? t.queue ?? null,
      executionTx: facts?.executedTx ?? t.execute ?? null,
      executedAt: d.executedAt ?? null,
      failure: d.failed ? `${d.failed.errorName}: ${d.failed.message}` : (d.abandoned ?? null),
      verified: {
        forecast: d.verified.forecast ?? null,
        effect: (d.verified.effect as TransparencyDecision['verified']['effect']) ?? null,
      },
      onChain: {
        forecast: onChainStatus(dec.decisionId, 'forecast', d.verified.forecast, onChain),
        effect: onChainStatus(dec.decisionId, 'effect', d.verified.effect, onChain),
      },
    });
  }
  return out.sort((a, b) => b.decidedAt - a.decidedAt || Number(BigInt(b.blockNumber) - BigInt(a.blockNumber)));
}

export type DecisionFilter = { kind?: 'proposal' | 'no-action' | 'all'; outcome?: Outcome | 'all' };

export function filterDecisions(list: readonly TransparencyDecision[], f: DecisionFilter): TransparencyDecision[] {
  return list.filter(
    (d) =>
      (!f.kind || f.kind === 'all' || d.kind === f.kind) &&
      (!f.outcome || f.outcome === 'all' || d.outcome === f.outcome),
  );
}

export type TrackPoint = {
  /** End of the verified window (unix seconds). */
  at: number;
  forecast: number;
  realised: number;
  lower80: number;
  upper80: number;
  hit80: boolean;
  hit95: boolean;
  absLogError: number;
  /** Running shares over all forecasts verified up to this one. */
  hitRate80: number;
  coverage95: number;
  meanAbsLogError: number;
};

/** Forecast verifications in time order with running hit rate, coverage and error. */
export function trackSeries(verifications: readonly Verification[]): TrackPoint[] {
  const f = verifications
    .filter((v): v is ForecastVerdict & VerificationMeta => v.kind === 'forecast')
    .slice()
    .sort((a, b) => a.to - b.to);
  let hits80 = 0;
  let hits95 = 0;
  let err = 0;
  return f.map((v, i) => {
    if (v.hit80) hits80++;
    if (v.hit95) hits95++;
    err += Math.abs(v.logError);
    const n = i + 1;
    return {
      at: v.to,
      forecast: v.forecast,
      realised: v.realised,
      lower80: v.lower80,
      upper80: v.upper80,
      hit80: v.hit80,
      hit95: v.hit95,
      absLogError: Math.abs(v.logError),
      hitRate80: hits80 / n,
      coverage95: hits95 / n,
      meanAbsLogError: err / n,
    };
  });
}

export type ModelVersion = {
  at: number | null;
  outcome: string;
  version: string | null;
  modelHash: string | null;
  reason: string | null;
  promoted: boolean;
  metrics: Record<string, number>;
};

/**
 * Why a retrained model was promoted or rejected, in words (agent/retrain.ts records it; older
 * records without a reason get it from their losses). The rule is lib/agent/ids.ts shouldPromote:
 * the candidate's validation loss must be at least 1 % below the current model's.
 */
export function retrainReason(
  promoted: boolean,
  currentLoss: number,
  candidateLoss: number,
  validationHours?: number,
): string {
  const on = validationHours ? ` on the same ${validationHours} h held out` : ' on the same held-out hours';
  if (!Number.isFinite(candidateLoss)) return `rejected: the candidate's validation loss is not a number${on}`;
  const change = Number.isFinite(currentLoss) && currentLoss !== 0 ? candidateLoss / currentLoss - 1 : null;
  const by = change === null ? '' : ` (${change <= 0 ? '' : '+'}${(change * 100).toFixed(1)} %)`;
  return promoted
    ? `promoted: validation loss (QLIKE) ${candidateLoss.toFixed(4)} vs the current model's ${currentLoss.toFixed(4)}${by}${on}`
    : `rejected: validation loss (QLIKE) ${candidateLoss.toFixed(4)} vs the current model's ${currentLoss.toFixed(4)}${by}${on}; a new model must be at least 1 % better`;
}

/** models.jsonl rows (free-form retrain records) reshaped for the version table. */
export function modelVersions(rows: readonly Record<string, unknown>[]): ModelVersion[] {
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  return rows
    .map((r) => {
      const metrics: Record<string, number> = {};
      for (const [k, v] of Object.entries(r)) if (typeof v === 'number' && k !== 'at') metrics[k] = v;
      const outcome = str(r.outcome) ?? (r.promoted === true ? 'promoted' : 'recorded');
      return {
        at: typeof r.at === 'number' ? r.at : null,
        outcome,
        version: str(r.version),
        modelHash: str(r.modelHash),
        reason:
          str(r.reason) ??
          ((outcome === 'rejected' || outcome === 'promoted') &&
          typeof r.currentLoss === 'number' &&
          typeof r.candidateLoss === 'number'
            ? retrainReason(outcome === 'promoted', r.currentLoss, r.candidateLoss)
            : null),
        promoted: r.promoted === true || outcome === 'promoted',
        metrics,
      };
    })
    .sort((a, b) => (b.at ?? 0) - (a.at ?? 0));
}

export type OnChainSummary = {
  /** Records in the VerificationLog. */
  count: number;
  /** The track record from the on-chain records alone. */
  trackRecord: TrackRecord;
  /** On-chain records equal to their local record (hash and numbers). */
  matching: number;
  /** On-chain records that differ from their local record, with what differs. */
  mismatches: { decisionId: Hex; kind: VerificationKind; problems: string[] }[];
  /** Local records not (yet) on-chain. */
  localOnly: number;
  /** On-chain records with no local record (e.g. the agent's log was lost). */
  chainOnly: number;
};

/** Joins the local verification chain with the on-chain records: what matches, what differs, what is missing. */
export function summariseOnChain(
  local: readonly (Verification & { decisionId: string })[],
  records: readonly OnChainVerification[],
): OnChainSummary {
  const byKey = new Map(records.map((r) => [recordKey(r.decisionId, r.kind), r]));
  const seen = new Set<string>();
  const mismatches: OnChainSummary['mismatches'] = [];
  let matching = 0;
  let localOnly = 0;
  for (const v of local) {
    const key = recordKey(v.decisionId, v.kind);
    const r = byKey.get(key);
    if (!r) {
      localOnly++;
      continue;
    }
    seen.add(key);
    const check = checkAgainstLocal(v, r);
    if (check.problems.length === 0) matching++;
    else mismatches.push({ decisionId: r.decisionId, kind: r.kind, problems: check.problems });
  }
  return {
    count: records.length,
    trackRecord: onChainTrackRecord(records),
    matching,
    mismatches,
    localOnly,
    chainOnly: [...byKey.keys()].filter((k) => !seen.has(k)).length,
  };
}

/** Why the agent did nothing, in plain words (AgentNoActionReason in lib/agent/records.ts). */
export const noActionReasonText: Readonly<Record<string, string>> = {
  'inputs-untrusted': 'the market data looked manipulated or broken',
  'forecast-invalid': 'the volatility forecast was unusable',
  'proposal-pending': 'an earlier proposal is still pending',
  'within-tolerance': 'the market is within tolerance: no change needed',
  'blocked-by-guardrails': 'the guardrails allowed no move yet',
  'static-policy': 'the static policy never changes parameters',
  'insufficient-history': 'not enough price history yet',
  'controller-paused': 'the policy controller is paused by the guardian',
  'nothing-encodable': 'the change rounds to nothing on-chain',
  'corrupt-input': 'the collected data was corrupt',
  'analysis-error': 'the analysis failed on the inputs',
  'vetoed-recently': 'holders recently rejected this change and nothing material has changed since',
} satisfies Record<AgentNoActionReason, string>;

export function noActionText(reason: string | null): string {
  return reason ? (noActionReasonText[reason] ?? reason) : 'no reason recorded';
}

/** A row of the decision log: one decision, or a run of no-action decisions with the same reason. */
export type LogRow =
  | { kind: 'decision'; decision: TransparencyDecision }
  | {
      kind: 'no-action-group';
      reason: string | null;
      count: number;
      /** Chain time of the oldest and newest decision in the run. */
      from: number;
      to: number;
      /** Newest first, as in the log. */
      decisions: TransparencyDecision[];
    };

/**
 * Folds runs of consecutive no-action decisions with the same reason into one row ("401× no
 * action: an earlier proposal is still pending, from … to …"), so the log shows what the agent
 * did rather than the same line hundreds of times. A run is broken by any other decision, so the
 * order of events stays readable. `list` is newest first; runs shorter than `minRun` stay single.
 */
export function groupNoActions(list: readonly TransparencyDecision[], minRun = 2): LogRow[] {
  const rows: LogRow[] = [];
  let run: TransparencyDecision[] = [];
  const flush = () => {
    if (run.length >= minRun) {
      const times = run.map((d) => d.decidedAt);
      rows.push({
        kind: 'no-action-group',
        reason: run[0]?.reason ?? null,
        count: run.length,
        from: Math.min(...times),
        to: Math.max(...times),
        decisions: run,
      });
    } else for (const d of run) rows.push({ kind: 'decision', decision: d });
    run = [];
  };
  for (const d of list) {
    if (d.kind === 'no-action' && run.length > 0 && run[0]?.reason === d.reason) {
      run.push(d);
      continue;
    }
    flush();
    if (d.kind === 'no-action') run.push(d);
    else rows.push({ kind: 'decision', decision: d });
  }
  flush();
  return rows;
}

/**
 * Applies the page's filters to grouped rows. Runs are found on the whole log first (a proposal
 * between two no-actions keeps them apart), so filtering to "no action" does not merge decisions
 * that were not consecutive in time.
 */
export function filterRows(rows: readonly LogRow[], f: DecisionFilter): LogRow[] {
  return rows.filter((r) =>
    r.kind === 'decision'
      ? filterDecisions([r.decision], f).length === 1
      : (!f.kind || f.kind === 'all' || f.kind === 'no-action') &&
        (!f.outcome || f.outcome === 'all' || f.outcome === 'no-action'),
  );
}
