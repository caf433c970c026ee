/**
 * How fast the chain's clock runs against the real one, so countdowns can show real time.
 *
 * The local market replays history faster than real time (one simulated hour every 10 s by
 * default), so "2 d 17 h left to vote" in chain time may be minutes for a person. The rate is
 * measured, not assumed: each time a new block timestamp is first seen, (wall time, chain time)
 * is recorded; the rate is the chain seconds that passed per real second between the first and
 * the last such sighting in a recent window. Sightings are only at block changes because a chain
 * clock moves in steps (one block per simulated hour locally, one per few seconds on a real chain).
 * Where no measurement is possible yet (a server just started), a declared rate (the local market's
 * configured speed) stands in and is labelled as such.
 */

/** One first sighting of a block timestamp. */
export type ClockSample = { wallMs: number; chainTime: number };

export type ChainClock = {
  /** Chain seconds per real second; null when unknown (no sightings yet, or the chain is idle). */
  rate: number | null;
  /** True when the chain clock runs clearly faster or slower than real time (rate outside 0.5–2). */
  simulated: boolean;
  source: 'measured' | 'declared' | 'none';
};

/** Sightings older than this are dropped (a change of speed shows within a few minutes). */
export const CLOCK_WINDOW_MS = 5 * 60_000;
/** At least this much real time between the first and last sighting before a rate is measured. */
export const MIN_SPAN_MS = 5_000;

/** Appends a sample when the chain time changed (first sighting of a new block) and trims the window. */
export function recordSample(samples: ClockSample[], sample: ClockSample, windowMs = CLOCK_WINDOW_MS): ClockSample[] {
  const last = samples[samples.length - 1];
  const next = last && last.chainTime === sample.chainTime ? samples : [...samples, sample];
  const cutoff = sample.wallMs - windowMs;
  // Keep one sighting before the cutoff so a slow chain (one block per minute) still has a span.
  let first = 0;
  while (first < next.length - 2 && (next[first + 1] as ClockSample).wallMs < cutoff) first++;
  return first === 0 ? next : next.slice(first);
}

/**
 * The clock at `nowMs` from the sightings. The chain counts as idle (rate unknown) when no new
 * block has been seen for 3 × the mean interval between sightings and at least 60 s: a stopped
 * market must not make a countdown claim minutes that will never pass.
 */
export function estimateClock(samples: readonly ClockSample[], nowMs: number, declaredRate: number | null): ChainClock {
  const declared = (): ChainClock =>
    declaredRate !== null && declaredRate > 0
      ? { rate: declaredRate, simulated: isSimulated(declaredRate), source: 'declared' }
      : { rate: null, simulated: false, source: 'none' };
  if (samples.length < 2) return declared();
  const first = samples[0] as ClockSample;
  const last = samples[samples.length - 1] as ClockSample;
  const spanMs = last.wallMs - first.wallMs;
  if (spanMs < MIN_SPAN_MS || last.chainTime <= first.chainTime) return declared();
  const meanIntervalMs = spanMs / (samples.length - 1);
  if (nowMs - last.wallMs > Math.max(60_000, 3 * meanIntervalMs)) {
    return { rate: null, simulated: false, source: 'none' };
  }
  const rate = (last.chainTime - first.chainTime) / (spanMs / 1000);
  return { rate, simulated: isSimulated(rate), source: 'measured' };
}

export function isSimulated(rate: number): boolean {
  return rate > 2 || rate < 0.5;
}

/** Real seconds until `chainSeconds` of chain time have passed, or null when the rate is unknown. */
export function realSeconds(chainSeconds: number, clock: ChainClock | null | undefined): number | null {
  if (!clock || clock.rate === null || clock.rate <= 0) return null;
  return chainSeconds / clock.rate;
}
