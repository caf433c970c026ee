/**
 * Data shaping for the forecast panel (pure): the realised 24 h volatility of the recent past
 * beside the next-24 h forecast and its bands, in the model's units (24 h RV as a fraction).
 */
import type { BrowserForecast, HourlyWindow } from './protocol';

export const HOUR = 3600;

export type ForecastChartPoint = {
  time: number;
  /** Realised RV of the 24 hourly log returns ending at `time`. */
  realised?: number;
  /** Forecast RV of the 24 returns after the forecast hour, drawn over that span. */
  forecast?: number;
  band80?: [number, number];
  band95?: [number, number];
};

/** Hours of realised history to draw before the forecast. */
export const CHART_HISTORY_HOURS = 14 * 24;

export function trailingRv24(close: ArrayLike<number>, end: number): number | undefined {
  if (end < 24 || end >= close.length) return undefined;
  let s = 0;
  for (let i = end - 23; i <= end; i++) {
    const r = Math.log(close[i]! / close[i - 1]!);
    s += r * r;
  }
  return Math.sqrt(s);
}

export function forecastChartSeries(
  w: HourlyWindow,
  f: Pick<BrowserForecast, 'timestamp' | 'rvNext' | 'lower80' | 'upper80' | 'lower95' | 'upper95'>,
  historyHours = CHART_HISTORY_HOURS,
): ForecastChartPoint[] {
  const out: ForecastChartPoint[] = [];
  const n = w.close.length;
  for (let i = Math.max(24, n - historyHours); i < n; i++) {
    const realised = trailingRv24(w.close, i);
    if (realised !== undefined) out.push({ time: w.timestamp[i]!, realised });
  }
  const band80: [number, number] = [f.lower80, f.upper80];
  const band95: [number, number] = [f.lower95, f.upper95];
  const last = out[out.length - 1];
  if (last && last.time === f.timestamp) Object.assign(last, { forecast: f.rvNext, band80, band95 });
  else out.push({ time: f.timestamp, forecast: f.rvNext, band80, band95 });
  for (let h = 1; h <= 24; h++) out.push({ time: f.timestamp + h * HOUR, forecast: f.rvNext, band80, band95 });
  return out;
}

/** How many more hourly closes the model needs before it can forecast. */
export function hoursMissing(have: number, need: number): number {
  return Math.max(0, need - have);
}
