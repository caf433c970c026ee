import { describe, expect, it } from 'vitest';
import type { ChainClock } from '../chain/clock';
import { timeLeft } from './progress';

const start = 1_700_000_000n;
const end = start + 3n * 86_400n;
const local: ChainClock = { rate: 360, simulated: true, source: 'measured' };
const real: ChainClock = { rate: 1, simulated: false, source: 'measured' };

describe('countdowns in real time', () => {
  it('on the accelerated local chain the real time leads and the chain time stands beside it', () => {
    const t = timeLeft('Active', Number(start) + 5 * 3600, start, end, null, local);
    // 67 h of chain time at 360× is 670 s.
    expect(t.realSeconds).toBeCloseTo(670, 6);
    expect(t.text).toBe('≈ 11 min (2 d 19 h of chain time) left to vote');
  });

  it('at real speed the chain time is the real time', () => {
    const t = timeLeft('Active', Number(start), start, end, null, real);
    expect(t.text).toBe('3 d left to vote');
    expect(t.realSeconds).toBe(3 * 86_400);
  });

  it('without a known rate it says chain time only and claims no real time', () => {
    const t = timeLeft('Queued', Number(start), start, end, start + 86_400n, {
      rate: null,
      simulated: false,
      source: 'none',
    });
    expect(t.text).toBe('Executable in 1 d');
    expect(t.realSeconds).toBeNull();
    const pending = timeLeft('Pending', Number(start) - 3600, start, end, null, local);
    expect(pending.text).toBe('Voting starts in ≈ 10 s (1 h of chain time)');
  });
});
