'use client';

import { useQuery } from '@tanstack/react-query';
import dynamic from 'next/dynamic';
import { useEffect, useMemo, useState } from 'react';
import { WhenVisible } from '@/components/charts/when-visible';
import type { BackendName } from '@/lib/ml/backend';
import type { ForecastHistory } from '@/lib/ml/browser/history';
import type { BackendRequest, ForecastResult, WorkerTimeline } from '@/lib/ml/browser/protocol';
import { forecastChartSeries, hoursMissing } from '@/lib/ml/browser/series';
import { fetchApiOnce } from './prefetch';
import {
  backendFromUrl,
  bootRequestedAt,
  historyUrl,
  MODEL_INDEX_URL,
  prepareForecast,
  requestForecast,
} from './worker-client';

const chartSkeleton = <div className="h-64 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />;
const ForecastChart = dynamic(() => import('./forecast-chart').then((m) => m.ForecastChart), {
  ssr: false,
  loading: () => chartSkeleton,
});

type ModelIndex = { models: Record<string, { version: string; path: string; hash: string }> };

const BACKENDS: BackendRequest[] = ['auto', 'webgl', 'wasm', 'cpu'];
const pct = (v: number) => `${(v * 100).toFixed(2)}%`;
const ms = (v: number | null | undefined) =>
  typeof v === 'number' ? `${v < 10 ? v.toFixed(2) : v.toFixed(0)} ms` : 'unavailable';

export const forecastQueries = {
  modelIndex: () => ({
    queryKey: ['forecast', 'models'] as const,
    queryFn: () => fetchApiOnce<ModelIndex>(MODEL_INDEX_URL),
    staleTime: Number.POSITIVE_INFINITY,
  }),
  /** The chain's history, or (in the same request) the labelled demo window when the chain is too young. */
  history: (source: 'chain' | 'demo') => ({
    queryKey: ['forecast', 'history', { source }] as const,
    queryFn: () => fetchApiOnce<ForecastHistory>(historyUrl(source)),
  }),
};

/**
 * Runs the published volatility model on the indexed history in a Web Worker and shows the
 * next-24 h forecast with its bands, the model hash, the backend that ran it and the time it took.
 * With fewer than 721 hours on this chain it says how many are missing and runs on a demo window.
 */
