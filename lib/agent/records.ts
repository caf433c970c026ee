/**
 * The agent's durable records (decision log entries), the justification document committed
 * on-chain, and the Verify step's verdicts. Pure: building, hashing, folding, scoring.
 */
import type { Hex } from 'viem';
import type {
  AnyParameterChange,
  ExpectedEffect,
  Forecast,
  Headroom,
  ObjectiveMode,
  PolicyState,
} from '../policy/types';
import { hashCanonical } from './canonical';
import type { RawAction } from './encode';
import type { ForecastWindowCommitment } from './forecast-inputs';
import type { ChangeKey, DecisionBasis, NoActionNote, Rejection } from './veto-memory';

export type ForecastRecord = Forecast & { modelVersion: string; modelHash: Hex; calibration?: string | undefined };

/** Why the agent did nothing; the policy's reasons plus the executor's own gates. */
export type AgentNoActionReason =
  | 'inputs-untrusted'
  | 'forecast-invalid'
  | 'proposal-pending'
  | 'within-tolerance'
  | 'blocked-by-guardrails'
  | 'static-policy'
  | 'insufficient-history'
  | 'controller-paused'
  | 'nothing-encodable'
  /** The collected data broke its contract (NaN, non-positive price, time going back…). */
  | 'corrupt-input'
  /** Analysis code threw on the inputs; the message is in the record's text. */
  | 'analysis-error'
  /** The change repeats one holders rejected, and nothing material changed since (lib/agent/veto-memory). */
  | 'vetoed-recently';

export type ProposalPlan = {
  description: string;
  targets: Hex[];
  values: string[];
  calldatas: Hex[];
  descriptionHash: Hex;
  proposalId: string;
  expectedLane: 'optimistic' | 'full';
  actions: RawAction[];
};

export type DecisionEntry = {
  type: 'decision';
  decisionId: Hex;
  chainId: number;
  epoch: number;
  /** Chain time (block.timestamp) the decision was made at. */
  decidedAt: number;
  blockNumber: string;
  kind: 'proposal' | 'no-action';
  reason?: AgentNoActionReason | undefined;
  policy: string;
  objective: ObjectiveMode;
  text: string;
  horizonHours: number;
  forecast?: ForecastRecord | undefined;
  inputHash: Hex;
  modelHash?: Hex | undefined;
  justificationHash?: Hex | undefined;
  justificationURI?: string | undefined;
  proposal?: ProposalPlan | undefined;
  expectedEffects?: ExpectedEffect[] | undefined;
  /** Strategy memory to hand to the next decision. */
  memory?: Record<string, number> | undefined;
  /** Where history came from and how far the indexer trailed the chain (seconds), for the record. */
  sources: { history: 'indexer' | 'chain'; indexerLagSeconds: number | null; indexerError?: string | undefined };
  /** What the decision was based on (price, forecast, objective, anomaly), compared after a rejection. */
  basis?: DecisionBasis | undefined;
  /**
   * A hold that lasts across epochs (a proposal pending, a rejected change held back): the log
   * keeps one record while it stays the same, not one per epoch.
   */
  noAction?: NoActionNote | undefined;
  /** A proposal repeating a change holders rejected: which rejection, and what materially changed since. */
  repeats?:
    | (Pick<Rejection, 'proposalId' | 'decisionId' | 'outcome' | 'at'> & {
        overlap: ChangeKey[];
        differences: string[];
      })
    | undefined;
};

export type LifecycleState =
  | 'Pending'
  | 'Active'
  | 'Canceled'
  | 'Defeated'
  | 'Succeeded'
  | 'Queued'
  | 'Expired'
  | 'Executed';

