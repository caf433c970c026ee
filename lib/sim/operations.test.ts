import { describe, expect, it } from 'vitest';
import { POLICY_NAMES } from '../policy/registry';
import { TUNED } from '../policy/tuned';
import { runBacktest } from './backtest';
import { DEFAULT_ECONOMY } from './config';
import { Economy } from './economy';
import type { MarketPath } from './market';

const cfg = DEFAULT_ECONOMY;
const fresh = () => {
  const e = new Economy(cfg, TUNED.static, 7, 200, 24);
  for (let h = 0; h < 30; h++) e.step(1 + 0.01 * Math.sin(h));
  return e;
};
const holderWealth = (e: Economy) => {
  let w = 0;
  for (let i = 0; i < e.hLiquid.length; i++) {
    w += (e.hStable[i] ?? 0) + e.price * ((e.hLiquid[i] ?? 0) + (e.hStaked[i] ?? 0) + (e.hUnbonding[i] ?? 0));
  }
  return w;
};

describe('Economy.rebase: a change of unit', () => {
  it('scales every balance and the supply by the factor; price ÷ factor; wealth and market cap unchanged', () => {
    const e = fresh();
    const before = {
      supply: e.supply,
      price: e.price,
      wealth: holderWealth(e),
      stable: e.sumStable(),
      pool: e.poolToken,
      net: e.windowNet,
    };
    const f = e.rebase(1.01);
    expect(f).toBe(1.01);
    expect(e.supply).toBeCloseTo(before.supply * 1.01, 3);
    expect(e.sumTokens()).toBeCloseTo(e.supply, 3);
    expect(e.poolToken).toBeCloseTo(before.pool * 1.01, 6);
    expect(e.price).toBeCloseTo(before.price / 1.01, 12);
    expect(e.price * e.supply).toBeCloseTo(before.price * before.supply, 3);
    expect(holderWealth(e)).toBeCloseTo(before.wealth, 3);
    expect(e.sumStable()).toBe(before.stable);
    // The agents' price history is re-denominated: no fake crash for momentum or panic.
    expect(e.priceHistory.at(-1)).toBeCloseTo(e.price, 12);
    // It counts in the rolling window as a mint.
    expect(e.windowNet - before.net).toBeCloseTo(0.01 * before.supply, 3);
  });

  it('a contraction beyond the 2 %/24 h budget is clamped to it, never past', () => {
    const e = fresh();
    const net0 = e.windowNet;
    const f = e.rebase(0.9);
    expect(f).toBeGreaterThan(0.97);
    expect(Math.abs(e.windowNet)).toBeLessThanOrEqual(0.02 * e.supply * (1 + 1e-12));
    expect(e.windowNet).toBeLessThan(net0);
    // The budget is spent: a further contraction does nothing.
    expect(e.rebase(0.99)).toBe(1);
    expect(e.sumTokens()).toBeCloseTo(e.supply, 3);
  });
});

describe('treasury market operations', () => {
  it('sell: treasury tokens for stable on the pool; supply unchanged, price down, stable conserved', () => {
    const e = fresh();
    const { supply, price, treasuryToken, treasuryStable } = e;
    const stable0 = e.sumStable();
    const got = e.treasurySell(100_000);
    expect(got).toBeGreaterThan(0);
    expect(got).toBeLessThan(100_000 * price);
    expect(e.treasuryToken).toBeCloseTo(treasuryToken - 100_000, 6);
    expect(e.treasuryStable).toBeCloseTo(treasuryStable + got, 6);
    expect(e.supply).toBe(supply);
    expect(e.price).toBeLessThan(price);
    expect(e.sumStable()).toBeCloseTo(stable0, 3);
    expect(e.sumTokens()).toBeCloseTo(e.supply, 3);
  });

  it('buy and burn: stable from the treasury, tokens burned within the budget, price up', () => {
    const e = fresh();
    const { supply, price } = e;
    const got = e.treasuryBuyAndBurn(50_000);
    expect(got).toBeGreaterThan(0);
    expect(e.price).toBeGreaterThan(price);
    expect(e.supply).toBeCloseTo(supply - got, 3);
    expect(e.sumTokens()).toBeCloseTo(e.supply, 3);
  });
});

describe('every policy under the invariants', () => {
  // 400 hours: a 35 % fall over 100 h, a rebound above the start, with the executor checking
  // token and stable conservation and the net-supply budget after every hour.
  const n = 400;
  const path: MarketPath = {
    timestamp: Float64Array.from({ length: n }, (_, i) => 1_600_000_000 + i * 3600),
    price: Float64Array.from({ length: n }, (_, i) =>
      i < 150 ? 10_000 : i < 250 ? 10_000 * 0.65 ** ((i - 150) / 100) : 6_500 * 1.8 ** ((i - 250) / 150),
    ),
    source: 'test',
    inputStepSeconds: 3600,
  };
  it.each(POLICY_NAMES)('%s: no violation, supply budget held, KPIs finite', (policy) => {
    const { kpis } = runBacktest(path, {
      policy,
      seed: 3,
      start: 1_600_000_000 + 100 * 3600,
      leadInHours: 100,
      settleHours: 200,
      checkInvariants: true,
    });
    expect(kpis.guardrailViolations).toBe(0);
    expect(kpis.maxNetSupplyChange24hPct).toBeLessThanOrEqual(2 + 1e-9);
    for (const [k, v] of Object.entries(kpis)) if (typeof v === 'number') expect(Number.isFinite(v), k).toBe(true);
    if (policy === 'fixed-supply') expect(kpis.totalSupplyChange).toBe(0);
    if (policy === 'rebase' || policy === 'range') expect(kpis.operations).toBeGreaterThan(0);
  });
});
