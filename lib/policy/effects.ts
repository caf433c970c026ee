/**
 * One expected effect per KPI. Several changes can move the same KPI (a buyback cut and a reward
 * change both touch the net supply); listing each as its own row gave a proposal two "Net supply
 * change" rows with different values (+0 and +85,278 tokens) that read as a contradiction. Pure.
 */
import type { ExpectedEffect } from './types';

/**
 * Sums effects on the same KPI (and unit: estimates in different units are not added) in
 * first-seen order; the direction is the sign of the sum ('none' when it is 0), the bases are
 * joined. Estimates are first-order, so adding them is the same approximation that made each.
 */
export function mergeExpectedEffects(effects: readonly ExpectedEffect[]): ExpectedEffect[] {
  const out = new Map<string, ExpectedEffect & { parts: number }>();
  for (const e of effects) {
    const key = `${e.kpi}\u0000${e.unit}`;
    const prev = out.get(key);
    if (!prev) {
      out.set(key, { ...e, parts: 1 });
      continue;
    }
    prev.estimate += e.estimate;
    prev.basis = prev.basis === e.basis ? prev.basis : `${prev.basis}; ${e.basis}`;
    prev.parts++;
  }
  return [...out.values()].map(({ parts, ...e }) =>
    parts === 1 ? e : { ...e, direction: e.estimate > 0 ? 'up' : e.estimate < 0 ? 'down' : 'none' },
  );
}
