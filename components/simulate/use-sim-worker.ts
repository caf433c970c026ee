'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { SimOutbound, SimPolicy, SimRequest, SimResult, SpiralSummary } from '@/lib/sim/worker-protocol';

export type SimRunState =
  | { status: 'idle' }
  | { status: 'loading-path' }
  | { status: 'running'; policy: SimPolicy | null; fraction: number; overall: number }
  | { status: 'done'; ms: number }
  | { status: 'cancelled' }
  | { status: 'error'; message: string };

/**
 * Owns the simulator's Web Worker (a module worker bundled from lib/sim/worker.ts). Cancel
 * terminates the worker, because a running backtest is synchronous and cannot see messages;
 * the next run starts a fresh one.
 */
export function useSimWorker() {
  const workerRef = useRef<Worker | null>(null);
  const runId = useRef(0);
  const [state, setState] = useState<SimRunState>({ status: 'idle' });
  const [results, setResults] = useState<SimResult[]>([]);
  /** The death-spiral scenario's seigniorage model, guarded and unbounded (only for that scenario). */
  const [spiral, setSpiral] = useState<{ guarded: SpiralSummary; unbounded: SpiralSummary } | null>(null);

  const stopWorker = useCallback(() => {
    workerRef.current?.terminate();
    workerRef.current = null;
  }, []);
  useEffect(() => stopWorker, [stopWorker]);

  const getWorker = useCallback(() => {
    if (!workerRef.current) {
      const w = new Worker(new URL('../../lib/sim/worker.ts', import.meta.url), { type: 'module', name: 'simulator' });
      w.addEventListener('message', (e: MessageEvent<SimOutbound>) => {
        const m = e.data;
        if (m.id !== runId.current) return; // a message from a run that was replaced
        switch (m.type) {
          case 'progress':
            setState({ status: 'running', policy: m.policy, fraction: m.fraction, overall: m.overall });
            break;
          case 'result':
            setResults((r) => [...r, { policy: m.policy, kpis: m.kpis, series: m.series, ms: m.ms }]);
            break;
          case 'spiral':
            setSpiral({ guarded: m.guarded, unbounded: m.unbounded });
            break;
          case 'done':
            setState({ status: 'done', ms: m.ms });
            break;
          case 'cancelled':
            setState({ status: 'cancelled' });
            break;
          case 'error':
            setState({ status: 'error', message: m.message });
            break;
        }
      });
      w.addEventListener('error', (e) => {
        setState({ status: 'error', message: e.message || 'the simulator worker failed to start' });
        stopWorker();
      });
      workerRef.current = w;
    }
    return workerRef.current;
  }, [stopWorker]);

  /** Starts a run; `load` fetches the market path first (state shows "loading"). */
  const run = useCallback(
    async (load: () => Promise<Omit<SimRequest, 'type' | 'id'>>) => {
      const id = ++runId.current;
      setResults([]);
      setSpiral(null);
      setState({ status: 'loading-path' });
      let body: Omit<SimRequest, 'type' | 'id'>;
      try {
        body = await load();
      } catch (e) {
        if (runId.current === id) setState({ status: 'error', message: (e as Error).message });
        return;
      }
      if (runId.current !== id) return;
      setState({ status: 'running', policy: null, fraction: 0, overall: 0 });
      getWorker().postMessage({ ...body, type: 'run', id } satisfies SimRequest);
    },
    [getWorker],
  );

  const cancel = useCallback(() => {
    workerRef.current?.postMessage({ type: 'cancel', id: runId.current });
    runId.current++;
    stopWorker();
    setState({ status: 'cancelled' });
  }, [stopWorker]);

  return { state, results, spiral, run, cancel };
}
