import { describe, expect, it } from 'vitest';
import { mergeExpectedEffects } from './effects';
import type { ExpectedEffect } from './types';

describe('mergeExpectedEffects', () => {
  it('gives one row per KPI: a buyback cut and a reward change no longer list net supply twice', () => {
    const effects: ExpectedEffect[] = [
      { kpi: 'treasuryStable', direction: 'up', estimate: 8_750, unit: 'stable', basis: 'budget change × horizon' },
      { kpi: 'netSupplyChange', direction: 'up', estimate: 85_278, unit: 'tokens', basis: 'bought back and burned' },
      { kpi: 'stakingRatio', direction: 'up', estimate: 0.01, unit: 'APR', basis: 'stakers respond' },
      { kpi: 'netSupplyChange', direction: 'none', estimate: 0, unit: 'tokens', basis: 'rewards from the budget' },
    ];
    const merged = mergeExpectedEffects(effects);
    expect(merged.map((e) => e.kpi)).toEqual(['treasuryStable', 'netSupplyChange', 'stakingRatio']);
    expect(merged[1]).toEqual({
      kpi: 'netSupplyChange',
      direction: 'up',
      estimate: 85_278,
      unit: 'tokens',
      basis: 'bought back and burned; rewards from the budget',
    });
  });

  it('takes the direction from the sum, and keeps different units apart', () => {
    const merged = mergeExpectedEffects([
      { kpi: 'netSupplyChange', direction: 'up', estimate: 100, unit: 'tokens', basis: 'a' },
      { kpi: 'netSupplyChange', direction: 'down', estimate: -300, unit: 'tokens', basis: 'b' },
      { kpi: 'volume', direction: 'down', estimate: -0.1, unit: 'fraction of volume', basis: 'c' },
      { kpi: 'volume', direction: 'down', estimate: -5, unit: 'stable', basis: 'd' },
    ]);
    expect(merged).toHaveLength(3);
    expect(merged[0]).toMatchObject({ direction: 'down', estimate: -200 });
  });
});
