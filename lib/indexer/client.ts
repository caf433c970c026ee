/**
 * Typed client of the indexer's HTTP API (indexer/src/api/index.ts). Every method fetches one
 * JSON route and reshapes the raw rows into the domain types of ./types (decimal strings →
 * bigint, enum numbers → names), validating as it goes: a malformed answer is an
 * IndexerError, never a NaN handed to a metric. Runs in Node and the browser (no React).
 */
import { type Address, getAddress, type Hex, isHex } from 'viem';
import { fromRawRecord, kindIndex, type OnChainVerification } from '../agent/onchain-verification';
import { HomeostatError, type HomeostatErrorOptions } from '../errors';
import type {
  Candle,
  Decision,
  HolderDistribution,
  IndexedProposal,
  IndexedVote,
  IndexerStatus,
  KpiSnapshot,
  MarketPricePoint,
  OracleSignal,
  ReservePoint,
  VoteSupport,
} from './types';

export type IndexerErrorKind = 'unreachable' | 'timeout' | 'http' | 'malformed';

export class IndexerError extends HomeostatError {
  override name = 'IndexerError';
  readonly kind: IndexerErrorKind;
  readonly status: number | undefined;
  constructor(kind: IndexerErrorKind, shortMessage: string, options: HomeostatErrorOptions & { status?: number } = {}) {
    super(shortMessage, options);
    this.kind = kind;
    this.status = options.status;
  }
}

export type IndexerClientOptions = {
  /** Per-request timeout. Default 5000 ms. */
  timeoutMs?: number;
  fetch?: typeof fetch;
};

export type TimeRange = { from?: number; to?: number };
export type GetOhlcParameters = TimeRange & {
  /** Candle length in hours (1 = hourly, 24 = daily). */ intervalHours?: number;
};
export type GetReservesParameters = TimeRange & { resolution?: 'hour' | 'raw'; limit?: number };
export type GetHoldersParameters = {
  /** Unix seconds; default: the newest indexed block time. */ at?: number;
  limit?: number;
};

export type GetVerificationsParameters = {
  /** Only this decision's records. */ decisionId?: Hex;
  limit?: number;
};

export type IndexerClient = ReturnType<typeof createIndexerClient>;

