/**
 * The decision loop: Collect → Analyze → Predict → Act → Verify → Retrain, one `tick()` per
 * poll of the chain head. A thin, idempotent executor: every judgement is made by pure code
 * (lib/policy decide, lib/agent, lib/ml); this file reads, records, and sends.
 *
 * Idempotency: the decision id is a hash of (chain, governor, cadence, epoch) with the epoch
 * taken from chain time. The decision (with its exact proposal calldata) is fsync'd to the log
 * *before* anything is sent; on every tick unfinished decisions are reconciled against
 * DecisionProposed events (decision id is an indexed topic). Re-sending a logged plan is safe:
 * the description holds the decision id, so the same plan has the same proposal id and the
 * governor refuses a second copy.
 */
import { encodeAbiParameters, type Hex, keccak256, stringToBytes } from 'viem';
import { finiteForHash, hashCanonical } from '../lib/agent/canonical';
import { type EncodedProposal, encodeChanges } from '../lib/agent/encode';
import { forecastWindowCommitment } from '../lib/agent/forecast-inputs';
import {
  candleProblem,
  closesFrom,
  HOUR,
  type HourlyHistory,
  historyFlags,
  historyProblem,
  hourlyFromCandles,
  hourlyFromPoints,
  MAX_HISTORY_HOURS,
  poolProblem,
  realisedVol,
} from '../lib/agent/history';
import { decisionEpoch, decisionId as makeDecisionId } from '../lib/agent/ids';
import { kpiWindow } from '../lib/agent/kpis';
import {
  checkAgainstLocal,
  commitDeadline,
  forecastCommitment,
  type VerificationKind,
  type VerificationPayload,
  verificationPayload,
} from '../lib/agent/onchain-verification';
import {
  type AgentNoActionReason,
  buildJustification,
  type DecisionEntry,
  effectVerdict,
  type FoldedDecision,
  type ForecastRecord,
  forecastVerdict,
  type LifecycleState,
  type ProposalPlan,
  proposalDescription,
  sealVerification,
  trackRecord,
  type Verification,
} from '../lib/agent/records';
import {
  buildPolicyState,
  type ChainSnapshot,
  guardrailsFromChain,
  objectiveOf,
  paramDecimals,
  snapshotProblem,
  spotPrice,
  units,
} from '../lib/agent/snapshot';
import { treasuryLeverInputs } from '../lib/agent/treasury-levers';
import {
  type ChangeKey,
  changeKeyOf,
  checkRejections,
  DEFAULT_MATERIALITY,
  type DecisionBasis,
  type NoActionNote,
  type Rejection,
  sameNote,
  type VetoCheck,
} from '../lib/agent/veto-memory';
import { PolicyParam } from '../lib/contracts/params';
import { detectAnomalies } from '../lib/ml/anomalies/detector';
import { DEFAULT_INPUT_GATE, decide } from '../lib/policy';
import { allChanges, decideTreasuryLevers, withTreasuryLevers } from '../lib/policy/treasury-levers';
import type { Decision, Guardrails, PolicyMemory, PolicyState, Strategy } from '../lib/policy/types';
import type { ChainBoundary, ProposalCall, ProposedEvent } from './chain';
import { chooseForecaster, type VolForecaster } from './forecast';
import type { Logger } from './log';
import type { AgentStore } from './store';

/** Chain seconds before a reverted post of a verification is tried again. */
const RECORD_RETRY_SECONDS = 3600;
/** Verifications posted per tick at most (each waits for its receipt). */
const MAX_POSTS_PER_TICK = 8;

const FINAL: ReadonlySet<LifecycleState> = new Set(['Canceled', 'Defeated', 'Expired', 'Executed']);

export type IndexerLike = {
  getStatus(): Promise<{ ready: boolean; indexedTimestamp: number | null }>;
  getOhlc(p: {
    from?: number;
    to?: number;
    intervalHours?: number;
  }): Promise<{ time: number; close: number; volumeStable: bigint; reserveStable: bigint }[]>;
};

export type LoopConfig = {
  chainId: number;
  governor: Hex;
  controller: Hex;
  intervalSeconds: number;
  horizonHours: number;
  minHistoryHours: number;
  execute: boolean;
  /** Chain hours a rejected change stays held back unless the state materially changed (default 72; 0 = off). */
  vetoCooldownHours?: number | undefined;
  fault?: 'crash-after-intent' | 'crash-after-send' | undefined;
};

export type RetrainHook = {
  /** True when the chain-time schedule says a retrain (or a logged skip) is due. */
  due(now: number): boolean;
  run(history: HourlyHistory, now: number): Promise<VolForecaster | undefined>;
};

export type AgentDeps = {
  chain: ChainBoundary;
  store: AgentStore;
  indexer?: IndexerLike | undefined;
  forecasters: { primary?: VolForecaster | undefined; fallback: VolForecaster };
  strategy: Strategy;
  log: Logger;
  config: LoopConfig;
  /** Retrain step (schedule inside); returns a promoted forecaster to switch to. */
  retrain?: RetrainHook | undefined;
  /** Called at fault-injection points (tests); default: die at once like a kill -9. */
  crash?: (() => void) | undefined;
};

type Collected = {
  snap: ChainSnapshot;
  history: HourlyHistory;
  sources: DecisionEntry['sources'];
  /** Why the data cannot be reasoned on (NaN, non-positive prices, time going back…), if so. */
  problem?: string | undefined;
};

export type TickResult = {
  chainTime: number;
  epoch: number;
  decided?: DecisionEntry | undefined;
  ms: number;
  decideMs?: number;
};

export class Agent {
  iterations = 0;
  readonly errors: { at: string; step: string; message: string }[] = [];
  /** Strategy memory of the latest decision, recorded or not (held epochs keep integrating). */
  private memory: PolicyMemory | undefined;
  /** The epoch whose decision was not recorded because it repeated the last record's hold. */
  private heldEpoch: number | undefined;
  /** The governor's on-chain refusal of a rejected action set (seconds), read before each decision. */
  private chainCooldown: number | null | undefined;
  /** The agent's proposals not final yet, oldest first (from reconcile). */
  private pending: { proposalId: string; state: LifecycleState }[] = [];
  private finalStates = new Map<bigint, LifecycleState>();
  private pendingOnChain = false;
  private collected: Collected | undefined;
  private lastTick: TickResult | undefined;
  /** Decisions whose log entry belongs to another chain (a local chain restarted under a kept data dir). */
  private foreign = new Set<Hex>();
  /** Decisions whose forecast is committed on-chain (checked there after a restart). */
  private committed = new Set<Hex>();
  /** Decisions whose forecast was never committed: their verdicts stay in the local log only. */
  private uncommitted = new Set<Hex>();
  private warnedNoVerificationLog = false;

