import { describe, expect, it } from 'vitest';
import { readPriceCsv } from '../data/node';
import { defaultGuardrails } from '../policy/guardrails';
import { TUNED } from '../policy/tuned';
import { toHourlyPath } from './market';
import { SIM_STRESS } from './scenarios';
import { HOURLY_DATA } from './spans';
import { runSimulation, strategyFor, toPolicyParameters } from './worker';
import {
  checkRequest,
  compactPath,
  DEFAULT_SIM_PARAMS,
  mergeSeries,
  SIM_WARMUP_HOURS,
  SIM_WORKER_SCENARIOS,
  type SimOutbound,
  type SimRequest,
  thin,
  toMarketPath,
} from './worker-protocol';

const full = toHourlyPath(readPriceCsv(HOURLY_DATA));
const calm = compactPath(full, 'calm');
// A short request: the calm window cut to 3 days after a 200 h warm-up keeps the test fast.
const short = {
  ...calm,
  closes: calm.closes.slice(SIM_WARMUP_HOURS - 200, SIM_WARMUP_HOURS + 72),
  t0: calm.t0 + (SIM_WARMUP_HOURS - 200) * 3600,
  end: calm.start + 71 * 3600,
};
const request = (over: Partial<SimRequest> = {}): SimRequest => ({
  type: 'run',
  id: 7,
  path: short,
  policies: ['static', 'pid', 'adaptive'],
  objective: 'stability',
  seed: 3,
  params: DEFAULT_SIM_PARAMS,
  restAtSliders: true,
  maxPoints: 50,
  ...over,
});
async function collect(req: SimRequest, stop?: () => boolean) {
  const out: SimOutbound[] = [];
  await runSimulation(req, (m) => out.push(m), stop);
  return out;
}

describe('compact paths', () => {
  it('cuts the window with its warm-up on the hour grid and round-trips to a MarketPath', () => {
    expect(calm.start).toBe(Date.parse('2018-09-01T00:00:00Z') / 1000);
    expect(calm.t0).toBe(calm.start - SIM_WARMUP_HOURS * 3600);
    expect(calm.closes.length).toBe(SIM_WARMUP_HOURS + 60 * 24 + 1);
    const mp = toMarketPath(calm);
    expect(mp.timestamp[1]! - mp.timestamp[0]!).toBe(3600);
    expect(mp.price[SIM_WARMUP_HOURS]).toBeCloseTo(full.price[(calm.start - full.timestamp[0]!) / 3600]!, 2);
  });
  it('starts at the data when the warm-up would run before it', () => {
    const train = compactPath(full, 'train');
    expect(train.t0).toBe(full.timestamp[0]);
  });
});

describe('requests', () => {
  it('accepts a good request and names what is wrong with a bad one', () => {
    expect(checkRequest(request())).toBeUndefined();
    expect(checkRequest(request({ policies: [] }))).toMatch(/policies/);
    expect(checkRequest(request({ seed: -1 }))).toMatch(/seed/);
    expect(checkRequest(request({ params: { ...DEFAULT_SIM_PARAMS, transferFeeBps: 500 } }))).toMatch(/transferFeeBps/);
    expect(checkRequest({ type: 'cancel', id: 1 })).toMatch(/not a run/);
  });
  it('converts slider units to controller units', () => {
    const p = toPolicyParameters({ burnShareBps: 5000, transferFeeBps: 30, rewardPctPerYear: 10, buybackPerDay: 1000 });
    expect(p.stakingRewardRate).toBeCloseTo(10_000_000 / 31_536_000);
    expect(p.buybackBudget).toBe(1000);
  });
  it('lets pid and adaptive rest at the sliders only when asked', () => {
    const g = defaultGuardrails(100_000_000, 1);
    const req = request({ params: { ...DEFAULT_SIM_PARAMS, transferFeeBps: 20 } });
    expect(strategyFor('adaptive', req, g).initialParams?.('stability', g).transferFeeBps).toBe(20);
    expect(
      strategyFor('adaptive', { ...req, restAtSliders: false }, g).initialParams?.('stability', g).transferFeeBps,
    ).toBe(TUNED.adaptive.resting?.stability?.calmFeeBps);
    expect(strategyFor('static', req, g).initialParams?.('stability', g).transferFeeBps).toBe(20);
  });
});

