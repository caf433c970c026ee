/**
 * The public audit log: every AI decision (proposals and no-action ones) joined with what the
 * chain says happened to it (proposal state, votes, execution) and the Verify step's records.
 * Pure: the API route reads the agent's files and the chain, this shapes them.
 */
import type { Hex } from 'viem';
import type { DecisionEntry, ForecastVerdict, LogEntry, Verification, VerificationMeta } from '../agent/records';
import { foldLog } from '../agent/records';

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
};

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

/** Newest first. `chain` adds live facts per proposal id (state, tallies, tx hashes) when available. */
export function buildTransparencyLog(
  entries: readonly LogEntry[],
  chain: ReadonlyMap<string, ChainProposalFacts> = new Map(),
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
        reason: str(r.reason),
        promoted: r.promoted === true || outcome === 'promoted',
        metrics,
      };
    })
    .sort((a, b) => (b.at ?? 0) - (a.at ?? 0));
}
