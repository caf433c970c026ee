'use client';

import type {
  ForecastRequest,
  ForecastResult,
  HarResult,
  HourlyWindow,
  WorkerRequest,
  WorkerResponse,
} from '@/lib/ml/browser/protocol';

/** Where public/tfjs-wasm/ (scripts/copy-wasm.ts) is served. */
export const WASM_PATH = '/tfjs-wasm/';

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
