import type { Address } from 'viem';
import { PolicyParam } from '../contracts/params';
import { HomeostatError } from '../errors';
import type { ControllerState } from '../governance/decode';
import type { PolicyParameters } from '../policy/types';
import { settledEconomy } from '../sim/backtest';
import { DEFAULT_ECONOMY, type EconomyConfig } from '../sim/config';
import type { AgentClass, Economy, EconomyOrderLog } from '../sim/economy';
import { applyStress, type StressHour } from '../sim/scenarios';
import { type AccountState, type Action, FAUCET_TOPUP, type MarketState } from './actors';
import { anvilAddress } from './roles';
import type { ScenarioStress } from './scenarios';

/**
 * MARKET_MODEL=economy: the simulator's agents (lib/sim/economy.ts: holders, speculators who
 * switch between momentum and fundamentalist rules, noise traders, LPs, stakers, panic) trade on
 * the local chain. One behavioural model, two executors:
 *
 * - in memory, `Economy.step` decides and fills every order on its float pool;
 * - on the chain, this planner keeps the same `Economy` as the agents' books and brains. Each hour
 *   it first overwrites that economy's pool and policy parameters with what the chain says
 *   (reserves, transfer fee, burn share, reward rate: an approved proposal is seen here), runs the
 *   same `step` (same decision functions, same random stream) with the order log on, and turns
 *   the log into transactions: the orders of all agents mapped to one chain account are netted
 *   into at most one swap, one stake or unstake and one liquidity move per account and hour. The
 *   next hour starts again from the chain's reserves, so the pool the agents see is the chain's.
 *
 * The replayed real price path is only the exogenous market factor `step(market)` (it moves the
 * holders' sentiment and the noise traders' attention); nothing arbitrages the pool toward it.
 *
 * Units: the chain's pool is larger than the simulator's (deploy: 100 M HOME + 10 M TUSD; sim:
 * 10 M tokens + 10 M stable at the start). `scale.token` chain HOME per sim token and
 * `scale.stable` chain TUSD per sim stable map the settled economy's pool exactly onto the
 * chain's pool at the start; every amount is converted with them.
 */

/** Chain accounts (anvil indices) that carry each agent class's orders. #0..#3 are deployer, agent, guardian, reporter. */
export const ECONOMY_ACCOUNT_INDICES = {
  holder: [4, 5, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19],
  lp: [6, 7, 8],
  speculator: Array.from({ length: 10 }, (_, i) => 20 + i),
  noise: Array.from({ length: 10 }, (_, i) => 30 + i),
} as const;

type TradingClass = Exclude<AgentClass, 'treasury'>;

export type EconomyAccounts = Readonly<Record<TradingClass | 'lp', readonly Address[]>>;

export function economyAccounts(): EconomyAccounts {
  const map = (xs: readonly number[]) => xs.map(anvilAddress);
  return {
    holder: map(ECONOMY_ACCOUNT_INDICES.holder),
    lp: map(ECONOMY_ACCOUNT_INDICES.lp),
    speculator: map(ECONOMY_ACCOUNT_INDICES.speculator),
    noise: map(ECONOMY_ACCOUNT_INDICES.noise),
  };
}

/** Chain units per simulator unit. */
export type EconomyScale = { token: number; stable: number };

/** The chain's policy levers the agents react to, in chain units (read each hour). */
export type ChainPolicy = {
  /** Fee (bps) the token charges on a pool swap (0 when the pair is fee-exempt). */
  transferFeeBps: number;
  burnShareBps: number;
  /** Staking emissions, HOME per second. */
  rewardRatePerSecond: number;
  /** Treasury buyback budget, TUSD per epoch (the treasury's buybacks are the agent's, not the driver's). */
  buybackBudget: number;
};

/**
 * The levers from the controller's parameters (burn share, reward rate, buyback budget) and the
 * token's fee as a pool swap pays it (`MarketState.tokenTransferFeeBps`: 0 when the pair is exempt).
 */
export function chainPolicyFrom(
  controller: ControllerState,
  swapFeeBps: number,
  decimals: { token: number; stable: number },
): ChainPolicy {
  const param = (id: number) => {
    const v = controller.params[id as keyof ControllerState['params']];
    if (v === undefined) throw new HomeostatError(`PolicyController parameter ${id} was not read`);
    return v;
  };
  return {
    transferFeeBps: swapFeeBps,
    burnShareBps: Number(param(PolicyParam.BurnShare)),
    rewardRatePerSecond: human(param(PolicyParam.RewardRate), decimals.token),
    buybackBudget: human(param(PolicyParam.BuybackBudget), decimals.stable),
  };
}

