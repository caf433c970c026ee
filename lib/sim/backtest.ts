import { HomeostatError } from '../errors';
import { decide } from '../policy/decide';
import { defaultGuardrails, violatedRule } from '../policy/guardrails';
import { clampOperation, EMPTY_LEDGER, recordOperation } from '../policy/operations';
import { type PolicyName, strategyFor } from '../policy/registry';
import { baselineParams } from '../policy/strategies/common';
import type {
  Decision,
  Guardrails,
  LevelParameter,
  ObjectiveMode,
  ParameterChange,
  PolicyMemory,
  PolicyParameters,
  PolicyState,
  Strategy,
} from '../policy/types';
import { DEFAULT_ECONOMY, type EconomyConfig } from './config';
import { Economy } from './economy';
import { HarForecaster } from './forecaster';
import { annualizedVol, annualizedVolEvery, capAndRatioKpis, type Kpis, maxDrawdown } from './kpis';
import { indexAt, type MarketPath } from './market';
import { applyStress, type SimStress } from './scenarios';

export type BacktestOptions = {
  policy: PolicyName | Strategy;
  objective?: ObjectiveMode;
  seed?: number;
  /** Evaluation window, unix seconds (default: the whole path after warm-up). */
  start?: number | undefined;
  end?: number | undefined;
  /**
   * Lead-in: hours the policy runs before `start` (KPIs not counted), default 1,500. They are
   * taken from the path where it has them; the hours it lacks (a path shorter than its lead-in)
   * are a flat market at the path's first price, prepended automatically. The treasury executes
   * no buybacks during the lead-in, so every policy enters the window with the treasury it started with.
   */
  leadInHours?: number;
  /** @deprecated The former name of `leadInHours` (used when `leadInHours` is not given). */
  warmupHours?: number;
  /**
   * Hours of flat market the economy is settled for before the lead-in, from its initial state,
   * with the policy's initial parameters and the treasury at rest (computed once per config, seed,
   * parameters and guardrail budget, and cached). 0 = start from the raw initial state. Default SETTLE_HOURS.
   */
  settleHours?: number;
  economy?: EconomyConfig;
  guardrails?: Guardrails;
  /**
   * Parameters in force at the start. Default: the strategy's own resting levels (static: its
   * fixed values; pid/adaptive: their objective's resting levels), so none starts with a transient.
   */
  initialParams?: PolicyParameters;
  /** Hours from proposal to execution (optimistic lane voting + timelock). */
  executionLagHours?: number;
  /** Half-width of the stability band around the 7-day EMA (fraction). */
  stabilityBand?: number;
  /** Called every ~500 steps with progress in [0, 1]. */
  onProgress?: (fraction: number) => void;
  /** Cancellation: an AbortSignal, or a function returning true to stop. */
  signal?: AbortSignal | undefined;
  shouldStop?: () => boolean;
  /** Record the token price path and decisions (for charts); off by default for speed. */
  record?: boolean;
  /** Check token and stable conservation after every step (tests). */
  checkInvariants?: boolean;
  /** A stress on the agents from the window's first hour (lib/sim/scenarios.ts), e.g. the bank run. */
  stress?: SimStress | undefined;
};

export type BacktestResult = {
  kpis: Kpis;
  /** How the lead-in was made: hours from the path, flat hours prepended, settling hours before them. */
  leadIn: { pathHours: number; flatHours: number; settleHours: number };
  /** The economy when the window opened (after the lead-in). */
  atStart: { price: number; supply: number; treasuryStable: number; treasuryToken: number; staked: number };
  /** Token price per hour over the evaluation window (when `record`). */
  prices?: number[];
  /** Stable traded on the pool per hour over the window, aligned with `prices[1..]` (when `record`). */
  volumes?: number[];
  decisions?: { t: number; decision: Decision }[];
};

export class BacktestCancelled extends HomeostatError {
  override name = 'BacktestCancelled';
  constructor() {
    super('backtest cancelled');
  }
}

export class InvariantError extends HomeostatError {
  override name = 'InvariantError';
}

