'use client';

import { useQuery } from '@tanstack/react-query';
import type { Hex } from 'viem';
import { VerifyForecast } from '@/components/forecast/lazy';
import type { VerifiableJustification } from '@/components/forecast/verify-forecast';
import { formatPercent } from '@/components/format';
import {
  checkJustification,
  type JustificationCheck,
  type JustificationDoc,
  justificationSource,
} from '@/lib/governance/justification';
import { plainJustification } from '@/lib/governance/plain';
import { mergeExpectedEffects } from '@/lib/policy/effects';
import type { ExpectedEffect } from '@/lib/policy/types';
import { TechnicalDetails } from './technical';
import { ErrorBox, HashText, Skeleton } from './ui';

async function loadJustification(uri: string, hash: Hex): Promise<JustificationCheck> {
  const source = justificationSource(uri);
  if (source.kind === 'none') return { status: 'unavailable', reason: 'This proposal has no justification URI.' };
  if (source.kind === 'external') {
    return {
      status: 'unavailable',
      reason:
        'The justification is hosted on another site, which this page does not contact. Fetch the URI yourself and compare its keccak256 with the hash below.',
    };
  }
  if (source.kind === 'data') return checkJustification(source.bytes, hash);
  const res = await fetch(source.path, { cache: 'force-cache' });
  if (res.status === 404) return { status: 'unavailable', reason: 'The document is not stored on this server (404).' };
  if (!res.ok) throw new Error(`the justification server answered HTTP ${res.status}`);
  return checkJustification(new Uint8Array(await res.arrayBuffer()), hash);
}

/**
 * The AI's justification, fetched from its URI and checked against the on-chain hash. Shown as
 * text only: nothing from the document is ever interpreted as HTML.
 */
