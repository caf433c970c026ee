/**
 * The agent's view of the chain at one block, in raw on-chain units, and the pure conversions
 * to the policy's domain types (whole tokens, floats). Guardrails are read from the controller
 * every time; nothing here copies their values.
 */
import { PolicyParam } from '../contracts/params';
import type { Guardrails, ObjectiveMode, PolicyParameters, PolicyState, TreasuryParameter } from '../policy/types';
import type { HourlyHistory } from './history';

export type RawGuardrail = { min: bigint; max: bigint; maxStep: bigint; smallStep: bigint; minDelay: bigint };

export type ChainSnapshot = {
  chainId: number;
  blockNumber: bigint;
  /** block.timestamp of the snapshot block (chain time drives the agent, never the wall clock). */
  timestamp: number;
  tokenDecimals: number;
  stableDecimals: number;
  reserveHome: bigint;
  reserveStable: bigint;
  totalSupply: bigint;
  totalStaked: bigint;
  emissionsRemaining: bigint;
  treasuryHome: bigint;
  treasuryStable: bigint;
  /**
   * Indexed by PolicyParam id: 0..5, and 6..11 (treasury operations: POL budget and share cap,
   * range bands and budgets) where the controller has them (treasuryOperationParams reads them).
   */
  params: bigint[];
  lastChangedAt: bigint[];
  guardrails: RawGuardrail[];
  supplyNonce: bigint;
  supplyWindow: { netChange: bigint; budget: bigint };
  supplyWindowLength: bigint;
  supplyBudgetBps: bigint;
  paused: boolean;
  oracle: { round: number; observedAt: number; sentimentBps: number; anomalyBps: number };
  /**
   * The oracle's market-price feed (the market factor, USD with 18 decimals) and whether the
   * oracle calls it stale; null or absent when nothing was posted (older deployments).
   */
  marketPrice?: { round: number; observedAt: number; price: bigint; stale: boolean } | null;
};

/** Decimals of the oracle's market-price feed. */
export const MARKET_PRICE_DECIMALS = 18;

/**
 * The policy's `marketPrice` input from the snapshot: the feed's price in USD, or undefined when
 * there is no feed or the oracle says it is stale (strategies then act on feedback alone, as
 * they do in the simulator without a market path).
 */
export function marketPriceInput(s: Pick<ChainSnapshot, 'marketPrice'>): number | undefined {
  const m = s.marketPrice;
  if (!m || m.stale || m.price <= 0n) return undefined;
  return units(m.price, MARKET_PRICE_DECIMALS);
}

export const OBJECTIVES: readonly ObjectiveMode[] = ['stability', 'growth', 'scarcity'];

export function units(raw: bigint, decimals: number): number {
  return Number(raw) / 10 ** decimals;
}

/** Whole units → raw, truncated toward zero at 1e-6 (never rounds a bounded value past its bound). */
export function toRaw(x: number, decimals: number): bigint {
  if (!Number.isFinite(x)) throw new RangeError(`toRaw: ${x}`);
  const micro = BigInt(Math.trunc(x * 1e6));
  return decimals >= 6 ? micro * 10n ** BigInt(decimals - 6) : micro / 10n ** BigInt(6 - decimals);
}

export function spotPrice(
  s: Pick<ChainSnapshot, 'reserveHome' | 'reserveStable' | 'tokenDecimals' | 'stableDecimals'>,
) {
  return units(s.reserveStable, s.stableDecimals) / units(s.reserveHome, s.tokenDecimals);
}

export function objectiveOf(s: ChainSnapshot): ObjectiveMode {
  return OBJECTIVES[Number(s.params[PolicyParam.ObjectiveMode] ?? 0n)] ?? 'stability';
}

/** Per-parameter scale between the policy's units and the controller's raw integers. */
export function paramDecimals(s: ChainSnapshot): Record<keyof PolicyParameters, { id: number; decimals: number }> {
  return {
    burnShareBps: { id: PolicyParam.BurnShare, decimals: 0 },
    transferFeeBps: { id: PolicyParam.TransferFee, decimals: 0 },
    stakingRewardRate: { id: PolicyParam.RewardRate, decimals: s.tokenDecimals },
    buybackBudget: { id: PolicyParam.BuybackBudget, decimals: s.stableDecimals },
  };
}

