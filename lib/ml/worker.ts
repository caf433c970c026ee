/**
 * Forecast worker: TF.js and the volatility model run here, off the main thread.
 * The page posts a WorkerRequest (lib/ml/browser/protocol.ts) and gets one WorkerResponse back.
 *
 * Backend: on first use the worker measures webgl (through OffscreenCanvas), wasm and cpu with
 * lib/ml/backend.ts and keeps the fastest, or the one the request forces ('?backend=webgl'),
 * falling back along webgl → wasm → cpu when a forced backend cannot start. The model is
 * fetched as bytes (model.json text + weights.bin) so the worker can hash exactly what it runs:
 * sha256 (the public/models name) and keccak256 (the modelHash the agent commits on-chain).
 */
import * as tf from '@tensorflow/tfjs';
import { concatBytes, keccak256, stringToBytes } from 'viem';
import { harFallbackForecast } from '../agent/forecast-inputs';
import type { ModelJson } from './artifacts';
import { type BackendChoice, type BackendName, selectBackend, startBackend } from './backend';
import { PANEL_WINDOW_HOURS } from './browser/history';
import type {
  ForecastRequest,
  ForecastResult,
  HarRequest,
  HarResult,
  PrepareRequest,
  WorkerRequest,
  WorkerResponse,
  WorkerTimeline,
} from './browser/protocol';
import { mulberry32 } from './random';
import { forecastVolatility, loadVolatilityModel, type VolatilityModel } from './volatility';

// The project's lib is "dom"; only the worker-scope members used here are typed.
const scope = self as unknown as {
  location: { href: string };
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerResponse): void;
};

const ORDER: BackendName[] = ['webgl', 'wasm', 'cpu'];

/** Wall-clock (epoch ms) of this worker's milestones, each recorded once, for the panel's timeline. */
const epochNow = () => performance.timeOrigin + performance.now();
const timeline: WorkerTimeline = { created: performance.timeOrigin, scriptReady: epochNow() };
const mark = (name: keyof WorkerTimeline) => {
  timeline[name] ??= epochNow();
};

let report: BackendChoice | undefined;
let reportPromise: Promise<BackendChoice> | undefined;

type Loaded = {
  vm: VolatilityModel;
  sha256Prefix: string;
  keccak: `0x${string}`;
  backend: BackendName;
  /**
   * The first (cold) run on this backend, kernel compilation and JIT included: the warm-up run,
   * or the first real forecast when one was already waiting and the warm-up was skipped.
   */
  coldMs?: number;
};
const models = new Map<string, Promise<Loaded>>();

function measureAll(wasmPath: string): Promise<BackendChoice> {
  reportPromise ??= selectBackend({ wasmPath }).then((r) => {
    report = r;
    mark('backendsMeasured');
    return r;
  });
  return reportPromise;
}

/**
 * The backend for a first forecast, without waiting for the measurement: the measured winner
 * when known; for 'auto' before that, cpu (provisional: it starts instantly, and for a model this
 * small it is usually the winner anyway); a forced backend, or the next one down the order when
 * it cannot start.
 */
async function startWithoutMeasuring(
  req: Pick<ForecastRequest, 'backend' | 'wasmPath'>,
): Promise<{ backend: BackendName; forced: boolean }> {
  if (report) return activate(req);
  if (req.backend === 'auto') {
    await startBackend('cpu');
    return { backend: 'cpu', forced: false };
  }
  for (const name of ORDER.slice(ORDER.indexOf(req.backend))) {
    try {
      await startBackend(name, req.wasmPath);
      return { backend: name, forced: name === req.backend };
    } catch {
      // Next one down the order.
    }
  }
  throw new Error('no TF.js backend could start');
}

