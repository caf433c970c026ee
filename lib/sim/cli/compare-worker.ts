/**
 * One backtest per message, in a worker thread of `backtest:compare` (see compare.ts). The paths
 * arrive once in workerData; each job names a path, a window, a policy and a seed, and the answer
 * is the run's KPIs or its error (name and message, so the main thread can exit 2 on bad input).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { HomeostatError } from '../../errors';
import type { MarketPath } from '../market';
import { type CompareJob, type CompareReply, runJob } from './compare-jobs';

const paths = (workerData as { paths: MarketPath[] }).paths;
parentPort?.on('message', (job: CompareJob) => {
  let reply: CompareReply;
  try {
    reply = { id: job.id, kpis: runJob(paths, job) };
  } catch (e) {
    const err = e as Error;
    reply = {
      id: job.id,
      error: { name: err?.name ?? 'Error', message: err?.message ?? String(e), bad: e instanceof HomeostatError },
    };
  }
  parentPort?.postMessage(reply);
});
