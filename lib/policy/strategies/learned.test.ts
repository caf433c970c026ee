import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide } from '../decide';
import { violatedRule } from '../guardrails';
import { GUARDRAILS, makeForecast, makeState, NOW } from '../testing';
import { LEVEL_PARAMETERS } from '../types';
import {
  createLearnedStrategy,
  drivers,
  forward,
  LEARNED_ARCHITECTURE,
  LEARNED_FEATURES,
  LEARNED_HIDDEN,
  LEARNED_OUTPUTS,
  type LearnedNetwork,
  LearnedPolicyError,
  learnedFeatures,
  makeNetwork,
  networkHash,
  parseLearnedArtifact,
  targetsFrom,
  toArtifact,
  weightCount,
} from './learned';
import { currentLearnedNetwork } from './learned-load';

const N = weightCount();
const nIn = LEARNED_FEATURES.length;
const b2 = nIn * LEARNED_HIDDEN + LEARNED_HIDDEN + LEARNED_HIDDEN * LEARNED_OUTPUTS.length;

/** A network that bypasses makeNetwork's checks (what a hostile caller could hand the strategy). */
function rawNetwork(weights: ArrayLike<number>): LearnedNetwork {
  const w = Float32Array.from(weights);
  return {
    architecture: LEARNED_ARCHITECTURE,
    weights: w,
    hash: 'hostile',
    version: 'learned-policy-hostile',
    objective: 'stability',
  };
}

/** Only the price-gap input matters: below reference → more buybacks. */
function gapNetwork(): LearnedNetwork {
  const w = new Array(N).fill(0);
  w[0 * LEARNED_HIDDEN + 0] = -1; // priceGap → hidden 0 (negative gap → positive activation)
  w[nIn * LEARNED_HIDDEN + LEARNED_HIDDEN + 0 * LEARNED_OUTPUTS.length + 2] = 4; // hidden 0 → buyback
  w[b2 + 0] = 0;
  w[b2 + 1] = -2;
  w[b2 + 2] = -3;
  return makeNetwork(w);
}

