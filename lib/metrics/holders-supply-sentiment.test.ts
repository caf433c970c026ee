import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gini, herfindahlIndex, holderConcentration, nakamotoCoefficient, topHoldersShare } from './concentration';
import { labelScore, sentimentIndex, sentimentToFixed } from './sentiment';
import { annualizedVelocity, netEmissions, stakingRatio, supplyGrowth, timeWeightedAverage, velocity } from './supply';
import { fromUnits, toUnits } from './units';
import { MetricInputError } from './validate';

const E18 = 10n ** 18n;

describe('holder concentration', () => {
  it('Gini by hand', () => {
    // [1,2,3,4]: Σ i·x = 1 + 4 + 9 + 16 = 30; 2·30/(4·10) − 5/4 = 1.5 − 1.25 = 0.25
    expect(gini([1, 2, 3, 4])).toBeCloseTo(0.25, 12);
    // [0,0,0,10]: Σ i·x = 40; 2·40/(4·10) − 1.25 = 0.75 (= 1 − 1/n, the max for n = 4)
    expect(gini([0, 0, 0, 10])).toBeCloseTo(0.75, 12);
    expect(gini([5, 5])).toBe(0);
    // raw bigints give the same
    expect(gini([1n * E18, 2n * E18, 3n * E18, 4n * E18])).toBeCloseTo(0.25, 12);
  });

  it('Nakamoto: fewest holders strictly above 50 %', () => {
    // [40,30,20,10]: 40 → 40 % (no), 70 → 70 % (yes) → 2
    expect(nakamotoCoefficient([10, 20, 30, 40])).toBe(2);
    // [50,50]: 50 is not > 50 → 2
    expect(nakamotoCoefficient([50, 50])).toBe(2);
    expect(nakamotoCoefficient([51, 49])).toBe(1);
    expect(nakamotoCoefficient([1, 1, 1, 1], 0.74)).toBe(3);
  });

  it('top-10 share and HHI by hand', () => {
    // 12 holders: 10 of 10, 2 of 5 → total 110; top 10 = 100 → 0.909090…
    const b = [...Array(10).fill(10), 5, 5];
    expect(topHoldersShare(b)).toBeCloseTo(100 / 110, 12);
    // HHI of [1,2,3,4]: 0.01 + 0.04 + 0.09 + 0.16 = 0.30
    expect(herfindahlIndex([1, 2, 3, 4])).toBeCloseTo(0.3, 12);
    expect(herfindahlIndex([7])).toBe(1);
  });

  it('empty or all-zero distributions give null, never NaN', () => {
    expect(holderConcentration([])).toEqual({ holders: 0, gini: null, nakamoto: null, top10Share: null, hhi: null });
    expect(gini([0n, 0n])).toBeNull();
  });

  it('rejects NaN and negative balances naming the index', () => {
    expect(() => gini([1, Number.NaN])).toThrow('balances[1]');
    expect(() => gini([1, -1])).toThrow(MetricInputError);
    expect(() => herfindahlIndex([-1n])).toThrow('balances[0]');
    expect(() => topHoldersShare([1], 0)).toThrow(MetricInputError);
  });

  const balances = fc.array(fc.oneof(fc.double({ min: 0, max: 1e15, noNaN: true }), fc.constant(0)), {
    minLength: 1,
    maxLength: 60,
  });
  it('Gini ∈ [0,1], Nakamoto ∈ [1,n], top-10 ∈ (0,1], HHI ∈ [1/n,1] (property)', () => {
    fc.assert(
      fc.property(balances, (b) => {
        const c = holderConcentration(b);
        if (b.every((x) => x === 0)) {
          expect(c.gini).toBeNull();
          return;
        }
        const n = b.length;
        expect(c.gini).toBeGreaterThanOrEqual(0);
        expect(c.gini).toBeLessThanOrEqual(1);
        expect(c.nakamoto).toBeGreaterThanOrEqual(1);
        expect(c.nakamoto).toBeLessThanOrEqual(n);
        expect(c.top10Share).toBeGreaterThan(0);
        expect(c.top10Share).toBeLessThanOrEqual(1);
        expect(c.hhi).toBeGreaterThanOrEqual(1 / n - 1e-12);
        expect(c.hhi).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('all measures are scale-invariant and order-invariant (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 2, max: 1000 }),
        (b, k) => {
          const a = holderConcentration(b);
          const scaled = holderConcentration([...b].reverse().map((x) => BigInt(x) * BigInt(k) * E18));
          expect(scaled.gini).toBeCloseTo(a.gini as number, 9);
          expect(scaled.nakamoto).toBe(a.nakamoto);
          expect(scaled.top10Share).toBeCloseTo(a.top10Share as number, 9);
          expect(scaled.hhi).toBeCloseTo(a.hhi as number, 9);
        },
      ),
    );
  });

  it('Gini of one holder among n zeros is 1 − 1/n (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), (n) => {
        const b = [...Array(n - 1).fill(0), 1];
        expect(gini(b)).toBeCloseTo(1 - 1 / n, 9);
      }),
    );
  });
});