  constructor(private readonly d: AgentDeps) {}

  /** The durable store (read-only use: status pages, tests). */
  get store(): AgentStore {
    return this.d.store;
  }

  /** One iteration. Throws on transport failures (the runner backs off and retries). */
  async tick(): Promise<TickResult> {
    const started = performance.now();
    this.collected = undefined;
    const { chain, config } = this.d;
    const head = await chain.head();
    if (head.rolledBack) {
      // Proposal states seen final on the lost blocks may not be final any more.
      this.finalStates.clear();
      this.d.log.warn('rollback', { block: head.blockNumber, chainTime: head.timestamp });
    }
    const epoch = decisionEpoch(head.timestamp, config.intervalSeconds);
    await this.reconcile(head.timestamp, epoch);

    const id = makeDecisionId(config.chainId, config.governor, config.intervalSeconds, epoch);
    let decided: DecisionEntry | undefined;
    let decideMs: number | undefined;
    if (!this.d.store.decisions().has(id) && this.heldEpoch !== epoch) {
      const t = performance.now();
      decided = await this.decideEpoch(epoch, id);
      decideMs = performance.now() - t;
    }
    await this.commitForecasts(head.timestamp);
    await this.verify(head.timestamp);
    await this.publish(head);
    if (this.d.retrain?.due(head.timestamp)) {
      const c = await this.collect();
      // Never train on corrupt data; the schedule asks again next tick.
      const promoted = c.problem ? undefined : await this.d.retrain.run(c.history, c.snap.timestamp);
      if (promoted) this.d.forecasters.primary = promoted;
    }
    this.iterations++;
    this.lastTick = { chainTime: head.timestamp, epoch, decided, ms: performance.now() - started, decideMs };
    this.writeStatus(head);
    await this.d.store.flush();
    return this.lastTick;
  }

  recordError(step: string, e: unknown) {
    const message = (e as { shortMessage?: string })?.shortMessage ?? (e as Error)?.message ?? String(e);
    this.errors.push({ at: new Date().toISOString(), step, message: message.split('\n')[0] ?? message });
    if (this.errors.length > 20) this.errors.shift();
  }

  // ------------------------------------------------------------------ Collect

  private async collect(): Promise<Collected> {
    if (this.collected) return this.collected;
    const t = performance.now();
    const { chain, indexer } = this.d;
    const snap = await chain.snapshot();
    const untilHour = Math.floor(snap.timestamp / HOUR) * HOUR;
    const sources: DecisionEntry['sources'] = { history: 'chain', indexerLagSeconds: null };
    let history: HourlyHistory | undefined;
    if (indexer) {
      try {
        const status = await indexer.getStatus();
        const lag = status.indexedTimestamp === null ? null : Math.max(0, snap.timestamp - status.indexedTimestamp);
        sources.indexerLagSeconds = lag;
        if (status.ready && lag !== null && lag <= DEFAULT_INPUT_GATE.maxIndexerLagSeconds) {
          const candles = await indexer.getOhlc({
            from: untilHour - MAX_HISTORY_HOURS * HOUR,
            to: untilHour,
            intervalHours: 1,
          });
          const hourly = candles.map((c) => ({
            time: c.time,
            close: c.close,
            volumeStable: units(c.volumeStable, snap.stableDecimals),
            reserveStable: units(c.reserveStable, snap.stableDecimals),
          }));
          // Corrupt indexer data is treated like an indexer outage: the chain is read instead.
          const bad = candleProblem(hourly);
          if (bad) sources.indexerError = `indexer data rejected: ${bad}`;
          else {
            history = hourlyFromCandles(hourly, untilHour);
            sources.history = 'indexer';
          }
        } else {
          sources.indexerError = status.ready ? `indexer lags ${lag ?? '?'} s` : 'indexer not ready';
        }
      } catch (e) {
        // Indexer down or malformed: read the chain instead, and say so in the record.
        sources.indexerError = (e as { shortMessage?: string }).shortMessage ?? String(e);
      }
    }
    let problem: string | undefined;
    if (!history || history.close.length === 0) {
      const ev = await chain.poolEvents();
      problem = poolProblem(ev.points, ev.swaps);
      history = hourlyFromPoints(ev.points, ev.swaps, untilHour);
      sources.history = 'chain';
    }
    problem ??= snapshotProblem(snap) ?? historyProblem(history);
    this.collected = { snap, history, sources, problem };
    this.d.log.info('collect', {
      block: snap.blockNumber,
      chainTime: snap.timestamp,
      source: sources.history,
      hours: history.close.length,
      indexerLagSeconds: sources.indexerLagSeconds,
      indexerError: sources.indexerError,
      problem,
      ms: ms(t),
    });
    return this.collected;
  }

  // ------------------------------------------------------------------ Analyze → Predict → Act

  /**
   * Corrupt data, or pure analysis code failing on data it did not expect, ends in a recorded
   * no-action that names the problem: never a proposal, never a crashed loop.
   */
  private async decideEpoch(epoch: number, id: Hex): Promise<DecisionEntry | undefined> {
    const { config, log, store } = this.d;
    const c = await this.collect();
    this.chainCooldown = await this.d.chain.rejectionCooldown();
    const t = performance.now();
    let entry: DecisionEntry;
    let justification: { hash: Hex; json: string } | undefined;
    if (c.problem) {
      entry = this.refusal(epoch, id, c, 'corrupt-input', `Not acting: the input data is corrupt (${c.problem}).`);
    } else {
      try {
        ({ entry, justification } = this.plan(epoch, id, c));
      } catch (e) {
        this.recordError('analyze', e);
        const message = this.errors.at(-1)?.message ?? String(e);
        entry = this.refusal(epoch, id, c, 'analysis-error', `Not acting: analysing the inputs failed (${message}).`);
      }
    }
    if (entry.memory) this.memory = entry.memory;
    // A hold that repeats the last record (same pending proposal, same rejected change held back)
    // is not written again: one record per situation, not one per epoch. It is written again once
    // per forecast horizon, so Verify still scores one forecast per non-overlapping window (hourly
    // 24 h forecasts overlap 23/24 anyway) and the log shows the agent is alive and still holding.
    const last = this.lastRecorded();
    if (
      entry.noAction &&
      last &&
      sameNote(entry.noAction, last.noAction) &&
      entry.decidedAt - last.decidedAt < config.horizonHours * HOUR
    ) {
      this.heldEpoch = epoch;
      log.info('hold', {
        epoch,
        reason: entry.noAction.reason,
        proposalId: entry.noAction.proposalId,
        since: last?.decisionId,
        ms: ms(t),
      });
      return undefined;
    }
    if (justification) store.writeJustification(justification.hash, justification.json);
    // The intent is durable before anything is sent.
    store.append(entry);
    const plan = entry.proposal;
    log.info('act', {
      decisionId: id,
      epoch,
      kind: entry.kind,
      reason: entry.reason,
      proposalId: plan?.proposalId,
      lane: plan?.expectedLane,
      changes: plan?.actions.map((a) => a.parameter),
      justificationHash: entry.justificationHash,
      text: entry.text,
      ms: ms(t),
    });
    if (plan) {
      // With a database (DATABASE_URL), the intent is committed there too before anything is sent.
      await store.flush();
      if (config.fault === 'crash-after-intent') this.crash();
      await this.sendProposal(entry);
    }
    return entry;
  }