export function createIndexerClient(baseUrl: string, options: IndexerClientOptions = {}) {
  const base = baseUrl.replace(/\/$/, '');
  const timeoutMs = options.timeoutMs ?? 5000;
  const doFetch = options.fetch ?? globalThis.fetch;

  async function get(path: string, query: Record<string, string | number | undefined> = {}): Promise<unknown> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
    const qs = params.toString();
    const url = `${base}${path}${qs ? `?${qs}` : ''}`;
    let res: Response;
    try {
      res = await doFetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
    } catch (cause) {
      const name = (cause as Error)?.name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new IndexerError('timeout', `The indexer did not answer within ${timeoutMs} ms`, { details: url, cause });
      }
      throw new IndexerError('unreachable', `The indexer at ${base} is unreachable`, { details: url, cause });
    }
    const text = await res.text().catch(() => '');
    if (!res.ok) {
      let message = text.slice(0, 200);
      try {
        message = (JSON.parse(text) as { error?: string }).error ?? message;
      } catch {}
      throw new IndexerError('http', `The indexer answered ${res.status}: ${message || res.statusText}`, {
        details: url,
        status: res.status,
      });
    }
    try {
      return JSON.parse(text);
    } catch (cause) {
      throw new IndexerError('malformed', 'The indexer returned invalid JSON', { details: url, cause });
    }
  }

  return {
    baseUrl: base,

    /** Indexed block vs the chain head (lag). */
    async getStatus(): Promise<IndexerStatus> {
      return parseStatus(await get('/api/status'));
    },

    /** OHLC + volume candles of the HOME/stable pool. */
    async getOhlc(p: GetOhlcParameters = {}): Promise<Candle[]> {
      const body = obj(await get('/api/ohlc', { from: p.from, to: p.to, interval: p.intervalHours }), 'ohlc');
      const interval = num(body.interval, 'interval');
      return arr(body.candles, 'candles').map((r) => parseCandle(r, interval));
    },

    async getReserves(p: GetReservesParameters = {}): Promise<ReservePoint[]> {
      const body = obj(
        await get('/api/reserves', { from: p.from, to: p.to, resolution: p.resolution, limit: p.limit }),
        'reserves',
      );
      return arr(body.points, 'points').map(parseReservePoint);
    },

    /** Hourly KPI snapshots, forward-filled over hours without events. */
    async getKpis(p: TimeRange = {}): Promise<KpiSnapshot[]> {
      const body = obj(await get('/api/kpis', { from: p.from, to: p.to }), 'kpis');
      return arr(body.points, 'points').map(parseKpi);
    },

    /** Holder balances at a point in time (hourly resolution), largest first. */
    async getHolders(p: GetHoldersParameters = {}): Promise<HolderDistribution> {
      const body = obj(await get('/api/holders', { at: p.at, limit: p.limit }), 'holders');
      return {
        at: num(body.at, 'at'),
        holderCount: num(body.holderCount, 'holderCount'),
        holders: arr(body.holders, 'holders').map((h) => {
          const o = obj(h, 'holder');
          return { address: addr(o.address, 'address'), balance: big(o.balance, 'balance') };
        }),
      };
    },

    /** Newest first. */
    async getProposals(p: { limit?: number } = {}): Promise<IndexedProposal[]> {
      const body = obj(await get('/api/proposals', { limit: p.limit }), 'proposals');
      return arr(body.proposals, 'proposals').map(parseProposal);
    },

    async getVotes(proposalId: bigint): Promise<IndexedVote[]> {
      const body = obj(await get(`/api/proposals/${proposalId.toString()}/votes`), 'votes');
      return arr(body.votes, 'votes').map(parseVote);
    },

    /** The agent's Verify records as posted to the VerificationLog, oldest first. */
    async getVerifications(p: GetVerificationsParameters = {}): Promise<OnChainVerification[]> {
      const body = obj(await get('/api/verifications', { decisionId: p.decisionId, limit: p.limit }), 'verifications');
      return arr(body.verifications, 'verifications').map(parseVerificationRecord);
    },

    async getSignals(p: TimeRange = {}): Promise<OracleSignal[]> {
      const body = obj(await get('/api/signals', { from: p.from, to: p.to }), 'signals');
      return arr(body.signals, 'signals').map((r) => {
        const o = obj(r, 'signal');
        return {
          round: num(o.round, 'round'),
          sentimentBps: num(o.sentimentBps, 'sentimentBps'),
          anomalyBps: num(o.anomalyBps, 'anomalyBps'),
          observedAt: num(o.observedAt, 'observedAt'),
          timestamp: num(o.timestamp, 'timestamp'),
          offchainVolume: big(o.offchainVolume, 'offchainVolume'),
          contentHash: hex(o.contentHash, 'contentHash'),
        };
      });
    },

    /** The oracle's market-price feed (postMarketPrice), oldest first. */
    async getMarketPrices(p: TimeRange = {}): Promise<MarketPricePoint[]> {
      const body = obj(await get('/api/market-prices', { from: p.from, to: p.to }), 'market prices');
      return arr(body.prices, 'prices').map((r) => {
        const o = obj(r, 'price');
        return {
          round: num(o.round, 'round'),
          observedAt: num(o.observedAt, 'observedAt'),
          timestamp: num(o.timestamp, 'timestamp'),
          price: big(o.price, 'price'),
        };
      });
    },
  };
}

// ---------------------------------------------------------------- reshaping (exported for tests)

function malformed(field: string, value: unknown): never {
  throw new IndexerError('malformed', `The indexer returned a malformed "${field}"`, {
    details: `got ${JSON.stringify(value)?.slice(0, 100)}`,
  });
}

function obj(v: unknown, field: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) malformed(field, v);
  return v as Record<string, unknown>;
}
function arr(v: unknown, field: string): unknown[] {
  if (!Array.isArray(v)) malformed(field, v);
  return v as unknown[];
}
function num(v: unknown, field: string): number {
  const n = typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) malformed(field, v);
  return n;
}
function numOrNull(v: unknown, field: string): number | null {
  return v === null || v === undefined ? null : num(v, field);
}
function big(v: unknown, field: string): bigint {
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  return malformed(field, v);
}
function bigOrNull(v: unknown, field: string): bigint | null {
  return v === null || v === undefined ? null : big(v, field);
}
function str(v: unknown, field: string): string {
  if (typeof v !== 'string') malformed(field, v);
  return v;
}
function hex(v: unknown, field: string): Hex {
  if (typeof v !== 'string' || !isHex(v)) malformed(field, v);
  return v;
}
function addr(v: unknown, field: string): Address {
  try {
    return getAddress(str(v, field));
  } catch {
    return malformed(field, v);
  }
}

