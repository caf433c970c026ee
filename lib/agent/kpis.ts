import { HOUR, type HourlyHistory, maxDrawdown, realisedVol } from './history';
import type { KpiWindow } from './records';

/**
 * KPIs over the hours [from, from + hours) of the history (the close before `from` included so
 * the first return counts), with supply, treasury and stake from the given point-in-time values.
 */
export function kpiWindow(
  h: HourlyHistory,
  from: number,
  hours: number,
  point: { totalSupply: number; treasuryStable: number; staked: number },
): KpiWindow {
  const lo = Math.floor(from / HOUR) * HOUR - HOUR;
  const hi = lo + (hours + 1) * HOUR;
  const closes: number[] = [];
  let volume = 0;
  for (let i = 0; i < h.timestamp.length; i++) {
    const t = h.timestamp[i]!;
    if (t < lo || t >= hi) continue;
    closes.push(h.close[i]!);
    if (t > lo) volume += h.volumeStable[i]!;
  }
  return {
    priceVolatility: realisedVol(closes),
    maxDrawdown: maxDrawdown(closes),
    volumeStable: volume,
    totalSupply: point.totalSupply,
    treasuryStable: point.treasuryStable,
    stakingRatio: point.totalSupply > 0 ? point.staked / point.totalSupply : 0,
  };
}
