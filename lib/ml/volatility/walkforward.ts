import type * as tf from '@tensorflow/tfjs';
import { EWMA_DEFAULT_LAMBDA, ewmaVariancePath, ewmaVolFromVariance, selectEwmaLambda } from '../baselines/ewma';
import { fitGarch11, type Garch11Params, garchStep, garchVolForecast } from '../baselines/garch11';
import { fitHar, type HarParams, harForecast } from '../baselines/har';
import { persistenceForecast } from '../baselines/persistence';
import { FIRST_FEATURE_HOUR, futureVol, HORIZON_HOURS, type VolSeries } from '../features';
import { qlikeVol, quantileSorted } from '../stats';
import {
  BASELINES,
  type BaselineName,
  CANDIDATES,
  type CandidateForecasts,
  type CandidateName,
  DEFAULT_RESIDUAL_QUANTILES,
  ensembleForecast,
  intervalsFrom,
  type ResidualQuantiles,
} from './candidates';
import { predictVol, trainVolatilityModel, type VolNormalisation } from './train';

/**
 * Walk-forward engine behind the `forecast` CLI and `evaluate`. At every hour t it uses only
 * closes up to t: models are refitted on the hours whose 24h outcome was complete by then,
 * the served candidate is chosen on a rolling window of known outcomes, and the intervals are
 * quantiles of the served forecast's recent log-errors (rolling split-conformal).
 */
export type WalkForwardOptions = {
  /** Hours after the first full feature row before lines are emitted (residuals and HAR need history). */
  warmupHours: number;
  /** Baselines (HAR, GARCH, EWMA λ) are refitted this often. */
  refitHours: number;
  /** The network is retrained this often (it costs seconds; the baselines cost milliseconds). */
  modelRefitHours: number;
  /** The network is first trained once this many complete outcomes exist. */
  minModelSamples: number;
  /** Epochs per (re)training; fixed, since there is no untouched validation set inside a walk. */
  modelEpochs: number;
  /** GARCH is fitted on this many most recent returns (a rolling year). */
  garchWindowHours: number;
  /** Rolling window (forecast hours with known outcome) for weighting and guarding the served forecast. */
  selectionWindowHours: number;
  /** Weight of candidate c ∝ exp(-sharpness · (rolling QLIKE of c − best rolling QLIKE)). */
  weightSharpness: number;
  /** Rolling window of residuals for the interval quantiles. */
  calibrationWindowHours: number;
  /** Disable the network (baselines only), e.g. for quick tests. */
  useModel: boolean;
  seed: number;
  onProgress?: (done: number, total: number) => void;
};

export const WALK_FORWARD_DEFAULTS: WalkForwardOptions = {
  warmupHours: 720,
  refitHours: 720,
  modelRefitHours: 2160,
  minModelSamples: 2000,
  modelEpochs: 12,
  garchWindowHours: 8760,
  selectionWindowHours: 4320,
  weightSharpness: 30,
  calibrationWindowHours: 2160,
  useModel: true,
  seed: 20240501,
};

export type WalkForwardRow = {
  /** Index of the hour of the last close used. */
  t: number;
  timestamp: number;
  rvNext: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
  served: ServedName;
  candidates: CandidateForecasts;
};

/**
 * What `rvNext` is: 'weighted' (the performance-weighted combination, see selectServed) or,
 * when a baseline has done better than that combination over the selection window, that baseline.
 * Before any candidate has a track record: HAR, or EWMA before HAR is fitted.
 */
export type ServedName = 'weighted' | CandidateName;

/** Candidates combined into the weighted forecast (persistence is never competitive: 2× HAR's QLIKE). */
export const WEIGHTED_MEMBERS = [
  'model',
  'ensemble',
  'har',
  'garch11',
  'ewma',
] as const satisfies readonly CandidateName[];

/** A rolling mean over the last `window` values pushed. */
class RollingMean {
  private readonly values: Float64Array;
  private next = 0;
  count = 0;
  sum = 0;
  constructor(private readonly window: number) {
    this.values = new Float64Array(window);
  }
  push(v: number) {
    if (this.count === this.window) this.sum -= this.values[this.next]!;
    else this.count++;
    this.values[this.next] = v;
    this.sum += v;
    this.next = (this.next + 1) % this.window;
  }
  get mean() {
    return this.sum / this.count;
  }
  snapshot(): Float64Array {
    return this.values.slice(0, this.count);
  }
}