  /** A no-action record for inputs the policy must not see; its input hash tolerates NaN. */
  private refusal(epoch: number, id: Hex, c: Collected, reason: AgentNoActionReason, text: string): DecisionEntry {
    const memory = this.carriedMemory();
    return {
      type: 'decision',
      decisionId: id,
      chainId: this.d.config.chainId,
      epoch,
      decidedAt: c.snap.timestamp,
      blockNumber: c.snap.blockNumber.toString(),
      kind: 'no-action',
      reason,
      policy: this.d.strategy.name,
      objective: objectiveOf(c.snap),
      text,
      horizonHours: this.d.config.horizonHours,
      inputHash: hashCanonical(finiteForHash({ snapshot: c.snap, history: c.history, sources: c.sources })).hash,
      memory,
      sources: c.sources,
    };
  }

  /** Analyze → Predict → decide → encode: pure work on clean inputs (throws only on bugs). */
  private plan(
    epoch: number,
    id: Hex,
    c: Collected,
  ): { entry: DecisionEntry; justification: { hash: Hex; json: string } } {
    const { config, log, store } = this.d;
    const { snap, history, sources } = c;

    let t = performance.now();
    const anomaly = analyze(history, snap);
    const state: PolicyState = buildPolicyState(snap, history, {
      proposalPending: this.pendingOnChain,
      indexerLagSeconds: sources.history === 'indexer' ? (sources.indexerLagSeconds ?? 0) : 0,
      anomalyScore: anomaly.score,
      anomalyFlags: anomaly.flags,
    });
    log.info('analyze', {
      decisionId: id,
      price: state.price,
      realizedVol24h: state.realizedVol24h,
      realizedVolLongRun: state.realizedVolLongRun,
      anomalyScore: anomaly.score,
      anomalyFlags: anomaly.flags,
      oracleAgeSeconds: state.inputQuality.oracleAgeSeconds,
      proposalPending: state.proposalPending,
      ms: ms(t),
    });

    t = performance.now();
    const forecast = this.predict(history, snap.timestamp);
    log.info('predict', {
      decisionId: id,
      model: forecast.modelVersion,
      rvNext: forecast.rvNext,
      lower80: forecast.lower80,
      upper80: forecast.upper80,
      ms: ms(t),
    });

    t = performance.now();
    const guardrails = guardrailsFromChain(snap);
    const objective = objectiveOf(snap);
    const memory = this.carriedMemory();
    let decision: Decision;
    let agentReason: AgentNoActionReason | undefined;
    let heldText: string | undefined;
    let noAction: NoActionNote | undefined;
    let repeats: DecisionEntry['repeats'];
    if (history.close.length < config.minHistoryHours) {
      agentReason = 'insufficient-history';
    } else if (snap.paused) {
      agentReason = 'controller-paused';
    }
    decision = decide(state, { volatility: forecast }, guardrails, objective, { strategy: this.d.strategy, memory });
    // The treasury levers (POL budget, range bands): their own pure rule, added to the decision.
    // The full-step decision logs why each lever moves or holds (the record keeps only the moves).
    const withLevers = (d: Decision, only?: ReadonlySet<string>): Decision => {
      const x = treasuryLeverInputs(snap, history, objective, { smallStepsOnly: only });
      const levers = x ? decideTreasuryLevers(x) : null;
      if (!only) {
        log.info('levers', {
          epoch,
          depthNow: x?.depthNow,
          depthReference: x?.depthReference,
          ...(levers === null
            ? { held: "the snapshot lacks the treasury operations' parameters" }
            : levers.kind === 'changes'
              ? { changes: levers.changes.map((ch) => `${ch.parameter} ${ch.from} → ${ch.to}`) }
              : { reasons: levers.reasons }),
        });
      }
      return levers ? withTreasuryLevers(d, levers, { volatility: forecast }) : d;
    };
    decision = withLevers(decision);
    let encoded =
      decision.kind === 'proposal' ? encodeChanges(allChanges(decision), snap, config.controller) : undefined;
    if (decision.kind === 'proposal' && encoded && encoded.actions.length === 0) agentReason = 'nothing-encodable';
    const basis: DecisionBasis = {
      at: snap.timestamp,
      price: state.price,
      rvNext: forecast.rvNext,
      objective,
      anomalyScore: anomaly.score,
    };
    const open = this.pending[0];
    if (open && state.proposalPending) {
      // Never stack proposals: while one is pending that is the reason, whatever else the inputs say.
      agentReason = 'proposal-pending';
      heldText = `Held: proposal ${open.proposalId} is still pending (${open.state}); the agent never stacks proposals.`;
      noAction = { reason: 'pending', proposalId: open.proposalId, state: open.state };
    } else if (!agentReason && decision.kind === 'proposal' && encoded) {
      // Veto memory: a change holders rejected is not put to them again unless the state moved.
      const candidate = encoded.actions.map(changeKeyOf).filter((k): k is ChangeKey => k !== null);
      const materiality = {
        ...DEFAULT_MATERIALITY,
        cooldownHours: config.vetoCooldownHours ?? DEFAULT_MATERIALITY.cooldownHours,
      };
      let check = checkRejections({ changes: candidate, basis }, this.rejections(), materiality);
      const refused = this.refusedOnChain(encoded, basis.at);
      if (check.verdict !== 'held' && refused) {
        // The governor itself refuses this exact action set for a while after its rejection.
        check = {
          verdict: 'held',
          blockedBy: refused.rejection,
          overlap: candidate,
          unchanged: [
            `the governor refuses the same action set until chain time ${refused.until} (its rejection cooldown)`,
          ],
          retryAfter: refused.until,
        };
      }
      let compromise: { decision: Decision; encoded: EncodedProposal; check: VetoCheck } | undefined;
      if (check.verdict === 'held' && decision.kind === 'proposal') {
        // Learning from the veto: questions holders have not answered yet, in this order: the
        // whole change in small steps (each cut to its guardrail's small-change size, the
        // optimistic lane), then each of its levers alone in a small step (unbundled, so holders
        // can take one part and refuse another). The first that no rejection binds is proposed.
        const levers = allChanges(decision).map((ch) => ch.parameter);
        const masks = [new Set<string>(levers), ...levers.map((l) => new Set<string>([l]))];
        for (const only of masks) {
          const small = withLevers(
            decide(state, { volatility: forecast }, smallStepGuardrails(guardrails, snap, only), objective, {
              strategy: this.d.strategy,
              memory,
            }),
            only,
          );
          const enc = small.kind === 'proposal' ? encodeChanges(allChanges(small), snap, config.controller) : undefined;
          if (small.kind !== 'proposal' || !enc || enc.actions.length === 0) continue;
          const keys = enc.actions.map(changeKeyOf).filter((k): k is ChangeKey => k !== null);
          const again = checkRejections({ changes: keys, basis }, this.rejections(), materiality);
          if (again.verdict !== 'held' && !this.refusedOnChain(enc, basis.at)) {
            compromise = { decision: small, encoded: enc, check: again };
            break;
          }
        }
      }
      if (check.verdict === 'held' && compromise && compromise.decision.kind === 'proposal') {
        const b = check.blockedBy;
        const partial =
          decision.kind === 'proposal' && allChanges(compromise.decision).length < allChanges(decision).length;
        decision = {
          ...compromise.decision,
          justification: `A compromise after holders ${b.outcome} proposal ${b.proposalId}: ${partial ? 'one part of the change on its own, ' : ''}in small steps. ${compromise.decision.justification}`,
        };
        encoded = compromise.encoded;
        repeats = {
          ...b,
          overlap: check.overlap,
          differences: [
            `smaller steps${partial ? ', one lever' : ''} than proposal ${b.proposalId} (a question holders have not answered)`,
            ...(compromise.check.verdict === 'changed' ? compromise.check.differences : []),
          ],
        };
      } else if (check.verdict === 'held') {
        const b = check.blockedBy;
        agentReason = 'vetoed-recently';
        heldText =
          `Held back: holders ${b.outcome === 'vetoed' ? 'vetoed' : 'defeated'} proposal ${b.proposalId} ` +
          `(${check.overlap.map((k) => `${k.parameter} ${k.direction}`).join(', ')}) and nothing material has changed since: ` +
          `${check.unchanged.join('; ')}. Wanted: ${allChanges(decision)
            .map((ch) => `${ch.parameter} ${ch.from} → ${ch.to}`)
            .join('; ')}.`;
        noAction = {
          reason: 'vetoed-recently',
          proposalId: b.proposalId,
          outcome: b.outcome,
          overlap: check.overlap,
          retryAfter: check.retryAfter,
          unchanged: check.unchanged,
        };
      } else if (check.verdict === 'changed') {
        repeats = { ...check.after, overlap: check.overlap, differences: check.differences };
      }
    }
    if (agentReason) {
      const text =
        heldText ??
        (agentReason === 'insufficient-history'
          ? `Not acting: ${history.close.length} h of pool history, ${config.minHistoryHours} h needed before the statistics mean anything.`
          : agentReason === 'controller-paused'
            ? 'Not acting: the policy controller is paused by the guardian; only holders can unpause it.'
            : 'Not acting: the changes round to nothing in on-chain units.');
      decision = {
        kind: 'no-action',
        policy: decision.policy,
        objective,
        reason: 'within-tolerance',
        justification: text,
        headroom: decision.headroom,
        memory: decision.memory,
      };
      encoded = undefined;
    }

    if (!noAction && decision.kind === 'no-action' && decision.reason === 'blocked-by-guardrails' && decision.blocked) {
      // Held by the guardrails (typically the min delay after the last executed change): one record
      // while the same parameters stay held by the same rules, not one per epoch.
      noAction = {
        reason: 'guardrails',
        bound: decision.blocked.map((b) => `${b.parameter}:${[...b.by].sort().join('+')}`).sort(),
      };
    }
    const inputs = { snapshot: snap, history, sources, anomaly };
    const inputHash = hashCanonical(inputs).hash;
    const tr = trackRecord(store.allVerifications());
    const justification = buildJustification({
      decisionId: id,
      chainId: config.chainId,
      governor: config.governor,
      epoch,
      decidedAt: snap.timestamp,
      policy: decision.policy,
      objective,
      text: decision.justification,
      state,
      inputHash,
      forecastWindow: forecastWindowCommitment(history),
      sources,
      forecast,
      changes: allChanges(decision),
      actions: encoded?.actions ?? [],
      expectedLane: encoded?.expectedLane ?? 'full',
      expectedEffects: decision.kind === 'proposal' ? decision.expectedEffects : [],
      headroom: decision.headroom,
      trackRecord: tr,
      verificationsHead: store.verificationsHead(),
    });
    let plan: ProposalPlan | undefined;
    if (decision.kind === 'proposal' && encoded) {
      const description = proposalDescription(id, decision.justification, justification.hash);
      const descriptionHash = keccak256(stringToBytes(description));
      const proposalId = BigInt(
        keccak256(
          encodeAbiParameters(
            [{ type: 'address[]' }, { type: 'uint256[]' }, { type: 'bytes[]' }, { type: 'bytes32' }],
            [encoded.targets, encoded.values, encoded.calldatas, descriptionHash],
          ),
        ),
      );
      plan = {
        description,
        descriptionHash,
        targets: encoded.targets,
        values: encoded.values.map(String),
        calldatas: encoded.calldatas,
        proposalId: proposalId.toString(),
        expectedLane: encoded.expectedLane,
        actions: encoded.actions,
      };
    }
    const entry: DecisionEntry = {
      type: 'decision',
      decisionId: id,
      chainId: config.chainId,
      epoch,
      decidedAt: snap.timestamp,
      blockNumber: snap.blockNumber.toString(),
      kind: plan ? 'proposal' : 'no-action',
      reason: plan ? undefined : (agentReason ?? (decision.kind === 'no-action' ? decision.reason : undefined)),
      policy: decision.policy,
      objective,
      text: decision.justification,
      horizonHours: config.horizonHours,
      forecast,
      inputHash,
      modelHash: forecast.modelHash,
      justificationHash: justification.hash,
      justificationURI: justification.uri,
      proposal: plan,
      expectedEffects: decision.kind === 'proposal' ? decision.expectedEffects : undefined,
      memory: decision.memory,
      sources,
      basis,
      noAction,
      repeats: plan ? repeats : undefined,
    };
    return { entry, justification };
  }