export type LogEntry =
  | DecisionEntry
  | { type: 'sent'; decisionId: Hex; txHash: Hex }
  | {
      type: 'proposed';
      decisionId: Hex;
      proposalId: string;
      lane: 'optimistic' | 'full';
      txHash: Hex;
      blockNumber: string;
    }
  | { type: 'propose-failed'; decisionId: Hex; errorName: string; message: string }
  | { type: 'abandoned'; decisionId: Hex; why: string }
  /**
   * The proposal this decision made is no longer on the chain: the node restarted from a state
   * saved before it was mined (a local anvil with --state), or a reorg dropped it. The decision
   * goes back to "intent logged": re-sent within its epoch, abandoned after.
   */
  | { type: 'rolled-back'; decisionId: Hex; proposalId: string; why: string }
  | {
      type: 'lifecycle';
      decisionId: Hex;
      state: LifecycleState;
      at: number;
      txHash?: Hex | undefined;
      kpisAtExecution?: KpiWindow | undefined;
    }
  | ({ type: 'verified'; decisionId: Hex } & Verification)
  /** The verification is in the VerificationLog contract (posted now, or found there after a restart). */
  | {
      type: 'recorded';
      decisionId: Hex;
      kind: Verification['kind'];
      contentHash: Hex;
      /** Null when found in contract storage and its transaction was not looked up. */
      txHash: Hex | null;
      blockNumber: string | null;
      /** The on-chain record equals the local one (hash and numbers). */
      matches: boolean;
    }
  /** A record noted as on-chain is not there any more (the chain went back): it is posted again. */
  | { type: 'record-lost'; decisionId: Hex; kind: Verification['kind']; why: string }
  /** Posting it reverted (decoded error) or could not be encoded; retried after a while. */
  | {
      type: 'record-failed';
      decisionId: Hex;
      kind: Verification['kind'];
      errorName: string;
      message: string;
      /** Chain time of the attempt. */
      at: number;
    };

export type RecordedEntry = Extract<LogEntry, { type: 'recorded' }>;
export type RecordFailedEntry = Extract<LogEntry, { type: 'record-failed' }>;

export type FoldedDecision = {
  decision: DecisionEntry;
  sentTx?: Hex;
  proposed?: Extract<LogEntry, { type: 'proposed' }>;
  failed?: Extract<LogEntry, { type: 'propose-failed' }>;
  abandoned?: string;
  /** How many times a proposal of this decision vanished from the chain (see the 'rolled-back' entry). */
  rolledBack?: number;
  state?: LifecycleState;
  stateAt?: number;
  executedAt?: number;
  kpisAtExecution?: KpiWindow;
  verified: { forecast?: ForecastVerdict & VerificationMeta; effect?: EffectVerification & VerificationMeta };
  /** On-chain copies of the verifications (VerificationLog), and the last failed attempt to post one. */
  recorded: { forecast?: RecordedEntry; effect?: RecordedEntry };
  recordFailed: { forecast?: RecordFailedEntry; effect?: RecordFailedEntry };
};

/** Replays the log into one state per decision id (later entries win; unknown ids ignored). */
export function foldLog(entries: readonly LogEntry[]): Map<Hex, FoldedDecision> {
  const out = new Map<Hex, FoldedDecision>();
  for (const e of entries) {
    if (e.type === 'decision') {
      if (!out.has(e.decisionId)) out.set(e.decisionId, { decision: e, verified: {}, recorded: {}, recordFailed: {} });
      continue;
    }
    const d = out.get(e.decisionId);
    if (!d) continue;
    switch (e.type) {
      case 'sent':
        d.sentTx = e.txHash;
        break;
      case 'proposed':
        d.proposed = e;
        break;
      case 'propose-failed':
        d.failed = e;
        break;
      case 'abandoned':
        d.abandoned = e.why;
        break;
      case 'rolled-back':
        // Everything learned from the lost blocks goes with them.
        d.sentTx = undefined;
        d.proposed = undefined;
        d.state = undefined;
        d.stateAt = undefined;
        d.executedAt = undefined;
        d.kpisAtExecution = undefined;
        d.rolledBack = (d.rolledBack ?? 0) + 1;
        break;
      case 'lifecycle':
        d.state = e.state;
        d.stateAt = e.at;
        if (e.state === 'Executed') {
          d.executedAt = e.at;
          if (e.kpisAtExecution) d.kpisAtExecution = e.kpisAtExecution;
        }
        break;
      case 'verified':
        if (e.kind === 'forecast') d.verified.forecast = e;
        else d.verified.effect = e;
        break;
      case 'recorded':
        d.recorded[e.kind] = e;
        break;
      case 'record-failed':
        d.recordFailed[e.kind] = e;
        break;
      case 'record-lost':
        delete d.recorded[e.kind];
        break;
    }
  }
  return out;
}

