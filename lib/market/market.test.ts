import fc from 'fast-check';
import { keccak256, stringToBytes } from 'viem';
import { describe, expect, it } from 'vitest';
import type { PriceSeries } from '../data/prices';
import { ConfigError, DataError } from '../errors';
import { fromUnits, getAmountOut } from '../metrics';
import { type Action, type MarketState, planHour, planInitialLiquidity, poisson, type Roles, scale } from './actors';
import { applySwap, type Pool, planArbitrage, poolPrice } from './arbitrage';
import { parseMarketConfig } from './config';
import { createRng } from './prng';
import { createReplay, findStartIndex } from './replay';
import { behaviourOf, DEFAULT_BEHAVIOUR, parseScenario, SCENARIOS } from './scenarios';
import {
  buildPostLogRecord,
  bullishShare,
  canonicalPosts,
  parseSentimentCorpus,
  pickPosts,
  toSentimentBps,
} from './sentiment-feed';

const E18 = 10n ** 18n;
const E6 = 10n ** 6n;
/** The deployed local pool: 100M HOME : 10M TUSD (0.10 TUSD per HOME). */
const pool: Pool = {
  reserveToken: 100_000_000n * E18,
  reserveStable: 10_000_000n * E6,
  tokenDecimals: 18,
  stableDecimals: 6,
};

describe('prng', () => {
  it('is deterministic per seed and forks are independent of the parent position', () => {
    const a = createRng('s');
    const b = createRng('s');
    expect([a.next(), a.next()]).toEqual([b.next(), b.next()]);
    const fresh = createRng('s').fork('x').next();
    const advanced = createRng('s');
    advanced.next();
    expect(advanced.fork('x').next()).toBe(fresh);
    expect(createRng('t').next()).not.toBe(createRng('s').next());
  });

  it('int, sample and uniform stay in range (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: -50, max: 50 }), fc.integer({ min: 0, max: 50 }), (seed, lo, w) => {
        const r = createRng(seed);
        const x = r.int(lo, lo + w);
        expect(x).toBeGreaterThanOrEqual(lo);
        expect(x).toBeLessThanOrEqual(lo + w);
        const s = r.sample([1, 2, 3, 4, 5], 3);
        expect(new Set(s).size).toBe(3);
        const u = r.next();
        expect(u).toBeGreaterThanOrEqual(0);
        expect(u).toBeLessThan(1);
        expect(Number.isFinite(r.normal())).toBe(true);
      }),
    );
  });

  it('poisson has roughly the right mean', () => {
    const r = createRng('p');
    let sum = 0;
    for (let i = 0; i < 4000; i++) sum += poisson(r, 3);
    expect(sum / 4000).toBeGreaterThan(2.85);
    expect(sum / 4000).toBeLessThan(3.15);
    expect(poisson(r, 0)).toBe(0);
  });
});

const series: PriceSeries = {
  source: 'test.csv',
  timestamp: [0, 3600, 7200, 10800],
  close: [100, 110, 99, 120],
  volume: [1, 2, 3, 4],
};

describe('replay', () => {
  it('scales the real path onto the anchor price', () => {
    // anchor 0.1 at close 110 (index 1): targets 0.1, 0.1·99/110 = 0.09, 0.1·120/110 = 0.10909…
    const r = createReplay(series, 1, 0.1);
    expect(r.at(0)).toMatchObject({ index: 1, target: 0.1, sourceReturn: 0, sourceVolume: 2 });
    expect(r.at(1).target).toBeCloseTo(0.09, 12);
    expect(r.at(1).sourceReturn).toBeCloseTo(Math.log(99 / 110), 12);
    expect(r.at(2).target).toBeCloseTo(0.1090909, 6);
  });

  it('wraps to the start without a jump and keeps going', () => {
    // after index 3 (target 0.1090909) it re-anchors: row 0 ≙ 0.1090909, so row 1 → ×1.1 = 0.12
    const r = createReplay(series, 1, 0.1);
    expect(r.at(3).index).toBe(1);
    expect(r.at(3).target).toBeCloseTo(0.12, 9);
    expect(r.at(3).sourceReturn).toBeCloseTo(Math.log(110 / 100), 12);
    expect(r.at(5).index).toBe(3);
    expect(r.at(6).index).toBe(1);
  });

  it('finds the start row by date and rejects dates outside the data', () => {
    expect(findStartIndex(series, '1970-01-01T01:00:00Z')).toBe(1);
    expect(findStartIndex(series, '1970-01-01T01:30:00Z')).toBe(2);
    expect(findStartIndex(series, undefined)).toBe(0);
    expect(() => findStartIndex(series, '1999-01-01')).toThrow(ConfigError);
    expect(() => findStartIndex(series, 'soon')).toThrow('MARKET_START');
  });
});

