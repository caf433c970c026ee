/**
 * MARKET_MODEL=economy's named scenarios, in the planner's actions (no chain): the same settled
 * economy, seed and market-factor path, with and without each scenario's stress on the agents.
 * liquidity-drain must make the LP accounts remove liquidity; staking-bank-run must make the
 * holder accounts unstake and sell; default, calm and crash are their market factor's path only.
 */
import path from 'node:path';
import type { Address } from 'viem';
import { beforeAll, describe, expect, it } from 'vitest';
import { readPriceCsv } from '../data/node';
import type { Economy, EconomyOrderLog } from '../sim/economy';
import { SIM_STRESS } from '../sim/scenarios';
import type { AccountState, Action, MarketState } from './actors';
import { type ChainPolicy, EconomyPlanner, type EconomyScale, economyAccounts, startEconomy } from './economy-plan';
import { findStartIndex } from './replay';
import { SCENARIOS, type ScenarioName, type ScenarioStress } from './scenarios';

const E18 = 10n ** 18n;
const E6 = 10n ** 6n;
const HOURS = 24;
const policy: ChainPolicy = { transferFeeBps: 30, burnShareBps: 5000, rewardRatePerSecond: 0.5, buybackBudget: 10_000 };
const prices = readPriceCsv(path.resolve(import.meta.dirname, '../../data/prices/btcusd_1h_2018-05_2023-03.csv'));

/** A chain state like the deployed one: 100 M HOME / 10 M TUSD pool, funded holder, trader and LP accounts. */
function chainState(): MarketState {
  const acc = economyAccounts();
  const accounts: Record<Address, AccountState> = {};
  for (const a of acc.holder)
    accounts[a] = { token: 4_000_000n * E18, stable: 100_000n * E6, lp: 0n, staked: 1_000_000n * E18 };
  for (const a of [...acc.speculator, ...acc.noise])
    accounts[a] = { token: 500_000n * E18, stable: 50_000n * E6, lp: 0n, staked: 0n };
  for (const a of acc.lp) accounts[a] = { token: 1_000_000n * E18, stable: 0n, lp: 1_000_000n * E18, staked: 0n };
  return {
    pool: { reserveToken: 100_000_000n * E18, reserveStable: 10_000_000n * E6, tokenDecimals: 18, stableDecimals: 6 },
    lpSupply: 31_622_776n * E18,
    accounts,
    tokenTransferFeeBps: 30,
  };
}

let settled: { economy: Economy; scale: EconomyScale };
beforeAll(() => {
  settled = startEconomy({ poolToken: 1e8, poolStable: 1e7, policy, seed: 11, settleHours: 300 });
});

/** All actions of `HOURS` planned hours from the scenario's start on the real path. */
function plan(name: ScenarioName, stress: ScenarioStress | undefined): Action[] {
  const planner = new EconomyPlanner(settled.economy.clone(), settled.scale, undefined, stress);
  const i0 = findStartIndex(prices, SCENARIOS[name].start);
  const state = chainState();
  const out: Action[] = [];
  for (let h = 0; h < HOURS; h++) out.push(...planner.planHour(state, policy, prices.close[i0 + h] as number).actions);
  return out;
}

const total = (xs: Action[], kind: Action['kind']) =>
  xs.reduce((s, a) => {
    if (a.kind !== kind) return s;
    if (a.kind === 'removeLiquidity') return s + a.liquidity;
    if (a.kind === 'unstake') return s + a.amount;
    if (a.kind === 'swap' && a.side === 'sell') return s + a.amountIn;
    return s;
  }, 0n);

