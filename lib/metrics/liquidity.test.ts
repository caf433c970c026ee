import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getAmountIn, getAmountOut, inputForPriceMultiplier, liquidityDepth, quoteSwap } from './liquidity';
import { MetricInputError } from './validate';

describe('getAmountOut / getAmountIn (exact UniswapV2Library)', () => {
  it('matches the V2 formula by hand', () => {
    // 1 ETH into (10 ETH, 20,000 USD): 1e18·9970·20000e18 / (10e18·10000 + 1e18·9970)
    // = 1·0.997·20000 / (10 + 0.997) = 19,940 / 10.997 = 1,813.22178776029826…e18 (truncated)
    const out = getAmountOut(10n ** 18n, 10n * 10n ** 18n, 20_000n * 10n ** 18n);
    const expected = (10n ** 18n * 9970n * 20_000n * 10n ** 18n) / (10n * 10n ** 18n * 10_000n + 10n ** 18n * 9970n);
    expect(out).toBe(expected);
    expect(out).toBe(1813221787760298263162n);
    // Small numbers: in 10 into (1000, 1000): 10·9970·1000 / (1000·10000 + 99700) = 99,700,000 / 10,099,700 = 9.87… → 9
    expect(getAmountOut(10n, 1000n, 1000n)).toBe(9n);
  });

  it('getAmountIn is the least input giving at least amountOut', () => {
    // out 9 from (1000, 1000): 1000·9·10000 / ((1000−9)·9970) = 90,000,000 / 9,880,270 = 9.109 → 9 + 1 = 10
    expect(getAmountIn(9n, 1000n, 1000n)).toBe(10n);
    expect(getAmountOut(getAmountIn(9n, 1000n, 1000n), 1000n, 1000n)).toBeGreaterThanOrEqual(9n);
  });

  it('rejects empty pools, zero amounts and draining the pool', () => {
    expect(() => getAmountOut(0n, 1n, 1n)).toThrow(MetricInputError);
    expect(() => getAmountOut(1n, 0n, 1n)).toThrow('INSUFFICIENT_LIQUIDITY');
    expect(() => getAmountIn(1000n, 1000n, 1000n)).toThrow(MetricInputError);
  });

  it('round-trip property: getAmountOut(getAmountIn(x)) ≥ x', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1000n, max: 10n ** 30n }),
        fc.bigInt({ min: 1000n, max: 10n ** 30n }),
        fc.bigInt({ min: 1n, max: 10n ** 30n }),
        (rIn, rOut, want) => {
          fc.pre(want < rOut);
          const needed = getAmountIn(want, rIn, rOut);
          expect(getAmountOut(needed, rIn, rOut)).toBeGreaterThanOrEqual(want);
        },
      ),
    );
  });
});

describe('quoteSwap (slippage and price impact incl. 0.3 % fee)', () => {
  it('matches hand-computed values for 10 into (1000, 1000)', () => {
    // γ·in = 9.97; out = 9.97·1000 / 1009.97 = 9.871580…
    // execution price = 10 / 9.87158 = 1.013009; slippage = 1 − 0.997·1000/1009.97 = 0.012842
    // price impact ex fee = 9.97 / 1009.97 = 0.0098716
    // new mid = 1010 / (1000·1000/1009.97) = 1.0200697 → price move +2.00697 %
    const q = quoteSwap({ amountIn: 10, reserveIn: 1000, reserveOut: 1000 });
    expect(q.amountOut).toBeCloseTo(9.8715803, 6);
    expect(q.midPrice).toBe(1);
    expect(q.executionPrice).toBeCloseTo(1.013009, 6);
    expect(q.slippage).toBeCloseTo(0.012842, 6);
    expect(q.priceImpact).toBeCloseTo(0.0098716, 6);
    expect(q.newMidPrice).toBeCloseTo(1.0200697, 6);
    expect(q.priceMove).toBeCloseTo(0.0200697, 6);
  });

  it('slippage tends to the fee for tiny trades', () => {
    expect(quoteSwap({ amountIn: 1e-9, reserveIn: 1e6, reserveOut: 1e6 }).slippage).toBeCloseTo(0.003, 9);
  });

  it('agrees with the exact integer version', () => {
    const big = getAmountOut(10n ** 18n, 10n * 10n ** 18n, 20_000n * 10n ** 18n);
    const q = quoteSwap({ amountIn: 1, reserveIn: 10, reserveOut: 20_000 });
    expect(q.amountOut).toBeCloseTo(Number(big) / 1e18, 9);
  });

  it('rejects NaN, negative and zero inputs', () => {
    expect(() => quoteSwap({ amountIn: Number.NaN, reserveIn: 1, reserveOut: 1 })).toThrow('amountIn');
    expect(() => quoteSwap({ amountIn: 1, reserveIn: -1, reserveOut: 1 })).toThrow('reserveIn');
    expect(() => quoteSwap({ amountIn: 1, reserveIn: 1, reserveOut: 0 })).toThrow('reserveOut');
    expect(() => quoteSwap({ amountIn: 1, reserveIn: 1, reserveOut: 1, fee: 1 })).toThrow('fee');
  });
});