describe('arbitrage', () => {
  it('sizes the trade that lands exactly on the target (both directions, with fees)', () => {
    for (const target of [0.12, 0.08, 0.1003]) {
      for (const feeBps of [0, 30]) {
        const trade = planArbitrage(pool, target, { tokenTransferFeeBps: feeBps });
        expect(trade).not.toBeNull();
        if (!trade) continue;
        expect(trade.side).toBe(target > 0.1 ? 'buy' : 'sell');
        const after = applySwap(pool, trade.side, trade.amountIn, feeBps);
        expect(poolPrice(after) / target - 1).toBeLessThan(1e-9);
        expect(poolPrice(after) / target - 1).toBeGreaterThan(-1e-9);
      }
    }
  });

  it('hand check: +20 % needs stableIn = 10M·2·0.2/(1.997 + sqrt(1.997² + 4·0.997·0.2)) ≈ 955,885 TUSD', () => {
    const trade = planArbitrage(pool, 0.12);
    const expected = (10_000_000 * 0.4) / (1.997 + Math.sqrt(1.997 ** 2 + 4 * 0.997 * 0.2));
    expect(Number(trade?.amountIn) / 1e6).toBeCloseTo(expected, 3);
    // sqrt(3.988009 + 0.7976) = 2.187603; 4,000,000 / (1.997 + 2.187603) = 955,885
    expect(expected).toBeCloseTo(955885, 0);
  });

  it('does nothing inside the deadband', () => {
    expect(planArbitrage(pool, 0.10005)).toBeNull();
    expect(planArbitrage(pool, 0.1)).toBeNull();
    expect(() => planArbitrage(pool, Number.NaN)).toThrow(RangeError);
  });

  it('applySwap matches getAmountOut', () => {
    const after = applySwap(pool, 'buy', 1000n * E6);
    expect(pool.reserveToken - after.reserveToken).toBe(
      getAmountOut(1000n * E6, pool.reserveStable, pool.reserveToken),
    );
  });

  it('reaches any target within the numeric tolerance (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.02, max: 0.5, noNaN: true }), (target) => {
        const trade = planArbitrage(pool, target, { deadband: 0 });
        if (!trade) return;
        const after = applySwap(pool, trade.side, trade.amountIn);
        expect(Math.abs(poolPrice(after) / target - 1)).toBeLessThan(1e-6);
      }),
    );
  });
});

const A = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as const;
const roles: Roles = {
  arbitrageur: [A(4)],
  whale: [A(5)],
  lp: [A(6)],
  staker: [A(9), A(10)],
  noise: [A(20), A(21), A(22)],
};
const state: MarketState = {
  pool,
  lpSupply: 3_162_277n * E18,
  tokenTransferFeeBps: 30,
  accounts: {
    [A(4)]: { token: 60_000_000n * E18, stable: 100_000n * E6, lp: 0n, staked: 0n },
    [A(5)]: { token: 60_000_000n * E18, stable: 100_000n * E6, lp: 0n, staked: 0n },
    [A(6)]: { token: 20_000_000n * E18, stable: 100_000n * E6, lp: 1000n * E18, staked: 0n },
    [A(9)]: { token: 20_000_000n * E18, stable: 0n, lp: 0n, staked: 5_000_000n * E18 },
    [A(10)]: { token: 20_000_000n * E18, stable: 0n, lp: 0n, staked: 5_000_000n * E18 },
  },
};

