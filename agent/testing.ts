/**
 * A fake chain boundary for unit tests and the benchmark: one snapshot, a synthetic pool history,
 * a governor that records proposals, and a verification log that keeps one record per
 * (decision, kind) like the contract. Block numbers are chain seconds (one block per second), so
 * a decision's block and time always agree, as on a real chain.
 */
import type { Address, Hex } from 'viem';
import type { PoolPoint, SwapPoint } from '../lib/agent/history';
import {
  commitDeadline,
  type ForecastCommitmentPayload,
  forecastNumbersHash,
  fromFixed,
  type OnChainVerification,
  type VerificationKind,
  type VerificationPayload,
} from '../lib/agent/onchain-verification';
import type { LifecycleState } from '../lib/agent/records';
import type { ChainSnapshot } from '../lib/agent/snapshot';
import type { ChainBoundary, ProposedEvent } from './chain';

const E18 = 10n ** 18n;
const E6 = 10n ** 6n;

export const CONTROLLER: Hex = '0x0165878A594ca255338adfa4d48449f69242Eb8F';
export const GOVERNOR: Hex = '0x610178dA211FEF7D417bC0e6FeD39F05609AD788';

export function fakeSnapshot(timestamp: number, overrides: Partial<ChainSnapshot> = {}): ChainSnapshot {
  return {
    chainId: 31337,
    blockNumber: 100n,
    timestamp,
    tokenDecimals: 18,
    stableDecimals: 6,
    reserveHome: 100_000_000n * E18,
    reserveStable: 10_000_000n * E6,
    totalSupply: 1_000_000_000n * E18,
    totalStaked: 50_000_000n * E18,
    emissionsRemaining: 100_000_000n * E18,
    treasuryHome: 350_000_000n * E18,
    treasuryStable: 1_000_000n * E6,
    params: [1_000_000_000n * E18, 5000n, 30n, 5n * 10n ** 17n, 10_000n * E6, 0n],
    lastChangedAt: [0n, 0n, 0n, 0n, 0n, 0n],
    guardrails: [
      {
        min: 500_000_000n * E18,
        max: 2_000_000_000n * E18,
        maxStep: 10_000_000n * E18,
        smallStep: 2_500_000n * E18,
        minDelay: 21_600n,
      },
      { min: 0n, max: 10_000n, maxStep: 1000n, smallStep: 250n, minDelay: 43_200n },
      { min: 0n, max: 300n, maxStep: 25n, smallStep: 5n, minDelay: 43_200n },
      { min: 0n, max: 5n * E18, maxStep: 5n * 10n ** 17n, smallStep: 10n ** 17n, minDelay: 43_200n },
      { min: 0n, max: 100_000n * E6, maxStep: 10_000n * E6, smallStep: 2_500n * E6, minDelay: 43_200n },
      { min: 0n, max: 2n, maxStep: 2n, smallStep: 0n, minDelay: 86_400n },
    ],
    supplyNonce: 0n,
    supplyWindow: { netChange: 0n, budget: 20_000_000n * E18 },
    supplyWindowLength: 86_400n,
    supplyBudgetBps: 200n,
    paused: false,
    oracle: { round: 1, observedAt: timestamp - 600, sentimentBps: 0, anomalyBps: 0 },
    ...overrides,
  };
}

/** Hourly pool points with a deterministic wiggle (≈ 60 %/yr), `hours` hours up to `now`. */
export function syntheticPool(now: number, hours: number, closes?: readonly number[]) {
  const points: PoolPoint[] = [];
  const swaps: SwapPoint[] = [];
  const start = Math.floor(now / 3600) * 3600 - hours * 3600;
  let p = 0.1;
  for (let i = 0; i < hours; i++) {
    p = closes ? closes[i]! : p * Math.exp(0.0064 * Math.sin(i * 1.7) + 0.004 * Math.cos(i * 0.37));
    points.push({ time: start + i * 3600 + 1800, price: p, reserveStable: 10_000_000 });
    swaps.push({ time: start + i * 3600 + 1800, stable: 20_000 });
  }
  return { points, swaps };
}

export class FakeChain implements ChainBoundary {
  proposals: (ProposedEvent & { description: string })[] = [];
  states = new Map<bigint, LifecycleState>();
  queued: bigint[] = [];
  executed: bigint[] = [];
  failNext: { errorName: string; message: string } | undefined;
  down = false;
  /** VerificationLog state: records by `${decisionId}:${kind}`, every post attempt, and a revert to inject. */
  verificationLog: Address | undefined = '0x00000000000000000000000000000000000000F1';
  verifications = new Map<string, OnChainVerification>();
  recordCalls: VerificationPayload[] = [];
  recordFailNext: { errorName: string; message: string } | undefined;
  private nextId = 1n;

  constructor(
    public now: number,
    public pool: { points: PoolPoint[]; swaps: SwapPoint[] },
    public snap: (now: number) => ChainSnapshot = (t) => fakeSnapshot(t),
  ) {}