  /** The strategy memory to continue from: this process's latest, else the last recorded one. */
  private carriedMemory(): PolicyMemory | undefined {
    if (this.memory) return this.memory;
    return this.lastRecorded()?.memory;
  }

  /** The latest decision record in the log (decisions are folded in log order). */
  private lastRecorded(): DecisionEntry | undefined {
    let last: DecisionEntry | undefined;
    for (const d of this.d.store.decisions().values()) last = d.decision;
    return last;
  }

  /**
   * The rejected proposal with exactly these calls whose on-chain refusal (the governor's
   * rejection cooldown after its deadline) still runs at `now`, if any. The deadline is taken as
   * the time the agent saw the rejection (a little after it): conservative by up to one tick.
   */
  private refusedOnChain(enc: EncodedProposal, now: number): { rejection: Rejection; until: number } | undefined {
    const cooldown = this.chainCooldown;
    if (cooldown === null || cooldown === undefined) return undefined;
    const key = (calls: readonly Hex[]) => calls.map((x) => x.toLowerCase()).join(',');
    const wanted = key(enc.calldatas);
    for (const r of this.rejections()) {
      const d = this.d.store.decisions().get(r.decisionId);
      if (!d?.decision.proposal || key(d.decision.proposal.calldatas) !== wanted) continue;
      const until = r.at + cooldown;
      if (now <= until) return { rejection: r, until };
    }
    return undefined;
  }

