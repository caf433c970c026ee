'use client';

import dynamic from 'next/dynamic';
import { bootForecastWorker } from './worker-client';

// The dashboard is the only importer: booting here, when the page's client modules evaluate
// (the start of hydration), starts the forecast worker — TF.js, the model load — and the model
// index and history requests before React has rendered anything, off the main thread.
bootForecastWorker();

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
