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
import { type BackendChoice, type BackendName, selectBackend } from './backend';
import type {
  ForecastRequest,
  ForecastResult,
  HarRequest,
  HarResult,
  PrepareRequest,
  WorkerRequest,
  WorkerResponse,
} from './browser/protocol';
import { forecastVolatility, loadVolatilityModel, type VolatilityModel } from './volatility';

// The project's lib is "dom"; only the worker-scope members used here are typed.
const scope = self as unknown as {
  location: { href: string };
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerResponse): void;
};

const ORDER: BackendName[] = ['webgl', 'wasm', 'cpu'];

let report: BackendChoice | undefined;
let reportPromise: Promise<BackendChoice> | undefined;

type Loaded = { vm: VolatilityModel; sha256Prefix: string; keccak: `0x${string}`; backend: BackendName };
const models = new Map<string, Promise<Loaded>>();

function measureAll(wasmPath: string): Promise<BackendChoice> {
  reportPromise ??= selectBackend({ wasmPath }).then((r) => {
    report = r;
    return r;
  });
  return reportPromise;
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

async function loadModel(modelPath: string, backend: BackendName): Promise<Loaded> {
  const res = await fetch(modelPath);
  if (!res.ok) throw new Error(`${modelPath}: HTTP ${res.status}`);
  const text = await res.text();
  const modelJson = JSON.parse(text) as ModelJson;
  const weightsName = modelJson.weightsManifest[0]?.paths[0] ?? 'weights.bin';
  const weights = await fetchBytes(new URL(weightsName, new URL(modelPath, scope.location.href)).href);
  const all = concatBytes([stringToBytes(text), weights]);
  const sha = new Uint8Array(await crypto.subtle.digest('SHA-256', all as Uint8Array<ArrayBuffer>));
  const sha256Prefix = Array.from(sha.slice(0, 6), (b) => b.toString(16).padStart(2, '0')).join('');
  const vm = await loadVolatilityModel({ modelJson, weights });
  return { vm, sha256Prefix, keccak: keccak256(all), backend };
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

async function prepare(req: PrepareRequest): Promise<WorkerResponse> {
  const { backend } = await activate(req);
  await modelOn(req.modelPath, backend);
  return { id: req.id, type: 'prepared', backend };
}

async function forecast(req: ForecastRequest): Promise<ForecastResult> {
  const t0 = performance.now();
  const { backend, forced } = await activate(req);
  const t1 = performance.now();
  const m = await modelOn(req.modelPath, backend);
  const t2 = performance.now();
  const window = { timestamp: Float64Array.from(req.window.timestamp), close: Float64Array.from(req.window.close) };
  let start = performance.now();
  const f = forecastVolatility(m.vm, window);
  const firstInferenceMs = performance.now() - start;
  // A warm repeat: the first call on a backend includes one-off costs (WebGL shader compilation).
  start = performance.now();
  forecastVolatility(m.vm, window);
  const inferenceMs = performance.now() - start;
  return {
    id: req.id,
    type: 'forecast',
    forecast: f,
    backend,
    forced,
    report: report!,
    inferenceMs,
    firstInferenceMs,
    backendMs: t1 - t0,
    loadMs: t2 - t1,
    sha256Prefix: m.sha256Prefix,
    keccak: m.keccak,
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
scope.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const req = event.data;
  queue = queue.then(async () => {
    let reply: WorkerResponse;
    try {
      reply = req.type === 'forecast' ? await forecast(req) : req.type === 'prepare' ? await prepare(req) : har(req);
    } catch (e) {
      reply = { id: req.id, type: 'error', message: e instanceof Error ? e.message : String(e) };
    }
    scope.postMessage(reply);
  });
};
