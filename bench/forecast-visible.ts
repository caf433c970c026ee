/**
 * How long until the dashboard's volatility forecast is on screen, and where the time goes:
 * fresh browser contexts (cold HTTP cache, new worker) load the dashboard of a running
 * production app in headless Chromium; each run reads the panel's timeline (forecast-panel.tsx:
 * worker milestones converted to page time, the history response, the forecast shown) and the
 * browser's own navigation/resource timing, and the medians are printed.
 *
 *   FORECAST_URL=http://127.0.0.1:3000 npm run --silent bench:forecast-visible
 *
 * Env: FORECAST_URL (a running production app, e.g. `APP_MODE=production npm start`),
 * FORECAST_RUNS (default 5), FORECAST_BACKEND (auto | webgl | wasm | cpu; default auto),
 * CHROMIUM_PATH. Milliseconds after navigation start. On this 2-core machine shared with other
 * work, compare runs taken under the same load (the load average is printed).
 */
import { loadavg } from 'node:os';
import { chromium } from '@playwright/test';
import { median } from '../lib/ml/stats';
import { chromiumPath } from '../scripts/lib/chromium';

const base = process.env.FORECAST_URL ?? 'http://127.0.0.1:3000';
const runs = Math.max(1, Number(process.env.FORECAST_RUNS ?? 5) || 5);
const backend = process.env.FORECAST_BACKEND ?? 'auto';

const browser = await chromium.launch({
  executablePath: chromiumPath(),
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
const rows: Record<string, number>[] = [];
try {
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const url = backend === 'auto' ? `${base}/` : `${base}/?backend=${backend}`;
    await page.goto(url);
    await page.getByTestId('forecast-value').waitFor({ timeout: 120_000 });
    // The measured ('final') forecast replaces the provisional one; wait for it too.
    await page.getByTestId('forecast-backend-report').waitFor({ timeout: 120_000 });
    // Builds before the timeline existed report only when the forecast was shown.
    const timeline = page.getByTestId('forecast-timeline');
    const marks = (await timeline.count())
      ? (JSON.parse((await timeline.getAttribute('data-timeline')) ?? '{}') as Record<string, number>)
      : { shown: Number(await page.getByTestId('forecast-visible-ms').getAttribute('data-ms')) };
    const nav = await page.evaluate(() => {
      const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      const res = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      const history = res.find((r) => r.name.includes('/api/forecast/history'));
      return {
        htmlDone: n?.responseEnd ?? Number.NaN,
        domContentLoaded: n?.domContentLoadedEventEnd ?? Number.NaN,
        load: n?.loadEventEnd ?? Number.NaN,
        historyRequested: history?.startTime ?? Number.NaN,
        historyResponded: history?.responseEnd ?? Number.NaN,
      };
    });
    const row = { ...nav, ...marks };
    rows.push(row);
    console.error(`run ${i + 1}/${runs}: shown ${marks.shown} ms, ${JSON.stringify(row)}`);
    await context.close();
  }
} finally {
  await browser.close();
}

const order = [
  'htmlDone',
  'domContentLoaded',
  'load',
  'boot',
  'created',
  'script',
  'fetched',
  'loaded',
  'warm',
  'historyRequested',
  'historyResponded',
  'history',
  'computed',
  'shown',
  'backends',
  'final',
];
const labels: Record<string, string> = {
  htmlDone: 'HTML received',
  domContentLoaded: 'DOMContentLoaded',
  load: 'load event',
  boot: 'worker requested (panel loader)',
  created: 'worker created',
  script: 'worker script + TF.js evaluated',
  fetched: 'model fetched',
  loaded: 'model loaded',
  warm: 'warm-up run done',
  historyRequested: 'history request sent',
  historyResponded: 'history response received',
  history: 'history in the panel (query resolved)',
  computed: 'forecast computed (worker)',
  shown: 'FORECAST SHOWN',
  backends: 'backends measured',
  final: 'measured-backend forecast shown',
};
console.log(
  `forecast visible — ${base}, backend ${backend}, ${runs} fresh loads, load average ${loadavg()[0]!.toFixed(1)}`,
);
console.log('  milestone (ms after navigation start)          median    min     max');
for (const k of order) {
  const xs = rows.map((r) => r[k]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (xs.length === 0) continue;
  console.log(
    `  ${labels[k]!.padEnd(44)} ${median(xs).toFixed(0).padStart(6)} ${Math.min(...xs)
      .toFixed(0)
      .padStart(6)} ${Math.max(...xs)
      .toFixed(0)
      .padStart(7)}`,
  );
}
const shownAfterLoad = rows.map((r) => (r.shown ?? Number.NaN) - (r.load ?? Number.NaN)).filter(Number.isFinite);
console.log(`  shown − load event: median ${median(shownAfterLoad).toFixed(0)} ms`);
