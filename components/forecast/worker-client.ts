'use client';

import type {
  BackendRequest,
  ForecastRequest,
  ForecastResult,
  HarResult,
  HourlyWindow,
  WorkerRequest,
  WorkerResponse,
} from '@/lib/ml/browser/protocol';
import { prefetchJson } from './prefetch';

/** Where public/tfjs-wasm/ (scripts/copy-wasm.ts) is served. */
export const WASM_PATH = '/tfjs-wasm/';
export const MODEL_INDEX_URL = '/models/index.json';

/** The panel's history request: the chain's, or (same request) the labelled demo window when the chain is too young. */
export const historyUrl = (source: 'chain' | 'demo') =>
  `/api/forecast/history?source=${source}${source === 'chain' ? '&fallback=demo' : ''}`;

type Pending = { resolve: (r: WorkerResponse) => void; reject: (e: Error) => void };

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();

/** One worker per page, created on first use: TF.js, its backends and the model load there. */
function getWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL('../../lib/ml/worker.ts', import.meta.url), { type: 'module', name: 'forecast' });
  w.onmessage = (event: MessageEvent<WorkerResponse>) => {
    const p = pending.get(event.data.id);
    if (!p) return;
    pending.delete(event.data.id);
    if (event.data.type === 'error') p.reject(new Error(event.data.message));
    else p.resolve(event.data);
  };
  w.onerror = (event) => {
    const error = new Error(`forecast worker failed: ${event.message || 'could not start'}`);
    for (const p of pending.values()) p.reject(error);
    pending.clear();
    w.terminate();
    worker = undefined;
  };
  worker = w;
  return w;
}

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

function send(req: WithoutId<WorkerRequest>): Promise<WorkerResponse> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    getWorker().postMessage({ ...req, id } as WorkerRequest);
  });
}

export async function requestForecast(req: Omit<ForecastRequest, 'id' | 'type' | 'wasmPath'>): Promise<ForecastResult> {
  return (await send({ ...req, type: 'forecast', wasmPath: WASM_PATH })) as ForecastResult;
}

export async function requestHarForecast(window: HourlyWindow): Promise<HarResult> {
  return (await send({ type: 'har', window })) as HarResult;
}

/** Warms the worker up (TF.js, backend measurement, model) while the page fetches the history. */
export function prepareForecast(modelPath: string, backend: ForecastRequest['backend']): void {
  send({ type: 'prepare', modelPath, backend, wasmPath: WASM_PATH }).catch(() => {
    // The forecast request that follows reports the error.
  });
}

const BACKENDS: BackendRequest[] = ['auto', 'webgl', 'wasm', 'cpu'];

/** The backend the page asks for: `?backend=webgl|wasm|cpu` forces one, otherwise 'auto'. */
export function backendFromUrl(): BackendRequest {
  const p = new URLSearchParams(window.location.search).get('backend');
  return BACKENDS.includes(p as BackendRequest) ? (p as BackendRequest) : 'auto';
}

/** When (ms after the page's timeOrigin) the worker was asked to boot; undefined until it was. */
export let bootRequestedAt: number | undefined;

/**
 * Starts the forecast worker before the panel's own code has loaded: TF.js downloads and
 * compiles in the worker, and the current model (from /models/index.json) is fetched, loaded
 * and warmed up, while the panel chunk loads and the page hydrates; the model index and the
 * history requests go out at the same moment (prefetch.ts). Called by the panel's lazy loader;
 * later calls do nothing.
 */
export function bootForecastWorker(): void {
  if (typeof window === 'undefined' || bootRequestedAt !== undefined) return;
  bootRequestedAt = performance.now();
  prefetchJson(historyUrl('chain'));
  prefetchJson(MODEL_INDEX_URL);
  send({ type: 'prepare', modelIndexUrl: MODEL_INDEX_URL, backend: backendFromUrl(), wasmPath: WASM_PATH }).catch(
    () => {
      // The forecast request that follows reports the error.
    },
  );
}