/** The holders' total wealth: their stable plus their tokens (liquid, staked, unbonding) at the pool price. */
function holdersWealth(econ: Economy): number {
  const p = econ.price;
  let w = 0;
  for (let i = 0; i < econ.hLiquid.length; i++) {
    w += (econ.hStable[i] ?? 0) + p * ((econ.hLiquid[i] ?? 0) + (econ.hStaked[i] ?? 0) + (econ.hUnbonding[i] ?? 0));
  }
  return w;
}

const HOUR = 3600;

/**
 * Hours a fresh economy is run on a flat market before any backtest (see `settledEconomy`): long
 * enough for the speculators' rule fitness (halflife 168 h), the traders' turnover (500 h) and
 * the LPs' depth to reach their stationary levels (lib/sim/README.md, "A settled start").
 */
export const SETTLE_HOURS = 2_000;

const settledCache = new Map<string, Economy>();
const SETTLED_CACHE_SIZE = 32;

/**
 * The economy after `hours` of flat market from its initial state, with the given parameters in
 * force and the treasury at rest: computed once per (config, parameters, seed, supply budget,
 * hours) and cached in memory; every call returns an independent copy whose market anchor is
 * reset, so the next `step` starts the market's moving averages at whatever price it is given.
 */
export function settledEconomy(
  cfg: EconomyConfig,
  params: PolicyParameters,
  seed: number,
  hours = SETTLE_HOURS,
  maxNetSupplyChangeBps = 200,
  windowHours = 24,
): Economy {
  const key = JSON.stringify([cfg, params, seed, hours, maxNetSupplyChangeBps, windowHours]);
  let base = settledCache.get(key);
  if (!base) {
    base = new Economy(cfg, params, seed, maxNetSupplyChangeBps, windowHours);
    base.treasuryResting = true;
    // Only log changes of the market matter: a constant is a flat market at any level.
    for (let h = 0; h < hours; h++) base.step(1);
    if (settledCache.size >= SETTLED_CACHE_SIZE) {
      const oldest = settledCache.keys().next().value;
      if (oldest !== undefined) settledCache.delete(oldest);
    }
    settledCache.set(key, base);
  }
  const copy = base.clone();
  copy.resetMarketAnchor();
  copy.treasuryResting = false;
  return copy;
}

/**
 * Runs one policy over a market path with the agent-based economy and returns KPIs. Pure and
 * deterministic given (path, options); no Node APIs, so it also runs in a Web Worker.
 */