  /** The agent's own proposals that holders rejected (vetoed or defeated), from the log. */
  private rejections(): Rejection[] {
    const out: Rejection[] = [];
    for (const d of this.d.store.decisions().values()) {
      const plan = d.decision.proposal;
      if (!d.proposed || d.state !== 'Defeated' || !plan) continue;
      out.push({
        proposalId: d.proposed.proposalId,
        decisionId: d.decision.decisionId,
        outcome: d.proposed.lane === 'optimistic' ? 'vetoed' : 'defeated',
        at: d.stateAt ?? d.decision.decidedAt,
        changes: plan.actions.map(changeKeyOf).filter((k): k is ChangeKey => k !== null),
        basis: d.decision.basis,
      });
    }
    return out;
  }

  private predict(history: HourlyHistory, now: number): ForecastRecord {
    const { primary, fallback } = this.d.forecasters;
    const chosen = chooseForecaster(primary, fallback, history.close.length);
    try {
      return chosen.forecast(history, now);
    } catch (e) {
      if (chosen === fallback) throw e;
      this.recordError('predict', e);
      return fallback.forecast(history, now);
    }
  }

  private crash() {
    if (this.d.crash) this.d.crash();
    else process.kill(process.pid, 'SIGKILL');
  }

  private async sendProposal(entry: DecisionEntry) {
    const { chain, store, log, config } = this.d;
    const plan = entry.proposal!;
    await store.flush();
    const res = await chain.propose(
      toCall(plan),
      {
        decisionId: entry.decisionId,
        modelHash: entry.modelHash!,
        inputHash: entry.inputHash,
        justificationHash: entry.justificationHash!,
        justificationURI: entry.justificationURI!,
      },
      (txHash) => {
        store.append({ type: 'sent', decisionId: entry.decisionId, txHash });
        if (config.fault === 'crash-after-send') this.crash();
      },
    );
    if (res.ok) {
      store.append({
        type: 'proposed',
        decisionId: entry.decisionId,
        proposalId: res.event.proposalId.toString(),
        lane: res.event.lane,
        txHash: res.event.txHash,
        blockNumber: res.event.blockNumber.toString(),
      });
      this.pendingOnChain = true;
      log.info('propose', {
        decisionId: entry.decisionId,
        proposalId: res.event.proposalId,
        lane: res.event.lane,
        txHash: res.event.txHash,
      });
    } else {
      store.append({
        type: 'propose-failed',
        decisionId: entry.decisionId,
        errorName: res.errorName,
        message: res.message,
      });
      this.recordError('propose', new Error(res.message));
      log.error('propose', { decisionId: entry.decisionId, errorName: res.errorName, error: res.message });
    }
  }

  // ------------------------------------------------------------------ lifecycle (reconcile, queue, execute)

  private async reconcile(now: number, epoch: number) {
    const { chain, store, log, config } = this.d;
    const events = await chain.decisionEvents();
    const byDecision = new Map<Hex, ProposedEvent>(events.map((e) => [e.decisionId, e]));

    // Proposals the log has and the chain lost (a local node restarted from an older saved state,
    // or a reorg): the decision goes back to "intent logged", and the loop below re-sends it within
    // its epoch or abandons it. The governor is asked before anything is written.
    for (const d of store.decisions().values()) {
      if (!d.proposed || byDecision.has(d.decision.decisionId)) continue;
      if (await chain.proposalExists(BigInt(d.proposed.proposalId))) continue;
      store.append({
        type: 'rolled-back',
        decisionId: d.decision.decisionId,
        proposalId: d.proposed.proposalId,
        why: `proposal ${d.proposed.proposalId} (block ${d.proposed.blockNumber}) is no longer on the chain`,
      });
      log.warn('rollback', { decisionId: d.decision.decisionId, proposalId: d.proposed.proposalId, lost: true });
    }
    const decisions = store.decisions();

    for (const d of decisions.values()) {
      const plan = d.decision.proposal;
      if (!plan || d.proposed || d.failed || d.abandoned) continue;
      const ev = byDecision.get(d.decision.decisionId);
      if (ev) {
        store.append({
          type: 'proposed',
          decisionId: d.decision.decisionId,
          proposalId: ev.proposalId.toString(),
          lane: ev.lane,
          txHash: ev.txHash,
          blockNumber: ev.blockNumber.toString(),
        });
        log.info('recover', {
          decisionId: d.decision.decisionId,
          proposalId: ev.proposalId,
          found: 'DecisionProposed event',
        });
      } else if (d.sentTx) {
        const status = await chain.receiptStatus(d.sentTx);
        if (status === 'reverted') {
          store.append({
            type: 'propose-failed',
            decisionId: d.decision.decisionId,
            errorName: 'Reverted',
            message: `proposal tx ${d.sentTx} reverted`,
          });
        } else if (status === 'missing' && d.decision.epoch < epoch) {
          store.append({
            type: 'abandoned',
            decisionId: d.decision.decisionId,
            why: `tx ${d.sentTx} never mined within its epoch`,
          });
        }
      } else if (d.decision.epoch === epoch) {
        log.info('recover', { decisionId: d.decision.decisionId, resend: true });
        await this.sendProposal(d.decision);
      } else {
        store.append({
          type: 'abandoned',
          decisionId: d.decision.decisionId,
          why: d.rolledBack
            ? 'its proposal was lost with a chain rollback, after its epoch ended'
            : 'intent logged but not sent before its epoch ended',
        });
        log.warn('recover', { decisionId: d.decision.decisionId, abandoned: true });
      }
    }

    // Live state of every agent proposal (ours or not: a lost log must not let the agent stack proposals).
    let pending = false;
    const open: { proposalId: string; state: LifecycleState }[] = [];
    const ours = new Map<string, FoldedDecision>();
    for (const d of store.decisions().values()) if (d.proposed) ours.set(d.proposed.proposalId, d);
    for (const ev of events) {
      if (this.finalStates.has(ev.proposalId)) continue;
      let state = await chain.proposalState(ev.proposalId);
      const d = ours.get(ev.proposalId.toString());
      if (d && d.state !== state) {
        store.append({
          type: 'lifecycle',
          decisionId: d.decision.decisionId,
          state,
          at: now,
          ...(state === 'Executed' ? { kpisAtExecution: await this.kpisNow(now) } : {}),
        });
        log.info('lifecycle', { decisionId: d.decision.decisionId, proposalId: ev.proposalId, state });
      }
      if (d && config.execute && (state === 'Succeeded' || state === 'Queued')) {
        state = await this.advance(d, state, now);
      }
      if (FINAL.has(state)) this.finalStates.set(ev.proposalId, state);
      else {
        pending = true;
        open.push({ proposalId: ev.proposalId.toString(), state });
      }
    }
    this.pendingOnChain = pending;
    this.pending = open;
  }