export function ForecastPanel() {
  // Client-only component (loaded with ssr: false), so the URL is readable on first render.
  const [backend, setBackend] = useState<BackendRequest>(backendFromUrl);

  const index = useQuery(forecastQueries.modelIndex());
  const chain = useQuery({
    ...forecastQueries.history('chain'),
    refetchInterval: 15_000,
    placeholderData: (previous) => previous,
  });
  const chainHours = chain.data?.source === 'demo' ? chain.data.chainHours : undefined;
  const demo = useQuery({
    ...forecastQueries.history('demo'),
    staleTime: Number.POSITIVE_INFINITY,
    enabled: chain.isError && !chain.data,
  });
  const history = chain.data ?? demo.data;
  const model = index.data?.models.volatility;
  // TF.js start-up, backend measurement and model load overlap the history request.
  useEffect(() => {
    if (model) prepareForecast(model.path, backend);
  }, [model, backend]);

  // Two stages: 'first' runs as soon as the model and the history are there, without waiting for
  // the backend measurement (cpu, labelled provisional, under 'auto'); 'final' then measures
  // webgl, wasm and cpu and re-runs on the winner (or the forced backend) and replaces it.
  const runKey = { source: history?.source, until: history?.untilHour, backend, model: model?.path };
  const first = useQuery({
    queryKey: ['forecast', 'run', runKey, 'first'] as const,
    queryFn: async () => {
      const result = await requestForecast({ modelPath: model!.path, window: history!, backend, stage: 'first' });
      return {
        result,
        visibleAt: performance.now(),
        historyAt: historyReceivedAt(chain.dataUpdatedAt, demo.dataUpdatedAt),
      };
    },
    enabled: Boolean(model && history && history.hours >= history.minHours),
    staleTime: Number.POSITIVE_INFINITY,
    placeholderData: (previous) => previous,
    retry: 1,
  });
  const needsFinal = Boolean(
    first.data && !first.isPlaceholderData && (first.data.result.provisional || !first.data.result.report),
  );
  const final = useQuery({
    queryKey: ['forecast', 'run', runKey, 'final'] as const,
    queryFn: async () => {
      const result = await requestForecast({ modelPath: model!.path, window: history!, backend, stage: 'final' });
      return { result, shownAt: performance.now() };
    },
    enabled: needsFinal,
    staleTime: Number.POSITIVE_INFINITY,
    retry: 1,
  });
  const run = first;
  const r = (needsFinal ? final.data?.result : undefined) ?? first.data?.result;
  const points = useMemo(() => (r && history ? forecastChartSeries(history, r.forecast) : []), [r, history]);

  return (
    <section className="card space-y-3" aria-labelledby="forecast-heading" data-testid="forecast-panel">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="forecast-heading" className="card-title">
          Volatility forecast (next 24 h)
        </h2>
        <label className="ml-auto flex items-center gap-2 text-sm">
          Backend
          <select
            value={backend}
            onChange={(e) => setBackend(e.target.value as BackendRequest)}
            className="rounded border border-slate-300 bg-transparent px-2 py-1 dark:border-slate-700"
            data-testid="forecast-backend-select"
          >
            {BACKENDS.map((b) => (
              <option key={b} value={b}>
                {b === 'auto' ? 'auto (fastest measured)' : b}
              </option>
            ))}
          </select>
        </label>
      </div>

      {chainHours !== undefined && history ? (
        <p
          className="rounded border border-amber-400 bg-amber-50 p-2 text-sm text-amber-900"
          data-testid="forecast-needs-history"
        >
          This chain has {chainHours} hours of pool history; the model needs {history.minHours}: needs{' '}
          {hoursMissing(chainHours, history.minHours)} more hours of history. Showing the model on demo data meanwhile.
        </p>
      ) : null}
      {chain.isError && !chain.data ? (
        <p role="alert" className="text-sm text-amber-800 dark:text-amber-300">
          Indexed history unavailable ({chain.error.message}); showing demo data.
        </p>
      ) : null}
      {history?.source === 'demo' ? (
        <p className="text-sm font-semibold text-amber-800 dark:text-amber-300" data-testid="forecast-demo-label">
          {history.label}
        </p>
      ) : null}
      {run.isError ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          Forecast failed: {run.error.message}
        </p>
      ) : null}

      {final.isError ? (
        <p role="alert" className="text-sm text-amber-800 dark:text-amber-300">
          Backend measurement failed ({final.error.message}); showing the provisional cpu forecast.
        </p>
      ) : null}
      {r ? <ForecastSummary r={r} visibleAt={run.data?.visibleAt ?? null} modelVersion={model?.version ?? ''} /> : null}
      {r && run.data ? (
        <ForecastTimeline
          first={run.data.result.timeline}
          final={needsFinal ? final.data?.result.timeline : undefined}
          visibleAt={run.data.visibleAt}
          historyAt={run.data.historyAt}
          finalAt={needsFinal ? final.data?.shownAt : undefined}
        />
      ) : null}
      {r && history ? (
        // The panel sits at the foot of the dashboard: the chart (recharts, the page's costliest
        // render) is drawn when it comes near the screen, not while the page is still loading.
        <WhenVisible className="h-64" fallback={chartSkeleton}>
          <ForecastChart
            points={points}
            label={`Realised 24-hour volatility over the last two weeks of ${history.source === 'demo' ? 'demo data' : 'this chain'}, and the forecast ${pct(r.forecast.rvNext)} for the next 24 hours with 80% band ${pct(r.forecast.lower80)} to ${pct(r.forecast.upper80)} and 95% band ${pct(r.forecast.lower95)} to ${pct(r.forecast.upper95)}`}
          />
        </WhenVisible>
      ) : !run.isError ? (
        <div
          className="h-64 animate-pulse rounded bg-slate-200 dark:bg-slate-800"
          role="status"
          aria-busy="true"
          aria-label="Forecast loading"
        />
      ) : null}
    </section>
  );
}

