import { describe, expect, it } from 'vitest';
import { parseWithBigints, stringifyWithBigints } from './json';

describe('bigint JSON', () => {
  it('round-trips bigints beyond 2^53 and leaves other values alone', () => {
    const value = { a: 2n ** 200n, b: [-5n, 1.5, 'x'], c: { $bigint: 'not-a-number' }, d: null };
    expect(parseWithBigints(stringifyWithBigints(value))).toEqual(value);
  });
});