/** 32-bit FNV-1a of a seed string (MARKET_SEED) for the simulator's numeric seed. */
export function economySeed(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function simParams(policy: ChainPolicy, scale: EconomyScale): PolicyParameters {
  return {
    transferFeeBps: policy.transferFeeBps,
    burnShareBps: policy.burnShareBps,
    stakingRewardRate: policy.rewardRatePerSecond / scale.token,
    buybackBudget: policy.buybackBudget / scale.stable,
  };
}

const human = (raw: bigint, decimals: number) => Number(raw) / 10 ** decimals;
/** Human amount → raw units, floored at 1e-6 of a unit (exact for TUSD's 6 decimals). */
function raw(x: number, decimals: number): bigint {
  if (!(x > 0)) return 0n;
  const micro = BigInt(Math.floor(x * 1e6));
  return decimals >= 6 ? micro * 10n ** BigInt(decimals - 6) : micro / 10n ** BigInt(6 - decimals);
}

export type EconomyStartInput = {
  /** Pool reserves (human units) the economy's pool is mapped onto. */
  poolToken: number;
  poolStable: number;
  policy: ChainPolicy;
  seed: number;
  cfg?: EconomyConfig;
  settleHours?: number;
};

/**
 * The settled economy the chain's agents start from, and the scale that maps its pool onto the
 * chain's. Deterministic in its input: a test builds the same economy to run it in memory.
 * The treasury rests (no in-memory buybacks): on the chain the treasury's buybacks are made by
 * the agent's service through the Treasury contract, and the pool reserves carry their effect.
 */
export function startEconomy(input: EconomyStartInput): { economy: Economy; scale: EconomyScale } {
  const cfg = input.cfg ?? DEFAULT_ECONOMY;
  if (!(input.poolToken > 0 && input.poolStable > 0)) {
    throw new HomeostatError(
      `MARKET_MODEL=economy needs a seeded pool (reserves ${input.poolToken} HOME / ${input.poolStable} TUSD)`,
    );
  }
  // Settle with the chain's parameters in the initial (pre-settling) scale …
  const s0 = cfg.alloc.pool * cfg.totalSupply;
  const scale0 = { token: input.poolToken / s0, stable: input.poolStable / (s0 * cfg.initialPrice) };
  const economy = settledEconomy(cfg, simParams(input.policy, scale0), input.seed, input.settleHours);
  // … then map the settled pool exactly onto the chain's, and re-anchor the agents' reference
  // yield at the parameters in that scale (the start is an equilibrium at the chain's levers).
  const scale = { token: input.poolToken / economy.poolToken, stable: input.poolStable / economy.poolStable };
  economy.params = simParams(input.policy, scale);
  economy.calibrate();
  economy.treasuryResting = true;
  return { economy, scale };
}

export type EconomyHourSummary = {
  /** Pool trades the agents made in memory this hour (gross), and the swaps sent after netting. */
  agentTrades: number;
  swaps: number;
  stakes: number;
  lpMoves: number;
  /** Stable value traded by the agents (gross, chain TUSD) and by the netted swaps (estimated). */
  grossVolume: number;
  netVolume: number;
  /** HOME the agents wanted to sell but their chain account did not hold (clipped). */
  clippedSellHome: number;
  /** TUSD minted from the test faucet to cover buys and LP adds. */
  faucetTusd: number;
  /** Pool price (TUSD/HOME) the in-memory fill ended at: the chain's should be close. */
  plannedPrice: number;
  /** The scenario's stress this hour (drawdown seen, pool fraction withdrawn, holders panicked), if one acts. */
  stress?: StressHour;
};

type Flow = { token: number; stable: number; grossStable: number; trades: number };

/**
 * Plans the agents' hours on the chain. `planHour` is called once per simulated hour with the
 * chain state read at the hour's start; it advances the agents' economy by one hour.
 */
export class EconomyPlanner {
  readonly accounts: EconomyAccounts;
  /** Hours planned so far (the scenario's stress applies to the first `stress.hours`). */
  private hoursPlanned = 0;
  constructor(
    readonly economy: Economy,
    readonly scale: EconomyScale,
    accounts: EconomyAccounts = economyAccounts(),
    /** The scenario's stress on the agents (lib/market/scenarios.ts), if any. */
    readonly stress?: ScenarioStress,
  ) {
    this.accounts = accounts;
    for (const [k, list] of Object.entries(accounts)) {
      if (list.length === 0) throw new HomeostatError(`economy planner: no chain account for ${k}`);
    }
  }

  /** The chain account that carries agent `index` of `agent`'s orders. */
  accountOf(agent: TradingClass, index: number): Address {
    const list = this.accounts[agent];
    return list[index % list.length] as Address;
  }

  /**
   * One-off, before the first hour: the trader accounts get the tokens their agents hold (the
   * deploy funds only #4..#19), transferred from the holder accounts, the richest first and at
   * most half of any one; without them the traders' sells would be clipped.
   */
  planInitialFunding(state: MarketState): Action[] {
    const e = this.economy;
    const dec = state.pool.tokenDecimals;
    const want = new Map<Address, number>();
    const add = (a: Address, x: number) => want.set(a, (want.get(a) ?? 0) + x);
    for (let j = 0; j < e.mToken.length; j++)
      add(this.accountOf('speculator', j), (e.mToken[j] ?? 0) * this.scale.token);
    for (let k = 0; k < e.nToken.length; k++) add(this.accountOf('noise', k), (e.nToken[k] ?? 0) * this.scale.token);
    const left = new Map<Address, bigint>();
    for (const h of this.accounts.holder) left.set(h, (state.accounts[h]?.token ?? 0n) / 2n);
    const actions: Action[] = [];
    for (const [to, target] of want) {
      let need = raw(target, dec) - (state.accounts[to]?.token ?? 0n);
      while (need > 0n) {
        let from: Address | undefined;
        let best = 0n;
        for (const [h, x] of left) {
          if (x > best) {
            best = x;
            from = h;
          }
        }
        if (!from || best === 0n) break;
        const amount = need < best ? need : best;
        left.set(from, best - amount);
        need -= amount;
        actions.push({ kind: 'transfer', actor: from, to, amount });
      }
    }
    return actions;
  }

  /**
   * The hour's transactions: syncs the agents' economy with the chain (`state`, `policy`), runs
   * one hour of its agents at the market factor `market`, and nets the filled orders per account.
   */
  planHour(
    state: MarketState,
    policy: ChainPolicy,
    market: number,
  ): { actions: Action[]; summary: EconomyHourSummary } {
    const e = this.economy;
    const { token: kT, stable: kS } = this.scale;
    const tDec = state.pool.tokenDecimals;
    const sDec = state.pool.stableDecimals;
    // The chain is the venue: the agents see its reserves and its levers.
    e.poolToken = human(state.pool.reserveToken, tDec) / kT;
    e.poolStable = human(state.pool.reserveStable, sDec) / kS;
    const p = simParams(policy, this.scale);
    e.params.transferFeeBps = p.transferFeeBps;
    e.params.burnShareBps = p.burnShareBps;
    e.params.stakingRewardRate = p.stakingRewardRate;
    e.params.buybackBudget = p.buybackBudget;

    const log: EconomyOrderLog = { trades: [], lpFractions: [] };
    e.orderLog = log;
    let stressed: StressHour | undefined;
    try {
      // The scenario's stress first (the simulator's own applyStress), so the agents meet the
      // thinner pool or the panic this hour.
      stressed = applyStress(e, this.stress, this.hoursPlanned);
      this.hoursPlanned++;
      e.step(market);
    } finally {
      e.orderLog = null;
    }

    const flows = new Map<Address, Flow & { agent: TradingClass }>();
    let grossVolume = 0;
    for (const t of log.trades) {
      if (t.agent === 'treasury') continue;
      const a = this.accountOf(t.agent, t.index);
      let f = flows.get(a);
      if (!f) {
        f = { token: 0, stable: 0, grossStable: 0, trades: 0, agent: t.agent };
        flows.set(a, f);
      }
      const stable = t.side === 'buy' ? t.amountIn : t.amountOut;
      if (t.side === 'buy') {
        f.stable -= t.amountIn;
        f.token += t.amountOut;
      } else {
        f.token -= t.amountIn;
        f.stable += t.amountOut;
      }
      f.grossStable += stable;
      f.trades++;
      grossVolume += stable * kS;
    }

    const summary: EconomyHourSummary = {
      agentTrades: log.trades.length,
      swaps: 0,
      stakes: 0,
      lpMoves: 0,
      grossVolume,
      netVolume: 0,
      clippedSellHome: 0,
      faucetTusd: 0,
      plannedPrice: (e.price * kS) / kT,
      ...(stressed ? { stress: stressed } : {}),
    };
    const actions: Action[] = [];
    const unit = 10n ** BigInt(sDec);
    const working = new Map<Address, AccountState>();
    const acct = (a: Address): AccountState => {
      let s = working.get(a);
      if (!s) {
        s = { ...(state.accounts[a] ?? { token: 0n, stable: 0n, lp: 0n, staked: 0n }) };
        working.set(a, s);
      }
      return s;
    };
    const faucet = (a: Address, needed: bigint) => {
      const s = acct(a);
      if (s.stable >= needed) return;
      const amount = needed - s.stable + BigInt(FAUCET_TOPUP) * unit;
      s.stable += amount;
      summary.faucetTusd += human(amount, sDec);
      actions.push({ kind: 'faucet', actor: a, amount });
    };
    const price = human(state.pool.reserveStable, sDec) / human(state.pool.reserveToken, tDec);

    // 1. Swaps: one per account, the net of its agents' fills. A net seller sells the tokens its
    // agents sold less those they bought; a net buyer spends the stable they spent less what they got.
    for (const [a, f] of flows) {
      const s = acct(a);
      if (f.token < 0 && f.stable > 0) {
        let amountIn = raw(-f.token * kT, tDec);
        if (amountIn > s.token) {
          summary.clippedSellHome += human(amountIn - s.token, tDec);
          amountIn = s.token;
        }
        if (amountIn <= 0n) continue;
        s.token -= amountIn;
        actions.push({ kind: 'swap', actor: a, side: 'sell', amountIn, reason: f.agent });
        summary.netVolume += human(amountIn, tDec) * price;
      } else if (f.token > 0 && f.stable < 0) {
        const amountIn = raw(-f.stable * kS, sDec);
        if (amountIn <= 0n) continue;
        faucet(a, amountIn);
        s.stable -= amountIn;
        actions.push({ kind: 'swap', actor: a, side: 'buy', amountIn, reason: f.agent });
        summary.netVolume += human(amountIn, sDec);
      } else continue; // a round trip inside the hour: only fees would move
      summary.swaps++;
    }

    // 2. Staking: each holder account stakes the same fraction of its HOME as its agents do (the
    // chain's holdings are not the agents' books, so fractions, not amounts), outside a 1 % band
    // as the in-memory stakers. Chain unstaking is immediate; the agents' unbonding counts as unstaked.
    const stakedSum = new Map<Address, { staked: number; all: number }>();
    for (let i = 0; i < e.hStaked.length; i++) {
      const a = this.accountOf('holder', i);
      const x = stakedSum.get(a) ?? { staked: 0, all: 0 };
      x.staked += e.hStaked[i] ?? 0;
      x.all += (e.hStaked[i] ?? 0) + (e.hLiquid[i] ?? 0) + (e.hUnbonding[i] ?? 0);
      stakedSum.set(a, x);
    }
    for (const [a, x] of stakedSum) {
      if (!(x.all > 0)) continue;
      const s = acct(a);
      const holdings = s.token + s.staked;
      const target = (holdings * BigInt(Math.round((x.staked / x.all) * 1e9))) / 1_000_000_000n;
      const delta = target - s.staked;
      const band = holdings / 100n;
      if (delta > band) {
        const amount = delta < s.token ? delta : s.token;
        if (amount <= 0n) continue;
        s.token -= amount;
        s.staked += amount;
        actions.push({ kind: 'stake', actor: a, amount });
      } else if (-delta > band) {
        const amount = -delta;
        s.staked -= amount;
        s.token += amount;
        actions.push({ kind: 'unstake', actor: a, amount });
      } else continue;
      summary.stakes++;
    }

    // 3. Liquidity: the LPs' move as a fraction of the pool, split evenly over the LP accounts.
    const frac = log.lpFractions.reduce((x, y) => x + y, 0);
    const lps = this.accounts.lp;
    if (frac > 0) {
      for (const a of lps) {
        const s = acct(a);
        let token = raw((frac * human(state.pool.reserveToken, tDec)) / lps.length, tDec);
        if (token > s.token) token = s.token;
        if (token <= 0n) continue;
        const stable = (token * state.pool.reserveStable) / state.pool.reserveToken;
        faucet(a, stable);
        s.token -= token;
        s.stable -= stable;
        actions.push({ kind: 'addLiquidity', actor: a, token, stable });
        summary.lpMoves++;
      }
    } else if (frac < 0 && state.lpSupply > 0n) {
      for (const a of lps) {
        const s = acct(a);
        let liquidity = (state.lpSupply * BigInt(Math.round((-frac / lps.length) * 1e9))) / 1_000_000_000n;
        if (liquidity > s.lp) liquidity = s.lp;
        if (liquidity <= 0n) continue;
        s.lp -= liquidity;
        actions.push({ kind: 'removeLiquidity', actor: a, liquidity });
        summary.lpMoves++;
      }
    }
    return { actions, summary };
  }
}
