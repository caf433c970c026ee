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
import type { Economy } from '../sim/economy';
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

  it('default, calm and crash: only the market factor path from their start date', () => {
    for (const name of ['default', 'calm', 'crash'] as const) expect(SCENARIOS[name].economy).toBeUndefined();
    // The path alone matters: crash's first day moves the holders more than calm's.
    const sells = (xs: Action[]) => total(xs, 'swap');
    const calm = plan('calm', undefined);
    const crash = plan('crash', undefined);
    expect(calm).not.toEqual(crash);
    expect(sells(crash)).not.toBe(sells(calm));
  });

  it('hooks reject nonsense', () => {
    const e = settled.economy.clone();
    expect(() => e.withdrawLiquidity(1.5)).toThrow(RangeError);
    expect(() => e.panicHolders(-0.1)).toThrow(RangeError);
  });
});
