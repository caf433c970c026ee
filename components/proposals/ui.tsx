'use client';

import { useState } from 'react';
import { formatToken } from '@/components/format';
import type { NamedOutcome } from '@/lib/governance/outcome';
import type { Progress } from '@/lib/governance/progress';

/** A labelled progress bar (role=progressbar with its value in words for screen readers). */
export function ProgressBar({
  label,
  progress,
  tone,
  testId,
}: {
  label: string;
  progress: Progress;
  tone: 'veto' | 'quorum';
  testId?: string;
}) {
  const pct = progress.share === null ? 0 : Math.round(progress.share * 100);
  const valueText =
    progress.threshold === null
      ? `${formatToken(progress.value)} HOME voted; threshold fixed at the snapshot`
      : `${formatToken(progress.value)} of ${formatToken(progress.threshold)} HOME (${pct}%)`;
  const colour = tone === 'veto' ? 'bg-red-600' : 'bg-indigo-600';
  return (
    <div className="min-w-0 flex-1" data-testid={testId}>
      <div className="flex justify-between gap-2 text-xs">
        <span className="font-medium">{label}</span>
        <span
          className="font-mono text-slate-600 dark:text-slate-400"
          data-testid={testId ? `${testId}-text` : undefined}
        >
          {valueText}
          {progress.reached ? ' ✓ reached' : ''}
        </span>
      </div>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-valuetext={valueText}
        className="mt-1 h-2 w-full overflow-hidden rounded bg-slate-200 dark:bg-slate-800"
      >
        <div className={`h-full ${colour}`} style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}

/** A hash or tx hash: shortened, full on hover, copyable; an explorer link when one is configured. */
export function HashText({
  value,
  label,
  explorer,
}: {
  value: string | null | undefined;
  label: string;
  explorer?: string | null;
}) {
  const [copied, setCopied] = useState(false);
  if (!value) return <span className="text-slate-500">—</span>;
  const short = value.length > 20 ? `${value.slice(0, 10)}…${value.slice(-8)}` : value;
  return (
    <span className="inline-flex items-center gap-1">
      {explorer ? (
        <a
          href={`${explorer.replace(/\/$/, '')}/tx/${value}`}
          className="font-mono text-indigo-700 underline dark:text-indigo-300"
          title={value}
        >
          {short}
        </a>
      ) : (
        <code className="font-mono" title={value}>
          {short}
        </code>
      )}
      <button
        type="button"
        className="rounded px-1 text-xs text-slate-600 hover:bg-slate-100 dark:text-slate-400 dark:hover:bg-slate-800"
        aria-label={`Copy ${label}`}
        onClick={() => {
          void navigator.clipboard?.writeText(value).then(
            () => {
              setCopied(true);
              setTimeout(() => setCopied(false), 1500);
            },
            () => undefined,
          );
        }}
      >
        {copied ? 'copied' : 'copy'}
      </button>
    </span>
  );
}

export const stateColours: Record<string, string> = {
  Active: 'bg-green-100 text-green-900',
  Pending: 'bg-slate-100 text-slate-800',
  Succeeded: 'bg-blue-100 text-blue-900',
  Queued: 'bg-indigo-100 text-indigo-900',
  Executed: 'bg-indigo-200 text-indigo-950',
  Defeated: 'bg-red-100 text-red-900',
  Canceled: 'bg-slate-200 text-slate-800',
  Expired: 'bg-slate-200 text-slate-800',
};

/**
 * The proposal's state named by what happened ("Vetoed", "Defeated: quorum not reached"); the
 * governor's raw state stays in data-state. The detail sentence is the badge's title and
 * screen-reader text.
 */
export function StateBadge({ state, outcome }: { state: string; outcome?: NamedOutcome | undefined }) {
  const colour =
    outcome?.tone === 'vetoed' ? 'bg-red-700 text-white' : (stateColours[state] ?? 'bg-slate-100 text-slate-800');
  return (
    <span
      className={`rounded px-2 py-0.5 text-xs font-semibold ${colour}`}
      data-testid="proposal-state"
      data-state={state}
      title={outcome?.detail ?? undefined}
    >
      {outcome?.label ?? state}
    </span>
  );
}

export function LaneBadge({ lane }: { lane: 'optimistic' | 'full' }) {
  return (
    <span
      className="rounded border border-slate-300 px-2 py-0.5 text-xs dark:border-slate-700"
      title={
        lane === 'optimistic'
          ? 'Small change: passes unless vetoed by the veto threshold'
          : 'Large change: needs quorum and more approvals than vetoes'
      }
      data-testid="proposal-lane"
    >
      {lane === 'optimistic' ? 'Optimistic lane' : 'Full vote'}
    </span>
  );
}

/** An error where it happened, in words, with a retry button. */
export function ErrorBox({ what, error, onRetry }: { what: string; error: unknown; onRetry: () => void }) {
  const message = (error as Error)?.message ?? 'unknown error';
  return (
    <div
      role="alert"
      className="mt-2 flex flex-wrap items-center gap-2 rounded border border-red-200 bg-red-50 p-2 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
    >
      <span>
        Could not load {what}: {message}
      </span>
      <button type="button" className="btn-secondary" onClick={onRetry}>
        Retry
      </button>
    </div>
  );
}

export function Skeleton({ className = 'h-16' }: { className?: string }) {
  return <div className={`animate-pulse rounded bg-slate-200 dark:bg-slate-800 ${className}`} />;
}