describe('velocity, staking ratio, emissions, supply growth', () => {
  it('velocity = volume / average supply', () => {
    // 250 transferred over a day against an average supply of 1000 → 0.25; annualized ×365 = 91.25
    expect(velocity(250, 1000)).toBe(0.25);
    expect(velocity(250n * E18, 1000n * E18)).toBe(0.25);
    expect(annualizedVelocity(250, 1000, 24)).toBeCloseTo(91.25, 12);
    expect(velocity(5, 0)).toBeNull();
    expect(() => velocity(-1, 10)).toThrow('transferVolume');
    expect(() => annualizedVelocity(1, 1, 0)).toThrow('periodHours');
  });

  it('time-weighted average supply over a period', () => {
    // 100 for 10 s, then 200 for 30 s over [0, 40): (1000 + 6000) / 40 = 175
    expect(
      timeWeightedAverage(
        [
          { timestamp: -5, value: 100 },
          { timestamp: 10, value: 200 },
        ],
        0,
        40,
      ),
    ).toBe(175);
    expect(() => timeWeightedAverage([{ timestamp: 5, value: 1 }], 0, 10)).toThrow(MetricInputError);
    expect(() => timeWeightedAverage([{ timestamp: 0, value: 1 }], 10, 10)).toThrow(MetricInputError);
  });

  it('staking ratio', () => {
    // 300 of 1200 staked → 0.25
    expect(stakingRatio(300n * E18, 1200n * E18)).toBe(0.25);
    expect(stakingRatio(0, 0)).toBeNull();
    expect(() => stakingRatio(2n, 1n)).toThrow('exceeds the supply');
    expect(() => stakingRatio(Number.NaN, 1)).toThrow('staked');
  });

  it('net emissions are exact in wei and may be negative', () => {
    // 100 minted + 5 rewards − 120 burned = −15 tokens, exactly
    expect(netEmissions({ minted: 100n * E18, rewards: 5n * E18, burned: 120n * E18 })).toBe(-15n * E18);
    expect(netEmissions({ minted: 1n, rewards: 0n, burned: 0n })).toBe(1n);
    expect(() => netEmissions({ minted: -1n, rewards: 0n, burned: 0n })).toThrow('minted');
  });

  it('supply growth: period and simple annualized rate', () => {
    // 1,000,000 → 1,001,000 over 24 h: +0.1 %; annualized 0.001 × 365 = 0.365
    const g = supplyGrowth(1_000_000n * E18, 1_001_000n * E18, 24);
    expect(g.periodRate).toBeCloseTo(0.001, 15);
    expect(g.annualizedRate).toBeCloseTo(0.365, 12);
    // a 1-wei change on 1e24 wei is still seen with bigints
    expect(supplyGrowth(10n ** 24n, 10n ** 24n + 1n, 1).periodRate).toBeCloseTo(1e-24, 30);
    expect(() => supplyGrowth(0, 1, 1)).toThrow('supplyStart');
  });
});

describe('sentiment index', () => {
  it('is the mean score with its count', () => {
    // bullish, bullish, bearish, neutral → (1 + 1 − 1 + 0) / 4 = 0.25
    const scores = (['bullish', 'bullish', 'bearish', 'neutral'] as const).map(labelScore);
    expect(sentimentIndex(scores)).toEqual({ index: 0.25, count: 4 });
    expect(sentimentToFixed(0.25)).toBe(2500n);
  });

  it('empty → count 0 and a null index, never NaN', () => {
    expect(sentimentIndex([])).toEqual({ index: null, count: 0 });
    expect(sentimentToFixed(null)).toBeNull();
  });

  it('rejects scores outside [−1, 1] and NaN', () => {
    expect(() => sentimentIndex([1.5])).toThrow('scores[0]');
    expect(() => sentimentIndex([Number.NaN])).toThrow('scores[0]');
  });

  it('index stays in [−1, 1] (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1, max: 1, noNaN: true })), (s) => {
        const r = sentimentIndex(s);
        expect(r.count).toBe(s.length);
        if (s.length === 0) expect(r.index).toBeNull();
        else {
          expect(r.index).toBeGreaterThanOrEqual(-1);
          expect(r.index).toBeLessThanOrEqual(1);
        }
      }),
    );
  });
});

describe('units', () => {
  it('converts raw ↔ human exactly at the decimal boundary', () => {
    expect(toUnits(1_500_000_000_000_000_000n)).toBe(1.5);
    expect(toUnits(123456789n)).toBe(1.23456789e-10);
    expect(toUnits(-25n, 1)).toBe(-2.5);
    expect(toUnits(42n, 0)).toBe(42);
    expect(fromUnits('1.5')).toBe(1_500_000_000_000_000_000n);
    expect(fromUnits(0.1, 6)).toBe(100_000n);
    expect(fromUnits('1.0000001', 6)).toBe(1_000_000n);
    expect(() => fromUnits(Number.NaN)).toThrow(MetricInputError);
    expect(() => fromUnits('abc')).toThrow(MetricInputError);
    expect(() => toUnits(1n, -1)).toThrow('decimals');
  });

  it('round-trips within one raw unit (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 27n }), (raw) => {
        const back = fromUnits(toUnits(raw).toString());
        const diff = back > raw ? back - raw : raw - back;
        // a double carries ~16 significant digits: relative error ≤ 2^-52
        expect(Number(diff)).toBeLessThanOrEqual(Math.max(1, Number(raw) * 2 ** -50));
      }),
    );
  });
});
