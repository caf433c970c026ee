import { HORIZON_HOURS, VOL_FLOOR } from '../features';
import { nelderMead } from './optimize';

/**
 * GARCH(1,1) on hourly log returns, zero mean: r[t] = σ[t]·z[t], z ~ N(0,1),
 * σ²[t] = ω + α·r[t-1]² + β·σ²[t-1]. Parameters are in hourly *squared-return* units
 * (ω is a variance per hour), fitted by Gaussian maximum likelihood.
 */
export type Garch11Params = { omega: number; alpha: number; beta: number };

/**
 * Returns are scaled by 100 (percent) inside the optimiser: ω for hourly BTC is ~1e-6 in raw
 * units, which makes the simplex steps badly scaled. Reported parameters are in raw units.
 */
const SCALE = 100;
/** α+β must stay below 1 for a finite unconditional variance; this caps it. */
const MAX_PERSISTENCE = 0.9999;

const logistic = (x: number) => 1 / (1 + Math.exp(-x));
const logit = (p: number) => Math.log(p / (1 - p));

/** Maps unconstrained optimiser coordinates to valid parameters (ω>0, α,β>=0, α+β<1). */
function decode(theta: number[]): Garch11Params {
  const persistence = MAX_PERSISTENCE * logistic(theta[1]!);
  const share = logistic(theta[2]!);
  return { omega: Math.exp(theta[0]!), alpha: persistence * share, beta: persistence * (1 - share) };
}

/** Negative Gaussian log-likelihood (constants dropped) of returns[from..to) under p. */
export function garchNegLogLik(returns: ArrayLike<number>, p: Garch11Params, from = 1, to = returns.length): number {
  let v = sampleVariance(returns, from, to);
  let nll = 0;
  for (let t = from; t < to; t++) {
    const r = returns[t]!;
    nll += Math.log(v) + (r * r) / v;
    v = p.omega + p.alpha * r * r + p.beta * v;
  }
  return 0.5 * nll;
}

function sampleVariance(returns: ArrayLike<number>, from: number, to: number) {
  let s = 0;
  for (let t = from; t < to; t++) s += returns[t]! ** 2;
  return Math.max(s / Math.max(to - from, 1), 1e-20);
}

/** Fits GARCH(1,1) by MLE on returns[from..to) (returns[0] is NaN and skipped by default). */
export function fitGarch11(returns: ArrayLike<number>, from = 1, to = returns.length): Garch11Params {
  const scaled = new Float64Array(to - from);
  for (let i = from; i < to; i++) scaled[i - from] = returns[i]! * SCALE;
  const variance = sampleVariance(scaled, 0, scaled.length);
  // Start from typical hourly-crypto values (α=0.08, β=0.9) with the sample variance as target.
  const start = [Math.log(variance * 0.02), logit(0.98 / MAX_PERSISTENCE), logit(0.08 / 0.98)];
  const objective = (theta: number[]) => garchNegLogLik(scaled, decode(theta), 0, scaled.length);
  let best = nelderMead(objective, start, { maxIterations: 600, step: 0.5 });
  // One restart from the optimum: the simplex can stall on the flat ridge α+β≈1.
  best = nelderMead(objective, best.x, { maxIterations: 300, step: 0.2 });
  const p = decode(best.x);
  return { omega: p.omega / (SCALE * SCALE), alpha: p.alpha, beta: p.beta };
}

/**
 * Runs the variance recursion over returns[from..] and returns out[t] = σ²[t+1|t], the
 * one-step-ahead variance known at the close of hour t (for t >= from). The recursion starts
 * from the sample variance of the first `from..from+seedLength` returns.
 */
export function garchVariancePath(returns: ArrayLike<number>, p: Garch11Params, from = 1, seedLength = 720) {
  const n = returns.length;
  const out = new Float64Array(n).fill(Number.NaN);
  let v = sampleVariance(returns, from, Math.min(n, from + seedLength));
  for (let t = from; t < n; t++) {
    const r = returns[t]!;
    v = p.omega + p.alpha * r * r + p.beta * v;
    out[t] = v;
  }
  return out;
}

/** One recursion step: σ²[t+1|t] from σ²[t|t-1] and r[t]. */
export function garchStep(p: Garch11Params, previousVariance: number, r: number): number {
  return p.omega + p.alpha * r * r + p.beta * previousVariance;
}

/**
 * Forecast of the next 24 hours' RV from σ²[t+1|t]: the h-step variance mean-reverts as
 * σ̄² + (α+β)^(h-1)(σ²[t+1|t] - σ̄²); the RV forecast is the square root of the summed variances.
 */
export function garchVolForecast(p: Garch11Params, nextVariance: number, horizon = HORIZON_HOURS): number {
  const persistence = p.alpha + p.beta;
  const longRun = p.omega / (1 - persistence);
  let total = 0;
  let decay = 1;
  for (let h = 1; h <= horizon; h++) {
    total += longRun + decay * (nextVariance - longRun);
    decay *= persistence;
  }
  return Math.max(Math.sqrt(Math.max(total, 0)), VOL_FLOOR);
}
