/**
 * Hostile and malformed inputs to the agent's Analyze → Act path (issue #8): corrupt pool
 * history, corrupt indexer candles, a corrupt chain snapshot, and adversarial but well-formed
 * series (spikes, flat lines, gaps). Properties: a tick never throws on bad *data* (only on
 * transport errors), corrupt or adversarial inputs never produce a proposal, and every epoch ends
 * in a recorded decision whose reason names the problem.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { bigintReplacer } from '../lib/agent/canonical';
import type { PoolPoint, SwapPoint } from '../lib/agent/history';
import type { DecisionEntry } from '../lib/agent/records';
import type { ChainSnapshot } from '../lib/agent/snapshot';
import { strategyFor } from '../lib/policy/registry';
import { createHarFallback, type VolForecaster } from './forecast';
import { silentLogger } from './log';
import { Agent, type IndexerLike } from './loop';
import { AgentStore } from './store';
import { CONTROLLER, FakeChain, fakeSnapshot, GOVERNOR, syntheticPool } from './testing';

const NOW = 1_800_000_000;
const HOUR = 3600;
const root = mkdtempSync(path.join(os.tmpdir(), 'agent-hostile-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let runs = 0;

function makeAgent(chain: FakeChain, indexer?: IndexerLike, fallback: VolForecaster = createHarFallback()) {
  const dir = path.join(root, String(runs++));
  return new Agent({
    chain,
    indexer,
    store: new AgentStore(path.join(dir, 'data'), path.join(dir, 'just')),
    forecasters: { fallback },
    strategy: strategyFor('adaptive'),
    log: silentLogger,
    config: {
      chainId: 31337,
      governor: GOVERNOR,
      controller: CONTROLLER,
      intervalSeconds: HOUR,
      horizonHours: 24,
      minHistoryHours: 24,
      execute: true,
    },
  });
}

/** One tick; returns the decision as the durable log holds it (re-read from disk). */
async function decideOnce(chain: FakeChain, indexer?: IndexerLike): Promise<DecisionEntry> {
  const agent = makeAgent(chain, indexer);
  const r = await agent.tick();
  expect(r.decided).toBeDefined();
  const reread = new AgentStore(path.dirname(agent.store.decisionsFile), path.join(root, 'unused'));
  const logged = reread.decisions().get(r.decided!.decisionId)?.decision;
  expect(logged).toEqual(JSON.parse(JSON.stringify(r.decided, bigintReplacer)));
  return r.decided!;
}

function expectRefusal(d: DecisionEntry, chain: FakeChain, reasons: string[], text: RegExp) {
  expect(d.kind).toBe('no-action');
  expect(d.proposal).toBeUndefined();
  expect(chain.proposals).toHaveLength(0);
  expect(reasons).toContain(d.reason);
  expect(d.text).toMatch(text);
}

type Pool = { points: PoolPoint[]; swaps: SwapPoint[] };
type Mutation = { name: string; apply: (p: Pool) => void };

const nonFinite = fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY);
const notPositive = fc.oneof(nonFinite, fc.constantFrom(0, -0, -1e-300, -1, -1e300));
const impossiblePrice = fc.oneof(
  fc.double({ min: 1e51, max: Number.MAX_VALUE, noNaN: true }),
  fc.double({ min: Number.MIN_VALUE, max: 1e-41, noNaN: true }),
);
const at = (p: Pool, i: number) => i % p.points.length;

/** Data no pool can produce: the agent must refuse it as corrupt. */
const corrupt: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(), fc.oneof(notPositive, impossiblePrice)).map(([i, v]) => ({
    name: `price ${v}`,
    apply: (p: Pool) => {
      p.points[at(p, i)]!.price = v;
    },
  })),
  fc.tuple(fc.nat(), notPositive).map(([i, v]) => ({
    name: `stable reserve ${v}`,
    apply: (p: Pool) => {
      p.points[at(p, i)]!.reserveStable = v;
    },
  })),
  fc.tuple(fc.nat(), fc.oneof(nonFinite, fc.constantFrom(-1, -1e300))).map(([i, v]) => ({
    name: `swap volume ${v}`,
    apply: (p: Pool) => {
      p.swaps[i % p.swaps.length]!.stable = v;
    },
  })),
  fc.tuple(fc.nat(), fc.nat()).map(([i, j]) => ({
    name: `rows ${i}/${j} reordered`,
    apply: (p: Pool) => {
      const a = at(p, i);
      const b = a === at(p, j) ? (a + 1) % p.points.length : at(p, j);
      [p.points[a], p.points[b]] = [p.points[b]!, p.points[a]!];
    },
  })),
  fc.nat().map((i) => ({
    name: `NaN time ${i}`,
    apply: (p: Pool) => {
      p.points[at(p, i)]!.time = Number.NaN;
    },
  })),
);

