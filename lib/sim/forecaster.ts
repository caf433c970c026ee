import type { Forecast } from '../policy/types';

const HOURS_PER_YEAR = 8760;
const EPS = 1e-14;

export type HarConfig = {
  /** Forecast horizon (hours); the target is mean squared hourly return over the next horizon. */
  horizonHours: number;
  /** Refit the regression every this many hours. */
  refitEveryHours: number;
  /** Fit on the most recent this many hours of complete samples. */
  windowHours: number;
  /** HAR components: short, medium and long realised-variance windows (hours). */
  components: [number, number, number];
  /** EWMA decay per hour for the warm-up fallback. */
  ewmaLambda: number;
};

export const DEFAULT_HAR_CONFIG: HarConfig = {
  horizonHours: 24,
  refitEveryHours: 24,
  windowHours: 24 * 120,
  components: [24, 168, 720],
  ewmaLambda: 0.97,
};

/**
 * Walk-forward HAR-RV volatility forecaster (Corsi 2009) in logs, fed one hourly price at a
 * time. At each hour it only uses returns already observed (no look-ahead): a sample
 * (x at τ, realised variance over (τ, τ+h]) enters the fit only once τ+h has passed.
 * Intervals come from the empirical quantiles of the in-sample log residuals. Until enough
 * history exists it falls back to an EWMA forecast with a ±lognormal band.
 */
export class HarForecaster {
  readonly config: HarConfig;
  private readonly cum: number[] = [0]; // cumulative sum of squared log returns
  private lastPrice: number | undefined;
  private lastTime = 0;
  private ewma = 0;
  private ewmaInit = false;
  private coef: [number, number, number, number] | undefined;
  private q: { q025: number; q10: number; q90: number; q975: number } | undefined;
  private sinceFit = 0;

  constructor(config: Partial<HarConfig> = {}) {
    this.config = { ...DEFAULT_HAR_CONFIG, ...config };
  }

  /** Number of returns seen. */
  get count(): number {
    return this.cum.length - 1;
  }

  push(timestamp: number, price: number): void {
    if (this.lastPrice !== undefined) {
      const r = Math.log(price / this.lastPrice);
      const r2 = r * r;
      this.cum.push((this.cum[this.cum.length - 1] ?? 0) + r2);
      if (!this.ewmaInit) {
        this.ewma = r2;
        this.ewmaInit = true;
      } else this.ewma = this.config.ewmaLambda * this.ewma + (1 - this.config.ewmaLambda) * r2;
      this.sinceFit++;
      if (this.sinceFit >= this.config.refitEveryHours) {
        this.sinceFit = 0;
        this.fit();
      }
    }
    this.lastPrice = price;
    this.lastTime = timestamp;
  }

  /** Mean squared return over returns (end − w, end] (1-based return indices). */
  private rv(end: number, w: number): number {
    const a = this.cum[end - w] ?? 0;
    const b = this.cum[end] ?? 0;
    return (b - a) / w;
  }

  private features(end: number): [number, number, number] {
    const [d, w, m] = this.config.components;
    return [Math.log(this.rv(end, d) + EPS), Math.log(this.rv(end, w) + EPS), Math.log(this.rv(end, m) + EPS)];
  }

  private fit(): void {
    const n = this.count;
    const h = this.config.horizonHours;
    const longest = this.config.components[2];
    const lastEnd = n - h; // latest τ whose target window (τ, τ+h] is fully observed
    const firstEnd = Math.max(longest, lastEnd - this.config.windowHours);
    if (lastEnd - firstEnd < 24 * 30) return; // need a month of samples
    // Normal equations for y = b0 + b·x (4×4). Features and targets are computed once and kept
    // for the residual pass (the fit runs every refitEveryHours over windowHours samples).
    const len = lastEnd - firstEnd + 1;
    const xs = new Float64Array(3 * len);
    const ys = new Float64Array(len);
    const xtx = new Float64Array(16);
    const xty = new Float64Array(4);
    const row = new Float64Array(4);
    row[0] = 1;
    for (let k = 0; k < len; k++) {
      const tau = firstEnd + k;
      const [a, b, c] = this.features(tau);
      xs[3 * k] = a;
      xs[3 * k + 1] = b;
      xs[3 * k + 2] = c;
      row[1] = a;
      row[2] = b;
      row[3] = c;
      const y = Math.log(this.rv(tau + h, h) + EPS);
      ys[k] = y;
      for (let i = 0; i < 4; i++) {
        xty[i] = (xty[i] ?? 0) + (row[i] ?? 0) * y;
        for (let j = 0; j < 4; j++) xtx[i * 4 + j] = (xtx[i * 4 + j] ?? 0) + (row[i] ?? 0) * (row[j] ?? 0);
      }
    }
    for (let i = 0; i < 4; i++) xtx[i * 5] = (xtx[i * 5] ?? 0) + 1e-6; // ridge for stability
    const beta = solve4(xtx, xty);
    if (!beta) return;
    const res = new Float64Array(len);
    for (let k = 0; k < len; k++) {
      const yhat =
        beta[0] + beta[1] * (xs[3 * k] ?? 0) + beta[2] * (xs[3 * k + 1] ?? 0) + beta[3] * (xs[3 * k + 2] ?? 0);
      res[k] = (ys[k] ?? 0) - yhat;
    }
    res.sort(); // typed arrays sort numerically
    const qt = (p: number) => res[Math.min(res.length - 1, Math.max(0, Math.floor(p * (res.length - 1))))] ?? 0;
    this.coef = beta;
    this.q = { q025: qt(0.025), q10: qt(0.1), q90: qt(0.9), q975: qt(0.975) };
  }