describe('runSimulation', () => {
  it('reports progress, one result per policy in order, then done; deterministic for a seed', async () => {
    const a = await collect(request());
    const kinds = a.map((m) => m.type);
    expect(kinds[kinds.length - 1]).toBe('done');
    expect(kinds.filter((k) => k === 'progress').length).toBeGreaterThanOrEqual(3);
    const results = a.filter((m) => m.type === 'result');
    expect(results.map((r) => r.policy)).toEqual(['static', 'pid', 'adaptive']);
    for (const r of results) {
      expect(r.kpis.hours).toBe(72);
      expect(r.kpis.guardrailViolations).toBe(0);
      expect(r.series.length).toBeGreaterThan(10);
      expect(r.series.length).toBeLessThanOrEqual(50);
      expect(r.series[0]!.time).toBeGreaterThanOrEqual(short.start);
    }
    const progress = a.filter((m) => m.type === 'progress').map((m) => m.overall);
    expect(progress).toEqual([...progress].sort((x, y) => x - y));
    expect(progress[progress.length - 1]).toBe(1);

    const b = await collect(request());
    const strip = (ms: SimOutbound[]) => ms.filter((m) => m.type === 'result').map((m) => ({ ...m, ms: 0 }));
    expect(strip(b)).toEqual(strip(a));
    const other = await collect(request({ seed: 4 }));
    expect(strip(other)).not.toEqual(strip(a));
  });
  it('stops with "cancelled" when asked to', async () => {
    let results = 0;
    const out: SimOutbound[] = [];
    await runSimulation(
      request(),
      (m) => {
        out.push(m);
        if (m.type === 'result') results++;
      },
      () => results >= 1,
    );
    expect(out.filter((m) => m.type === 'result')).toHaveLength(1);
    expect(out[out.length - 1]).toEqual({ type: 'cancelled', id: 7 });
  });
  it('answers a bad request with an error, not a throw', async () => {
    const out = await collect(request({ objective: 'nope' as never }));
    expect(out).toEqual([{ type: 'error', id: 7, message: expect.stringMatching(/objective/) }]);
  });
});

describe('chart shaping', () => {
  it('merges policies by time and indexes prices to 100 at the start', () => {
    const pt = (time: number, price: number, market: number) => ({
      time,
      price,
      market,
      supply: 1,
      treasuryStable: 2,
      transferFeeBps: 3,
      buybackBudget: 4,
    });
    const rows = mergeSeries([
      { policy: 'static', kpis: {} as never, ms: 0, series: [pt(0, 2, 10), pt(3600, 3, 20)] },
      { policy: 'pid', kpis: {} as never, ms: 0, series: [pt(0, 4, 10), pt(3600, 2, 20)] },
    ]);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({ time: 3600, market: 200, static_price: 150, pid_price: 50, static_supply: 1 });
  });
  it('thins to at most max points', () => {
    expect(thin([1, 2, 3, 4, 5], 3)).toEqual([1, 3, 5]);
    expect(thin([1, 2, 3, 4, 5], 2)).toEqual([1, 5]);
  });
});

describe('scenarios', () => {
  it('offers every stress of lib/sim/scenarios.ts and names a bad one', () => {
    expect([...SIM_WORKER_SCENARIOS].sort()).toEqual(['none', ...Object.keys(SIM_STRESS)].sort());
    expect(checkRequest(request({ scenario: 'bank-run' }))).toBeUndefined();
    expect(checkRequest(request({ scenario: 'nope' as 'none' }))).toMatch(/scenario/);
  });
  it('a bank run changes the result against the same seed without it', async () => {
    const kpisOf = async (scenario: SimRequest['scenario']) =>
      (await collect(request({ policies: ['static'], scenario }))).flatMap((m) =>
        m.type === 'result' ? [m.kpis] : [],
      )[0];
    const calmRun = await kpisOf('none');
    const run = await kpisOf('bank-run');
    expect(run?.panicStarts).toBeGreaterThan(calmRun?.panicStarts ?? 0);
    expect(run?.annualizedVolatility).not.toBe(calmRun?.annualizedVolatility);
  });
});