export function JustificationPanel({ uri, hash, decisionId }: { uri: string; hash: Hex; decisionId: Hex }) {
  const q = useQuery({
    queryKey: ['justification', hash, uri] as const,
    queryFn: () => loadJustification(uri, hash),
    staleTime: Number.POSITIVE_INFINITY,
  });
  return (
    <section aria-labelledby="justification-heading" className="card space-y-3">
      <h2 id="justification-heading" className="card-title">
        The AI’s justification
      </h2>
      <dl className="grid gap-1 text-xs sm:grid-cols-[10rem_1fr]">
        <dt className="text-slate-500">On-chain hash</dt>
        <dd>
          <HashText value={hash} label="justification hash" />
        </dd>
        <dt className="text-slate-500">URI</dt>
        <dd className="break-all font-mono">{uri || '—'}</dd>
      </dl>
      {q.isError ? <ErrorBox what="the justification" error={q.error} onRetry={() => void q.refetch()} /> : null}
      {!q.data ? (
        q.isError ? null : (
          <Skeleton className="h-24" />
        )
      ) : q.data.status === 'unavailable' ? (
        <p className="text-sm text-amber-800 dark:text-amber-300" data-testid="justification-check">
          Not checked: {q.data.reason}
        </p>
      ) : (
        <>
          <p
            className={`rounded px-2 py-1 text-sm font-medium ${q.data.status === 'match' ? 'bg-green-100 text-green-900' : 'bg-red-100 text-red-900'}`}
            data-testid="justification-check"
            data-status={q.data.status}
          >
            {q.data.status === 'match'
              ? '✓ Match: the document’s keccak256 equals the hash committed on-chain.'
              : `✗ Mismatch: the document hashes to ${q.data.actual}, not the committed hash. Do not trust it.`}
          </p>
          <JustificationBody doc={q.data.doc} raw={q.data.text} />
          {q.data.status === 'match' && q.data.doc?.forecasts?.volatility ? (
            // Slot for "Verify in your browser" (components/forecast, owned by the forecast panel):
            // re-runs the model on the committed inputs and shows match / mismatch.
            <div data-testid="verify-slot">
              <VerifyForecast
                decisionId={decisionId}
                justification={q.data.doc as unknown as VerifiableJustification}
              />
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}

const kpiNames: Record<string, string> = {
  priceVolatility: 'Price volatility',
  maxDrawdown: 'Max drawdown',
  netSupplyChange: 'Net supply change',
  treasuryStable: 'Treasury (stable)',
  stakingRatio: 'Staking ratio',
  volume: 'Trading volume',
};

/** An estimate with its unit in words: "+85,278 HOME", "−20.0 % of volume", "+8,750 TUSD". */
export function formatEffect(estimate: number, unit: string, stable = 'TUSD') {
  const sign = estimate > 0 ? '+' : estimate < 0 ? '−' : '±';
  const a = Math.abs(estimate);
  if (/APR/.test(unit)) return `${sign}${formatPercent(a, 1)} a year (staking yield)`;
  const fraction = /^fraction of (.+)$/.exec(unit);
  if (fraction) return `${sign}${formatPercent(a, 1)} of ${fraction[1]}`;
  const n = a.toLocaleString('en-US', { maximumFractionDigits: a < 10 ? 2 : 0 });
  if (unit === 'tokens') return `${sign}${n} HOME`;
  if (unit === 'stable') return `${sign}${n} ${stable}`;
  return `${sign}${n} ${unit}`;
}

function JustificationBody({ doc, raw }: { doc: JustificationDoc | null; raw: string }) {
  if (!doc) {
    return (
      <pre className="max-h-64 overflow-auto whitespace-pre-wrap rounded bg-slate-100 p-2 text-xs dark:bg-slate-800">
        {raw}
      </pre>
    );
  }
  const f = doc.forecasts?.volatility;
  const plain = plainJustification(doc);
  // One row per KPI: documents committed before the agent merged them list a KPI once per change.
  const effects = mergeExpectedEffects((doc.expectedEffects ?? []) as ExpectedEffect[]);
  return (
    <div className="space-y-3">
      {plain.sentences.length ? (
        <div className="space-y-1 text-sm" data-testid="justification-plain">
          {plain.sentences.map((s) => (
            <p key={s}>{s}</p>
          ))}
        </div>
      ) : null}
      {doc.text ? (
        // The agent's own wording, as committed: technical terms, explained in the glossary.
        <div data-testid="justification-text">
          <TechnicalDetails text={doc.text} />
        </div>
      ) : null}
      {f ? <ForecastInterval forecast={f} /> : null}
      {effects.length ? (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="expected-effects">
            <caption className="text-left text-xs font-medium uppercase tracking-wide text-slate-600 dark:text-slate-400">
              Expected effect on each KPI over the horizon
            </caption>
            <thead>
              <tr className="text-xs text-slate-500">
                <th scope="col" className="py-1 pr-2">
                  KPI
                </th>
                <th scope="col" className="py-1 pr-2">
                  Direction
                </th>
                <th scope="col" className="py-1 pr-2">
                  Estimate
                </th>
                <th scope="col" className="py-1">
                  Basis
                </th>
              </tr>
            </thead>
            <tbody>
              {effects.map((e) => (
                <tr key={`${e.kpi}:${e.unit}`} className="border-t border-slate-200 dark:border-slate-800">
                  <td className="py-1 pr-2">{kpiNames[e.kpi] ?? e.kpi}</td>
                  <td className="py-1 pr-2">
                    {e.direction === 'up' ? '↑ up' : e.direction === 'down' ? '↓ down' : '– none'}
                  </td>
                  <td className="py-1 pr-2 font-mono">{formatEffect(e.estimate, e.unit)}</td>
                  <td className="py-1 text-xs text-slate-600 dark:text-slate-400">{e.basis}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <details>
        <summary className="cursor-pointer text-xs text-slate-600 dark:text-slate-400">
          Full document (as committed)
        </summary>
        <pre className="mt-1 max-h-80 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-100 p-2 text-xs dark:bg-slate-800">
          {raw}
        </pre>
      </details>
    </div>
  );
}

/** The volatility forecast with its 80 % and 95 % intervals on one axis (an SVG, no chart library). */
export function ForecastInterval({
  forecast: f,
  realised,
}: {
  forecast: {
    rvNext: number;
    lower80: number;
    upper80: number;
    lower95: number;
    upper95: number;
    horizonHours: number;
    modelVersion?: string;
  };
  realised?: number | null;
}) {
  const hi = Math.max(f.upper95, realised ?? 0) * 1.1 || 1;
  const x = (v: number) => `${(v / hi) * 100}%`;
  const label = `Forecast volatility over ${f.horizonHours} h: ${formatPercent(f.rvNext)} a year; 80% interval ${formatPercent(f.lower80)} to ${formatPercent(f.upper80)}; 95% interval ${formatPercent(f.lower95)} to ${formatPercent(f.upper95)}${realised != null ? `; realised ${formatPercent(realised)}` : ''}.`;
  return (
    <figure className="text-xs" data-testid="forecast-interval">
      <figcaption className="mb-1 font-medium">
        Volatility forecast ({f.horizonHours} h, annualised{f.modelVersion ? `, model ${f.modelVersion}` : ''})
      </figcaption>
      <svg role="img" aria-label={label} className="h-10 w-full" preserveAspectRatio="none">
        <title>{label}</title>
        <rect x={x(f.lower95)} width={`${((f.upper95 - f.lower95) / hi) * 100}%`} y="8" height="16" fill="#c7d2fe" />
        <rect x={x(f.lower80)} width={`${((f.upper80 - f.lower80) / hi) * 100}%`} y="8" height="16" fill="#818cf8" />
        <rect x={x(f.rvNext)} width="3" y="4" height="24" fill="#312e81" />
        {realised != null ? <rect x={x(realised)} width="3" y="2" height="28" fill="#dc2626" /> : null}
      </svg>
      <p className="text-slate-600 dark:text-slate-400">
        Point {formatPercent(f.rvNext)} · 80%: {formatPercent(f.lower80)}–{formatPercent(f.upper80)} · 95%:{' '}
        {formatPercent(f.lower95)}–{formatPercent(f.upper95)}
        {realised != null ? ` · realised ${formatPercent(realised)} (red)` : ''}
      </p>
    </figure>
  );
}
