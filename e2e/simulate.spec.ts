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

test('every policy and every scenario are offered; a bank run under all of them changes the run against none', async ({
  page,
}) => {
  test.setTimeout(150_000);
  await page.goto('/simulate');
  const labels = ['Static', 'Fixed supply', 'Rebase', 'PID', 'PID + market', 'Range', 'Adaptive', 'Learned'];
  for (const l of labels) await page.getByLabel(l, { exact: true }).check();
  const scenario = page.getByLabel('Scenario', { exact: true });
  await expect(scenario.locator('option')).toHaveText([
    'None (the market path alone)',
    'Bank run',
    'Liquidity drain',
    'Staking bank run',
    'Death spiral',
  ]);
  await expect(scenario).toHaveValue('none');
  await page.getByLabel('Market path').selectOption('mar-2023');
  await page.getByLabel('Seed').fill('3');

  const status = page.getByTestId('sim-status-text');
  const table = page.getByTestId('sim-kpis');
  const staking = async () =>
    Promise.all(
      ['static', 'adaptive'].map(async (p) =>
        Number.parseFloat(
          ((await page.getByTestId(`kpi-${p}-staking-ratio-(mean)`).textContent()) ?? '').replace('%', ''),
        ),
      ),
    );
  await page.getByRole('button', { name: 'Run simulation' }).click();
  await expect(status).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('sim-scenario')).toHaveText('no scenario');
  await expect(table.getByRole('columnheader')).toHaveText(['KPI', ...labels]);
  const calm = await staking();

  await scenario.selectOption('bank-run');
  await expect(page.getByText(/60 % of holders panic, unstake and sell/)).toBeVisible();
  await page.getByRole('button', { name: 'Run simulation' }).click();
  await expect(status).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('sim-scenario')).toHaveText('bank run scenario');
  await expect(table.getByRole('columnheader')).toHaveText(['KPI', ...labels]);
  // The run empties stakes under every policy; the guardrail still holds for all seven.
  const run = await staking();
  for (let i = 0; i < run.length; i++) expect(run[i]).toBeLessThan(calm[i] as number);
  for (const p of ['static', 'fixed-supply', 'rebase', 'pid', 'pid-ff', 'range', 'adaptive', 'learned']) {
    await expect(page.getByTestId(`kpi-${p}-guardrail-violations`)).toHaveText('0');
  }
});

test('the death spiral: the policies under its panic and LP exit, and the seigniorage model guarded vs unbounded', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.goto('/simulate');
  await page.getByLabel('Market path').selectOption('mar-2023');
  await page.getByLabel('Scenario', { exact: true }).selectOption('death-spiral');
  await page.getByLabel('PID', { exact: true }).uncheck();
  await page.getByLabel('Adaptive', { exact: true }).uncheck();
  await page.getByRole('button', { name: 'Run simulation' }).click();
  const status = page.getByTestId('sim-status-text');
  await expect(status).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('sim-scenario')).toHaveText('death spiral scenario');
  const spiral = page.getByTestId('sim-spiral');
  await expect(spiral.getByRole('columnheader')).toHaveText(['Outcome', 'Guardrail 2% / 24 h', 'Unbounded mint']);
  const supply = spiral.getByRole('row', { name: /Largest net supply change in 24 h/ }).getByRole('cell');
  // The guardrail holds the mint to 2 % of supply per 24 h; unbounded, it is not held.
  expect(Number.parseFloat((await supply.nth(0).textContent()) ?? '')).toBeLessThanOrEqual(2);
  expect(Number.parseFloat((await supply.nth(1).textContent()) ?? '')).toBeGreaterThan(2);
  // Another scenario: no spiral table.
  await page.getByLabel('Scenario', { exact: true }).selectOption('bank-run');
  await page.getByRole('button', { name: 'Run simulation' }).click();
  await expect(status).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('sim-spiral')).toHaveCount(0);
});