/** Controller id and raw decimals of each treasury-operation parameter (bps as-is, bands and stable budgets in stable decimals, the sell budget in token decimals). */
export function treasuryParamDecimals(s: ChainSnapshot): Record<TreasuryParameter, { id: number; decimals: number }> {
  return {
    polBudget: { id: PolicyParam.PolBudget, decimals: s.stableDecimals },
    polMaxShareBps: { id: PolicyParam.PolMaxShare, decimals: 0 },
    rangeLowerBand: { id: PolicyParam.RangeLowerBand, decimals: s.stableDecimals },
    rangeUpperBand: { id: PolicyParam.RangeUpperBand, decimals: s.stableDecimals },
    rangeBuyBudget: { id: PolicyParam.RangeBuyBudget, decimals: s.stableDecimals },
    rangeSellBudget: { id: PolicyParam.RangeSellBudget, decimals: s.tokenDecimals },
  };
}

/** The treasury operations' governed parameters in units a person reads. */
export type TreasuryOperationParams = {
  /** Stable the treasury may move into or out of the pool per epoch. */
  polBudget: number;
  /** Largest pool share the treasury may hold after an add, bps. */
  polMaxShareBps: number;
  /** Stable per HOME: the treasury buys (and burns) below the lower band, sells above the upper. */
  rangeLowerBand: number;
  rangeUpperBand: number;
  /** Stable per epoch for range buys; HOME per epoch for range sells. */
  rangeBuyBudget: number;
  rangeSellBudget: number;
};

/** Parameters 6..11 from the snapshot, or null when the controller has none (older deployments). */
export function treasuryOperationParams(s: ChainSnapshot): TreasuryOperationParams | null {
  const p = s.params;
  if (p.length < 12) return null;
  const at = (id: number, decimals: number) => units(p[id] ?? 0n, decimals);
  return {
    polBudget: at(PolicyParam.PolBudget, s.stableDecimals),
    polMaxShareBps: at(PolicyParam.PolMaxShare, 0),
    rangeLowerBand: at(PolicyParam.RangeLowerBand, s.stableDecimals),
    rangeUpperBand: at(PolicyParam.RangeUpperBand, s.stableDecimals),
    rangeBuyBudget: at(PolicyParam.RangeBuyBudget, s.stableDecimals),
    rangeSellBudget: at(PolicyParam.RangeSellBudget, s.tokenDecimals),
  };
}

export function policyParams(s: ChainSnapshot): PolicyParameters {
  const d = paramDecimals(s);
  const out = {} as PolicyParameters;
  for (const [name, { id, decimals }] of Object.entries(d) as [
    keyof PolicyParameters,
    { id: number; decimals: number },
  ][]) {
    out[name] = units(s.params[id] ?? 0n, decimals);
  }
  return out;
}

/** The controller's guardrails in policy units (read from chain, converted, never copied). */
export function guardrailsFromChain(s: ChainSnapshot): Guardrails {
  const d = paramDecimals(s);
  const params = {} as Guardrails['params'];
  for (const [name, { id, decimals }] of Object.entries(d) as [
    keyof PolicyParameters,
    { id: number; decimals: number },
  ][]) {
    const g = s.guardrails[id];
    if (!g) throw new RangeError(`no guardrail for parameter ${id}`);
    params[name] = {
      min: units(g.min, decimals),
      max: units(g.max, decimals),
      maxStep: units(g.maxStep, decimals),
      minDelay: Number(g.minDelay),
    };
  }
  const sg = s.guardrails[PolicyParam.Supply];
  if (!sg) throw new RangeError('no guardrail for the supply');
  const supply = s.totalSupply;
  const up = sg.max > supply ? sg.max - supply : 0n;
  const down = supply > sg.min ? supply - sg.min : 0n;
  const dec = s.tokenDecimals;
  return {
    params,
    supplyChange: {
      min: -units(down < sg.maxStep ? down : sg.maxStep, dec),
      max: units(up < sg.maxStep ? up : sg.maxStep, dec),
      maxStep: units(sg.maxStep, dec),
      minDelay: Number(sg.minDelay),
    },
    supplyWindowSeconds: Number(s.supplyWindowLength),
    maxNetSupplyChangeBps: Number(s.supplyBudgetBps),
    objectiveModeMinDelay: Number(s.guardrails[PolicyParam.ObjectiveMode]?.minDelay ?? 0n),
  };
}

export type InputQualityExtras = {
  proposalPending: boolean;
  /** Seconds the history source trails the chain head (0 when read from the chain itself). */
  indexerLagSeconds: number;
  anomalyScore: number;
  anomalyFlags: string[];
};

const HOURS_PER_YEAR = 8760;

/**
 * PolicyState from a snapshot and the hourly close history, with the same statistics the
 * backtests feed the policy (lib/sim/backtest.ts): 168 h EMA reference, 168 h high, 24 h
 * realised vol, and a slow (720 h) EWMA long-run vol that starts from an 80 %/yr prior.
 */