  /** Queue a succeeded proposal; execute a queued one once its eta has passed. Anyone may. */
  private async advance(d: FoldedDecision, state: LifecycleState, now: number): Promise<LifecycleState> {
    const { chain, store, log } = this.d;
    const call = toCall(d.decision.proposal!);
    const id = d.decision.decisionId;
    if (state === 'Succeeded') {
      const r = await chain.queue(call);
      if (!r.ok) {
        log.error('queue', { decisionId: id, errorName: r.errorName, error: r.message });
        this.recordError('queue', new Error(r.message));
        return state;
      }
      store.append({ type: 'lifecycle', decisionId: id, state: 'Queued', at: now, txHash: r.txHash });
      log.info('queue', { decisionId: id, txHash: r.txHash });
      state = 'Queued';
    }
    if (state === 'Queued') {
      const eta = await chain.proposalEta(BigInt(d.proposed!.proposalId));
      const head = await chain.head();
      if (eta === 0 || head.timestamp < eta) return state;
      const r = await chain.execute(call);
      if (!r.ok) {
        log.error('execute', { decisionId: id, errorName: r.errorName, error: r.message });
        this.recordError('execute', new Error(r.message));
        return state;
      }
      this.collected = undefined;
      store.append({
        type: 'lifecycle',
        decisionId: id,
        state: 'Executed',
        at: head.timestamp,
        txHash: r.txHash,
        kpisAtExecution: await this.kpisNow(head.timestamp),
      });
      log.info('execute', { decisionId: id, txHash: r.txHash });
      return 'Executed';
    }
    return state;
  }

  private async kpisNow(now: number) {
    const { snap, history } = await this.collect();
    return kpiWindow(history, now - this.d.config.horizonHours * HOUR, this.d.config.horizonHours, pointOf(snap));
  }

  // ------------------------------------------------------------------ Verify

  private async verify(now: number) {
    const { store, log } = this.d;
    const due = [...store.decisions().values()].filter(
      (d) =>
        (d.decision.forecast &&
          scoredForecast(d.decision) &&
          !d.verified.forecast &&
          now >= hourOf(d.decision.decidedAt) + d.decision.forecast.horizonHours * HOUR) ||
        (d.executedAt !== undefined &&
          d.kpisAtExecution &&
          !d.verified.effect &&
          now >= d.executedAt + d.decision.horizonHours * HOUR),
    );
    if (due.length === 0) return;
    const { snap, history, problem } = await this.collect();
    if (problem) {
      // Verdicts on corrupt data would be wrong forever (they are sealed): wait for clean data.
      log.warn('verify', { deferred: due.length, problem });
      return;
    }
    for (const d of due) {
      const f = d.decision.forecast;
      if (f && scoredForecast(d.decision) && !d.verified.forecast) {
        const from = hourOf(d.decision.decidedAt);
        const closes = closesFrom(history, from, f.horizonHours);
        if (closes) {
          const verdict = forecastVerdict(f, realisedVol(closes), from, from + f.horizonHours * HOUR);
          const sealed = sealVerification(verdict, snap.timestamp, store.verificationsHead());
          store.appendVerification(d.decision.decisionId, sealed);
          log.info('verify', {
            decisionId: d.decision.decisionId,
            kind: 'forecast',
            forecast: verdict.forecast,
            realised: verdict.realised,
            hit80: verdict.hit80,
            hash: sealed.hash,
          });
        }
      }
      if (
        d.executedAt !== undefined &&
        d.kpisAtExecution &&
        !d.verified.effect &&
        now >= d.executedAt + d.decision.horizonHours * HOUR
      ) {
        const after = kpiWindow(history, d.executedAt, d.decision.horizonHours, pointOf(snap));
        const verdict = effectVerdict(
          d.decision.expectedEffects ?? [],
          d.kpisAtExecution,
          after,
          d.executedAt,
          d.executedAt + d.decision.horizonHours * HOUR,
        );
        const sealed = sealVerification(verdict, snap.timestamp, store.verificationsHead());
        store.appendVerification(d.decision.decisionId, sealed);
        log.info('verify', {
          decisionId: d.decision.decisionId,
          kind: 'effect',
          effects: verdict.effects,
          hash: sealed.hash,
        });
      }
    }
  }

  // ------------------------------------------------------------------ Commit (Predict, on-chain)

