import { describe, expect, it } from 'vitest';
import { gasWithHeadroom } from './gas';

describe('gasWithHeadroom', () => {
  it('adds 30% and a fixed 40k for a new checkpoint', () => {
    expect(gasWithHeadroom(100_000n)).toBe(170_000n);
    expect(gasWithHeadroom(0n)).toBe(40_000n);
  });
});
