/**
 * Hourly anomaly scores, walk-forward: the score of hour t uses rows up to t only, and its
 * reference statistics (median, MAD) come from the `window` hours *before* t, so an anomaly
 * cannot dilute its own baseline. Robust statistics because the reference window itself
 * contains crashes and earlier anomalies.
 *
 * Kinds and the evidence each needs (z = robust z-score against the trailing window):
 * - liquidity_drain:  liquidity falls sharply in an hour (z of Δlog liquidity ≪ 0).
 * - whale_dump:       a large negative return *with* a volume surge (someone sold size).
 * - oracle_spike:     a large jump *without* volume (a price that was not traded), not the
 *                     hour that merely reverts a spike the hour before.
 * - wash_burst:       a volume surge *without* a price move (volume that moves nothing).
 */
export const ANOMALY_KINDS = ['liquidity_drain', 'whale_dump', 'oracle_spike', 'wash_burst'] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

export type AnomalyInput = {
  timestamp: ArrayLike<number>;
  price: ArrayLike<number>;
  volume?: ArrayLike<number> | undefined;
  liquidity?: ArrayLike<number> | undefined;
};

export type AnomalyScore = {
  /** max over kinds, in [0, 1]. */
  score: number;
  flag: boolean;
  kind: AnomalyKind | 'none';
  kinds: Record<AnomalyKind, number>;
};

export type DetectorOptions = {
  /** Trailing reference window in hours (one week covers the weekly volume cycle). */
  window: number;
  /** Score at or above which an hour is flagged. */
  threshold: number;
};

export const DETECTOR_DEFAULTS: DetectorOptions = { window: 168, threshold: 0.5 };

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
/** Robust z-score: (x - median) / (1.4826·MAD), the MAD scaled to σ for normal data. */
function robustZ(x: number, ref: Float64Array): number {
  const sorted = ref.slice().sort();
  const med = sorted[sorted.length >> 1]!;
  for (let i = 0; i < ref.length; i++) sorted[i] = Math.abs(ref[i]! - med);
  sorted.sort();
  const mad = 1.4826 * sorted[sorted.length >> 1]! || 1e-12;
  return (x - med) / mad;
}

/** Trailing window values of a series of per-hour quantities (indices t-window..t-1). */
function trailing(values: Float64Array, t: number, window: number) {
  return values.subarray(t - window, t);
}

export function detectAnomalies(input: AnomalyInput, options: Partial<DetectorOptions> = {}): AnomalyScore[] {
  const { window, threshold } = { ...DETECTOR_DEFAULTS, ...options };
  const n = input.price.length;
  const ret = new Float64Array(n);
  const logVol = new Float64Array(n);
  const liqChange = new Float64Array(n);
  for (let t = 1; t < n; t++) {
    ret[t] = Math.log(input.price[t]! / input.price[t - 1]!);
    if (input.volume) logVol[t] = Math.log1p(input.volume[t]!);
    if (input.liquidity)
      liqChange[t] = Math.log(Math.max(input.liquidity[t]!, 1e-9) / Math.max(input.liquidity[t - 1]!, 1e-9));
  }
  const out: AnomalyScore[] = [];
  for (let t = 0; t < n; t++) {
    const kinds: Record<AnomalyKind, number> = { liquidity_drain: 0, whale_dump: 0, oracle_spike: 0, wash_burst: 0 };
    if (t > window) {
      const zRet = robustZ(ret[t]!, trailing(ret, t, window));
      const zVol = input.volume ? robustZ(logVol[t]!, trailing(logVol, t, window)) : 0;
      // Volume evidence: 1 when volume is clearly high, 0 when normal; 0.5 when there is no volume.
      const surge = input.volume ? sigmoid(2 * (zVol - 2)) : 0.5;
      // The hour that undoes a one-hour spike: big return, but back near the price of t-2.
      const reverts = t >= 2 && Math.abs(Math.log(input.price[t]! / input.price[t - 2]!)) < 0.25 * Math.abs(ret[t]!);
      kinds.whale_dump = sigmoid(1.5 * (-zRet - 5)) * surge;
      kinds.oracle_spike = reverts ? 0 : sigmoid(1.5 * (Math.abs(zRet) - 7)) * (1 - surge);
      if (input.volume) kinds.wash_burst = sigmoid(2 * (zVol - 3)) * (1 - sigmoid(2 * (Math.abs(zRet) - 2.5)));
      if (input.liquidity) {
        const zLiq = robustZ(liqChange[t]!, trailing(liqChange, t, window));
        // A drain is both unusual for this pool and material (> 10% in an hour).
        kinds.liquidity_drain = sigmoid(1.5 * (-zLiq - 6)) * sigmoid(60 * (-liqChange[t]! - 0.1));
      }
    }
    let kind: AnomalyKind = 'liquidity_drain';
    for (const k of ANOMALY_KINDS) if (kinds[k] > kinds[kind]) kind = k;
    const score = kinds[kind];
    out.push({ score, flag: score >= threshold, kind: score >= threshold ? kind : 'none', kinds });
  }
  return out;
}