export function parseStatus(raw: unknown): IndexerStatus {
  const o = obj(raw, 'status');
  return {
    chainId: num(o.chainId, 'chainId'),
    indexedBlock: numOrNull(o.indexedBlock, 'indexedBlock'),
    indexedTimestamp: numOrNull(o.indexedTimestamp, 'indexedTimestamp'),
    ready: o.ready === true,
    chainHead: numOrNull(o.chainHead, 'chainHead'),
    lagBlocks: numOrNull(o.lagBlocks, 'lagBlocks'),
  };
}

export function parseCandle(raw: unknown, interval: number): Candle {
  const o = obj(raw, 'candle');
  return {
    time: num(o.hour, 'hour'),
    interval,
    open: num(o.open, 'open'),
    high: num(o.high, 'high'),
    low: num(o.low, 'low'),
    close: num(o.close, 'close'),
    volumeHome: big(o.volumeHome, 'volumeHome'),
    volumeStable: big(o.volumeStable, 'volumeStable'),
    swapCount: num(o.swapCount, 'swapCount'),
    reserveHome: big(o.reserveHome, 'reserveHome'),
    reserveStable: big(o.reserveStable, 'reserveStable'),
  };
}

export function parseReservePoint(raw: unknown): ReservePoint {
  const o = obj(raw, 'reserve');
  const point: ReservePoint = {
    time: num(o.hour ?? o.timestamp, 'time'),
    reserveHome: big(o.reserveHome, 'reserveHome'),
    reserveStable: big(o.reserveStable, 'reserveStable'),
    price: num(o.price, 'price'),
  };
  if (o.blockNumber !== undefined) point.blockNumber = big(o.blockNumber, 'blockNumber');
  return point;
}

export function parseKpi(raw: unknown): KpiSnapshot {
  const o = obj(raw, 'kpi');
  const round = numOrNull(o.signalRound, 'signalRound');
  return {
    time: num(o.hour, 'hour'),
    filled: o.filled === true,
    blockNumber: big(o.blockNumber, 'blockNumber'),
    price: numOrNull(o.price, 'price'),
    reserveHome: big(o.reserveHome, 'reserveHome'),
    reserveStable: big(o.reserveStable, 'reserveStable'),
    totalSupply: big(o.totalSupply, 'totalSupply'),
    totalStaked: big(o.totalStaked, 'totalStaked'),
    delegatedVotes: big(o.delegatedVotes, 'delegatedVotes'),
    treasuryHome: big(o.treasuryHome, 'treasuryHome'),
    treasuryStable: big(o.treasuryStable, 'treasuryStable'),
    holderCount: num(o.holderCount, 'holderCount'),
    minted: big(o.minted, 'minted'),
    burned: big(o.burned, 'burned'),
    feesToTreasury: big(o.feesToTreasury, 'feesToTreasury'),
    feesBurned: big(o.feesBurned, 'feesBurned'),
    rewardsPaid: big(o.rewardsPaid, 'rewardsPaid'),
    volumeHome: big(o.volumeHome, 'volumeHome'),
    volumeStable: big(o.volumeStable, 'volumeStable'),
    transferCount: num(o.transferCount, 'transferCount'),
    lastSignal:
      round === null
        ? null
        : {
            round,
            sentimentBps: num(o.sentimentBps, 'sentimentBps'),
            anomalyBps: num(o.anomalyBps, 'anomalyBps'),
            observedAt: num(o.signalObservedAt, 'signalObservedAt'),
          },
    paused: o.paused === true,
  };
}

function parseDecision(raw: unknown): Decision | null {
  if (raw === null || raw === undefined) return null;
  const o = obj(raw, 'decision');
  const lane = num(o.lane, 'lane');
  if (lane !== 0 && lane !== 1) malformed('lane', o.lane);
  return {
    decisionId: hex(o.decisionId, 'decisionId'),
    lane: lane === 1 ? 'optimistic' : 'full',
    modelHash: hex(o.modelHash, 'modelHash'),
    inputHash: hex(o.inputHash, 'inputHash'),
    justificationHash: hex(o.justificationHash, 'justificationHash'),
    justificationURI: str(o.justificationURI, 'justificationURI'),
  };
}