function ForecastSummary({
  r,
  visibleAt,
  modelVersion,
}: {
  r: ForecastResult;
  visibleAt: number | null;
  modelVersion: string;
}) {
  const f = r.forecast;
  const order: BackendName[] = ['webgl', 'wasm', 'cpu'];
  return (
    <div className="grid gap-3 text-sm md:grid-cols-3">
      <div>
        <p className="text-2xl font-semibold" data-testid="forecast-value">
          {pct(f.rvNext)}
        </p>
        <p>
          80%: {pct(f.lower80)} – {pct(f.upper80)}; 95%: {pct(f.lower95)} – {pct(f.upper95)}
        </p>
        <p className="text-slate-600 dark:text-slate-400">
          RV of the next 24 hourly returns after {new Date(f.timestamp * 1000).toISOString().slice(0, 13)}:00 UTC
          (annualised {pct(f.rvNext * Math.sqrt(365))}); served: {f.served}; intervals calibrated on the{' '}
          {f.calibration === 'window' ? 'window' : 'validation split'}.
        </p>
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
        <dt>Model</dt>
        <dd className="font-mono" data-testid="forecast-model-hash" title={`keccak256 ${r.keccak}`}>
          {modelVersion}
          {modelVersion.endsWith(r.sha256Prefix) ? ' ✓' : ` (bytes hash ${r.sha256Prefix})`}
        </dd>
        <dt>Backend</dt>
        <dd data-testid="forecast-backend" data-backend={r.backend}>
          {r.backend}{' '}
          {r.forced
            ? '(forced)'
            : r.provisional
              ? '(provisional: cpu starts at once; measuring webgl, wasm and cpu)'
              : '(fastest measured)'}
        </dd>
        <dt>Inference</dt>
        <dd
          data-testid="forecast-inference-ms"
          data-ms={r.inferenceMs.toFixed(3)}
          data-first-ms={r.firstInferenceMs.toFixed(3)}
        >
          {ms(r.inferenceMs)} (first run {ms(r.firstInferenceMs)})
        </dd>
        <dt>Load</dt>
        <dd data-testid="forecast-load-ms" data-backend-ms={r.backendMs.toFixed(0)} data-load-ms={r.loadMs.toFixed(0)}>
          backends {ms(r.backendMs)}, model {ms(r.loadMs)}
          {visibleAt !== null ? (
            <span data-testid="forecast-visible-ms" data-ms={visibleAt.toFixed(0)}>
              ; shown {(visibleAt / 1000).toFixed(2)} s after page load
            </span>
          ) : null}
        </dd>
      </dl>
      <div>
        <p>Backends measured (warm-up median, lower is faster):</p>
        {r.report ? (
          <ul data-testid="forecast-backend-report">
            {order.map((b) => (
              <li key={b} data-backend={b} data-available={typeof r.report?.timings[b] === 'number'}>
                {b}: {ms(r.report?.timings[b])}
                {r.report?.errors[b] ? ` (${r.report.errors[b]})` : ''}
                {b === r.report?.backend ? ' — fastest' : ''}
              </li>
            ))}
          </ul>
        ) : (
          <p role="status" data-testid="forecast-backend-measuring">
            measuring webgl, wasm and cpu…
          </p>
        )}
      </div>
    </div>
  );
}

/** React Query's dataUpdatedAt (epoch ms) of whichever history query answered, in page time. */
function historyReceivedAt(...updatedAt: number[]): number | undefined {
  const at = Math.max(...updatedAt);
  return at > 0 ? at - performance.timeOrigin : undefined;
}

/**
 * Where the time to the first forecast went, in seconds after the page's navigation start:
 * the worker's milestones (its clock converted to the page's) beside the page's own.
 */
function ForecastTimeline({
  first,
  final,
  visibleAt,
  historyAt,
  finalAt,
}: {
  first: WorkerTimeline;
  final?: WorkerTimeline;
  visibleAt: number;
  historyAt?: number;
  finalAt?: number;
}) {
  const page = (epoch: number | undefined) => (epoch === undefined ? undefined : epoch - performance.timeOrigin);
  const t = first;
  const steps: [string, string, number | undefined][] = [
    ['boot', 'worker requested', bootRequestedAt],
    ['created', 'worker created', page(t.created)],
    ['script', 'TF.js loaded', page(t.scriptReady)],
    ['fetched', 'model fetched', page(t.modelFetched)],
    ['loaded', 'model loaded', page(t.modelLoaded)],
    ['warm', 'warm-up run', page(t.warmedUp)],
    ['history', 'history received', historyAt],
    ['computed', 'forecast computed', page(t.computed)],
    ['shown', 'shown', visibleAt],
    ['backends', 'backends measured', page(t.backendsMeasured ?? final?.backendsMeasured)],
    ['final', 'measured backend shown', finalAt],
  ];
  const known = steps.filter((s): s is [string, string, number] => s[2] !== undefined);
  return (
    <p
      className="text-xs text-slate-600 dark:text-slate-400"
      data-testid="forecast-timeline"
      data-timeline={JSON.stringify(Object.fromEntries(known.map(([k, , v]) => [k, Math.round(v)])))}
    >
      Timeline (s after page start): {known.map(([, label, v]) => `${label} ${(v / 1000).toFixed(2)}`).join(' · ')}
    </p>
  );
}
