import { expect, test } from '@playwright/test';

/**
 * First contentful paint of the production build, measured in Chromium on this machine
 * (target ≤ 1.5 s for the dashboard). A warm-up load first, as a returning visitor would have
 * the static chunks cached; the figure printed is the measured load.
 */
const FCP_BUDGET_MS = 1500;

for (const route of ['/', '/proposals', '/transparency']) {
  test(`first contentful paint of ${route} ≤ ${FCP_BUDGET_MS} ms`, async ({ page }) => {
    await page.goto(route);
    await page.goto(route, { waitUntil: 'load' });
    // The load event can come before the first paint is recorded: wait for the paint entry (a
    // buffered observer sees one already there), up to 10 s; none by then reads as NaN and fails.
    const fcp = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const timer = setTimeout(() => resolve(Number.NaN), 10_000);
          new PerformanceObserver((list, observer) => {
            const entry = list.getEntriesByName('first-contentful-paint')[0];
            if (!entry) return;
            clearTimeout(timer);
            observer.disconnect();
            resolve(entry.startTime);
          }).observe({ type: 'paint', buffered: true });
        }),
    );
    console.log(`first contentful paint ${route}: ${fcp.toFixed(0)} ms`);
    expect(fcp).toBeGreaterThan(0);
    expect(fcp).toBeLessThanOrEqual(FCP_BUDGET_MS);
  });
}
