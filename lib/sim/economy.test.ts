import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultGuardrails } from '../policy/guardrails';
import type { PolicyName } from '../policy/registry';
import type { PolicyParameters, Strategy } from '../policy/types';
import { BacktestCancelled, runBacktest } from './backtest';
import { DEFAULT_ECONOMY } from './config';
import { Economy } from './economy';
import { annualizedVol } from './kpis';
import { syntheticPath } from './testing';

const crashPath = syntheticPath(600, 3, 0.9, -0.6);

describe('simulator conservation (property)', () => {
  it('token supply = sum of all balances and stable is conserved at every step, for random seeds, policies and parameters', () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 1, max: 1_000_000 }),
          policy: fc.constantFrom<PolicyName>('static', 'pid', 'adaptive'),
          objective: fc.constantFrom('stability', 'growth', 'scarcity' as const),
          sentiment: fc.double({ min: 0, max: 3, noNaN: true }),
          panicFactor: fc.double({ min: 0.2, max: 1, noNaN: true }),
          holders: fc.integer({ min: 5, max: 60 }),
          crash: fc.double({ min: -1.5, max: 0.5, noNaN: true }),
        }),
        (x) => {
          const path = syntheticPath(300, x.seed, 1, x.crash, 100);
          // checkInvariants throws InvariantError on the first step where a balance does not add up.
          const { kpis } = runBacktest(path, {
            policy: x.policy,
            objective: x.objective,
            seed: x.seed,
            warmupHours: 0,
            checkInvariants: true,
            economy: {
              ...DEFAULT_ECONOMY,
              sentimentSensitivity: x.sentiment,
              panicFactor: x.panicFactor,
              holders: x.holders,
            },
          });
          expect(kpis.guardrailViolations).toBe(0);
          expect(kpis.maxNetSupplyChange24hPct).toBeLessThanOrEqual(2 + 1e-9);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('keeps the 24 h net supply budget even when a policy burns as hard as the guardrails allow', () => {
    const burner: Strategy = {
      name: 'max-burn',
      run: ({ guardrails, memory }) => ({
        targets: {
          buybackBudget: guardrails.params.buybackBudget.max,
          burnShareBps: 10_000,
          transferFeeBps: guardrails.params.transferFeeBps.max,
        },
        supplyChange: guardrails.supplyChange.min,
        rationale: 'stress test',
        memory: memory ?? {},
      }),
    };
    const { kpis } = runBacktest(crashPath, {
      policy: burner,
      objective: 'scarcity',
      warmupHours: 0,
      checkInvariants: true,
    });
    expect(kpis.totalSupplyChange).toBeLessThan(0);
    expect(kpis.maxNetSupplyChange24hPct).toBeGreaterThan(1.9); // it does hit the budget…
    expect(kpis.maxNetSupplyChange24hPct).toBeLessThanOrEqual(2 + 1e-9); // …and never exceeds it
    expect(kpis.guardrailViolations).toBe(0);
  });
});

describe('simulator determinism and control', () => {
  it('same seed → identical KPIs; another seed → different', () => {
    const a = runBacktest(crashPath, { policy: 'adaptive', seed: 42, warmupHours: 0 }).kpis;
    const b = runBacktest(crashPath, { policy: 'adaptive', seed: 42, warmupHours: 0 }).kpis;
    const c = runBacktest(crashPath, { policy: 'adaptive', seed: 43, warmupHours: 0 }).kpis;
    expect(b).toEqual(a);
    expect(c.annualizedVolatility).not.toBe(a.annualizedVolatility);
  });

  it('reports progress and can be cancelled with an AbortSignal or a check function', () => {
    const seen: number[] = [];
    runBacktest(crashPath, { policy: 'static', warmupHours: 0, onProgress: (f) => seen.push(f) });
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(1);
    const ac = new AbortController();
    ac.abort();
    expect(() => runBacktest(crashPath, { policy: 'static', signal: ac.signal })).toThrow(BacktestCancelled);
    let calls = 0;
    expect(() => runBacktest(crashPath, { policy: 'static', warmupHours: 0, shouldStop: () => ++calls > 1 })).toThrow(
      BacktestCancelled,
    );
  });

  it('records the evaluated price path and decisions on request', () => {
    const r = runBacktest(crashPath, { policy: 'adaptive', warmupHours: 0, record: true });
    expect(r.prices).toHaveLength(r.kpis.hours + 1);
    expect(r.decisions?.length).toBeGreaterThan(0);
  });
});

