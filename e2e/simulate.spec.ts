import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';

// The simulator runs in the browser; these tests need no chain fixture.

test('a short run compares static, pid and adaptive, shows progress, and is deterministic for its seed', async ({
  page,
}) => {
  test.setTimeout(60_000);
  await page.goto('/simulate');
  await expect(page.getByRole('heading', { name: 'Simulate', level: 1 })).toBeVisible();
  await page.getByLabel('Market path').selectOption('mar-2023');
  await page.getByLabel('Seed').fill('7');
  // Keyboard: Home → 0 bps, then ten 5-bps steps.
  const fee = page.getByLabel('Transfer fee');
  await fee.focus();
  await page.keyboard.press('Home');
  for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
  await expect(page.getByLabel('Transfer fee')).toHaveAttribute('aria-valuetext', /50 bps/);

  await page.getByRole('button', { name: 'Run simulation' }).click();
  const status = page.getByTestId('sim-status-text');
  await expect(status).toHaveAttribute('data-status', /loading-path|running/);
  await expect(page.getByTestId('sim-progress')).toBeVisible();
  await expect(status).toHaveText(/Running (Static|PID|Adaptive)/);
  await expect(status).toHaveAttribute('data-status', 'done', { timeout: 45_000 });

  const table = page.getByTestId('sim-kpis');
  await expect(table.getByRole('columnheader')).toHaveText(['KPI', 'Static', 'PID', 'Adaptive']);
  for (const kpi of [
    'Annualised volatility',
    'Max drawdown',
    'Hours out of band',
    'Max 24 h supply change',
    'Proposals',
  ]) {
    await expect(table.getByRole('rowheader', { name: new RegExp(kpi) })).toBeVisible();
  }
  await expect(page.getByTestId('kpi-static-guardrail-violations')).toHaveText('0');
  await expect(page.getByTestId('sim-seed')).toHaveText('seed 7');
  await expect(page.getByTestId('sim-charts').locator('.recharts-wrapper')).toHaveCount(4);

  const kpiText = async () =>
    (await table.locator('tbody tr').allInnerTexts()).filter((r) => !r.startsWith('Run time')).join('\n');
  const first = await kpiText();
  await page.getByRole('button', { name: 'Run simulation' }).click();
  await expect(status).toHaveAttribute('data-status', 'done', { timeout: 45_000 });
  expect(await kpiText()).toBe(first);

  const r = await new AxeBuilder({ page }).analyze();
  expect(r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
});

test('a long run can be cancelled, and the next run works', async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto('/simulate');
  await page.getByLabel('Market path').selectOption('year-2021');
  await page.getByRole('button', { name: 'Run simulation' }).click();
  const status = page.getByTestId('sim-status-text');
  await expect(status).toHaveText(/Running Static .*: \d+%/);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(status).toHaveAttribute('data-status', 'cancelled');
  await expect(status).toHaveText('Cancelled. Nothing is running.');
  await expect(page.getByRole('button', { name: 'Cancel' })).toBeDisabled();
  await expect(page.getByTestId('sim-kpis')).toHaveCount(0);
  // Nothing arrives later from the cancelled run.
  await page.waitForTimeout(1500);
  await expect(status).toHaveAttribute('data-status', 'cancelled');

  await page.getByLabel('Market path').selectOption('mar-2023');
  await page.getByLabel('Static', { exact: true }).uncheck();
  await page.getByLabel('PID', { exact: true }).uncheck();
  await page.getByRole('button', { name: 'Run simulation' }).click();
  await expect(status).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await expect(page.getByTestId('sim-kpis').getByRole('columnheader')).toHaveText(['KPI', 'Adaptive']);
});
