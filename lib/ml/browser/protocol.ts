/**
 * Messages between the page and the forecast worker (lib/ml/worker.ts). Plain data only:
 * everything crosses postMessage by structured clone.
 */
import type { BackendChoice, BackendName } from '../backend';
import type { CandidateForecasts, CandidateName } from '../volatility/candidates';

export type HourlyWindow = { timestamp: number[]; close: number[] };

/** 'auto' measures webgl, wasm and cpu and keeps the fastest; a name forces that backend. */
export type BackendRequest = 'auto' | BackendName;

export type ForecastRequest = {
  id: number;
  type: 'forecast';
  /** URL of the artifact's model.json, e.g. /models/volatility-<hash>/model.json. */
  modelPath: string;
  window: HourlyWindow;
  backend: BackendRequest;
  /** URL prefix where tfjs-backend-wasm's .wasm binaries are served. */
  wasmPath: string;
  /**
   * 'final' (default): measure the backends first (once per worker), run on the winner or the
   * forced one. 'first': do not wait for the measurement — the measured winner if already known,
   * else cpu for 'auto' (provisional) or the forced backend; the page follows up with 'final'.
   */
  stage?: 'first' | 'final';
};

/** The agent's fallback forecaster (lib/sim HAR-RV/EWMA), for verifying decisions made before 721 h. */
export type HarRequest = { id: number; type: 'har'; window: HourlyWindow };

/**
 * Starts TF.js, measures the backends and loads the model while the page still fetches data.
 * Without `modelPath` the worker reads the current volatility model from `modelIndexUrl`
 * (default /models/index.json), so the page can send it before it has fetched anything.
 */
export type PrepareRequest = Omit<ForecastRequest, 'type' | 'window' | 'modelPath'> & {
  type: 'prepare';
  modelPath?: string;
  modelIndexUrl?: string;
};

/**
 * Wall-clock milestones of the worker (epoch milliseconds, performance.timeOrigin + now()),
 * each recorded the first time it happens; the page subtracts its own timeOrigin.
 */
export type WorkerTimeline = {
  /** The worker was created (its timeOrigin). */
  created: number;
  /** Its script, TF.js included, was loaded and evaluated. */
  scriptReady: number;
  backendsMeasured?: number;
  modelFetched?: number;
  modelLoaded?: number;
  /** The cold run on the warm-up window finished. */
  warmedUp?: number;
  /** This forecast request arrived, and its forecast was computed. */
  received?: number;
  computed?: number;
};

export type WorkerRequest = ForecastRequest | HarRequest | PrepareRequest;

export type BrowserForecast = {
  timestamp: number;
  rvNext: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
  served: CandidateName;
  candidates: CandidateForecasts;
  calibration: 'window' | 'validation';
};

export type ForecastResult = {
  id: number;
  type: 'forecast';
  forecast: BrowserForecast;
  /** Backend the forecast ran on and the measurement behind the choice (undefined: not measured yet). */
  backend: BackendName;
  report: BackendChoice | undefined;
  /** Whether the backend was forced by the request rather than chosen by measurement. */
  forced: boolean;
  /** 'auto' before the measurement: ran on cpu; the 'final' forecast follows on the measured winner. */
  provisional: boolean;
  /**
   * Milliseconds: `inferenceMs` is this forecast (a warm run); `firstInferenceMs` the cold first
   * run on this backend, on a same-size warm-up window while the page was fetching the history.
   */
  inferenceMs: number;
  firstInferenceMs: number;
  /** Milliseconds spent measuring backends (0 when already done in this worker) and loading the model. */
  backendMs: number;
  loadMs: number;
  /** First 12 hex of sha256(model.json ‖ weights.bin): the name in public/models. */
  sha256Prefix: string;
  /** keccak256(model.json ‖ weights.bin): the modelHash the agent commits on-chain. */
  keccak: `0x${string}`;
  timeline: WorkerTimeline;
};

export type HarResult = {
  id: number;
  type: 'har';
  rvNext: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
  model: string;
  modelHash: `0x${string}`;
  inferenceMs: number;
};

export type WorkerError = { id: number; type: 'error'; message: string };

export type PreparedResult = { id: number; type: 'prepared'; backend: BackendName };

export type WorkerResponse = ForecastResult | HarResult | PreparedResult | WorkerError;
