'use client';

import { useChainHead } from '@/components/api';

/** "1 simulated hour every 10 s" for 360 chain seconds per real second. */
function formatRate(rate: number): string {
  const realSecondsPerHour = 3600 / rate;
  return realSecondsPerHour >= 1
    ? `1 simulated hour every ${Number(realSecondsPerHour.toPrecision(2))} s`
    : `${Number((rate / 3600).toPrecision(2))} simulated hours per second`;
}

/** Live block number and timestamp; polls each second and keeps the last block seen on errors. */
export function ChainStatus() {
  const head = useChainHead();
  return (
    <section aria-labelledby="chain-heading" className="card">
      <h2 id="chain-heading" className="card-title">
        Chain
      </h2>
      {head.data ? (
        <dl className="mt-2 grid grid-cols-2 gap-2 text-sm">
          <dt className="text-slate-600 dark:text-slate-400">Block</dt>
          <dd className="font-mono" data-testid="block-number">
            {head.data.number.toString()}
          </dd>
          <dt className="text-slate-600 dark:text-slate-400">
            {head.data.clock?.simulated ? 'Simulated chain time' : 'Chain time'}
          </dt>
          <dd className="font-mono" data-testid="block-time">
            {new Date(head.data.timestamp * 1000).toISOString().replace('T', ' ').slice(0, 19)} UTC
          </dd>
          {head.data.clock?.simulated && head.data.clock.rate ? (
            <>
              <dt className="text-slate-600 dark:text-slate-400">Clock</dt>
              <dd data-testid="chain-rate">
                {formatRate(head.data.clock.rate)} (local market replay; votes and countdowns show real time)
              </dd>
            </>
          ) : null}
        </dl>
      ) : (
        <div className="mt-2 h-10 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
      )}
      {head.isError ? (
        <p role="alert" className="mt-2 text-sm text-red-700">
          Chain unreachable — retrying. {head.data ? 'Showing the last block seen.' : ''}
        </p>
      ) : null}
    </section>
  );
}
