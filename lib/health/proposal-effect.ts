/**
 * The market's response to an executed proposal, from indexed hourly KPI snapshots: what the
 * dashboard shows as "since proposal N executed: fee 30 → 55 bps, volume −x %, price y % vs the
 * 24 h before". Pure: no I/O, no React.
 *
 * Windows: the hour bucket that holds the execution block is left out of both sides (on the
 * local chain the execution is mined in the same block as that hour's trades, which were planned
 * at the old levels). "Before" is up to `windowHours` whole hours ending at that bucket; "after"
 * is up to `windowHours` hours from the next one, as many as are indexed so far.
 *
 * Volume is the pool's stable volume per hour (differences of the indexer's cumulative counter);
 * price is the mean of the hourly pool prices in each window; volatility is the annualised
 * realized volatility of the hourly log returns inside each window (null with fewer than 4).
 *
 * This compares hours; it does not isolate the proposal's effect: the replayed market factor
 * moves the holders in both windows too.
 */
import { HomeostatError } from '../errors';
import type { KpiSnapshot } from '../indexer/types';
import { logReturns, realizedVolatility } from '../metrics';

export const EFFECT_WINDOW_HOURS = 24;
const HOUR = 3600;
const MIN_RETURNS = 4;

/** An executed proposal as the charts mark it. */
export type ProposalMarker = {
  /** Decimal proposal id. */
  id: string;
  /** Execution time (chain time, unix seconds). */
  time: number;
  /** What it changed, in words, e.g. "Transfer fee 30 bps → 55 bps". */
  changes: string[];
};

export type WindowStats = {
  hours: number;
  volumePerHour: number | null;
  meanPrice: number | null;
  volatility: number | null;
};

export type ProposalEffect = ProposalMarker & {
  windowHours: number;
  before: WindowStats;
  after: WindowStats;
  /** after / before − 1; null when either side has no data. */
  volumeChange: number | null;
  priceChange: number | null;
  volatilityChange: number | null;
  /** True once the after window has all its hours. */
  complete: boolean;
};

const hourOf = (t: number) => t - (t % HOUR);

/** A proposal id short enough for a chart label: whole up to 8 digits, else "7007…7563" (governor ids are hashes). */
export function shortProposalId(id: string): string {
  return id.length <= 8 ? id : `${id.slice(0, 4)}…${id.slice(-4)}`;
}

/**
 * The effect of `proposal` from `kpis` (hourly snapshots in time order, as /api/kpis returns them;
 * they should start at least `windowHours + 1` hours before the execution). `stableDecimals`
 * converts the cumulative stable volume.
 */
export function proposalEffect(
  proposal: ProposalMarker,
  kpis: readonly KpiSnapshot[],
  stableDecimals: number,
  windowHours = EFFECT_WINDOW_HOURS,
): ProposalEffect {
  if (!Number.isInteger(windowHours) || windowHours < 1) {
    throw new HomeostatError(`proposalEffect: windowHours must be a whole number >= 1, got ${windowHours}`);
  }
  if (!Number.isInteger(stableDecimals) || stableDecimals < 0 || stableDecimals > 36) {
    throw new HomeostatError(`proposalEffect: stableDecimals must be 0..36, got ${stableDecimals}`);
  }
  for (let i = 1; i < kpis.length; i++) {
    if ((kpis[i] as KpiSnapshot).time <= (kpis[i - 1] as KpiSnapshot).time) {
      throw new HomeostatError('proposalEffect: KPI snapshots must be in increasing time order');
    }
  }
  const execHour = hourOf(proposal.time);
  const scale = 10 ** stableDecimals;
  // Hourly volume of snapshot i: its cumulative counter less the previous hour's (null for the first).
  const hourly = (i: number): number | null => {
    const k = kpis[i] as KpiSnapshot;
    const prev = kpis[i - 1];
    if (!prev || prev.time !== k.time - HOUR) return null;
    return Number(k.volumeStable - prev.volumeStable) / scale;
  };
  const stats = (from: number, to: number): WindowStats => {
    // Snapshots with from <= time < to.
    const volumes: number[] = [];
    const prices: number[] = [];
    let hours = 0;
    kpis.forEach((k, i) => {
      if (k.time < from || k.time >= to) return;
      hours++;
      const v = hourly(i);
      if (v !== null) volumes.push(v);
      if (k.price !== null && k.price > 0) prices.push(k.price);
    });
    const returns = prices.length > MIN_RETURNS ? logReturns(prices) : [];
    return {
      hours,
      volumePerHour: volumes.length ? volumes.reduce((a, b) => a + b, 0) / volumes.length : null,
      meanPrice: prices.length ? prices.reduce((a, b) => a + b, 0) / prices.length : null,
      volatility: returns.length >= MIN_RETURNS ? realizedVolatility(returns, returns.length) : null,
    };
  };
  const before = stats(execHour - windowHours * HOUR, execHour);
  const after = stats(execHour + HOUR, execHour + (windowHours + 1) * HOUR);
  const change = (a: number | null, b: number | null) => (a !== null && b !== null && b > 0 ? a / b - 1 : null);
  return {
    ...proposal,
    windowHours,
    before,
    after,
    volumeChange: change(after.volumePerHour, before.volumePerHour),
    priceChange: change(after.meanPrice, before.meanPrice),
    volatilityChange: change(after.volatility, before.volatility),
    complete: after.hours >= windowHours,
  };
}

/** The time range of KPI snapshots `proposalEffect` needs for an execution at `time`. */
export function effectKpiRange(time: number, windowHours = EFFECT_WINDOW_HOURS): { from: number; to: number } {
  const h = hourOf(time);
  return { from: h - (windowHours + 1) * HOUR, to: h + windowHours * HOUR };
}
