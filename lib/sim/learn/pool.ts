/**
 * Node-only: evaluates training jobs on a pool of worker threads (one per core by default), or in
 * this thread with size 0. Answers come back in job order whatever the thread count, so training
 * is deterministic in the seed alone.
 */
import { Worker } from 'node:worker_threads';
import type { MarketPath } from '../market';
import { type EvalJob, evaluate, type LossParts } from './reward';
import type { Evaluator } from './train';

type Reply = { id: number; parts?: LossParts; error?: string };

export type Pool = { evaluate: Evaluator; close: () => Promise<void>; size: number };

export function createPool(path: MarketPath, size: number): Pool {
  if (size <= 0) {
    return {
      size: 0,
      evaluate: async (jobs) => jobs.map((j) => evaluate(path, j)),
      close: async () => {},
    };
  }
  const workers = Array.from(
    { length: size },
    () => new Worker(new URL('./worker.mjs', import.meta.url), { workerData: { path } }),
  );
  let failure: Error | undefined;
  for (const w of workers) {
    w.on('error', (e) => {
      failure = e;
    });
  }
  const run: Evaluator = (jobs: EvalJob[]) =>
    new Promise((resolve, reject) => {
      if (failure) return reject(failure);
      const byId = new Map<number, number>(jobs.map((j, i) => [j.id, i]));
      const out: (LossParts | undefined)[] = new Array(jobs.length);
      let next = 0;
      let done = 0;
      let settled = false;
      const finish = (err?: Error) => {
        if (settled) return;
        settled = true;
        for (const w of workers) {
          w.off('message', handlers.get(w) as (r: Reply) => void);
          w.off('exit', exits.get(w) as (code: number) => void);
        }
        if (err) reject(err);
        else resolve(out as LossParts[]);
      };
      const feed = (w: Worker) => {
        const job = jobs[next++];
        if (job) w.postMessage(job);
      };
      const handlers = new Map<Worker, (r: Reply) => void>();
      const exits = new Map<Worker, (code: number) => void>();
      for (const w of workers) {
        const onMessage = (r: Reply) => {
          if (r.error || !r.parts) return finish(new Error(`training job ${r.id} failed: ${r.error ?? 'no result'}`));
          const i = byId.get(r.id);
          if (i === undefined) return finish(new Error(`internal: unknown job ${r.id}`));
          out[i] = r.parts;
          if (++done === jobs.length) finish();
          else feed(w);
        };
        const onExit = (code: number) => finish(new Error(`a training worker exited with code ${code}`));
        handlers.set(w, onMessage);
        exits.set(w, onExit);
        w.on('message', onMessage);
        w.on('exit', onExit);
        feed(w);
      }
      if (jobs.length === 0) finish();
    });
  return {
    size,
    evaluate: run,
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
