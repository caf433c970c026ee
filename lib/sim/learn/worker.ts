/**
 * One evaluation per message, in a worker thread of `train:policy` (pool.ts). The market path
 * arrives once in workerData; each job is a candidate, a training window and a seed, and the answer
 * is its loss parts or its error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { MarketPath } from '../market';
import { type EvalJob, evaluate } from './reward';

const path = (workerData as { path: MarketPath }).path;
parentPort?.on('message', (job: EvalJob) => {
  try {
    parentPort?.postMessage({ id: job.id, parts: evaluate(path, job) });
  } catch (e) {
    const err = e as Error;
    parentPort?.postMessage({ id: job.id, error: `${err?.name ?? 'Error'}: ${err?.message ?? String(e)}` });
  }
});
