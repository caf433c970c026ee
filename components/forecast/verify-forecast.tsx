'use client';

import { useMutation } from '@tanstack/react-query';
import { fetchApi } from '@/components/api';
import { VOLATILITY_MIN_HOURS } from '@/lib/ml/browser/history';
import {
  type CommittedForecast,
  committedKind,
  compareForecasts,
  SQRT_365,
  VERIFY_RELATIVE_TOLERANCE,
  type VerifyVerdict,
} from '@/lib/ml/browser/verify';
import { requestForecast, requestHarForecast } from './worker-client';

/** The parts of a justification document (lib/agent/records.ts buildJustification) Verify reads. */
export type VerifiableJustification = {
  decidedAt: number;
  forecasts: { volatility: CommittedForecast };
  inputs?: {
    sources?: { history?: string };
    /** Present once the agent commits lib/agent/forecast-inputs.ts forecastWindowCommitment. */
    forecastWindow?: { hash: string; hours?: number };
  };
};

type DecisionWindow = { timestamp: number[]; close: number[]; hours: number; untilHour: number; hash: string };

type VerifyOutcome = {
  verdict: VerifyVerdict;
  window: DecisionWindow;
  windowCheck: 'match' | 'mismatch' | 'not committed';
  backend: string;
  ms: number;
};

async function verify(j: VerifiableJustification): Promise<VerifyOutcome> {
  const committed = j.forecasts.volatility;
  const kind = committedKind(committed);
  if (kind === 'unknown') throw new Error(`this browser cannot re-run model "${committed.modelVersion}"`);
  const window = await fetchApi<DecisionWindow>(`/api/forecast/window?decidedAt=${j.decidedAt}`);
  const committedWindow = j.inputs?.forecastWindow?.hash;
  const windowCheck = committedWindow
    ? committedWindow.toLowerCase() === window.hash.toLowerCase()
      ? 'match'
      : 'mismatch'
    : 'not committed';
  if (kind === 'fallback') {
    const r = await requestHarForecast(window);
    return {
      verdict: compareForecasts(committed, { rvNext: r.rvNext, served: null, modelHash: r.modelHash }),
      window,
      windowCheck,
      backend: 'plain JS (lib/sim)',
      ms: r.inferenceMs,
    };
  }
  if (window.hours < VOLATILITY_MIN_HOURS) {
    throw new Error(
      `the indexer returned ${window.hours} hours before this decision; the model needs ${VOLATILITY_MIN_HOURS}`,
    );
  }
  const r = await requestForecast({
    modelPath: `/models/${committed.modelVersion}/model.json`,
    window,
    backend: 'auto',
  });
  return {
    verdict: compareForecasts(committed, {
      rvNext: r.forecast.rvNext * SQRT_365,
      served: r.forecast.served,
      modelHash: r.keccak,
    }),
    window,
    windowCheck,
    backend: r.backend,
    ms: r.inferenceMs,
  };
}

/**
 * Re-runs an AI decision's volatility forecast in this browser, on the decision's input window,
 * and says whether it matches the forecast the agent committed (same model hash, same served
 * candidate, value within a relative tolerance of 1e-3).
 */
export function VerifyForecast({
  decisionId,
  justification,
}: {
  decisionId: string;
  justification: VerifiableJustification;
}) {
  const m = useMutation({ mutationKey: ['forecast', 'verify', decisionId], mutationFn: () => verify(justification) });
  const o = m.data;
  return (
    <section aria-label="Verify the forecast" className="space-y-2 text-sm" data-testid="verify-forecast">
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="button"
          onClick={() => m.mutate()}
          disabled={m.isPending}
          className="rounded bg-indigo-700 px-3 py-1 text-white disabled:opacity-60"
        >
          {m.isPending ? 'Verifying…' : 'Verify forecast in this browser'}
        </button>
        <span className="text-slate-600 dark:text-slate-400">
          Tolerance: relative {VERIFY_RELATIVE_TOLERANCE.toExponential(0)} on the forecast, same served candidate, same
          model hash.
        </span>
      </div>
      {m.isError ? (
        <p role="alert" className="text-red-700 dark:text-red-400">
          Could not verify: {m.error.message}
        </p>
      ) : null}
      {o ? (
        <div aria-live="polite" data-testid="verify-result" data-match={o.verdict.match}>
          <p
            className={`font-semibold ${o.verdict.match ? 'text-green-700 dark:text-green-400' : 'text-red-700 dark:text-red-400'}`}
          >
            {o.verdict.match ? 'Match' : 'Mismatch'}: the browser’s forecast{' '}
            {o.verdict.match ? 'reproduces' : 'does not reproduce'} the committed one (relative difference{' '}
            {o.verdict.relativeError.toExponential(2)}).
          </p>
          <ul className="list-disc pl-5">
            {o.verdict.checks.map((c) => (
              <li key={c.name}>
                {c.ok ? '✓' : '✗'} {c.name}: {c.detail}
              </li>
            ))}
            <li>
              input window: {o.window.hours} hourly closes before{' '}
              {new Date(o.window.untilHour * 1000).toISOString().slice(0, 13)}:00 UTC, rebuilt from the indexer (hash{' '}
              <span className="font-mono">{o.window.hash.slice(0, 10)}…</span>);{' '}
              {o.windowCheck === 'not committed'
                ? 'the justification commits no window hash, so the window itself is not checked'
                : `committed window hash ${o.windowCheck === 'match' ? 'matches' : 'differs'}`}
              {justification.inputs?.sources?.history === 'chain'
                ? '; the agent read this window from raw chain events, so the indexer copy may differ slightly'
                : ''}
              .
            </li>
            <li>
              ran on {o.backend} in {o.ms.toFixed(1)} ms.
            </li>
          </ul>
        </div>
      ) : null}
    </section>
  );
}