/** Hours with a complete outcome by the close of hour T: t + 24 <= T. */
function knownHours(from: number, T: number): Int32Array {
  const last = T - HORIZON_HOURS;
  const out = new Int32Array(Math.max(last - from + 1, 0));
  for (let i = 0; i < out.length; i++) out[i] = from + i;
  return out;
}

export async function walkForward(s: VolSeries, options: Partial<WalkForwardOptions> = {}): Promise<WalkForwardRow[]> {
  const o = { ...WALK_FORWARD_DEFAULTS, ...options };
  const rows: WalkForwardRow[] = [];
  if (s.n <= FIRST_FEATURE_HOUR + 1) return rows;
  const firstEmitted = FIRST_FEATURE_HOUR + o.warmupHours;
  // Realised outcomes are looked up only for hours already complete at the time of use.
  const realised = (t: number) => futureVol(s.sumSq, t);

  // EWMA paths are causal (path[t] uses returns up to t), so one pass per λ serves every hour.
  const ewmaPaths = new Map<number, Float64Array>();
  const ewmaPath = (lambda: number) => {
    let p = ewmaPaths.get(lambda);
    if (!p) {
      p = ewmaVariancePath(s.returns, lambda);
      ewmaPaths.set(lambda, p);
    }
    return p;
  };

  const losses = Object.fromEntries(CANDIDATES.map((c) => [c, new RollingMean(o.selectionWindowHours)])) as Record<
    CandidateName,
    RollingMean
  >;
  const weightedLoss = new RollingMean(o.selectionWindowHours);
  const residuals = new RollingMean(o.calibrationWindowHours);
  const history: { candidates: CandidateForecasts; weighted: number | undefined; served: number }[] = [];
  const minCount = Math.min(168, o.selectionWindowHours);

  let lambda = EWMA_DEFAULT_LAMBDA;
  let har: HarParams | undefined;
  let garch: Garch11Params | undefined;
  let garchVariance = 0;
  let model: tf.LayersModel | undefined;
  let normalisation: VolNormalisation | undefined;
  let lastModelFit = Number.NEGATIVE_INFINITY;

  for (let T = FIRST_FEATURE_HOUR; T < s.n; T += o.refitHours) {
    const end = Math.min(T + o.refitHours, s.n);
    // ---- refit on what is known at the close of hour T ----
    const known = knownHours(FIRST_FEATURE_HOUR, T);
    const knownRealised = Float64Array.from(known, realised);
    if (known.length >= 100) {
      lambda = selectEwmaLambda(s.returns, known, knownRealised);
      har = fitHar(s, known, knownRealised);
    }
    const garchFrom = Math.max(1, T + 1 - o.garchWindowHours);
    garch = fitGarch11(s.returns, garchFrom, T + 1);
    // Re-run the recursion with the new parameters up to T-1, so each hour below steps once.
    garchVariance = 0;
    for (let i = garchFrom; i < Math.min(garchFrom + 720, T + 1); i++) garchVariance += s.returns[i]! ** 2;
    garchVariance /= Math.max(Math.min(720, T + 1 - garchFrom), 1);
    for (let i = garchFrom; i < T; i++) garchVariance = garchStep(garch, garchVariance, s.returns[i]!);
    if (o.useModel && known.length >= o.minModelSamples && T - lastModelFit >= o.modelRefitHours) {
      model?.dispose();
      const trained = await trainVolatilityModel(s, known, { epochs: o.modelEpochs, seed: o.seed });
      model = trained.model;
      normalisation = trained.normalisation;
      lastModelFit = T;
    }
    // ---- forecast every hour of the segment with the parameters fixed at T ----
    const segment = new Int32Array(end - T).map((_, i) => T + i);
    const nn = model && normalisation ? predictVol(model, normalisation, s, segment) : undefined;
    const ewma = ewmaPath(lambda);
    for (let k = 0; k < segment.length; k++) {
      const t = segment[k]!;
      garchVariance = garchStep(garch, garchVariance, s.returns[t]!);
      // Outcomes that completed at the close of t: the forecast made at t-24. Score it now.
      const done = t - HORIZON_HOURS;
      if (done >= FIRST_FEATURE_HOUR) {
        const h = history[done - FIRST_FEATURE_HOUR]!;
        const outcome = realised(done);
        for (const c of CANDIDATES) {
          const f = h.candidates[c];
          if (f !== undefined) losses[c].push(qlikeVol(outcome, f));
        }
        if (h.weighted !== undefined) weightedLoss.push(qlikeVol(outcome, h.weighted));
        residuals.push(Math.log(outcome / h.served));
      }
      const model_ = nn?.[k];
      const harF = har ? harForecast(har, s, t) : undefined;
      const garchF = garchVolForecast(garch, garchVariance);
      const candidates: CandidateForecasts = {
        model: model_,
        ensemble: ensembleForecast(model_, harF, garchF),
        har: harF,
        garch11: garchF,
        ewma: ewmaVolFromVariance(ewma[t]!),
        persistence: persistenceForecast(s, t),
      };
      const weighted = weightedForecast(candidates, losses, minCount, o.weightSharpness);
      const served = selectServed(candidates, weighted, losses, weightedLoss, minCount);
      const forecast = served === 'weighted' ? weighted! : candidates[served]!;
      history.push({ candidates, weighted, served: forecast });
      if (t < firstEmitted) continue;
      const q = residualQuantiles(residuals);
      rows.push({ t, timestamp: s.timestamp[t]!, rvNext: forecast, ...intervalsFrom(forecast, q), served, candidates });
    }
    o.onProgress?.(end, s.n);
  }
  model?.dispose();
  return rows;
}