describe('planHour', () => {
  const plan = (seed: string, behaviour = DEFAULT_BEHAVIOUR, recentReturn = 0) =>
    planHour({ rng: createRng(seed), state, roles, behaviour, recentReturn });

  it('is deterministic for a seed', () => {
    expect(plan('x')).toEqual(plan('x'));
  });

  it('never spends more than an actor has (property over seeds)', () => {
    fc.assert(
      fc.property(fc.string(), fc.double({ min: -0.3, max: 0.3, noNaN: true }), (seed, r) => {
        const actions = plan(seed, behaviourOf(SCENARIOS.crash), r);
        const spent = new Map<string, bigint>();
        for (const a of actions) {
          if (a.kind === 'swap' && a.side === 'sell') spent.set(a.actor, (spent.get(a.actor) ?? 0n) + a.amountIn);
          if (a.kind === 'transfer' || a.kind === 'stake') spent.set(a.actor, (spent.get(a.actor) ?? 0n) + a.amount);
          expect('amountIn' in a ? a.amountIn : 1n).toBeGreaterThan(0n);
        }
        for (const [actor, amount] of spent) {
          const s = state.accounts[actor as `0x${string}`];
          const unstaked = actions
            .filter((a): a is Extract<Action, { kind: 'unstake' }> => a.kind === 'unstake' && a.actor === actor)
            .reduce((x, a) => x + a.amount, 0n);
          const received = actions
            .filter((a): a is Extract<Action, { kind: 'transfer' }> => a.kind === 'transfer' && a.to === actor)
            .reduce((x, a) => x + a.amount, 0n);
          const bought = actions.some((a) => a.kind === 'swap' && a.side === 'buy' && a.actor === actor);
          if (!bought) expect(amount).toBeLessThanOrEqual((s?.token ?? 0n) + unstaked + received);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('a staking bank run unstakes; a liquidity drain removes liquidity and adds none', () => {
    const run = plan('run', behaviourOf(parseScenario('staking-bank-run')));
    const unstakes = run.filter((a) => a.kind === 'unstake').length;
    expect(unstakes).toBeGreaterThanOrEqual(1);
    expect(run.some((a) => a.kind === 'stake')).toBe(false);
    let removes = 0;
    for (let i = 0; i < 20; i++) {
      const drain = plan(`drain${i}`, behaviourOf(parseScenario('liquidity-drain')));
      expect(drain.some((a) => a.kind === 'addLiquidity')).toBe(false);
      removes += drain.filter((a) => a.kind === 'removeLiquidity').length;
    }
    expect(removes).toBeGreaterThan(5);
  });

  it('tops up stable from the faucet before a noise buy when needed', () => {
    const actions = plan('noise', { ...DEFAULT_BEHAVIOUR, noiseTradesPerHour: 20 });
    const firstBuy = actions.findIndex((a) => a.kind === 'swap' && a.side === 'buy' && a.reason === 'noise');
    if (firstBuy >= 0) {
      const buyer = actions[firstBuy]?.actor;
      expect(actions.slice(0, firstBuy).some((a) => a.kind === 'faucet' && a.actor === buyer)).toBe(true);
    }
  });

  it('LPs without a position open one at the pool ratio, topping up stable first', () => {
    const noLp = {
      ...state,
      accounts: { ...state.accounts, [A(6)]: { token: 20_000_000n * E18, stable: 0n, lp: 0n, staked: 0n } },
    };
    // 10M HOME at 0.10 → 1M TUSD; the LP has none, so a faucet comes first.
    expect(planInitialLiquidity(noLp, roles)).toEqual([
      { kind: 'faucet', actor: A(6), amount: 1_050_000n * E6 },
      { kind: 'addLiquidity', actor: A(6), token: 10_000_000n * E18, stable: 1_000_000n * E6 },
    ]);
    expect(planInitialLiquidity(state, roles)).toEqual([]); // already has LP tokens
  });

  it('scale multiplies raw amounts by a clamped fraction', () => {
    expect(scale(1000n, 0.25)).toBe(250n);
    expect(scale(1000n, 2)).toBe(1000n);
    expect(scale(1000n, -1)).toBe(0n);
    expect(fromUnits(0.1, 6)).toBe(100_000n);
  });
});

describe('sentiment feed', () => {
  const csv = 'text,label\n"bad news, very\nbad",0\ngood news,1\nmeh,2\nfine,1\n';
  const corpus = parseSentimentCorpus(csv, 'posts.csv');

  it('parses the corpus with multi-line posts and their start lines as ids', () => {
    expect(corpus.size).toBe(4);
    expect(corpus.byLabel.bearish[0]).toEqual({ id: 2, label: 'bearish', text: 'bad news, very\nbad' });
    expect(corpus.byLabel.bullish.map((p) => p.id)).toEqual([4, 6]);
  });

  it.each([
    ['text,label\nx,3\ny,1\nz,2\n', 'label "3"', 2],
    ['text,label\nx,0\n,1\nz,2\n', 'empty post text', 3],
    ['text,score\nx,1\n', 'missing required column "label"', 1],
    ['text,label\n"unterminated,0\n', 'malformed CSV', undefined],
  ])('rejects a malformed corpus naming file and line: %s', (text, message, line) => {
    try {
      parseSentimentCorpus(text, 'bad.csv');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DataError);
      expect((e as DataError).location.file).toBe('bad.csv');
      if (line !== undefined) expect((e as DataError).location.line).toBe(line);
      expect((e as Error).message).toContain(message);
    }
  });

  it('the bullish share follows recent returns', () => {
    expect(bullishShare(0)).toBe(0.5);
    expect(bullishShare(0.1)).toBeGreaterThan(0.9);
    expect(bullishShare(-0.1)).toBeLessThan(0.1);
    expect(bullishShare(Number.NaN)).toBe(0.5);
    const count = (r: number) => {
      const rng = createRng('mix');
      let bull = 0;
      let bear = 0;
      for (let i = 0; i < 200; i++) {
        for (const p of pickPosts(rng, corpus, { recentReturn: r, hourReturn: 0 })) {
          if (p.label === 'bullish') bull++;
          if (p.label === 'bearish') bear++;
        }
      }
      return bull / (bull + bear);
    };
    expect(count(0.08)).toBeGreaterThan(0.85);
    expect(count(-0.08)).toBeLessThan(0.15);
  });

  it('the content hash is keccak256 of the documented canonical JSON', () => {
    const posts = [corpus.byLabel.bullish[0], corpus.byLabel.bearish[0]].filter((p) => p !== undefined);
    const canonical = canonicalPosts(1_700_000_000, posts);
    expect(canonical).toBe(
      '{"observedAt":1700000000,"posts":[{"id":4,"label":"bullish","text":"good news"},{"id":2,"label":"bearish","text":"bad news, very\\nbad"}]}',
    );
    const record = buildPostLogRecord(7, 1_700_000_000, posts);
    expect(record).toMatchObject({ round: 7, count: 2, sentimentBps: 0, canonical });
    expect(record.contentHash).toBe(keccak256(stringToBytes(canonical)));
    expect(toSentimentBps({ index: null, count: 0 })).toBe(0);
    expect(toSentimentBps({ index: -0.33333, count: 3 })).toBe(-3333);
  });
});

describe('config and scenarios', () => {
  it('defaults, scenario start dates and overrides', () => {
    const c = parseMarketConfig({});
    expect(c).toMatchObject({ rpcUrl: 'http://127.0.0.1:8545', speed: 0.1, seed: 'homeostat', hours: undefined });
    expect(c.scenario.name).toBe('default');
    expect(c.model).toBe('economy');
    expect(parseMarketConfig({ MARKET_MODEL: 'replay' }).model).toBe('replay');
    const crash = parseMarketConfig({ MARKET_SCENARIO: 'crash', MARKET_SPEED: '50', DEPLOYMENTS: 'd.json' });
    expect(crash.start).toBe('2022-05-05');
    expect(crash.deploymentsFile).toBe('d.json');
    expect(parseMarketConfig({ MARKET_SCENARIO: 'crash', MARKET_START: '2022-11-06' }).start).toBe('2022-11-06');
  });

  it.each([
    [{ MARKET_SCENARIO: 'moon' }, 'MARKET_SCENARIO'],
    [{ MARKET_MODEL: 'arbitrage' }, 'MARKET_MODEL'],
    [{ MARKET_SPEED: '0' }, 'MARKET_SPEED'],
    [{ MARKET_SPEED: 'fast' }, 'MARKET_SPEED'],
    [{ MARKET_START: 'May 2022' }, 'MARKET_START'],
    [{ MARKET_HOURS: '-3' }, 'MARKET_HOURS'],
    [{ RPC_URL: 'ws://x' }, 'RPC_URL'],
  ])('names the bad variable: %o', (env, variable) => {
    expect(() => parseMarketConfig(env)).toThrow(ConfigError);
    expect(() => parseMarketConfig(env)).toThrow(variable);
  });
});