  /**
   * Commits each fresh decision's forecast to the VerificationLog before its outcome (its numbers'
   * hash and its window), within the first tenth of the window as the contract requires; the
   * verdict posted later must carry exactly these numbers. A restart asks the contract first. A
   * forecast not committed in time is never scored on-chain (it stays in the local log).
   */
  private async commitForecasts(now: number) {
    const { chain, store, log } = this.d;
    if (!chain.verificationLog) return;
    for (const d of store.decisions().values()) {
      const id = d.decision.decisionId;
      const f = d.decision.forecast;
      if (
        !f ||
        !scoredForecast(d.decision) ||
        d.verified.forecast ||
        this.committed.has(id) ||
        this.uncommitted.has(id) ||
        this.foreign.has(id)
      )
        continue;
      let c: ReturnType<typeof forecastCommitment>;
      try {
        c = forecastCommitment(id, f, hourOf(d.decision.decidedAt));
      } catch {
        continue; // unencodable: its verdict will say so when it is published
      }
      if (await chain.forecastCommitted(id)) {
        this.committed.add(id);
        continue;
      }
      if (now > commitDeadline(c)) {
        // The agent was down or behind when it should have committed: never scored on-chain (said once).
        this.uncommitted.add(id);
        log.warn('commit', {
          decisionId: id,
          skipped: 'past its commitment deadline: this forecast will not be scored on-chain',
          deadline: commitDeadline(c),
        });
        continue;
      }
      const res = await chain.commitForecast(c);
      if (res.ok) {
        this.committed.add(id);
        log.info('commit', { decisionId: id, numbersHash: c.numbersHash, windowTo: c.windowTo, txHash: res.txHash });
      } else {
        log.warn('commit', { decisionId: id, refused: res.errorName, message: res.message });
      }
    }
  }

  // ------------------------------------------------------------------ Publish (Verify, on-chain)

  /**
   * Posts each sealed verification to the VerificationLog. The local log stays the source: every
   * tick walks the verified-but-not-recorded ones, asks the contract first (so a restart after a
   * send that was mined never posts twice, and a record found there is logged as recorded), then
   * posts. A revert is logged with its decoded error and retried after RECORD_RETRY_SECONDS of
   * chain time (a rotated recorder key may be set back by governance); RPC failures throw, and
   * the runner backs off like for every other step.
   */
  private async publish(head: { timestamp: number; rolledBack?: boolean | undefined }) {
    const { chain, store, log } = this.d;
    const now = head.timestamp;
    if (chain.verificationLog) await this.reconcileRecords(head.rolledBack === true);
    const todo: { d: FoldedDecision; kind: VerificationKind }[] = [];
    for (const d of store.decisions().values()) {
      for (const kind of ['forecast', 'effect'] as const) {
        if (!d.verified[kind] || d.recorded[kind] || this.foreign.has(d.decision.decisionId)) continue;
        if (kind === 'forecast' && this.uncommitted.has(d.decision.decisionId)) continue;
        const failed = d.recordFailed[kind];
        if (failed && now - failed.at < RECORD_RETRY_SECONDS) continue;
        todo.push({ d, kind });
      }
    }
    if (todo.length === 0) return;
    if (!chain.verificationLog) {
      if (!this.warnedNoVerificationLog) {
        log.warn('publish', {
          skipped: todo.length,
          why: 'the deployments file has no VerificationLog: verify records stay in the local log only',
        });
        this.warnedNoVerificationLog = true;
      }
      return;
    }
    // A backlog (e.g. after a long outage) goes out a few per tick, so decisions are not held up.
    for (const { d, kind } of todo.slice(0, MAX_POSTS_PER_TICK)) {
      const id = d.decision.decisionId;
      const local = d.verified[kind]!;
      // A decision logged on another chain (same addresses, fresh anvil) must not be posted here.
      const blockTime = await chain.blockTimestamp(BigInt(d.decision.blockNumber));
      if (blockTime !== d.decision.decidedAt) {
        this.foreign.add(id);
        log.warn('publish', {
          decisionId: id,
          skipped: 'its block is not on this chain (another chain, or lost in a rollback)',
          block: d.decision.blockNumber,
          loggedTime: d.decision.decidedAt,
          chainTime: blockTime,
        });
        continue;
      }
      const t = performance.now();
      const existing = await chain.readVerification(id, kind);
      if (existing) {
        const found = await chain.verificationTx(id, kind);
        this.noteRecorded(id, kind, local, existing, found, 'found on-chain');
        continue;
      }
      let payload: VerificationPayload;
      try {
        payload = verificationPayload(id, local);
      } catch (e) {
        this.recordFailure(id, kind, now, 'Unencodable', (e as Error).message);
        continue;
      }
      const res = await chain.recordVerification(payload);
      if (res.ok) {
        const onChain = await chain.readVerification(id, kind);
        if (onChain) {
          this.noteRecorded(id, kind, local, onChain, res, 'posted', ms(t));
          continue;
        }
      }
      // Another copy of this agent (or a send before a crash) may have won the race: look again.
      const again = await chain.readVerification(id, kind);
      if (again) {
        this.noteRecorded(id, kind, local, again, await chain.verificationTx(id, kind), 'found on-chain');
        continue;
      }
      if (!res.ok && res.errorName === 'VerificationLog_NotCommitted') {
        // Committed too late or never (e.g. decided while the chain was down): not scored on-chain, not retried.
        this.uncommitted.add(id);
        log.warn('publish', { decisionId: id, kind, skipped: 'its forecast was not committed before the outcome' });
        continue;
      }
      const why = res.ok ? { errorName: 'NotStored', message: `tx ${res.txHash} left no record` } : res;
      this.recordFailure(id, kind, now, why.errorName, why.message);
    }
  }

  /**
   * Records the log calls on-chain must still be there: a chain that went back (a local node
   * restarted from an older state, a reorg) loses them. Checked one by one when the chain says it
   * rolled back, or when the contract holds fewer records than the log says were posted (which
   * also catches a rollback that happened while the agent was down); a lost one is posted again.
   */
  private async reconcileRecords(rolledBack: boolean) {
    const { chain, store, log } = this.d;
    const recorded: { id: Hex; kind: VerificationKind }[] = [];
    for (const d of store.decisions().values()) {
      for (const kind of ['forecast', 'effect'] as const) {
        if (d.recorded[kind]) recorded.push({ id: d.decision.decisionId, kind });
      }
    }
    if (recorded.length === 0) return;
    if (!rolledBack && (await chain.verificationCount()) >= recorded.length) return;
    for (const { id, kind } of recorded) {
      if (await chain.readVerification(id, kind)) continue;
      store.append({ type: 'record-lost', decisionId: id, kind, why: 'no longer in the VerificationLog' });
      log.warn('publish', { decisionId: id, kind, lost: 'the record is no longer on-chain; posting it again' });
    }
  }

