import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';

/**
 * First-load JS per route, as Next.js defines it: the scripts the server-rendered HTML loads
 * (script tags and script preloads), gzip-compressed. Chunks imported lazily after hydration
 * (TF.js, the simulator, charts below the fold) are not first-load. Budget: 250 KB gzip.
 */
const BUDGET_BYTES = 250 * 1024;
const routes = [
  '/',
  '/treasury',
  '/simulate',
  '/proposals',
  '/proposals/1',
  '/transparency',
  `/transparency/0x${'0'.repeat(64)}`,
];

for (const route of routes) {
  test(`first-load JS of ${route} stays within ${BUDGET_BYTES / 1024} KB gzip`, async ({ request }) => {
    const html = await (await request.get(route)).text();
    const sources = new Set<string>();
    // noModule scripts are polyfills only legacy browsers fetch.
    for (const m of html.matchAll(/<script([^>]+)>/g)) {
      const src = m[1]!.match(/src="([^"]+)"/)?.[1];
      if (src && !/nomodule/i.test(m[1]!)) sources.add(src);
    }
    for (const m of html.matchAll(/<link[^>]+rel="preload"[^>]+as="script"[^>]*>/g)) {
      const href = m[0].match(/href="([^"]+)"/)?.[1];
      if (href) sources.add(href);
    }
    let total = 0;
    for (const src of sources) {
      const body = await (await request.get(src.replaceAll('&amp;', '&'))).body();
      total += gzipSync(body).length;
    }
    console.log(`first-load JS ${route}: ${(total / 1024).toFixed(1)} KB gzip in ${sources.size} scripts`);
    expect(sources.size).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
  });
}
