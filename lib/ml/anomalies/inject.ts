/**
 * Labelled anomalies injected into a real series, for measuring the detector. Real data has no
 * ground-truth labels, so recall and precision can only be measured on planted events; the
 * magnitudes below are modest on purpose (a 4–10% dump is 5–15 hourly σ for BTC, a 10–30%
 * one-hour oracle print is what manipulated feeds have shown).
 */
import { mulberry32 } from '../random';
import type { AnomalyInput, AnomalyKind } from './detector';

export type InjectedSeries = Required<AnomalyInput> & { label: (AnomalyKind | null)[] };

export function injectAnomalies(
  base: Required<AnomalyInput>,
  {
    perKind = 40,
    seed = 99,
    from = 200,
    spacing = 72,
  }: { perKind?: number; seed?: number; from?: number; spacing?: number } = {},
): InjectedSeries {
  const n = base.price.length;
  const price = Float64Array.from(base.price);
  const volume = Float64Array.from(base.volume);
  const liquidity = Float64Array.from(base.liquidity);
  const label: (AnomalyKind | null)[] = new Array(n).fill(null);
  const rng = mulberry32(seed);
  const uniform = (a: number, b: number) => a + (b - a) * rng();
  const kinds: AnomalyKind[] = ['liquidity_drain', 'whale_dump', 'oracle_spike', 'wash_burst'];
  // Evenly spaced slots, shuffled among kinds, so events never overlap and cover the whole span.
  const slots = Math.floor((n - from - spacing) / spacing);
  const plan: AnomalyKind[] = [];
  for (let i = 0; i < Math.min(slots, perKind * 4); i++) plan.push(kinds[i % 4]!);
  for (let i = plan.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [plan[i], plan[j]] = [plan[j]!, plan[i]!];
  }
  const stride = Math.floor((n - from - spacing) / Math.max(plan.length, 1));
  plan.forEach((kind, i) => {
    const t = from + i * stride + Math.floor(rng() * Math.max(stride - spacing, 1));
    label[t] = kind;
    if (kind === 'whale_dump') {
      const m = uniform(0.04, 0.1);
      for (let k = t; k < n; k++) price[k] = price[k]! * (1 - m);
      volume[t] = volume[t]! * uniform(6, 15) + 1;
    } else if (kind === 'oracle_spike') {
      price[t] = price[t]! * (rng() < 0.5 ? 1 - uniform(0.1, 0.3) : 1 + uniform(0.1, 0.3));
    } else if (kind === 'wash_burst') {
      volume[t] = volume[t]! * uniform(10, 25) + 1;
    } else {
      const m = uniform(0.3, 0.6);
      for (let k = t; k < n; k++) liquidity[k] = liquidity[k]! * (1 - m);
    }
  });
  return { timestamp: base.timestamp, price, volume, liquidity, label };
}

export type KindMetrics = {
  injected: number;
  detected: number;
  precision: number;
  recall: number;
  kindAccuracy: number;
};

/**
 * Per kind: recall = injected hours flagged (any kind) / injected; precision = flags of that
 * kind on an injected hour of that kind / all flags of that kind. Flags on un-injected hours
 * count as false positives even though some are real events (crashes), so precision is a floor.
 */
export function scoreDetections(label: (AnomalyKind | null)[], flags: { flag: boolean; kind: string }[]) {
  const out: Record<string, KindMetrics> = {};
  const kinds = ['liquidity_drain', 'whale_dump', 'oracle_spike', 'wash_burst'];
  let falseFlags = 0;
  let cleanHours = 0;
  for (let t = 0; t < label.length; t++) {
    if (label[t] === null) {
      cleanHours++;
      if (flags[t]!.flag) falseFlags++;
    }
  }
  for (const k of kinds) {
    let injected = 0;
    let detected = 0;
    let rightKind = 0;
    let flaggedAsK = 0;
    let flaggedAsKCorrect = 0;
    for (let t = 0; t < label.length; t++) {
      const f = flags[t]!;
      if (label[t] === k) {
        injected++;
        if (f.flag) detected++;
        if (f.flag && f.kind === k) rightKind++;
      }
      if (f.flag && f.kind === k) {
        flaggedAsK++;
        if (label[t] === k) flaggedAsKCorrect++;
      }
    }
    out[k] = {
      injected,
      detected,
      recall: injected ? detected / injected : Number.NaN,
      precision: flaggedAsK ? flaggedAsKCorrect / flaggedAsK : Number.NaN,
      kindAccuracy: detected ? rightKind / detected : Number.NaN,
    };
  }
  return { perKind: out, falseFlagRate: cleanHours ? falseFlags / cleanHours : 0, falseFlags, cleanHours };
}