  forecast(): Forecast {
    const h = this.config.horizonHours;
    const toVol = (logVar: number) => Math.sqrt(Math.exp(logVar) * HOURS_PER_YEAR);
    const n = this.count;
    if (this.coef && this.q && n >= this.config.components[2]) {
      const [a, b, c] = this.features(n);
      const m = this.coef[0] + this.coef[1] * a + this.coef[2] * b + this.coef[3] * c;
      // Point forecast: the fitted log-variance (≈ the median); intervals add the residual quantiles.
      return {
        rvNext: toVol(m),
        lower95: toVol(m + this.q.q025),
        lower80: toVol(m + this.q.q10),
        upper80: toVol(m + this.q.q90),
        upper95: toVol(m + this.q.q975),
        horizonHours: h,
        model: 'har-rv',
        issuedAt: this.lastTime,
      };
    }
    const v = Math.log((this.ewmaInit ? this.ewma : 0) + EPS);
    // Warm-up: an EWMA forecast with a log-variance spread typical of hourly crypto (sd ≈ 0.6).
    return {
      rvNext: toVol(v),
      lower95: toVol(v - 1.2),
      lower80: toVol(v - 0.77),
      upper80: toVol(v + 0.77),
      upper95: toVol(v + 1.2),
      horizonHours: h,
      model: 'ewma',
      issuedAt: this.lastTime,
    };
  }
}

function solve4(a: Float64Array, b: Float64Array): [number, number, number, number] | undefined {
  const m = Array.from({ length: 4 }, (_, i) => [
    a[i * 4] ?? 0,
    a[i * 4 + 1] ?? 0,
    a[i * 4 + 2] ?? 0,
    a[i * 4 + 3] ?? 0,
    b[i] ?? 0,
  ]);
  for (let col = 0; col < 4; col++) {
    let piv = col;
    for (let r = col + 1; r < 4; r++) if (Math.abs(m[r]?.[col] ?? 0) > Math.abs(m[piv]?.[col] ?? 0)) piv = r;
    const tmp = m[col] as number[];
    m[col] = m[piv] as number[];
    m[piv] = tmp;
    const p = m[col] as number[];
    const d = p[col] ?? 0;
    if (Math.abs(d) < 1e-12) return undefined;
    for (let r = 0; r < 4; r++) {
      if (r === col) continue;
      const row = m[r] as number[];
      const f = (row[col] ?? 0) / d;
      for (let k = col; k < 5; k++) row[k] = (row[k] ?? 0) - f * (p[k] ?? 0);
    }
  }
  const x = [0, 1, 2, 3].map((i) => (m[i]?.[4] ?? 0) / (m[i]?.[i] ?? 1));
  if (!x.every(Number.isFinite)) return undefined;
  return x as [number, number, number, number];
}

/**
 * The stateless `Forecaster` shape the agent uses: replays the last `windowHours` + long
 * component of history into a fresh HAR forecaster and forecasts at index t (no look-ahead).
 */
export function harForecast(
  history: { timestamp: ArrayLike<number>; price: ArrayLike<number> },
  t: number,
  config: Partial<HarConfig> = {},
): Forecast {
  const f = new HarForecaster(config);
  const span = f.config.windowHours + f.config.components[2] + f.config.horizonHours + f.config.refitEveryHours;
  const from = Math.max(0, t - span);
  // Align refits so the fit happens right before t.
  for (let i = from; i <= t; i++) f.push(history.timestamp[i] ?? 0, history.price[i] ?? Number.NaN);
  return f.forecast();
}