describe('each lever moves the economy in the documented direction (README: levers table)', () => {
  const guard = defaultGuardrails(DEFAULT_ECONOMY.totalSupply, DEFAULT_ECONOMY.initialPrice);
  const base: PolicyParameters = {
    burnShareBps: 5_000,
    transferFeeBps: 30,
    stakingRewardRate: 0.4 * guard.params.stakingRewardRate.max,
    buybackBudget: 0,
  };
  /** Runs the economy for `hours` on a sideways market with parameters switched to `params` after 200 h. */
  function run(params: Partial<PolicyParameters>, hours = 700) {
    const econ = new Economy(DEFAULT_ECONOMY, base, 11);
    econ.calibrate();
    const market = syntheticPath(hours, 5, 0.5);
    const start = { supply: econ.supply, treasuryStable: 0, emissions: 0, volume: 0 };
    for (let h = 0; h < hours; h++) {
      if (h === 200) {
        econ.params = { ...econ.params, ...params };
        Object.assign(start, {
          supply: econ.supply,
          treasuryStable: econ.treasuryStable,
          emissions: econ.emissionsBudget,
          volume: econ.totals.volumeStable,
        });
      }
      econ.step(market.price[h] ?? 1);
    }
    const prices = econ.priceHistory.slice(200);
    return {
      econ,
      prices,
      vol: annualizedVol(prices, 0, prices.length - 1),
      volume: econ.totals.volumeStable - start.volume,
      supplyChange: econ.supply - start.supply,
      treasurySpent: start.treasuryStable - econ.treasuryStable,
      emissionsPaid: start.emissions - econ.emissionsBudget,
    };
  }
  const ref = run({});

  it('a higher transfer fee cuts volume and hourly volatility (steady state, after the start-up transient)', () => {
    const steady = (fee: number) => {
      const econ = new Economy(DEFAULT_ECONOMY, { ...base, transferFeeBps: fee }, 11);
      econ.calibrate();
      const market = syntheticPath(3000, 5, 0.5);
      let v0 = 0;
      for (let h = 0; h < 3000; h++) {
        if (h === 1500) v0 = econ.totals.volumeStable;
        econ.step(market.price[h] ?? 1);
      }
      const prices = econ.priceHistory.slice(1500);
      return { volume: econ.totals.volumeStable - v0, vol: annualizedVol(prices, 0, prices.length - 1) };
    };
    const lo = steady(0);
    const hi = steady(100);
    expect(hi.volume).toBeLessThan(0.6 * lo.volume);
    expect(hi.vol).toBeLessThan(0.85 * lo.vol);
  });

  it('buybacks spend the budget pro rata, burn what they buy and lift the price', () => {
    const bb = run({ buybackBudget: 240_000 });
    expect(bb.treasurySpent).toBeCloseTo((240_000 * 500) / 24, 0);
    expect(bb.supplyChange).toBeLessThan(ref.supplyChange - 500_000);
    expect(bb.prices.at(-1) ?? 0).toBeGreaterThan(ref.prices.at(-1) ?? 0);
  });

  it('higher staking rewards pay out of the emissions budget and raise the stake', () => {
    const max = guard.params.stakingRewardRate.max;
    const hi = run({ stakingRewardRate: max });
    expect(hi.emissionsPaid).toBeCloseTo(max * 3600 * 500, 0);
    expect(hi.econ.totalStaked).toBeGreaterThan(ref.econ.totalStaked * 1.1);
  });

  it('the burned share of the fee changes supply only: the price path is identical', () => {
    const all = run({ burnShareBps: 10_000 });
    const none = run({ burnShareBps: 0 });
    expect(all.prices).toEqual(none.prices);
    expect(all.econ.supply).toBeLessThan(none.econ.supply);
    expect(all.econ.treasuryToken).toBeLessThan(none.econ.treasuryToken);
  });
});