export function buildPolicyState(s: ChainSnapshot, h: HourlyHistory, q: InputQualityExtras): PolicyState {
  const price = spotPrice(s);
  const closes = h.close;
  let ema = closes[0] ?? price;
  let longRunVar = 0.8 ** 2 / HOURS_PER_YEAR;
  for (let i = 1; i < closes.length; i++) {
    const r = Math.log(closes[i]! / closes[i - 1]!);
    longRunVar += (r * r - longRunVar) / 720;
    ema += (2 / 169) * (closes[i]! - ema);
  }
  let high = price;
  for (let i = Math.max(0, closes.length - 168); i < closes.length; i++) high = Math.max(high, closes[i]!);
  let r2 = 0;
  let n = 0;
  for (let i = Math.max(1, closes.length - 24); i < closes.length; i++) {
    const r = Math.log(closes[i]! / closes[i - 1]!);
    r2 += r * r;
    n++;
  }
  let volume = 0;
  for (let i = Math.max(0, h.volumeStable.length - 24); i < h.volumeStable.length; i++) volume += h.volumeStable[i]!;
  const dec = s.tokenDecimals;
  const totalSupply = units(s.totalSupply, dec);
  const net = units(s.supplyWindow.netChange, dec);
  const lc = (id: number) => Number(s.lastChangedAt[id] ?? 0n);
  return {
    now: s.timestamp,
    price,
    referencePrice: ema,
    recentHigh: high,
    realizedVol24h: n > 0 ? Math.sqrt((r2 / n) * HOURS_PER_YEAR) : 0,
    realizedVolLongRun: Math.sqrt(longRunVar * HOURS_PER_YEAR),
    totalSupply,
    staked: units(s.totalStaked, dec),
    poolToken: units(s.reserveHome, dec),
    poolStable: units(s.reserveStable, s.stableDecimals),
    treasuryToken: units(s.treasuryHome, dec),
    treasuryStable: units(s.treasuryStable, s.stableDecimals),
    emissionsBudget: units(s.emissionsRemaining, dec),
    volume24hStable: volume,
    params: policyParams(s),
    lastChangedAt: {
      burnShareBps: lc(PolicyParam.BurnShare),
      transferFeeBps: lc(PolicyParam.TransferFee),
      stakingRewardRate: lc(PolicyParam.RewardRate),
      buybackBudget: lc(PolicyParam.BuybackBudget),
      supplyChange: lc(PolicyParam.Supply),
    },
    supplyWindow: { minted: Math.max(0, net), burned: Math.max(0, -net), totalSupply },
    proposalPending: q.proposalPending,
    inputQuality: {
      oracleAgeSeconds: Math.max(0, s.timestamp - s.oracle.observedAt),
      indexerLagSeconds: q.indexerLagSeconds,
      anomalyScore: q.anomalyScore,
      anomalyFlags: q.anomalyFlags,
    },
    marketPrice: marketPriceInput(s),
  };
}

/**
 * Why a chain snapshot cannot be reasoned on, or undefined. Contracts bound most of it, but an
 * RPC can answer garbage (or a fork can hold an empty pool), and the policy divides by these.
 */
export function snapshotProblem(s: ChainSnapshot): string | undefined {
  for (const [name, d] of [
    ['tokenDecimals', s.tokenDecimals],
    ['stableDecimals', s.stableDecimals],
  ] as const) {
    if (!(Number.isInteger(d) && d >= 0 && d <= 36)) return `${name} is ${d}`;
  }
  if (!(Number.isFinite(s.timestamp) && s.timestamp > 0)) return `block timestamp is ${s.timestamp}`;
  if (s.reserveHome <= 0n || s.reserveStable <= 0n) {
    return `pool reserves are ${s.reserveHome} HOME / ${s.reserveStable} stable (an empty pool has no price)`;
  }
  if (s.totalSupply <= 0n) return `total supply is ${s.totalSupply}`;
  for (const [name, v] of [
    ['totalStaked', s.totalStaked],
    ['emissionsRemaining', s.emissionsRemaining],
    ['treasuryHome', s.treasuryHome],
    ['treasuryStable', s.treasuryStable],
  ] as const) {
    if (v < 0n) return `${name} is ${v}`;
  }
  const o = s.oracle;
  if (!Number.isFinite(o.observedAt) || o.observedAt > s.timestamp) {
    return `oracle observation time ${o.observedAt} is after the block time ${s.timestamp}`;
  }
  if (!(Number.isFinite(o.anomalyBps) && o.anomalyBps >= 0 && o.anomalyBps <= 10_000)) {
    return `oracle anomaly ${o.anomalyBps} bps is outside 0…10000`;
  }
  if (!(Number.isFinite(o.sentimentBps) && Math.abs(o.sentimentBps) <= 10_000)) {
    return `oracle sentiment ${o.sentimentBps} bps is outside −10000…10000`;
  }
  return undefined;
}
