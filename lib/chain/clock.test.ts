import { describe, expect, it } from 'vitest';
import { type ClockSample, estimateClock, realSeconds, recordSample } from './clock';

/** Sightings of a chain that mines one block per `everyMs` real ms, each `chainStep` chain seconds apart. */
function run(blocks: number, everyMs: number, chainStep: number, t0 = 1_000_000, chain0 = 1_700_000_000) {
  let samples: ClockSample[] = [];
  for (let i = 0; i < blocks; i++) {
    // Polled twice per block: the second sighting of the same timestamp adds nothing.
    samples = recordSample(samples, { wallMs: t0 + i * everyMs, chainTime: chain0 + i * chainStep });
    samples = recordSample(samples, { wallMs: t0 + i * everyMs + everyMs / 2, chainTime: chain0 + i * chainStep });
  }
  return { samples, lastMs: t0 + (blocks - 1) * everyMs };
}

describe('chain clock', () => {
  it('measures the local market: one simulated hour every 10 s is 360 chain seconds per second', () => {
    const { samples, lastMs } = run(20, 10_000, 3600);
    const clock = estimateClock(samples, lastMs + 3_000, null);
    expect(clock.source).toBe('measured');
    expect(clock.rate).toBeCloseTo(360, 6);
    expect(clock.simulated).toBe(true);
    // 72 h of voting left: 720 real seconds.
    expect(realSeconds(72 * 3600, clock)).toBeCloseTo(720, 6);
  });

  it('a real chain (12 s blocks) runs at real time and is not labelled simulated', () => {
    const { samples, lastMs } = run(30, 12_000, 12);
    const clock = estimateClock(samples, lastMs + 1_000, 360);
    expect(clock.rate).toBeCloseTo(1, 6);
    expect(clock.simulated).toBe(false);
  });

  it('falls back to the declared rate until a span is measured, and to none without one', () => {
    const { samples, lastMs } = run(1, 10_000, 3600);
    expect(estimateClock(samples, lastMs, 360)).toEqual({ rate: 360, simulated: true, source: 'declared' });
    expect(estimateClock(samples, lastMs, null)).toEqual({ rate: null, simulated: false, source: 'none' });
  });

  it('an idle chain (market stopped) has no rate: a countdown must not promise minutes that never pass', () => {
    const { samples, lastMs } = run(20, 10_000, 3600);
    expect(estimateClock(samples, lastMs + 61_000, 360).rate).toBeNull();
    expect(estimateClock(samples, lastMs + 29_000, 360).rate).toBeCloseTo(360, 6);
  });

  it('keeps only the recent window, so a change of speed shows', () => {
    let samples: ClockSample[] = [];
    let wall = 0;
    let chain = 0;
    for (let i = 0; i < 60; i++) {
      wall += 10_000;
      chain += 3600;
      samples = recordSample(samples, { wallMs: wall, chainTime: chain });
    }
    for (let i = 0; i < 60; i++) {
      wall += 1_000;
      chain += 3600;
      samples = recordSample(samples, { wallMs: wall, chainTime: chain });
    }
    // 60 s at 3,600 chain s per real s inside a 5-minute window that also holds 240 s of the old speed.
    const clock = estimateClock(samples, wall, null);
    expect(clock.rate).toBeGreaterThan(900);
    expect(samples[0]?.wallMs).toBeGreaterThanOrEqual(wall - 5 * 60_000 - 10_000);
  });
});
