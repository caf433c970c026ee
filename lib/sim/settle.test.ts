import { describe, expect, it } from 'vitest';
import { TUNED } from '../policy/tuned';
import type { PolicyParameters, Strategy } from '../policy/types';
import { runBacktest, SETTLE_HOURS, settledEconomy } from './backtest';
import { blockSpread, measureSettledStart, WEALTH_CLASSES } from './calibration';
import { DEFAULT_ECONOMY } from './config';
import { Economy } from './economy';
import type { MarketPath } from './market';
import { syntheticPath } from './testing';

describe('a settled start (issue 11): flat market, tuned static levels, from the initial state', () => {
  // 8 seeds × 4,000 h: the block means are about the process, not one path's sampling noise.
  const settled = measureSettledStart({ ...TUNED.static });

  it('hourly and daily volatility in 500 h blocks stay within ±10 % of each other after the first block', () => {
    expect(settled.blocks).toHaveLength(8);
    expect(blockSpread(settled.blocks, 'volHourly')).toBeLessThanOrEqual(0.1);
    expect(blockSpread(settled.blocks, 'volDaily')).toBeLessThanOrEqual(0.1);
    // and the volatility is a real market's, not a dead one
    for (const b of settled.blocks) expect(b.volHourly).toBeGreaterThan(0.3);
  });

  it('the staking ratio is stable, inside the 15–35 % calibration band', () => {
    expect(blockSpread(settled.blocks, 'stakingRatio')).toBeLessThanOrEqual(0.1);
    for (const b of settled.blocks) {
      expect(b.stakingRatio).toBeGreaterThan(0.15);
      expect(b.stakingRatio).toBeLessThan(0.35);
    }
  });

  it('no agent class loses more than 20 % of its wealth over 4,000 h', () => {
    for (const c of WEALTH_CLASSES) expect(settled.wealthChange[c], c).toBeGreaterThan(-0.2);
  });

  it('without switching and turnover the speculators die out (why the settled economy has both)', () => {
    const old = measureSettledStart(
      { ...TUNED.static },
      {
        seeds: [1, 2],
        hours: 2_000,
        cfg: { ...DEFAULT_ECONOMY, traderTurnoverHours: 0, switchRatePerHour: 0, fundamentalistShare0: 0 },
      },
    );
    expect(old.wealthChange['speculators (momentum / fundamentalist)']).toBeLessThan(-0.2);
  });
});

describe('conservation across steps (supply, balances, treasury)', () => {
  it('supply = every balance, stable conserved, and the treasury moves only by its recorded flows', () => {
    const params: PolicyParameters = { ...TUNED.static, buybackBudget: 200_000 };
    const e = new Economy(DEFAULT_ECONOMY, params, 5);
    const market = syntheticPath(1_500, 9, 1.2, -0.8);
    const stable0 = e.treasuryStable;
    const token0 = e.treasuryToken;
    for (let h = 0; h < market.price.length; h++) {
      if (h === 700) e.applySupplyChange(-200_000);
      e.step(market.price[h] ?? 1);
      expect(Math.abs(e.sumTokens() - e.supply)).toBeLessThan(1e-6 * e.supply);
      expect(Math.abs(e.sumStable() - e.stableTotal)).toBeLessThan(1e-6 * e.stableTotal);
      const t = e.totals;
      expect(e.treasuryStable).toBeCloseTo(stable0 - t.buybackStableSpent, 3);
      expect(e.treasuryToken).toBeCloseTo(
        token0 + t.feeToTreasury + t.buybackTokensBought - t.buybackBurned - t.supplyChangeBurned,
        3,
      );
    }
    // the flows this checks did happen
    expect(e.totals.buybackStableSpent).toBeGreaterThan(1_000_000);
    expect(e.totals.supplyChangeBurned).toBeGreaterThan(0);
    expect(Math.abs(e.totals.turnoverStable)).toBeGreaterThan(0);
  });

  it('a settled snapshot is an independent copy: stepping it leaves the cached state untouched', () => {
    const a = settledEconomy(DEFAULT_ECONOMY, TUNED.static, 3, 300);
    const b = settledEconomy(DEFAULT_ECONOMY, TUNED.static, 3, 300);
    expect(a.hour).toBe(300);
    for (let h = 0; h < 50; h++) a.step(100 * (1 + 0.01 * h));
    const c = settledEconomy(DEFAULT_ECONOMY, TUNED.static, 3, 300);
    expect(c.price).toBe(b.price);
    expect(c.priceHistory).toEqual(b.priceHistory);
    expect(Array.from(c.hLiquid)).toEqual(Array.from(b.hLiquid));
    expect(a.price).not.toBe(b.price);
  });
});