  private check() {
    if (this.down) throw Object.assign(new Error('fetch failed'), { name: 'HttpRequestError' });
  }
  /** Set by a test to report, once, that the chain went back (see ChainBoundary.head). */
  rolledBack = false;
  async head() {
    this.check();
    const rolledBack = this.rolledBack;
    this.rolledBack = false;
    return { blockNumber: BigInt(this.now), timestamp: this.now, rolledBack };
  }
  async snapshot() {
    this.check();
    return { ...this.snap(this.now), blockNumber: BigInt(this.now) };
  }
  async blockTimestamp(n: bigint) {
    this.check();
    return n <= BigInt(this.now) ? Number(n) : null;
  }
  async verificationCount() {
    this.check();
    return this.verifications.size;
  }
  async readVerification(decisionId: Hex, kind: VerificationKind) {
    this.check();
    return this.verifications.get(`${decisionId}:${kind}`) ?? null;
  }
  async verificationTx(decisionId: Hex, kind: VerificationKind) {
    this.check();
    const r = this.verifications.get(`${decisionId}:${kind}`);
    return r?.txHash && r.blockNumber !== null ? { txHash: r.txHash, blockNumber: r.blockNumber } : null;
  }
  /** Forecast commitments by decision id, as VerificationLog.commitForecast stores them. */
  commitments = new Map<Hex, ForecastCommitmentPayload & { committedAt: number }>();
  async forecastCommitted(decisionId: Hex) {
    this.check();
    return this.commitments.has(decisionId);
  }
  async commitForecast(c: ForecastCommitmentPayload) {
    this.check();
    if (this.commitments.has(c.decisionId))
      return { ok: false as const, errorName: 'VerificationLog_AlreadyCommitted', message: 'already committed' };
    if (this.now > commitDeadline(c))
      return { ok: false as const, errorName: 'VerificationLog_CommitTooLate', message: 'too late' };
    this.commitments.set(c.decisionId, { ...c, committedAt: this.now });
    return { ok: true as const, txHash: `0x${'c'.repeat(64)}` as Hex, blockNumber: BigInt(this.now) };
  }
  async recordVerification(p: VerificationPayload) {
    this.check();
    this.recordCalls.push(p);
    if (p.kind === 'forecast') {
      // The contract's rule: only the numbers and window committed before the outcome.
      const c = this.commitments.get(p.header.decisionId);
      if (!c) return { ok: false as const, errorName: 'VerificationLog_NotCommitted', message: 'not committed' };
      if (
        c.numbersHash !== forecastNumbersHash(p.numbers) ||
        c.windowFrom !== p.header.windowFrom ||
        c.windowTo !== p.header.windowTo
      )
        return { ok: false as const, errorName: 'VerificationLog_CommitmentMismatch', message: 'mismatch' };
    }
    if (this.recordFailNext) {
      const f = this.recordFailNext;
      this.recordFailNext = undefined;
      return { ok: false as const, ...f };
    }
    const key = `${p.header.decisionId}:${p.kind}`;
    if (this.verifications.has(key)) {
      return { ok: false as const, errorName: 'VerificationLog_AlreadyRecorded', message: 'already recorded' };
    }
    const txHash = `0x${(0xf000n + BigInt(this.verifications.size)).toString(16).padStart(64, '0')}` as Hex;
    const n = p.kind === 'forecast' ? p.numbers : undefined;
    this.verifications.set(key, {
      decisionId: p.header.decisionId,
      kind: p.kind,
      contentHash: p.header.contentHash,
      prevHash: /^0x0+$/.test(p.header.prevHash) ? null : p.header.prevHash,
      windowFrom: p.header.windowFrom,
      windowTo: p.header.windowTo,
      verifiedAt: p.header.verifiedAt,
      recordedAt: this.now,
      forecast: n
        ? {
            forecast: fromFixed(n.forecast),
            lower80: fromFixed(n.lower80),
            upper80: fromFixed(n.upper80),
            lower95: fromFixed(n.lower95),
            upper95: fromFixed(n.upper95),
            realised: fromFixed(n.realised),
            hit80: n.hit80,
            hit95: n.hit95,
          }
        : null,
      effectsChecked: p.kind === 'effect' ? p.effectsChecked : 0,
      effectsMatched: p.kind === 'effect' ? p.effectsMatched : 0,
      recorder: null,
      txHash,
      blockNumber: BigInt(this.now),
    });
    return { ok: true as const, txHash, blockNumber: BigInt(this.now) };
  }
  async poolEvents() {
    this.check();
    return this.pool;
  }
  async decisionEvents() {
    this.check();
    return this.proposals;
  }
  async proposalState(id: bigint) {
    return this.states.get(id) ?? 'Pending';
  }
  async proposalExists(id: bigint) {
    this.check();
    return this.proposals.some((p) => p.proposalId === id);
  }
  async proposalEta() {
    return this.now - 1;
  }
  /** The governor's refusal of a rejected action set (seconds after its deadline); null = no such rule. */
  cooldown: number | null = null;
  async rejectionCooldown() {
    return this.cooldown;
  }
  async propose(call: { description: string }, md: { decisionId: Hex }, onSent: (h: Hex) => void) {
    this.check();
    if (this.failNext) {
      const f = this.failNext;
      this.failNext = undefined;
      return { ok: false as const, ...f };
    }
    if (this.proposals.some((p) => p.description === call.description)) {
      return { ok: false as const, errorName: 'GovernorUnexpectedProposalState', message: 'exists' };
    }
    const txHash = `0x${this.nextId.toString(16).padStart(64, '0')}` as Hex;
    const ev = {
      proposalId: this.nextId++,
      decisionId: md.decisionId,
      lane: 'full' as const,
      txHash,
      blockNumber: 100n,
      description: call.description,
    };
    this.proposals.push(ev);
    onSent(txHash);
    return { ok: true as const, event: ev };
  }
  async receiptStatus(hash: Hex) {
    return this.proposals.some((p) => p.txHash === hash) ? ('success' as const) : ('missing' as const);
  }
  async queue() {
    return { ok: true as const, txHash: '0x01' as Hex, blockNumber: 1n };
  }
  async execute() {
    return { ok: true as const, txHash: '0x02' as Hex, blockNumber: 1n };
  }
}