/** Activates the requested backend (or the measured winner), falling back down the order. */
async function activate(
  req: Pick<ForecastRequest, 'backend' | 'wasmPath'>,
): Promise<{ backend: BackendName; forced: boolean }> {
  const choice = report ?? (await measureAll(req.wasmPath));
  if (req.backend === 'auto') {
    if (tf.getBackend() !== choice.backend) await tf.setBackend(choice.backend);
    await tf.ready();
    return { backend: choice.backend, forced: false };
  }
  for (const name of ORDER.slice(ORDER.indexOf(req.backend))) {
    if (typeof choice.timings[name] !== 'number') continue;
    if (tf.getBackend() === name || (await tf.setBackend(name))) {
      await tf.ready();
      return { backend: name, forced: name === req.backend };
    }
  }
  await tf.setBackend(choice.backend);
  return { backend: choice.backend, forced: false };
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

type ModelBytes = { text: string; modelJson: ModelJson; weights: Uint8Array };
const bytes = new Map<string, Promise<ModelBytes>>();

/** model.json + weights.bin, fetched once per artifact (independent of the backend, so it overlaps the measurement). */
function modelBytes(modelPath: string): Promise<ModelBytes> {
  let loading = bytes.get(modelPath);
  if (!loading) {
    loading = (async () => {
      const res = await fetch(modelPath);
      if (!res.ok) throw new Error(`${modelPath}: HTTP ${res.status}`);
      const text = await res.text();
      const modelJson = JSON.parse(text) as ModelJson;
      const weightsName = modelJson.weightsManifest[0]?.paths[0] ?? 'weights.bin';
      const weights = await fetchBytes(new URL(weightsName, new URL(modelPath, scope.location.href)).href);
      mark('modelFetched');
      return { text, modelJson, weights };
    })();
    bytes.set(modelPath, loading);
    loading.catch(() => bytes.delete(modelPath));
  }
  return loading;
}

/**
 * A deterministic synthetic hourly window of the panel's size (a seeded random walk with ~3%
 * daily volatility). Running the model on it once after loading compiles the backend's kernels
 * (WebGL shaders) and warms the JavaScript JIT while the page is still fetching the real history,
 * so the visitor's forecast is a warm run.
 */
function warmUpWindow(hours = PANEL_WINDOW_HOURS) {
  const rng = mulberry32(7);
  const timestamp = new Float64Array(hours);
  const close = new Float64Array(hours);
  let price = 100;
  for (let i = 0; i < hours; i++) {
    price *= Math.exp(0.006 * (rng() - 0.5) * Math.sqrt(12));
    timestamp[i] = 1_700_000_000 + i * 3600;
    close[i] = price;
  }
  return { timestamp, close };
}

async function loadModel(modelPath: string, backend: BackendName): Promise<Loaded> {
  const { text, modelJson, weights } = await modelBytes(modelPath);
  const all = concatBytes([stringToBytes(text), weights]);
  const sha = new Uint8Array(await crypto.subtle.digest('SHA-256', all as Uint8Array<ArrayBuffer>));
  const sha256Prefix = Array.from(sha.slice(0, 6), (b) => b.toString(16).padStart(2, '0')).join('');
  const vm = await loadVolatilityModel({ modelJson, weights });
  mark('modelLoaded');
  const loaded: Loaded = { vm, sha256Prefix, keccak: keccak256(all), backend };
  // Worth it only while nothing is waiting: with a forecast already queued, the cold run is that one.
  if (forecastsWaiting === 0) {
    const start = performance.now();
    forecastVolatility(vm, warmUpWindow());
    loaded.coldMs = performance.now() - start;
    mark('warmedUp');
  }
  return loaded;
}

/** Weights live on the backend that loaded them; one model per (artifact, backend). */
function modelOn(modelPath: string, backend: BackendName): Promise<Loaded> {
  const key = `${backend} ${modelPath}`;
  let loading = models.get(key);
  if (!loading) {
    loading = loadModel(modelPath, backend);
    models.set(key, loading);
    loading.catch(() => models.delete(key));
  }
  return loading;
}

/** The volatility artifact named by public/models/index.json. */
async function currentModelPath(indexUrl: string): Promise<string> {
  const res = await fetch(indexUrl);
  if (!res.ok) throw new Error(`${indexUrl}: HTTP ${res.status}`);
  const index = (await res.json()) as { models?: { volatility?: { path?: string } } };
  const path = index.models?.volatility?.path;
  if (!path) throw new Error(`${indexUrl}: no volatility model listed`);
  return path;
}

/**
 * Sent as soon as the page knows it will show a forecast: the model is fetched and loaded on the
 * backend of the first forecast (see startWithoutMeasuring) and run once on a warm-up window,
 * while the page is still fetching the history. The backends are measured later, after the first
 * forecast is on screen (a forecast request with stage 'final').
 */
async function prepare(req: PrepareRequest): Promise<WorkerResponse> {
  const modelPath = req.modelPath ?? (await currentModelPath(req.modelIndexUrl ?? '/models/index.json'));
  const fetching = modelBytes(modelPath);
  const { backend } = await startWithoutMeasuring(req);
  await fetching;
  await modelOn(modelPath, backend);
  return { id: req.id, type: 'prepared', backend };
}

async function forecast(req: ForecastRequest): Promise<ForecastResult> {
  const received = epochNow();
  const t0 = performance.now();
  const { backend, forced } = req.stage === 'first' ? await startWithoutMeasuring(req) : await activate(req);
  const t1 = performance.now();
  // Loading ran the cold warm-up unless this request was already waiting (then this run is the cold one).
  const m = await modelOn(req.modelPath, backend);
  const t2 = performance.now();
  const window = { timestamp: Float64Array.from(req.window.timestamp), close: Float64Array.from(req.window.close) };
  const start = performance.now();
  const f = forecastVolatility(m.vm, window);
  const inferenceMs = performance.now() - start;
  m.coldMs ??= inferenceMs;
  return {
    id: req.id,
    type: 'forecast',
    forecast: f,
    backend,
    forced,
    report,
    provisional: req.backend === 'auto' && !report,
    inferenceMs,
    firstInferenceMs: m.coldMs,
    backendMs: t1 - t0,
    loadMs: t2 - t1,
    sha256Prefix: m.sha256Prefix,
    keccak: m.keccak,
    timeline: { ...timeline, received, computed: epochNow() },
  };
}

function har(req: HarRequest): HarResult {
  const start = performance.now();
  const f = harFallbackForecast(req.window);
  return {
    id: req.id,
    type: 'har',
    rvNext: f.rvNext,
    lower80: f.lower80,
    upper80: f.upper80,
    lower95: f.lower95,
    upper95: f.upper95,
    model: f.modelVersion,
    modelHash: f.modelHash,
    inferenceMs: performance.now() - start,
  };
}

tf.env().set('PROD', true);

// One request at a time: backend switches must not interleave with a running forecast.
let queue: Promise<unknown> = Promise.resolve();
/** Forecast requests received and not yet started (a queued forecast makes the warm-up pointless). */
let forecastsWaiting = 0;

scope.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const req = event.data;
  if (req.type === 'forecast') forecastsWaiting++;
  queue = queue.then(async () => {
    if (req.type === 'forecast') forecastsWaiting--;
    let reply: WorkerResponse;
    try {
      reply = req.type === 'forecast' ? await forecast(req) : req.type === 'prepare' ? await prepare(req) : har(req);
    } catch (e) {
      reply = { id: req.id, type: 'error', message: e instanceof Error ? e.message : String(e) };
    }
    scope.postMessage(reply);
  });
};
