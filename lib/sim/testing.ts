// Synthetic market paths for simulator tests.
import type { MarketPath } from './market';
import { Rng } from './rng';

/** Hourly GBM path with annualised volatility `vol`; an optional crash of `crash` (log) spread over 48 h at `crashAt`. */
export function syntheticPath(
  hours: number,
  seed = 7,
  vol = 0.7,
  crash = 0,
  crashAt = Math.floor(hours / 2),
): MarketPath {
  const rng = new Rng(seed);
  const timestamp = new Float64Array(hours);
  const price = new Float64Array(hours);
  let lp = Math.log(30_000);
  const s = vol / Math.sqrt(8760);
  for (let h = 0; h < hours; h++) {
    timestamp[h] = 1_600_000_000 - (1_600_000_000 % 3600) + h * 3600;
    lp += s * rng.normal() + (h >= crashAt && h < crashAt + 48 ? crash / 48 : 0);
    price[h] = Math.exp(lp);
  }
  return { timestamp, price, source: 'synthetic', inputStepSeconds: 3600 };
}
