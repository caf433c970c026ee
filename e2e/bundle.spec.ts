import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';

/**
 * First-load JS per route, measured the way a visitor pays for it: every script the page
 * loads before it is idle, gzip-compressed. Budget: 250 KB gzip per route (TF.js and the
 * simulator must load lazily, only where used).
 */
const BUDGET_BYTES = 250 * 1024;
const routes = ['/'];

for (const route of routes) {
  test(`first-load JS of ${route} stays within ${BUDGET_BYTES / 1024} KB gzip`, async ({ page }) => {
    const scripts = new Map<string, number>();
    page.on('response', async (response) => {
      if (response.request().resourceType() !== 'script') return;
      const body = await response.body().catch(() => undefined);
      if (body) scripts.set(response.url(), gzipSync(body).length);
    });
    await page.goto(route, { waitUntil: 'networkidle' });
    const total = [...scripts.values()].reduce((a, b) => a + b, 0);
    console.log(`first-load JS ${route}: ${(total / 1024).toFixed(1)} KB gzip in ${scripts.size} scripts`);
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
  });
}