describe('learned policy network', () => {
  it('hashes its weights: same weights, same hash; one weight changed, another hash', () => {
    const a = makeNetwork(new Array(N).fill(0.25));
    const b = makeNetwork(new Array(N).fill(0.25));
    const w = new Array(N).fill(0.25);
    w[17] = 0.2500001;
    const c = makeNetwork(w);
    expect(a.hash).toMatch(/^[0-9a-f]{12}$/);
    expect(b.hash).toBe(a.hash);
    expect(c.hash).not.toBe(a.hash);
    expect(a.version).toBe(`learned-policy-${a.hash}`);
    expect(networkHash(LEARNED_ARCHITECTURE, a.weights)).toBe(a.hash);
  });

  it('refuses a weight file with a wrong count, a non-finite or float32-overflowing weight, another architecture', () => {
    expect(() => makeNetwork(new Array(N - 1).fill(0))).toThrow(LearnedPolicyError);
    expect(() => makeNetwork(new Array(N - 1).fill(0))).toThrow(`needs ${N} weights, the file has ${N - 1}`);
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, 1e39]) {
      const w = new Array(N).fill(0);
      w[5] = bad;
      expect(() => makeNetwork(w)).toThrow(/weight 5/);
    }
    const w = new Array(N).fill(0) as unknown[];
    w[3] = '1';
    expect(() => makeNetwork(w as number[])).toThrow(/weight 3 is 1: every weight must be a finite number/);
    expect(() => makeNetwork(new Array(N).fill(0), { ...LEARNED_ARCHITECTURE, hidden: 9 })).toThrow(
      /unsupported architecture/,
    );
  });

  it('refuses an artifact whose weights do not hash to the hash it claims, or of another format', () => {
    const net = makeNetwork(new Array(N).fill(0.1));
    const good = toArtifact(net, { note: 'test' });
    expect(parseLearnedArtifact(JSON.parse(JSON.stringify(good))).hash).toBe(net.hash);
    const tampered = JSON.parse(JSON.stringify(good));
    tampered.weights[0] = 50;
    expect(() => parseLearnedArtifact(tampered, 'x.json')).toThrow(
      new RegExp(`x.json: claims hash ${net.hash} but its weights hash to [0-9a-f]{12}`),
    );
    expect(() => parseLearnedArtifact({ ...good, format: 'other' })).toThrow(/format is "other"/);
    expect(() => parseLearnedArtifact({ ...good, weights: 'nope' })).toThrow(/weights is not an array/);
    expect(() => parseLearnedArtifact({ ...good, objective: 'growth' })).toThrow(/objective "growth"/);
    expect(() => parseLearnedArtifact(null)).toThrow(/not a JSON object/);
    const nan = JSON.parse(JSON.stringify(good));
    nan.weights[2] = null;
    expect(() => parseLearnedArtifact(nan)).toThrow(/weight 2 is null/);
  });

  it('the committed artifact loads and is named by its hash', () => {
    const net = currentLearnedNetwork();
    expect(net.version).toBe(`learned-policy-${net.hash}`);
    expect(net.weights.length).toBe(N);
  });

  it('features: 0 for a calm market at the start state, clipped to ±4 for absurd ones, market inputs 0 without a feed', () => {
    const calm = makeState({ recentHigh: 1, realizedVol24h: 0.8, realizedVolLongRun: 0.8, marketPrice: 30_000 });
    const f = makeForecast(0.8, { upper80: 0.8 });
    const { x, memory } = learnedFeatures(calm, { volatility: f }, GUARDRAILS, undefined);
    expect(Array.from(x).every((v) => Math.abs(v) < 1e-9)).toBe(true);
    expect(memory.marketEma24).toBeCloseTo(Math.log(30_000));
    const wild = makeState({ price: 1e-9, poolStable: 1e-2, poolToken: 1e7, referencePrice: 1e9, recentHigh: 1e9 });
    const { x: y } = learnedFeatures(wild, { volatility: makeForecast(1e9) }, GUARDRAILS, { lastUpdate: NOW - 3600 });
    expect(Array.from(y).every((v) => Number.isFinite(v) && Math.abs(v) <= 4)).toBe(true);
    expect(y[5]).toBe(0);
    expect(y[6]).toBe(0);
  });

  it('hostile weights (NaN, ±∞, ±1e38) never give a proposal outside the guardrails; a non-finite output proposes nothing', () => {
    const hostileWeight = fc.oneof(
      fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 3e38, -3e38),
      fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    );
    fc.assert(
      fc.property(
        fc.array(hostileWeight, { minLength: N, maxLength: N }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.double({ min: 0.5, max: 2, noNaN: true }),
        fc.double({ min: 0, max: 5_000_000, noNaN: true }),
        fc.integer({ min: 0, max: 48 }),
        (weights, price, refRatio, treasury, hoursSince) => {
          const net = rawNetwork(weights);
          const state = makeState({
            price,
            poolStable: 10_000_000 * price,
            referencePrice: price * refRatio,
            recentHigh: price * Math.max(1, refRatio),
            treasuryStable: treasury,
            marketPrice: 20_000,
            lastChangedAt: {
              burnShareBps: NOW - hoursSince * 3600,
              transferFeeBps: NOW - hoursSince * 3600,
              stakingRewardRate: NOW - hoursSince * 3600,
              buybackBudget: NOW - hoursSince * 3600,
              supplyChange: 0,
            },
          });
          const d = decide(state, { volatility: makeForecast(0.9) }, GUARDRAILS, 'stability', {
            strategy: createLearnedStrategy(net),
          });
          if (d.kind !== 'proposal') return;
          for (const c of d.changes) {
            expect(c.parameter).not.toBe('supplyChange');
            if (c.parameter === 'supplyChange') continue;
            const g = GUARDRAILS.params[c.parameter];
            expect(Number.isFinite(c.to)).toBe(true);
            expect(c.to).toBeGreaterThanOrEqual(g.min);
            expect(c.to).toBeLessThanOrEqual(g.max);
            expect(
              violatedRule(c.parameter, c.from, c.to, GUARDRAILS, state.lastChangedAt[c.parameter], state.now),
            ).toBe(undefined);
          }
        },
      ),
      { numRuns: 300 },
    );
    const nan = rawNetwork(new Array(N).fill(Number.NaN));
    const out = createLearnedStrategy(nan).run({
      state: makeState(),
      forecasts: { volatility: makeForecast(0.8) },
      guardrails: GUARDRAILS,
      objective: 'stability',
    });
    expect(out.targets).toEqual({});
    expect(out.rationale).toMatch(/Non-finite output for transferFeeBps, stakingRewardRate, buybackBudget/);
  });

  it('outputs map into each guardrail range whatever the weights (saturated high and low)', () => {
    for (const bias of [1e30, -1e30]) {
      const w = new Array(N).fill(0);
      for (let k = 0; k < LEARNED_OUTPUTS.length; k++) w[b2 + k] = bias;
      const y = forward(rawNetwork(w), new Float64Array(nIn));
      expect(Array.from(y)).toEqual(bias > 0 ? [1, 1, 1] : [0, 0, 0]);
    }
    // Full scale is 100 bps, 10 % of supply a year and the buyback max; a tighter guardrail wins.
    const tight = {
      ...GUARDRAILS,
      params: { ...GUARDRAILS.params, transferFeeBps: { ...GUARDRAILS.params.transferFeeBps, min: 10, max: 50 } },
    };
    expect(targetsFrom([1, 1, 1], tight, 100_000_000)).toEqual({
      transferFeeBps: 50,
      stakingRewardRate: GUARDRAILS.params.stakingRewardRate.max,
      buybackBudget: GUARDRAILS.params.buybackBudget.max,
    });
    expect(targetsFrom([0, Number.NaN, 0.5], tight, 100_000_000)).toEqual({
      transferFeeBps: 10,
      buybackBudget: GUARDRAILS.params.buybackBudget.max / 2,
    });
  });

  it('says which inputs drove the action: the price gap, for a network that reads only it', () => {
    const net = gapNetwork();
    const state = makeState({ price: 0.8, poolStable: 8_000_000, referencePrice: 1, recentHigh: 1 });
    const f = { volatility: makeForecast(0.8, { upper80: 0.8 }) };
    const { x } = learnedFeatures(state, f, GUARDRAILS, undefined);
    const ds = drivers(net, x, GUARDRAILS, 100_000_000);
    expect(ds[0]?.feature).toBe('priceGap');
    expect(ds[0]?.moves.buybackBudget ?? 0).toBeGreaterThan(0);
    const d = decide(state, f, GUARDRAILS, 'stability', { strategy: createLearnedStrategy(net) });
    expect(d.kind).toBe('proposal');
    expect(d.justification).toContain(`weights hash ${net.hash}`);
    expect(d.justification).toMatch(
      /Inputs that drove it most \(per-input ablation to the calm value\): price vs its 7-day reference \(input -2\.23: buybacks \+\d+ k stable\/day\)/,
    );
  });

  it('proposes nothing under an objective it was not trained for', () => {
    const out = createLearnedStrategy(gapNetwork()).run({
      state: makeState({ price: 0.8, poolStable: 8_000_000 }),
      forecasts: { volatility: makeForecast(0.8) },
      guardrails: GUARDRAILS,
      objective: 'growth',
    });
    expect(out.targets).toEqual({});
    expect(out.rationale).toMatch(/trained for the stability objective only/);
  });

  it('levels it acts on are the three it outputs plus the burn share', () => {
    expect(LEVEL_PARAMETERS.filter((p) => !(LEARNED_OUTPUTS as readonly string[]).includes(p))).toEqual([
      'burnShareBps',
    ]);
  });
});