/** Well-formed but hostile: a price nobody held, or trades that never move the price. */
const adversarial: fc.Arbitrary<Mutation> = fc.oneof(
  fc
    .tuple(
      fc.integer({ min: 1, max: 23 }),
      fc.double({ min: Math.log(1.6), max: Math.log(1e30), noNaN: true }),
      fc.boolean(),
    )
    .map(([back, logMove, up]) => ({
      name: `${up ? '+' : '-'}spike e^${logMove.toFixed(1)} ${back} h ago`,
      apply: (p: Pool) => {
        // The pool's hourly closes are the last point of each hour; spike one hour's point.
        const k = p.points.length - back;
        p.points[k]!.price *= Math.exp(up ? logMove : -logMove);
      },
    })),
  fc.constant({
    name: 'flat price with volume',
    apply: (p: Pool) => {
      for (const x of p.points) x.price = 0.1;
    },
  }),
);

/** Ordinary imperfections: hours without events, several observations in one hour. */
const benign: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 40 })).map(([i, len]) => ({
    name: `gap of ${len} h`,
    apply: (p: Pool) => {
      const k = Math.max(1, at(p, i));
      p.points.splice(k, len);
      p.swaps.splice(k, len);
    },
  })),
  fc.nat().map((i) => ({
    name: 'two observations in one hour',
    apply: (p: Pool) => {
      const k = at(p, i);
      p.points.splice(k, 0, { ...p.points[k]!, time: p.points[k]!.time - 60, price: p.points[k]!.price * 1.01 });
    },
  })),
);

const hoursArb = fc.integer({ min: 30, max: 400 });

describe('agent: corrupt pool history', () => {
  it('refuses with reason corrupt-input naming the problem, never throws, never proposes', async () => {
    await fc.assert(
      fc.asyncProperty(corrupt, hoursArb, async (m, hours) => {
        const pool = syntheticPool(NOW, hours);
        m.apply(pool);
        const chain = new FakeChain(NOW, pool);
        const d = await decideOnce(chain);
        expectRefusal(d, chain, ['corrupt-input'], /input data is corrupt \((pool|swap) .+\)/);
        expect(d.inputHash).toMatch(/^0x[0-9a-f]{64}$/);
      }),
      { numRuns: 80 },
    );
  });

  it('regression: a NaN stable reserve no longer crashes the tick in canonicalJson', async () => {
    const pool = syntheticPool(NOW, 48);
    pool.points[0]!.reserveStable = Number.NaN;
    const chain = new FakeChain(NOW, pool);
    const d = await decideOnce(chain);
    expectRefusal(d, chain, ['corrupt-input'], /pool stable reserve at .* is NaN/);
  });
});

describe('agent: adversarial but well-formed series', () => {
  it('never proposes on a reverted price spike or a flat price with volume', async () => {
    await fc.assert(
      fc.asyncProperty(adversarial, hoursArb, async (m, hours) => {
        const pool = syntheticPool(NOW, hours);
        m.apply(pool);
        const chain = new FakeChain(NOW, pool);
        const d = await decideOnce(chain);
        expectRefusal(d, chain, ['inputs-untrusted'], /anomaly flags raised: .*(price-spike|flat-price-with-volume)/);
      }),
      { numRuns: 60 },
    );
  });

  it('decides normally (and records it) through gaps and several observations per hour', async () => {
    await fc.assert(
      fc.asyncProperty(benign, hoursArb, async (m, hours) => {
        const pool = syntheticPool(NOW, hours);
        m.apply(pool);
        const chain = new FakeChain(NOW, pool);
        const d = await decideOnce(chain);
        if (d.kind === 'no-action') expect(d.reason).toBeTruthy();
        else expect(chain.proposals).toHaveLength(1);
      }),
      { numRuns: 30 },
    );
  });
});

