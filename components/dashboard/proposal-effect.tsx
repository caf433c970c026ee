import Link from 'next/link';
import { formatCompact, formatPercent, formatTime } from '@/components/format';
import { type ProposalEffect, shortProposalId, type WindowStats } from '@/lib/health/proposal-effect';

const signed = (x: number | null) =>
  x === null ? '—' : `${x > 0 ? '+' : x < 0 ? '−' : '±'}${formatPercent(Math.abs(x))}`;
const money = (x: number | null) => (x === null ? '—' : `$${formatCompact(x)}`);
const price = (x: number | null) => (x === null ? '—' : `$${x.toFixed(4)}`);
const upper = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * "Since proposal N executed": what it changed, and the pool's volume, price and volatility in the
 * hours after it against the 24 h before (lib/health/proposal-effect.ts, from indexed snapshots).
 * `effect` undefined: still loading; null: no proposal has been executed; `unavailable`: the
 * indexer could not list proposals.
 */
export function ProposalEffectPanel({
  effect,
  unavailable = false,
}: {
  effect: ProposalEffect | null | undefined;
  unavailable?: boolean;
}) {
  return (
    <section className="card space-y-2" aria-labelledby="proposal-effect-heading" data-testid="proposal-effect">
      <h3 id="proposal-effect-heading" className="card-title">
        Market response to the latest approved proposal
      </h3>
      {unavailable ? (
        <p className="text-sm text-amber-800 dark:text-amber-300">
          Proposal history unavailable from the indexer; retrying.
        </p>
      ) : effect === undefined ? (
        <div className="h-12 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
      ) : effect === null ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          No proposal has been executed yet. When one is, this panel compares the pool’s hours after it with the 24 h
          before, and the price and volume charts mark it.
        </p>
      ) : (
        <EffectBody effect={effect} />
      )}
    </section>
  );
}

function EffectBody({ effect: e }: { effect: ProposalEffect }) {
  const hoursText = e.complete
    ? `the ${e.windowHours} h after`
    : `the ${e.after.hours} of ${e.windowHours} h after so far`;
  return (
    <>
      <p className="text-sm">
        Since{' '}
        <Link href={`/proposals/${e.id}`} className="underline">
          proposal #{shortProposalId(e.id)}
        </Link>{' '}
        executed ({formatTime(e.time)}): <span data-testid="effect-changes">{e.changes.map(upper).join('; ')}</span>.
      </p>
      {e.after.hours === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="effect-summary">
          No whole hour indexed since it executed yet.
        </p>
      ) : (
        <p className="text-sm" data-testid="effect-summary">
          Volume <strong>{signed(e.volumeChange)}</strong>, price <strong>{signed(e.priceChange)}</strong>, volatility{' '}
          <strong>{signed(e.volatilityChange)}</strong> in {hoursText} vs the {e.before.hours} h before.
        </p>
      )}
      <div className="overflow-x-auto">
        <table className="w-full text-left text-xs" data-testid="effect-table">
          <caption className="sr-only">Pool volume, price and volatility before and after the proposal</caption>
          <thead>
            <tr className="text-slate-600 dark:text-slate-400">
              <th scope="col" className="py-0.5 pr-3 font-medium">
                window
              </th>
              <th scope="col" className="py-0.5 pr-3 text-right font-medium">
                volume / h
              </th>
              <th scope="col" className="py-0.5 pr-3 text-right font-medium">
                mean price
              </th>
              <th scope="col" className="py-0.5 text-right font-medium">
                volatility (ann.)
              </th>
            </tr>
          </thead>
          <tbody className="font-mono">
            <Row label={`${e.before.hours} h before`} w={e.before} />
            <Row label={`${e.after.hours} h after`} w={e.after} />
          </tbody>
        </table>
      </div>
      <p className="text-xs text-slate-600 dark:text-slate-400">
        From the indexer’s hourly snapshots; the hour it executed in is left out of both. This compares hours, it does
        not isolate the proposal’s effect: the replayed market moves the holders too.
      </p>
    </>
  );
}

function Row({ label, w }: { label: string; w: WindowStats }) {
  return (
    <tr className="border-t border-slate-200 dark:border-slate-800">
      <th scope="row" className="py-0.5 pr-3 font-sans font-normal">
        {label}
      </th>
      <td className="py-0.5 pr-3 text-right">{money(w.volumePerHour)}</td>
      <td className="py-0.5 pr-3 text-right">{price(w.meanPrice)}</td>
      <td className="py-0.5 text-right">{formatPercent(w.volatility)}</td>
    </tr>
  );
}