describe('the automatic lead-in', () => {
  it('a path shorter than its lead-in gets flat hours at its first price; KPIs count the path only', () => {
    const path = syntheticPath(400, 4, 0.8);
    const r = runBacktest(path, { policy: 'pid', seed: 2, leadInHours: 600, record: true });
    expect(r.leadIn).toEqual({ pathHours: 0, flatHours: 600, settleHours: SETTLE_HOURS });
    expect(r.kpis.hours).toBe(400);
    expect(r.kpis.start).toBe(new Date((path.timestamp[0] ?? 0) * 1000).toISOString());
    expect(r.prices).toHaveLength(401);
    expect(r.prices?.[0]).toBe(r.atStart.price);

    // Part of the lead-in from the path, the rest flat.
    const later = runBacktest(path, { policy: 'pid', seed: 2, leadInHours: 600, start: path.timestamp[250] ?? 0 });
    expect(later.leadIn).toMatchObject({ pathHours: 250, flatHours: 350 });
    expect(later.kpis.hours).toBe(150);
  });

  it('is the same as a flat prefix written into the file: bit-identical KPIs', () => {
    const body = syntheticPath(300, 6, 1, -0.5);
    const prefix = 500;
    const t0 = (body.timestamp[0] ?? 0) - prefix * 3600;
    const withPrefix: MarketPath = {
      timestamp: Float64Array.from({ length: prefix + 300 }, (_, h) => t0 + h * 3600),
      price: Float64Array.from({ length: prefix + 300 }, (_, h) =>
        h < prefix ? (body.price[0] ?? 1) : (body.price[h - prefix] ?? 1),
      ),
      source: 'prefixed',
      inputStepSeconds: 3600,
    };
    const auto = runBacktest(body, { policy: 'adaptive', seed: 8, leadInHours: prefix });
    const manual = runBacktest(withPrefix, {
      policy: 'adaptive',
      seed: 8,
      leadInHours: prefix,
      start: body.timestamp[0] ?? 0,
    });
    expect(manual.leadIn).toMatchObject({ pathHours: prefix, flatHours: 0 });
    expect(auto.kpis).toEqual(manual.kpis);
  });

  it('a lead-in changes what the window sees (it is applied), and 0 means none', () => {
    const path = syntheticPath(300, 4, 0.8, -1);
    const none = runBacktest(path, { policy: 'static', seed: 1, leadInHours: 0, settleHours: 0 });
    const led = runBacktest(path, { policy: 'static', seed: 1, leadInHours: 300 });
    expect(none.leadIn).toEqual({ pathHours: 0, flatHours: 0, settleHours: 0 });
    expect(none.atStart.price).toBe(DEFAULT_ECONOMY.initialPrice);
    expect(led.atStart.price).not.toBe(DEFAULT_ECONOMY.initialPrice);
    expect(led.kpis.annualizedVolatility).not.toBe(none.kpis.annualizedVolatility);
    expect(() => runBacktest(path, { policy: 'static', leadInHours: -1 })).toThrow(/leadInHours/);
  });

  it('the treasury is not drained during the lead-in: every policy enters the window with its full treasury', () => {
    const path = syntheticPath(600, 4, 0.8, -1);
    // The tuned static buys back 100,000 stable a day at rest: 1,500 h would spend 6.25 M of its 5 M.
    expect(TUNED.static.buybackBudget).toBeGreaterThan(0);
    const spender: Strategy = {
      name: 'max-buyback',
      run: ({ guardrails, memory }) => ({
        targets: { buybackBudget: guardrails.params.buybackBudget.max },
        rationale: 'spend',
        memory: memory ?? {},
      }),
    };
    for (const policy of ['static', 'pid', 'adaptive', spender] as const) {
      const r = runBacktest(path, { policy, seed: 3, leadInHours: 1_500, start: path.timestamp[200] ?? 0 });
      expect(r.atStart.treasuryStable, typeof policy === 'string' ? policy : policy.name).toBe(
        DEFAULT_ECONOMY.treasuryStable,
      );
    }
    const s = runBacktest(path, { policy: 'static', seed: 3, leadInHours: 1_500, start: path.timestamp[200] ?? 0 });
    // …and it does spend once the window opens: the whole hourly slice, except in the hours when the pool rose
    // more than about 5 % within the hour (the Treasury contract's time-weighted floor; on this volatile path, a few).
    const full = (TUNED.static.buybackBudget * s.kpis.hours) / 24;
    expect(s.kpis.treasurySpent).toBeLessThanOrEqual(full + 1);
    expect(s.kpis.treasurySpent).toBeGreaterThan(0.95 * full);
  });
});