describe('agent: corrupt chain snapshot', () => {
  const badSnapshot: fc.Arbitrary<[string, Partial<ChainSnapshot>]> = fc.oneof(
    fc.constantFrom<[string, Partial<ChainSnapshot>]>(
      ['empty pool', { reserveHome: 0n, reserveStable: 0n }],
      ['no HOME in pool', { reserveHome: 0n }],
      ['no stable in pool', { reserveStable: 0n }],
      ['zero supply', { totalSupply: 0n }],
      ['negative treasury', { treasuryStable: -1n }],
      ['absurd decimals', { tokenDecimals: 255 }],
      ['fractional decimals', { stableDecimals: 6.5 }],
    ),
    fc
      .integer({ min: 1, max: 10 ** 6 })
      .map((ahead): [string, Partial<ChainSnapshot>] => [
        'oracle from the future',
        { oracle: { round: 2, observedAt: NOW + ahead, sentimentBps: 0, anomalyBps: 0 } },
      ]),
    fc
      .oneof(fc.integer({ min: 10_001 }), fc.integer({ max: -1 }), nonFinite)
      .map((a): [string, Partial<ChainSnapshot>] => [
        `oracle anomaly ${a}`,
        { oracle: { round: 2, observedAt: NOW - 60, sentimentBps: 0, anomalyBps: a } },
      ]),
  );
  it('refuses with a named reason', async () => {
    await fc.assert(
      fc.asyncProperty(badSnapshot, async ([, overrides]) => {
        const chain = new FakeChain(NOW, syntheticPool(NOW, 200), (t) => fakeSnapshot(t, overrides));
        const d = await decideOnce(chain);
        expectRefusal(d, chain, ['corrupt-input'], /input data is corrupt \(.+\)/);
      }),
      { numRuns: 40 },
    );
  });
});

describe('agent: corrupt indexer candles', () => {
  type Candle = Awaited<ReturnType<IndexerLike['getOhlc']>>[number];
  const goodCandles = (hours: number): Candle[] => {
    const { points } = syntheticPool(NOW, hours);
    return points.map((p) => ({
      time: Math.floor(p.time / HOUR) * HOUR,
      close: p.price,
      volumeStable: 20_000n * 10n ** 6n,
      reserveStable: 10_000_000n * 10n ** 6n,
    }));
  };
  const candleCorruption = fc.oneof(
    fc.tuple(fc.nat(), fc.oneof(notPositive, impossiblePrice)).map(([i, v]) => (c: Candle[]) => {
      c[i % c.length]!.close = v;
    }),
    fc.nat().map((i) => (c: Candle[]) => {
      c.splice(i % c.length, 0, { ...c[i % c.length]!, close: c[i % c.length]!.close * 2 });
    }),
    fc.tuple(fc.nat(), fc.integer({ min: 1, max: HOUR - 1 })).map(([i, off]) => (c: Candle[]) => {
      c[i % c.length]!.time += off;
    }),
    fc.nat().map((i) => (c: Candle[]) => {
      c[i % c.length]!.reserveStable = -1n;
    }),
  );
  it('falls back to the chain, says why in the record, and still decides', async () => {
    await fc.assert(
      fc.asyncProperty(candleCorruption, async (mutate) => {
        const candles = goodCandles(200);
        mutate(candles);
        const indexer: IndexerLike = {
          getStatus: async () => ({ ready: true, indexedTimestamp: NOW - 30 }),
          getOhlc: async () => candles,
        };
        const chain = new FakeChain(NOW, syntheticPool(NOW, 200));
        const d = await decideOnce(chain, indexer);
        expect(d.sources.history).toBe('chain');
        expect(d.sources.indexerError).toMatch(/^indexer data rejected: /);
        expect(d.reason).not.toBe('corrupt-input'); // the chain's own data is clean
      }),
      { numRuns: 30 },
    );
  });
});

describe('agent: analysis code that throws', () => {
  it('records analysis-error with the message instead of crashing the loop', async () => {
    const chain = new FakeChain(NOW, syntheticPool(NOW, 200));
    // A forecaster that fails on these inputs (the fallback too): a bug, not a transport error.
    const agent = makeAgent(chain, undefined, {
      minHours: 1,
      version: 'broken',
      modelHash: `0x${'00'.repeat(32)}`,
      forecast: () => {
        throw new RangeError('window calibration failed');
      },
    });
    const r = await agent.tick();
    expect(r.decided?.kind).toBe('no-action');
    expect(r.decided?.reason).toBe('analysis-error');
    expect(r.decided?.text).toMatch(/window calibration failed/);
    expect(agent.errors.at(-1)?.step).toBe('analyze');
    expect(chain.proposals).toHaveLength(0);
  });
});