// ---------------------------------------------------------------- justification

export type JustificationInput = {
  decisionId: Hex;
  chainId: number;
  governor: Hex;
  epoch: number;
  decidedAt: number;
  policy: string;
  objective: ObjectiveMode;
  text: string;
  state: PolicyState;
  inputHash: Hex;
  /** Commitment to the hourly closes the forecast ran on (lib/agent/forecast-inputs.ts). */
  forecastWindow?: ForecastWindowCommitment;
  sources: DecisionEntry['sources'];
  forecast: ForecastRecord;
  changes: readonly AnyParameterChange[];
  actions: readonly RawAction[];
  expectedLane: 'optimistic' | 'full';
  expectedEffects: readonly ExpectedEffect[];
  headroom: Headroom;
  trackRecord: TrackRecord;
  /** Hash of the newest verification record at decision time (anchors the verification chain on-chain). */
  verificationsHead: Hex | null;
};

export const JUSTIFICATION_SCHEMA = 'homeostat.justification/1';

/** The justification document, its canonical JSON and the keccak256 committed on-chain. */
export function buildJustification(j: JustificationInput) {
  const doc = {
    schema: JUSTIFICATION_SCHEMA,
    decisionId: j.decisionId,
    chainId: j.chainId,
    governor: j.governor,
    epoch: j.epoch,
    decidedAt: j.decidedAt,
    policy: j.policy,
    objective: j.objective,
    text: j.text,
    inputs: {
      inputHash: j.inputHash,
      sources: j.sources,
      state: j.state,
      ...(j.forecastWindow ? { forecastWindow: j.forecastWindow } : {}),
    },
    forecasts: { volatility: j.forecast },
    changes: j.changes,
    actions: j.actions,
    expectedLane: j.expectedLane,
    expectedEffects: j.expectedEffects,
    guardrailHeadroom: j.headroom,
    trackRecord: j.trackRecord,
    verificationsHead: j.verificationsHead,
  };
  const { json, hash } = hashCanonical(doc);
  return { doc, json, hash, uri: justificationUri(hash) };
}

export function justificationUri(hash: Hex): string {
  return `/api/justifications/${hash}`;
}

/** Human-readable proposal description; the decision id keeps proposal ids unique. */
export function proposalDescription(decisionId: Hex, text: string, justificationHash: Hex): string {
  return [
    `Homeostat decision ${decisionId}`,
    '',
    text,
    '',
    `Justification: ${justificationUri(justificationHash)} (keccak256 ${justificationHash})`,
  ].join('\n');
}

// ---------------------------------------------------------------- verification

export type VerificationMeta = {
  kind: 'forecast' | 'effect';
  /** Chain time the verification was made. */
  at: number;
  prevHash: Hex | null;
  hash: Hex;
};

export type ForecastVerdict = {
  kind: 'forecast';
  /** Hour window [from, to) of the realised volatility (unix seconds). */
  from: number;
  to: number;
  model: string;
  forecast: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
  realised: number;
  hit80: boolean;
  hit95: boolean;
  error: number;
  logError: number;
};

export type KpiWindow = {
  priceVolatility: number;
  maxDrawdown: number;
  volumeStable: number;
  totalSupply: number;
  treasuryStable: number;
  stakingRatio: number;
};