describe('MARKET_MODEL=economy scenarios in the planner', () => {
  it('liquidity-drain: the LP accounts remove liquidity every stressed hour', () => {
    const stress = SCENARIOS['liquidity-drain'].economy;
    expect(stress?.lpDrainPerHour).toBeGreaterThan(0);
    const base = plan('liquidity-drain', undefined);
    const drained = plan('liquidity-drain', stress);
    const lpAccounts = new Set<string>(economyAccounts().lp);
    const removes = drained.filter((a) => a.kind === 'removeLiquidity');
    expect(removes.every((a) => lpAccounts.has(a.actor))).toBe(true);
    // One removal per LP account and hour (netted against the LPs' own rule).
    expect(removes.length).toBe(HOURS * lpAccounts.size);
    expect(total(drained, 'removeLiquidity')).toBeGreaterThan(total(base, 'removeLiquidity') * 5n + 1n);
    expect(drained.filter((a) => a.kind === 'addLiquidity')).toHaveLength(0);
  });

  it('staking-bank-run: holder accounts unstake and sell', () => {
    const stress = SCENARIOS['staking-bank-run'].economy;
    expect(stress?.panicShare).toBeGreaterThan(0);
    const base = plan('staking-bank-run', undefined);
    const run = plan('staking-bank-run', stress);
    const holders = new Set<string>(economyAccounts().holder);
    const unstakes = run.filter((a) => a.kind === 'unstake');
    expect(unstakes.every((a) => holders.has(a.actor))).toBe(true);
    expect(total(run, 'unstake')).toBeGreaterThan(2n * total(base, 'unstake') + 1n);
    const holderSells = (xs: Action[]) =>
      total(
        xs.filter((a) => a.kind === 'swap' && a.reason === 'holder'),
        'swap',
      );
    expect(holderSells(run)).toBeGreaterThan(holderSells(base));
    expect(run.filter((a) => a.kind === 'stake').length).toBeLessThan(
      base.filter((a) => a.kind === 'stake').length + 1,
    );
  });

  it('bank-run: the LP accounts remove liquidity and the holder accounts unstake, in the same hours', () => {
    const stress = SCENARIOS['bank-run'].economy;
    expect(stress).toBe(SIM_STRESS['bank-run']);
    const base = plan('bank-run', undefined);
    const run = plan('bank-run', stress);
    const lpAccounts = new Set<string>(economyAccounts().lp);
    expect(run.filter((a) => a.kind === 'removeLiquidity' && lpAccounts.has(a.actor)).length).toBe(
      HOURS * lpAccounts.size,
    );
    expect(total(run, 'removeLiquidity')).toBeGreaterThan(total(base, 'removeLiquidity') * 5n + 1n);
    expect(total(run, 'unstake')).toBeGreaterThan(2n * total(base, 'unstake') + 1n);
  });

  it("death-spiral: the planner applies the simulator's stress, reflexive terms on the chain pool's fall", () => {
    const stress = SCENARIOS['death-spiral'].economy;
    expect(stress).toBe(SIM_STRESS['death-spiral']);
    const planner = new EconomyPlanner(settled.economy.clone(), settled.scale, undefined, stress);
    const i0 = findStartIndex(prices, SCENARIOS['death-spiral'].start);
    const state = chainState();
    const first = planner.planHour(state, policy, prices.close[i0] as number).summary.stress;
    expect(first).toEqual({ drawdown: 0, lpDrain: stress?.lpDrainPerHour, panicShare: stress?.panicShare });
    // The chain's pool has fallen 20 % since the stress began: the planner reads it from the reserves.
    const fallen = chainState();
    fallen.pool.reserveStable = (fallen.pool.reserveStable * 8n) / 10n;
    const second = planner.planHour(fallen, policy, prices.close[i0 + 1] as number).summary.stress;
    expect(second?.drawdown).toBeGreaterThan(0.19);
    expect(second?.panicShare).toBeCloseTo(
      (stress?.panicShare ?? 0) + (stress?.panicPerDrawdown ?? 0) * (second?.drawdown ?? 0),
      12,
    );
  });

  it('default, calm and crash: only the market factor path from their start date', () => {
    for (const name of ['default', 'calm', 'crash'] as const) expect(SCENARIOS[name].economy).toBeUndefined();
    // The path alone matters: crash's first day moves the holders more than calm's.
    const sells = (xs: Action[]) => total(xs, 'swap');
    const calm = plan('calm', undefined);
    const crash = plan('crash', undefined);
    expect(calm).not.toEqual(crash);
    expect(sells(crash)).not.toBe(sells(calm));
  });

  it('conservation: the netted swaps carry exactly the tokens and stable the agents traded, to 1e-6', () => {
    // The in-memory executor's hour (a clone with the same state and random stream, order log on)
    // against the chain executor's plan for the same hour: per account, a net seller sends the HOME
    // its agents sold less what they bought, a net buyer the TUSD they spent less what they got.
    const planner = new EconomyPlanner(settled.economy.clone(), settled.scale);
    const mem = settled.economy.clone();
    const i0 = findStartIndex(prices, SCENARIOS.crash.start);
    const state = chainState();
    const { token: kT, stable: kS } = settled.scale;
    let checked = 0;
    for (let h = 0; h < 12; h++) {
      const market = prices.close[i0 + h] as number;
      const { actions, summary } = planner.planHour(state, policy, market);
      // The planner re-reads the (unchanged) chain pool each hour; the in-memory copy does likewise.
      mem.poolToken = 100_000_000 / kT;
      mem.poolStable = 10_000_000 / kS;
      const log: EconomyOrderLog = { trades: [], lpFractions: [] };
      mem.orderLog = log;
      mem.step(market);
      mem.orderLog = null;
      const net = new Map<string, { token: number; stable: number }>();
      for (const t of log.trades) {
        if (t.agent === 'treasury') continue;
        const a = planner.accountOf(t.agent, t.index);
        const f = net.get(a) ?? { token: 0, stable: 0 };
        if (t.side === 'buy') {
          f.stable -= t.amountIn;
          f.token += t.amountOut;
        } else {
          f.token -= t.amountIn;
          f.stable += t.amountOut;
        }
        net.set(a, f);
      }
      const swaps = actions.filter((a) => a.kind === 'swap');
      // At most one swap per account and hour.
      expect(new Set(swaps.map((a) => a.actor)).size).toBe(swaps.length);
      let soldHome = 0;
      let soldPlanned = 0;
      let spentTusd = 0;
      let spentPlanned = 0;
      for (const [a, f] of net) {
        const swap = swaps.find((x) => x.actor === a);
        if (f.token < 0 && f.stable > 0) {
          soldPlanned += -f.token * kT;
          if (swap?.kind === 'swap') soldHome += Number(swap.amountIn) / 1e18;
        } else if (f.token > 0 && f.stable < 0) {
          spentPlanned += -f.stable * kS;
          if (swap?.kind === 'swap') spentTusd += Number(swap.amountIn) / 1e6;
        }
      }
      // Flooring to 1e-6 per account; a sell larger than the account's HOME is clipped (and counted).
      expect(Math.abs(soldHome + summary.clippedSellHome - soldPlanned)).toBeLessThan(
        net.size * 1e-6 + soldPlanned * 1e-12,
      );
      expect(Math.abs(spentTusd - spentPlanned)).toBeLessThan(net.size * 1e-6 + spentPlanned * 1e-12);
      checked += swaps.length;
    }
    expect(checked).toBeGreaterThan(12);
  });

  it('hooks reject nonsense', () => {
    const e = settled.economy.clone();
    expect(() => e.withdrawLiquidity(1.5)).toThrow(RangeError);
    expect(() => e.panicHolders(-0.1)).toThrow(RangeError);
  });
});
