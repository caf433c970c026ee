import { describe, expect, it } from 'vitest';
import { depthFromTvl } from './depth';
import { forecastDepthSeries } from './forecast';

describe('liquidity depth', () => {
  it('matches the constant-product formula by hand', () => {
    // TVL 2,000,000 → 1,000,000 per side; +2%: 1e6·(√1.02 − 1); −2%: 1e6·(1/√0.98 − 1)
    const d = depthFromTvl(2_000_000);
    expect(d.up).toBeCloseTo(1e6 * (Math.sqrt(1.02) - 1), 6);
    expect(d.down).toBeCloseTo(1e6 * (1 / Math.sqrt(0.98) - 1), 6);
    expect(d.up).toBeCloseTo(9950.5, 0);
  });

  it('forecasts from the past only, with ordered interval bounds', () => {
    const tvl = Array.from({ length: 200 }, (_, i) => 1e6 * Math.exp(0.01 * Math.sin(i)));
    const days = tvl.map((_, i) => i * 86_400);
    const f = forecastDepthSeries(days, tvl, 60);
    expect(f).toHaveLength(200 - 61);
    for (const x of f) {
      expect(x.lower95).toBeLessThanOrEqual(x.lower80);
      expect(x.lower80).toBeLessThanOrEqual(x.upper80);
      expect(x.upper80).toBeLessThanOrEqual(x.upper95);
    }
    const changed = forecastDepthSeries(
      days,
      tvl.map((v, i) => (i > 150 ? v * 2 : v)),
      60,
    );
    expect(changed.slice(0, 150 - 61 + 1)).toEqual(f.slice(0, 150 - 61 + 1));
  });
});