type TrackRecord = { count: number; mean: number };

/**
 * Performance-weighted combination (exponential weights on the rolling mean QLIKE, in log
 * volatility): w_c ∝ exp(-sharpness · (L_c − min L)) over WEIGHTED_MEMBERS with at least
 * `minCount` scored forecasts. A single noisy winner is not picked outright: a candidate only
 * slightly behind keeps a share, so the served forecast does not jump between members when
 * their rolling losses cross. Undefined until some member has a track record.
 */
export function weightedForecast(
  candidates: CandidateForecasts,
  losses: Record<CandidateName, TrackRecord>,
  minCount: number,
  sharpness: number,
): number | undefined {
  const members = WEIGHTED_MEMBERS.filter((c) => candidates[c] !== undefined && losses[c].count >= minCount);
  if (members.length === 0) return undefined;
  const best = Math.min(...members.map((c) => losses[c].mean));
  let sumW = 0;
  let sumLog = 0;
  for (const c of members) {
    const w = Math.exp(-sharpness * (losses[c].mean - best));
    sumW += w;
    sumLog += w * Math.log(candidates[c]!);
  }
  return Math.exp(sumLog / sumW);
}

/**
 * The weighted forecast, unless a baseline's rolling QLIKE is lower than the weighted
 * forecast's own over the same window: then that baseline, so the served forecast is never
 * one known to be doing worse than the best baseline. Before any track record: HAR if fitted,
 * else EWMA (the classical default for short histories).
 */
export function selectServed(
  candidates: CandidateForecasts,
  weighted: number | undefined,
  losses: Record<CandidateName, TrackRecord>,
  weightedLoss: TrackRecord,
  minCount: number,
): ServedName {
  const fallback = candidates.har !== undefined ? 'har' : 'ewma';
  if (weighted === undefined) return fallback;
  if (weightedLoss.count < minCount) return 'weighted';
  let best: BaselineName | undefined;
  for (const b of BASELINES) {
    if (candidates[b] === undefined || losses[b].count < minCount) continue;
    if (best === undefined || losses[b].mean < losses[best].mean) best = b;
  }
  return best !== undefined && losses[best].mean < weightedLoss.mean ? best : 'weighted';
}

function residualQuantiles(r: RollingMean): ResidualQuantiles {
  if (r.count < 100) return DEFAULT_RESIDUAL_QUANTILES;
  const sorted = r.snapshot().sort();
  return {
    q025: quantileSorted(sorted, 0.025),
    q10: quantileSorted(sorted, 0.1),
    q90: quantileSorted(sorted, 0.9),
    q975: quantileSorted(sorted, 0.975),
  };
}
