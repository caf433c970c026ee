'use client';

import dynamic from 'next/dynamic';

/** Verify for the proposal detail page, loaded after hydration: no forecast (or TF.js) code in the first load. */
export const VerifyForecast = dynamic(() => import('./verify-forecast').then((m) => m.VerifyForecast), {
  ssr: false,
  loading: () => <div className="h-10 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />,
});