describe('inputForPriceMultiplier and liquidityDepth (±2 %)', () => {
  it('without fee reduces to R(√m − 1)', () => {
    // 1000·(√1.02 − 1) = 9.950494; 1000·(√(1/0.98) − 1) = 10.152545
    expect(inputForPriceMultiplier(1000, 1.02, 0)).toBeCloseTo(9.9504938, 6);
    expect(inputForPriceMultiplier(1000, 1 / 0.98, 0)).toBeCloseTo(10.1525446, 6);
    expect(inputForPriceMultiplier(1000, 1)).toBe(0);
  });

  it('with the 0.3 % fee solves (R + in)(R + 0.997 in) = 1.02 R²', () => {
    // in = 1000·2·0.02 / (1.997 + sqrt(1.997² + 4·0.997·0.02)) = 40 / (1.997 + 2.016864) = 9.965442
    const x = inputForPriceMultiplier(1000, 1.02);
    expect(x).toBeCloseTo(9.9654421, 6);
    expect(((1000 + x) * (1000 + 0.997 * x)) / 1e6).toBeCloseTo(1.02, 12);
    // and a real swap of that size moves the quoted price by exactly +2 %
    expect(quoteSwap({ amountIn: x, reserveIn: 1000, reserveOut: 500 }).priceMove).toBeCloseTo(0.02, 12);
  });

  it('depth of a (token 1000, stable 2000) pool', () => {
    // price 2; up: stable in = 2000·… = 2·9.965442 = 19.930884
    // down: tokens in = inputForPriceMultiplier(1000, 1/0.98) = 10.167796; value at 2 = 20.335593
    const d = liquidityDepth({ reserveToken: 1000, reserveStable: 2000 });
    expect(d.price).toBe(2);
    expect(d.upStableIn).toBeCloseTo(19.9308842, 6);
    expect(d.downTokenIn).toBeCloseTo(10.1677964, 6);
    expect(d.downStableValue).toBeCloseTo(20.3355927, 6);
    expect(d.totalStable).toBeCloseTo(40.2664769, 6);
  });

  it('rejects a multiplier below 1, a band outside (0,1), bad reserves', () => {
    expect(() => inputForPriceMultiplier(1000, 0.9)).toThrow(MetricInputError);
    expect(() => inputForPriceMultiplier(1000, Number.POSITIVE_INFINITY)).toThrow(MetricInputError);
    expect(() => liquidityDepth({ reserveToken: 1, reserveStable: 1, band: 0 })).toThrow('band');
    expect(() => liquidityDepth({ reserveToken: 1, reserveStable: 1, band: 1 })).toThrow('band');
    expect(() => liquidityDepth({ reserveToken: 0, reserveStable: 1 })).toThrow('reserveToken');
  });

  const reserve = fc.double({ min: 1e-3, max: 1e12, noNaN: true });
  it('depth is monotone in reserves and linear in scale (property)', () => {
    fc.assert(
      fc.property(reserve, reserve, fc.double({ min: 1.01, max: 100, noNaN: true }), (t, s, k) => {
        const a = liquidityDepth({ reserveToken: t, reserveStable: s });
        const b = liquidityDepth({ reserveToken: t * k, reserveStable: s * k });
        expect(b.upStableIn).toBeGreaterThan(a.upStableIn);
        expect(b.downTokenIn).toBeGreaterThan(a.downTokenIn);
        expect(b.totalStable / a.totalStable).toBeCloseTo(k, 6);
        const c = liquidityDepth({ reserveToken: t, reserveStable: s * k });
        expect(c.upStableIn).toBeGreaterThan(a.upStableIn);
      }),
    );
  });

  it('a trade of exactly inputForPriceMultiplier(m) moves the price by m (property)', () => {
    fc.assert(
      fc.property(reserve, reserve, fc.double({ min: 1, max: 50, noNaN: true }), (rIn, rOut, m) => {
        const x = inputForPriceMultiplier(rIn, m);
        if (x === 0) return;
        const q = quoteSwap({ amountIn: x, reserveIn: rIn, reserveOut: rOut });
        expect(q.newMidPrice / q.midPrice).toBeCloseTo(m, 6);
      }),
    );
  });
});
