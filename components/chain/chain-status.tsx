'use client';

import { useBlock } from 'wagmi';

/** Live block number and timestamp; polls the chain each second and never blanks out. */
export function ChainStatus() {
  const block = useBlock({ watch: true, query: { placeholderData: (previous) => previous } });
  const timestamp = block.data ? new Date(Number(block.data.timestamp) * 1000) : undefined;
  return (
    <section aria-labelledby="chain-heading" className="card">
      <h2 id="chain-heading" className="card-title">
        Chain
      </h2>
      {block.data ? (
        <dl className="mt-2 grid grid-cols-2 gap-2 text-sm">
          <dt className="text-slate-500">Block</dt>
          <dd className="font-mono" data-testid="block-number">
            {block.data.number.toString()}
          </dd>
          <dt className="text-slate-500">Chain time</dt>
          <dd className="font-mono" data-testid="block-time">
            {timestamp?.toISOString().replace('T', ' ').slice(0, 19)} UTC
          </dd>
        </dl>
      ) : (
        <div className="mt-2 h-10 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
      )}
      {block.error ? (
        <p role="alert" className="mt-2 text-sm text-red-600">
          Chain unreachable — retrying. Showing the last block seen.
        </p>
      ) : null}
    </section>
  );
}
