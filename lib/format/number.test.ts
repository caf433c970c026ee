import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCompactNumber, formatDecimal } from './number';

const intlDecimal = (x: number, max: number) =>
  new Intl.NumberFormat('en-US', { maximumFractionDigits: max }).format(x);
const intlCompact = (x: number, max: number) =>
  new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: max }).format(x);

const edges = [
  0,
  -0,
  0.001,
  -0.001,
  0.005,
  0.015,
  1.005,
  2.675,
  0.125,
  999.994,
  999.995,
  999.999,
  1000,
  9999.995,
  99999.5,
  999994.9,
  999995,
  999999,
  1234567,
  -1234567,
  1e12,
  999.999e9,
  1e15,
  1.23456e15,
  1e18,
  1e21,
  1.5e21,
  1e22,
  1e-7,
  5e-7,
  123.456e-9,
  Number.MAX_SAFE_INTEGER,
  Number.MIN_VALUE,
  Number.MAX_VALUE,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
];

// Doubles across every scale the app shows (token amounts, prices, percentages), and decimals that
// end in a 5 exactly where rounding happens.
const anyScale = fc
  .tuple(fc.double({ min: 1, max: 10, noNaN: true }), fc.integer({ min: -9, max: 24 }), fc.boolean())
  .map(([m, e, neg]) => (neg ? -1 : 1) * m * 10 ** e);
const fiveAtTheCut = fc
  .tuple(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 4 }), fc.boolean())
  .map(([n, k, neg]) => (neg ? -1 : 1) * Number(`${n}5e-${k + 1}`));

describe('formatDecimal (en-US, like Intl)', () => {
  it.each([0, 1, 2, 3, 6])('matches Intl on edge cases, %i fraction digits', (max) => {
    for (const x of edges) expect(formatDecimal(x, max), String(x)).toBe(intlDecimal(x, max));
  });

  it('matches Intl on doubles of any scale and on half-way decimals (property)', () => {
    fc.assert(
      fc.property(fc.oneof(anyScale, fiveAtTheCut, fc.double()), fc.integer({ min: 0, max: 6 }), (x, max) => {
        expect(formatDecimal(x, max)).toBe(intlDecimal(x, max));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('formatCompactNumber (en-US compact, like Intl)', () => {
  it.each([0, 1, 2])('matches Intl on edge cases, %i fraction digits', (max) => {
    for (const x of edges) expect(formatCompactNumber(x, max), String(x)).toBe(intlCompact(x, max));
  });

  it('matches Intl on doubles of any scale and on half-way decimals (property)', () => {
    fc.assert(
      fc.property(fc.oneof(anyScale, fiveAtTheCut, fc.double()), fc.integer({ min: 0, max: 3 }), (x, max) => {
        expect(formatCompactNumber(x, max)).toBe(intlCompact(x, max));
      }),
      { numRuns: 3000 },
    );
  });
});
