import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';

/**
 * The dashboard's forecast panel in real (headless) Chromium, whose WebGL is SwiftShader:
 * TF.js runs the published volatility model in a Web Worker (WebGL via OffscreenCanvas).
 * The e2e chain is young (far fewer than the 721 hours the model needs), so the panel says how
 * many hours are missing and runs on the bundled demo window, labelled as such; this test
 * asserts that honesty as well as the forecast itself.
 */

type History = { source: string; hours: number; minHours: number };

async function panelReady(page: Page) {
  const panel = page.getByTestId('forecast-panel');
  await expect(panel.getByTestId('forecast-value')).toHaveText(/^\d+\.\d{2}%$/, { timeout: 60_000 });
  return panel;
}

async function timings(page: Page) {
  const inference = page.getByTestId('forecast-inference-ms');
  return {
    backend: await page.getByTestId('forecast-backend').getAttribute('data-backend'),
    inferenceMs: Number(await inference.getAttribute('data-ms')),
    firstInferenceMs: Number(await inference.getAttribute('data-first-ms')),
    visibleMs: Number(await page.getByTestId('forecast-visible-ms').getAttribute('data-ms')),
    backendSetupMs: Number(await page.getByTestId('forecast-load-ms').getAttribute('data-backend-ms')),
    modelLoadMs: Number(await page.getByTestId('forecast-load-ms').getAttribute('data-load-ms')),
    // Milliseconds after navigation start: worker milestones, history received, shown.
    timeline: JSON.parse((await page.getByTestId('forecast-timeline').getAttribute('data-timeline')) ?? '{}') as Record<
      string,
      number
    >,
    value: await page.getByTestId('forecast-value').textContent(),
  };
}

test('the forecast panel runs the published model with WebGL available and reports its backend', async ({
  page,
  request,
}) => {
  // The stack's indexer may still be starting: wait until the chain's history answers.
  let chain: History | undefined;
  await expect
    .poll(
      async () => {
        const res = await request.get('/api/forecast/history?source=chain');
        chain = res.ok() ? ((await res.json()) as History) : undefined;
        return typeof chain?.hours === 'number' && typeof chain?.minHours === 'number';
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  if (!chain) throw new Error('unreachable');
  const index = (await (await request.get('/models/index.json')).json()) as {
    models: { volatility: { version: string } };
  };

  await page.goto('/');
  const panel = await panelReady(page);

  if (chain.hours < chain.minHours) {
    await expect(panel.getByTestId('forecast-needs-history')).toContainText(
      `needs ${chain.minHours - chain.hours} more hours of history`,
    );
    await expect(panel.getByTestId('forecast-demo-label')).toContainText('demo data (not this chain)');
  } else {
    await expect(panel.getByTestId('forecast-demo-label')).toHaveCount(0);
  }
  await expect(panel.getByTestId('forecast-model-hash')).toContainText(`${index.models.volatility.version} ✓`);
  // The chart is drawn when the panel comes near the screen (the foot of the dashboard).
  await panel.scrollIntoViewIfNeeded();
  await expect(panel.getByTestId('forecast-chart')).toBeVisible();

  // WebGL started in the worker and was measured beside wasm and cpu.
  const report = panel.getByTestId('forecast-backend-report');
  for (const b of ['webgl', 'wasm', 'cpu']) {
    await expect(report.locator(`li[data-backend="${b}"]`)).toHaveAttribute('data-available', 'true');
  }
  await expect(report.locator('li[data-backend="webgl"]')).toHaveText(/^webgl: [\d.]+ ms/);
  // The measured result replaced the provisional first one (cpu, shown before the measurement).
  await expect(page.getByTestId('forecast-backend')).toContainText('(fastest measured)');
  const auto = await timings(page);
  console.log(
    `forecast auto: ${JSON.stringify(auto)}; report: ${(await report.locator('li').allTextContents()).join('; ')}`,
  );

  const axe = await new AxeBuilder({ page }).include('[data-testid="forecast-panel"]').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);

  // Forcing each backend: WebGL really runs the model, and every backend gives the same forecast.
  for (const backend of ['webgl', 'wasm', 'cpu']) {
    await page.goto(`/?backend=${backend}`);
    await panelReady(page);
    await expect(page.getByTestId('forecast-backend')).toHaveAttribute('data-backend', backend);
    await expect(page.getByTestId('forecast-backend')).toContainText('(forced)');
    const t = await timings(page);
    console.log(`forecast ${backend}: ${JSON.stringify(t)}`);
    expect(t.value).toBe(auto.value);
  }
});