export type EffectVerification = {
  kind: 'effect';
  from: number;
  to: number;
  before: KpiWindow;
  after: KpiWindow;
  effects: {
    kpi: ExpectedEffect['kpi'];
    expectedDirection: ExpectedEffect['direction'];
    expectedEstimate: number;
    unit: string;
    realisedChange: number;
    directionMatch: boolean | null;
  }[];
};

export type Verification = (ForecastVerdict | EffectVerification) & VerificationMeta;

export function forecastVerdict(f: ForecastRecord, realised: number, from: number, to: number): ForecastVerdict {
  return {
    kind: 'forecast',
    from,
    to,
    model: f.modelVersion,
    forecast: f.rvNext,
    lower80: f.lower80,
    upper80: f.upper80,
    lower95: f.lower95,
    upper95: f.upper95,
    realised,
    hit80: realised >= f.lower80 && realised <= f.upper80,
    hit95: realised >= f.lower95 && realised <= f.upper95,
    error: realised - f.rvNext,
    logError: Math.log(Math.max(realised, 1e-12) / Math.max(f.rvNext, 1e-12)),
  };
}

export function effectVerdict(
  expected: readonly ExpectedEffect[],
  before: KpiWindow,
  after: KpiWindow,
  from: number,
  to: number,
): EffectVerification {
  const change: Record<ExpectedEffect['kpi'], number> = {
    priceVolatility: after.priceVolatility - before.priceVolatility,
    maxDrawdown: after.maxDrawdown - before.maxDrawdown,
    netSupplyChange: after.totalSupply - before.totalSupply,
    treasuryStable: after.treasuryStable - before.treasuryStable,
    stakingRatio: after.stakingRatio - before.stakingRatio,
    volume: before.volumeStable > 0 ? after.volumeStable / before.volumeStable - 1 : 0,
  };
  return {
    kind: 'effect',
    from,
    to,
    before,
    after,
    effects: expected.map((e) => {
      const realisedChange = change[e.kpi];
      const sign = realisedChange > 0 ? 'up' : realisedChange < 0 ? 'down' : 'none';
      return {
        kpi: e.kpi,
        expectedDirection: e.direction,
        expectedEstimate: e.estimate,
        unit: e.unit,
        realisedChange,
        directionMatch: e.direction === 'none' ? null : sign === e.direction,
      };
    }),
  };
}

/** Seals a verification into the hash chain (hash over everything but the hash itself). */
export function sealVerification(
  v: ForecastVerdict | EffectVerification,
  at: number,
  prevHash: Hex | null,
): Verification {
  const body = { ...v, at, prevHash };
  return { ...body, hash: hashCanonical(body).hash };
}

export type TrackRecord = {
  /** Forecasts verified so far. */
  n: number;
  /** Share of realised values inside the 80 % interval ("hit"); nominal 0.8. */
  hitRate80: number | null;
  /** Share inside the 95 % interval; nominal 0.95. */
  coverage95: number | null;
  /** Mean |log(realised / forecast)|. */
  meanAbsLogError: number | null;
  /** Expected-effect directions that matched what happened, over those with a direction. */
  effectDirectionHitRate: number | null;
  effectsChecked: number;
};

export function trackRecord(verifications: readonly Verification[]): TrackRecord {
  const f = verifications.filter((v): v is ForecastVerdict & VerificationMeta => v.kind === 'forecast');
  const e = verifications
    .filter((v): v is EffectVerification & VerificationMeta => v.kind === 'effect')
    .flatMap((v) => v.effects.filter((x) => x.directionMatch !== null));
  const share = (xs: boolean[]) => (xs.length ? xs.filter(Boolean).length / xs.length : null);
  return {
    n: f.length,
    hitRate80: share(f.map((v) => v.hit80)),
    coverage95: share(f.map((v) => v.hit95)),
    meanAbsLogError: f.length ? f.reduce((a, v) => a + Math.abs(v.logError), 0) / f.length : null,
    effectDirectionHitRate: share(e.map((x) => x.directionMatch === true)),
    effectsChecked: e.length,
  };
}