export function parseProposal(raw: unknown): IndexedProposal {
  const o = obj(raw, 'proposal');
  const queuedAt = numOrNull(o.queuedAt, 'queuedAt');
  const executedAt = numOrNull(o.executedAt, 'executedAt');
  const canceledAt = numOrNull(o.canceledAt, 'canceledAt');
  return {
    id: big(o.id, 'id'),
    proposer: addr(o.proposer, 'proposer'),
    description: str(o.description, 'description'),
    targets: arr(o.targets, 'targets').map((t) => addr(t, 'targets')),
    calldatas: arr(o.calldatas, 'calldatas').map((d) => hex(d, 'calldatas')),
    createdAt: num(o.createdAt, 'createdAt'),
    blockNumber: big(o.blockNumber, 'blockNumber'),
    txHash: hex(o.txHash, 'txHash'),
    voteStart: big(o.voteStart, 'voteStart'),
    voteEnd: big(o.voteEnd, 'voteEnd'),
    votes: {
      for: big(o.forVotes, 'forVotes'),
      against: big(o.againstVotes, 'againstVotes'),
      abstain: big(o.abstainVotes, 'abstainVotes'),
    },
    voteCount: num(o.voteCount, 'voteCount'),
    lifecycle:
      canceledAt !== null ? 'canceled' : executedAt !== null ? 'executed' : queuedAt !== null ? 'queued' : 'created',
    queuedAt,
    eta: bigOrNull(o.eta, 'eta'),
    executedAt,
    canceledAt,
    escalatedTo: bigOrNull(o.escalatedTo, 'escalatedTo'),
    decision: parseDecision(o.decision),
  };
}

const supportNames: Record<number, VoteSupport> = { 0: 'against', 1: 'for', 2: 'abstain' };

export function parseVote(raw: unknown): IndexedVote {
  const o = obj(raw, 'vote');
  const support = supportNames[num(o.support, 'support')];
  if (!support) malformed('support', o.support);
  return {
    proposalId: big(o.proposalId, 'proposalId'),
    voter: addr(o.voter, 'voter'),
    support,
    weight: big(o.weight, 'weight'),
    reason: str(o.reason, 'reason'),
    timestamp: num(o.timestamp, 'timestamp'),
    blockNumber: big(o.blockNumber, 'blockNumber'),
    txHash: hex(o.txHash, 'txHash'),
  };
}

const kinds: Record<string, 0 | 1> = kindIndex;

/** A verification_record row → the on-chain record in domain units (fixed point decoded). */
export function parseVerificationRecord(raw: unknown): OnChainVerification {
  const o = obj(raw, 'verification');
  const kind = kinds[str(o.kind, 'kind')];
  if (kind === undefined) malformed('kind', o.kind);
  const bool = (v: unknown, field: string) => {
    if (typeof v !== 'boolean') malformed(field, v);
    return v;
  };
  const u64 = (v: unknown, field: string) => {
    const b = big(v, field);
    if (b < 0n || b >= 2n ** 64n) malformed(field, v);
    return b;
  };
  const decisionId = hex(o.decisionId, 'decisionId');
  if (decisionId.length !== 66) malformed('decisionId', o.decisionId);
  return fromRawRecord(
    decisionId,
    {
      contentHash: hex(o.contentHash, 'contentHash'),
      prevHash: hex(o.prevHash, 'prevHash'),
      kind,
      windowFrom: num(o.windowFrom, 'windowFrom'),
      windowTo: num(o.windowTo, 'windowTo'),
      verifiedAt: num(o.verifiedAt, 'verifiedAt'),
      recordedAt: num(o.recordedAt, 'recordedAt'),
      hit80: bool(o.hit80, 'hit80'),
      hit95: bool(o.hit95, 'hit95'),
      effectsChecked: num(o.effectsChecked, 'effectsChecked'),
      effectsMatched: num(o.effectsMatched, 'effectsMatched'),
      forecast: u64(o.forecast, 'forecast'),
      lower80: u64(o.lower80, 'lower80'),
      upper80: u64(o.upper80, 'upper80'),
      lower95: u64(o.lower95, 'lower95'),
      upper95: u64(o.upper95, 'upper95'),
      realised: u64(o.realised, 'realised'),
    },
    {
      recorder: addr(o.recorder, 'recorder'),
      txHash: hex(o.txHash, 'txHash'),
      blockNumber: big(o.blockNumber, 'blockNumber'),
    },
  );
}