export function runBacktest(path: MarketPath, options: BacktestOptions): BacktestResult {
  const cfg = options.economy ?? DEFAULT_ECONOMY;
  const seed = options.seed ?? 1;
  const objective = options.objective ?? 'stability';
  const strategy = typeof options.policy === 'string' ? strategyFor(options.policy) : options.policy;
  const guardrails = options.guardrails ?? defaultGuardrails(cfg.totalSupply, cfg.initialPrice);
  const initial =
    options.initialParams ?? strategy.initialParams?.(objective, guardrails) ?? baselineParams(objective, guardrails);
  const lag = options.executionLagHours ?? 2;
  const band = options.stabilityBand ?? 0.1;
  const n = path.price.length;

  const evalStart = options.start !== undefined ? indexAt(path, options.start) : 0;
  const evalEnd = options.end !== undefined ? Math.min(n - 1, indexAt(path, options.end)) : n - 1;
  if (evalEnd <= evalStart) throw new HomeostatError('the evaluation window is empty: --end must be after --start');
  const leadIn = options.leadInHours ?? options.warmupHours ?? 1500;
  if (!(Number.isInteger(leadIn) && leadIn >= 0)) {
    throw new HomeostatError(`leadInHours must be a non-negative integer (got ${leadIn})`);
  }
  const settleHours = options.settleHours ?? SETTLE_HOURS;
  // Lead-in hours from the path, then flat hours at its first price for what the path lacks.
  const first = Math.max(0, evalStart - leadIn);
  const flatHours = leadIn - (evalStart - first);
  const marketAt = (k: number) => path.price[Math.max(0, k)] ?? 1;
  const timeAt = (k: number) => (k >= 0 ? (path.timestamp[k] ?? 0) : (path.timestamp[0] ?? 0) + k * HOUR);

  const maxNetBps = guardrails.maxNetSupplyChangeBps;
  const windowHours = guardrails.supplyWindowSeconds / HOUR;
  const econ =
    settleHours > 0
      ? settledEconomy(cfg, initial, seed, settleHours, maxNetBps, windowHours)
      : new Economy(cfg, initial, seed, maxNetBps, windowHours);
  const forecaster = new HarForecaster();
  const lastChangedAt: Record<LevelParameter | 'supplyChange', number> = {
    burnShareBps: 0,
    transferFeeBps: 0,
    stakingRewardRate: 0,
    buybackBudget: 0,
    supplyChange: 0,
  };
  let memory: PolicyMemory = {};
  let pending: { changes: ParameterChange[]; executeAt: number } | undefined;

  // Token price statistics visible to the policy.
  const r2ring = new Float64Array(24);
  let r2sum = 0;
  let longRunVar = 0.8 ** 2 / 8760;
  let ema168 = econ.price;
  const alpha168 = 2 / 169;

  // KPI accumulators over the evaluation window (index k = hour index in the path).
  const evalPrices: number[] = [];
  const evalVolumes: number[] = [];
  const atStart = { price: econ.price, supply: econ.supply, treasuryStable: 0, treasuryToken: 0, staked: 0 };
  let outside = 0;
  let maxNetFrac = 0;
  let proposals = 0;
  let violations = 0;
  let stakeRatioSum = 0;
  let supplyAtStart = econ.supply;
  let spentAtStart = 0;
  let rewardsAtStart = 0;
  let feesBurnedAtStart = 0;
  let panicsAtStart = 0;
  const decisions: { t: number; decision: Decision }[] = [];
  const stableTotal = econ.stableTotal;
  // Standing operations (rebase, range swaps): the strategy's memory and the executor's ledger.
  let opMemory: PolicyMemory = {};
  let ledger = EMPTY_LEDGER;
  let operations = 0;
  // Series aligned with evalPrices: supply and the market price the economy had seen by then.
  const evalSupply: number[] = [];
  const evalMarket: number[] = [];
  let holdersAtStart = 0;
  let treasuryStableAtStart = econ.treasuryStable;

  const stopped = () => options.signal?.aborted === true || options.shouldStop?.() === true;
  // k < 0: the flat prefix; 0 ≤ k < evalStart: the path's own lead-in hours.
  const k0 = first - flatHours;
  const total = evalEnd - k0 + 1;

  for (let k = k0; k <= evalEnd; k++) {
    const now = timeAt(k);
    if ((k - k0) % 500 === 0) {
      if (stopped()) throw new BacktestCancelled();
      options.onProgress?.((k - k0) / total);
    }
    // The treasury rests until the window opens (no buybacks in the lead-in).
    econ.treasuryResting = k < evalStart;
    if (k === evalStart) {
      Object.assign(atStart, {
        price: econ.price,
        supply: econ.supply,
        treasuryStable: econ.treasuryStable,
        treasuryToken: econ.treasuryToken,
        staked: econ.totalStaked + econ.totalUnbonding,
      });
      supplyAtStart = econ.supply;
      spentAtStart = econ.totals.buybackStableSpent;
      rewardsAtStart = econ.totals.rewardsPaid;
      feesBurnedAtStart = econ.totals.feeBurned;
      panicsAtStart = econ.totals.panicStarts;
      evalPrices.push(econ.price);
      evalSupply.push(econ.supply);
      evalMarket.push(marketAt(k - 1));
      holdersAtStart = holdersWealth(econ);
      treasuryStableAtStart = econ.treasuryStable;
    }

    // Execute a due proposal as the controller would: each rule checked again on-chain.
    if (pending && k >= pending.executeAt) {
      for (const c of pending.changes) {
        if (c.parameter === 'supplyChange') {
          if (now - lastChangedAt.supplyChange < guardrails.supplyChange.minDelay) {
            violations++;
            continue;
          }
          econ.applySupplyChange(c.to);
          lastChangedAt.supplyChange = now;
          continue;
        }
        const from = econ.params[c.parameter];
        const rule = violatedRule(c.parameter, from, c.to, guardrails, lastChangedAt[c.parameter], now);
        if (rule) {
          violations++;
          continue;
        }
        econ.params[c.parameter] = c.to;
        lastChangedAt[c.parameter] = now;
      }
      pending = undefined;
    }

    // Decide on what was observable at the end of the previous hour.
    const price = econ.price;
    const hist = econ.priceHistory;
    let high = price;
    for (let i = Math.max(0, hist.length - 168); i < hist.length; i++) high = Math.max(high, hist[i] ?? 0);
    const staked = econ.totalStaked + econ.totalUnbonding;
    const state: PolicyState = {
      now,
      price,
      referencePrice: ema168,
      recentHigh: high,
      realizedVol24h: Math.sqrt((r2sum / 24) * 8760),
      realizedVolLongRun: Math.sqrt(longRunVar * 8760),
      totalSupply: econ.supply,
      staked,
      poolToken: econ.poolToken,
      poolStable: econ.poolStable,
      treasuryToken: econ.treasuryToken,
      treasuryStable: econ.treasuryStable,
      emissionsBudget: econ.emissionsBudget,
      volume24hStable: econ.volume24h,
      params: { ...econ.params },
      lastChangedAt: { ...lastChangedAt },
      supplyWindow: { minted: econ.windowMinted, burned: econ.windowBurned, totalSupply: econ.supply },
      proposalPending: pending !== undefined,
      inputQuality: { oracleAgeSeconds: 0, indexerLagSeconds: 0, anomalyScore: 0, anomalyFlags: [] },
      // The oracle's market price: the market's close of the hour that just ended.
      marketPrice: marketAt(k - 1),
    };
    const forecast = forecaster.forecast();
    const decision = decide(state, { volatility: { ...forecast, issuedAt: now } }, guardrails, objective, {
      strategy,
      memory,
    });
    memory = decision.memory;
    if (decision.kind === 'proposal') {
      pending = { changes: decision.changes, executeAt: k + lag };
      if (k >= evalStart) proposals++;
    }
    if (options.record && (decision.kind === 'proposal' || k % 24 === 0)) decisions.push({ t: now, decision });

    // Standing operations, executed at once by the rule (no proposal), clamped to the guardrails;
    // none on inputs the gate refused. Treasury trades wait for the window like resting buybacks.
    if (strategy.operate) {
      const op = strategy.operate({
        state,
        forecasts: { volatility: { ...forecast, issuedAt: now } },
        guardrails,
        objective,
        memory: opMemory,
      });
      opMemory = op.memory;
      const refused =
        decision.kind === 'no-action' &&
        (decision.reason === 'inputs-untrusted' || decision.reason === 'forecast-invalid');
      if (!refused) {
        const c = clampOperation(op, state, guardrails, ledger);
        const rebased = econ.rebase(c.rebaseFactor);
        const trade = !econ.treasuryResting;
        const bought = trade && c.buyStable > 0 ? c.buyStable : 0;
        if (bought > 0) econ.treasuryBuyAndBurn(bought);
        const sold = trade ? econ.treasurySell(c.sellTokens) : 0;
        ledger = recordOperation(ledger, now, { rebaseFactor: rebased, buyStable: bought, sellStable: sold });
        if (k >= evalStart && (rebased !== 1 || bought > 0 || sold > 0)) operations++;
      }
    }

    const volumeBefore = econ.totals.volumeStable;
    applyStress(econ, options.stress, k - evalStart);
    econ.step(marketAt(k));

    const p = econ.price;
    const r = Math.log(p / price);
    const slot = ((k % 24) + 24) % 24;
    r2sum += r * r - (r2ring[slot] ?? 0);
    r2ring[slot] = r * r;
    if (r2sum < 0) r2sum = 0;
    longRunVar += (r * r - longRunVar) / (24 * 30);
    ema168 += alpha168 * (p - ema168);
    forecaster.push(now, p);

    if (options.checkInvariants) {
      const tokens = econ.sumTokens();
      if (Math.abs(tokens - econ.supply) > 1e-6 * econ.supply) {
        throw new InvariantError(`token balances ${tokens} ≠ supply ${econ.supply} at hour ${k}`);
      }
      const st = econ.sumStable();
      if (Math.abs(st - stableTotal) > 1e-6 * stableTotal) {
        throw new InvariantError(`stable balances ${st} ≠ ${stableTotal} at hour ${k}`);
      }
      // The budget is a fraction of the supply less the window's mints, as on-chain.
      if (Math.abs(econ.windowNet) > econ.maxNetFrac * (econ.supply - econ.windowMinted) * (1 + 1e-9)) {
        throw new InvariantError(`net supply window ${econ.windowNet} exceeds the budget at hour ${k}`);
      }
    }

    if (k >= evalStart) {
      evalPrices.push(p);
      evalVolumes.push(econ.totals.volumeStable - volumeBefore);
      evalSupply.push(econ.supply);
      evalMarket.push(marketAt(k));
      if (Math.abs(p / ema168 - 1) > band) outside++;
      const frac = Math.abs(econ.windowNet) / (econ.supply - econ.windowMinted); // as the on-chain budget
      if (frac > maxNetFrac) maxNetFrac = frac;
      const circulating = econ.supply - econ.treasuryToken - econ.emissionsBudget;
      stakeRatioSum += (econ.totalStaked + econ.totalUnbonding) / circulating;
    }
  }
  options.onProgress?.(1);

  const hours = evalEnd - evalStart + 1;
  const circulating = econ.supply - econ.treasuryToken - econ.emissionsBudget;
  const iso = (t: number) => new Date(t * 1000).toISOString();
  const kpis: Kpis = {
    policy: strategy.name,
    objective,
    seed,
    start: iso(path.timestamp[evalStart] ?? 0),
    end: iso(path.timestamp[evalEnd] ?? 0),
    hours,
    annualizedVolatility: annualizedVol(evalPrices, 0, evalPrices.length - 1),
    maxDrawdown: maxDrawdown(evalPrices, 0, evalPrices.length - 1),
    hoursOutsideBand: outside,
    stabilityBand: band,
    maxNetSupplyChange24hPct: 100 * maxNetFrac,
    totalSupplyChange: econ.supply - supplyAtStart,
    totalSupplyChangePct: (100 * (econ.supply - supplyAtStart)) / supplyAtStart,
    treasurySpent: econ.totals.buybackStableSpent - spentAtStart,
    stakingRatio: stakeRatioSum / hours,
    stakingRatioEnd: (econ.totalStaked + econ.totalUnbonding) / circulating,
    proposals,
    guardrailViolations: violations,
    marketAnnualizedVolatility: annualizedVol(path.price, evalStart, evalEnd),
    marketMaxDrawdown: maxDrawdown(path.price, evalStart, evalEnd),
    priceStart: evalPrices[0] ?? 0,
    priceEnd: evalPrices[evalPrices.length - 1] ?? 0,
    rewardsPaid: econ.totals.rewardsPaid - rewardsAtStart,
    feesBurned: econ.totals.feeBurned - feesBurnedAtStart,
    panicStarts: econ.totals.panicStarts - panicsAtStart,
    annualizedVolatilityDaily: annualizedVolEvery(evalPrices, 0, evalPrices.length - 1, 24),
    marketAnnualizedVolatilityDaily: annualizedVolEvery(path.price, evalStart, evalEnd, 24),
    ...capAndRatioKpis({ price: evalPrices, supply: evalSupply, market: evalMarket }),
    treasuryStableStart: treasuryStableAtStart,
    treasuryStableEnd: econ.treasuryStable,
    holderWealthChangePct: holdersAtStart > 0 ? 100 * (holdersWealth(econ) / holdersAtStart - 1) : 0,
    operations,
  };
  const result: BacktestResult = {
    kpis,
    leadIn: { pathHours: evalStart - first, flatHours, settleHours },
    atStart,
  };
  if (options.record) {
    result.prices = evalPrices;
    result.volumes = evalVolumes;
    result.decisions = decisions;
  }
  return result;
}