  private noteRecorded(
    decisionId: Hex,
    kind: VerificationKind,
    local: Verification,
    onChain: NonNullable<Awaited<ReturnType<ChainBoundary['readVerification']>>>,
    tx: { txHash: Hex; blockNumber: bigint } | null,
    how: 'posted' | 'found on-chain',
    took?: number,
  ) {
    const check = checkAgainstLocal(local, onChain);
    const matches = check.hashMatches && check.numbersMatch;
    this.d.store.append({
      type: 'recorded',
      decisionId,
      kind,
      contentHash: onChain.contentHash,
      txHash: tx?.txHash ?? null,
      blockNumber: tx ? tx.blockNumber.toString() : null,
      matches,
    });
    const fields = { decisionId, kind, how, txHash: tx?.txHash, block: tx?.blockNumber, hash: onChain.contentHash };
    if (matches) this.d.log.info('publish', { ...fields, ms: took });
    else {
      this.recordError('publish', new Error(`on-chain record of ${decisionId} (${kind}) differs from the local one`));
      this.d.log.error('publish', { ...fields, mismatch: check.problems });
    }
  }

  /** How far the on-chain copy of the verification chain has got (status.json). */
  private publishStatus(decisions: readonly FoldedDecision[]) {
    let recorded = 0;
    let mismatched = 0;
    let pending = 0;
    let failing = 0;
    for (const d of decisions) {
      for (const kind of ['forecast', 'effect'] as const) {
        if (!d.verified[kind]) continue;
        const r = d.recorded[kind];
        if (r) {
          recorded++;
          if (!r.matches) mismatched++;
        } else if (d.recordFailed[kind]) failing++;
        else pending++;
      }
    }
    return { address: this.d.chain.verificationLog ?? null, recorded, mismatched, pending, failing };
  }

  private recordFailure(decisionId: Hex, kind: VerificationKind, at: number, errorName: string, message: string) {
    this.d.store.append({ type: 'record-failed', decisionId, kind, errorName, message, at });
    this.recordError('publish', new Error(message));
    this.d.log.error('publish', {
      decisionId,
      kind,
      errorName,
      error: message,
      retryAfterSeconds: RECORD_RETRY_SECONDS,
    });
  }

  // ------------------------------------------------------------------ status

  private writeStatus(head: { blockNumber: bigint; timestamp: number }) {
    const { store, forecasters } = this.d;
    const decisions = [...store.decisions().values()];
    const last = decisions[decisions.length - 1];
    const primary = forecasters.primary;
    store.writeStatus({
      updatedAt: new Date().toISOString(),
      chainTime: head.timestamp,
      block: head.blockNumber,
      iterations: this.iterations,
      lastIteration: this.lastTick,
      lastDecision: last && {
        decisionId: last.decision.decisionId,
        epoch: last.decision.epoch,
        kind: last.decision.kind,
        reason: last.decision.reason,
        text: last.decision.text,
        proposalId: last.proposed?.proposalId,
        state: last.state,
        justificationURI: last.decision.justificationURI,
      },
      decisions: decisions.length,
      proposals: decisions.filter((d) => d.proposed).length,
      pendingProposal: this.pendingOnChain,
      model: {
        primary: primary ? { version: primary.version, hash: primary.modelHash, minHours: primary.minHours } : null,
        fallback: forecasters.fallback.version,
      },
      trackRecord: trackRecord(store.allVerifications()),
      verificationsHead: store.verificationsHead(),
      verificationLog: this.publishStatus(decisions),
      errors: this.errors,
    });
  }
}

function analyze(h: HourlyHistory, snap: ChainSnapshot) {
  const oracle = snap.oracle.anomalyBps / 10_000;
  const need = 170;
  const pattern = historyFlags(h, spotPrice(snap));
  if (h.close.length <= need) return { score: oracle, flags: pattern, detector: 'warming-up' };
  const n = Math.min(h.close.length, need + 2);
  const slice = (xs: number[]) => xs.slice(xs.length - n);
  const scores = detectAnomalies({
    timestamp: slice(h.timestamp),
    price: slice(h.close),
    volume: slice(h.volumeStable),
    liquidity: slice(h.liquidityStable),
  });
  const lastScore = scores[scores.length - 1]!;
  return {
    score: Math.max(lastScore.score, oracle),
    flags: lastScore.flag ? [lastScore.kind, ...pattern] : pattern,
    detector: 'lib/ml/anomalies',
  };
}

function toCall(plan: ProposalPlan): ProposalCall {
  return {
    targets: plan.targets,
    values: plan.values.map(BigInt),
    calldatas: plan.calldatas,
    description: plan.description,
  };
}

function pointOf(s: ChainSnapshot) {
  return {
    totalSupply: units(s.totalSupply, s.tokenDecimals),
    treasuryStable: units(s.treasuryStable, s.stableDecimals),
    staked: units(s.totalStaked, s.tokenDecimals),
  };
}

const hourOf = (t: number) => Math.floor(t / HOUR) * HOUR;
const ms = (t: number) => Math.round(performance.now() - t);

/**
 * The guardrails with each step of the levers in `only` capped at its small-change size (the
 * optimistic lane's test) and every other lever held still.
 */
function smallStepGuardrails(g: Guardrails, s: ChainSnapshot, only: ReadonlySet<string>): Guardrails {
  const d = paramDecimals(s);
  const params = { ...g.params };
  for (const [name, { id, decimals }] of Object.entries(d) as [
    keyof Guardrails['params'],
    { id: number; decimals: number },
  ][]) {
    const raw = s.guardrails[id];
    if (!raw || !params[name]) continue;
    // Levers outside `only` are held still: a step of 0.
    const step = only.has(name) ? Math.min(params[name].maxStep, units(raw.smallStep, decimals)) : 0;
    params[name] = { ...params[name], maxStep: step };
  }
  const sg = s.guardrails[PolicyParam.Supply];
  const cap = sg && only.has('supplyChange') ? units(sg.smallStep, s.tokenDecimals) : 0;
  return {
    ...g,
    params,
    supplyChange: {
      ...g.supplyChange,
      min: Math.max(g.supplyChange.min, -cap),
      max: Math.min(g.supplyChange.max, cap),
    },
  };
}

/**
 * A decision's forecast goes into the public track record only once the agent had the history it
 * needs to act on statistics (AGENT_MIN_HISTORY_HOURS): a forecast from the chain's first hours
 * (a flat pool, an EWMA of almost nothing: 0.0009 % annualised against 226 % realised on a fresh
 * chain) measures the start-up, not the model, and its |log error| of 12 swamped the mean.
 */
function scoredForecast(d: DecisionEntry): boolean {
  return d.reason !== 'insufficient-history';
}
