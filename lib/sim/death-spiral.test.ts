import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors';
import { runDeathSpiral } from './death-spiral';

describe('death-spiral scenario', () => {
  it('the 2 %/24 h guardrail bounds net token supply growth in every 24 h window', () => {
    for (const seed of [1, 2, 3]) {
      const r = runDeathSpiral(seed, { maxNetSupplyChangeBps: 200 });
      expect(r.maxWindowNetFrac).toBeLessThanOrEqual(0.02 + 1e-9);
      // Recomputed from the path: supply(h) / supply(h - 24) - 1 <= 2 % / (1 - 2 %) at most.
      const s = r.path.map((p) => p.tokenSupply);
      for (let h = 24; h < s.length; h++) {
        expect((s[h] as number) - (s[h - 24] as number)).toBeLessThanOrEqual(0.02 * (s[h] as number) + 1e-3);
      }
      // 240 h = 10 windows: at most (1/(1-0.02))^10.
      expect(r.supplyGrowth).toBeLessThan(1.23);
    }
  });
  it('the unbounded counterfactual mints far more and the token collapses', () => {
    const g = runDeathSpiral(1, { maxNetSupplyChangeBps: 200 });
    const u = runDeathSpiral(1, { maxNetSupplyChangeBps: null });
    expect(u.supplyGrowth).toBeGreaterThan(1000 * g.supplyGrowth);
    expect(u.maxWindowNetFrac).toBeGreaterThan(0.5);
    expect(u.finalTokenPrice).toBeLessThan(1e-6 * g.finalTokenPrice);
  });
  it('is deterministic for a seed and rejects bad input by name', () => {
    expect(runDeathSpiral(7).supplyGrowth).toBe(runDeathSpiral(7).supplyGrowth);
    expect(() => runDeathSpiral(1, { hours: 0 })).toThrow(ConfigError);
    expect(() => runDeathSpiral(1, { poolUsd: Number.NaN })).toThrow(/death-spiral.poolUsd/);
  });
});
