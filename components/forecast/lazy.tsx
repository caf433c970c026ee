'use client';

import dynamic from 'next/dynamic';

/** The forecast panel loads after hydration: no forecast (or TF.js) code in the page's first load. */
export const ForecastPanel = dynamic(() => import('./forecast-panel').then((m) => m.ForecastPanel), {
  ssr: false,
  loading: () => (
    <section className="card" aria-busy="true" aria-label="Volatility forecast">
      <h2 className="card-title">Volatility forecast</h2>
      <div className="mt-2 h-48 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
    </section>
  ),
});

/** Verify for the proposal detail page, loaded on demand for the same reason. */
export const VerifyForecast = dynamic(() => import('./verify-forecast').then((m) => m.VerifyForecast), {
  ssr: false,
  loading: () => <div className="h-10 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />,
});
