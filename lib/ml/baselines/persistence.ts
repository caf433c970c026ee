import { trailingVol, type VolSeries } from '../features';

/** Persistence (random walk in volatility): tomorrow's RV forecast is the last 24 hours' RV. */
export function persistenceForecast(s: VolSeries, t: number): number {
  return trailingVol(s.sumSq, t, 24);
}
