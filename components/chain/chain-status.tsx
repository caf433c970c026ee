'use client';

import { useChainHead } from '@/components/api';

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
          <dt className="text-slate-600 dark:text-slate-400">Chain time</dt>
          <dd className="font-mono" data-testid="block-time">
            {new Date(head.data.timestamp * 1000).toISOString().replace('T', ' ').slice(0, 19)} UTC
          </dd>
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
