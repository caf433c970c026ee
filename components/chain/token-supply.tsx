'use client';

import { useToken } from '@/components/api';
import { formatToken } from '@/components/format';

export function TokenSupply() {
  const token = useToken();
  return (
    <section aria-labelledby="supply-heading" className="card">
      <h2 id="supply-heading" className="card-title">
        Total supply
      </h2>
      {token.data ? (
        <p className="mt-2 font-mono text-2xl" data-testid="total-supply">
          {formatToken(token.data.totalSupply)} HOME
        </p>
      ) : (
        <div className="mt-2 h-8 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
      )}
    </section>
  );
}
