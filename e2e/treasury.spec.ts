import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { createTestClient, erc20Abi, formatUnits, http, parseUnits, walletActions } from 'viem';
import { testStableAbi } from '../lib/contracts/abis';
import { TREASURY_CSV_COLUMNS } from '../lib/treasury/csv';
import { localAccounts } from '../scripts/lib/accounts';
import { expect, readClient, test } from './fixtures';
import { e2eStack } from './stack';

const compact = (v: number) =>
  `$${new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 2 }).format(v)}`;

async function seriousA11y(page: Page) {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
}

/**
 * Writes without the `chain` fixture's snapshot/revert: reverting anvil under a running indexer
 * is a reorg, which Ponder on PGlite failed to apply in our runs ('revert' … reading 'count'),
 * leaving the indexer stuck for every later spec. The mint below is additive and harmless to
 * other specs (the treasury just holds more stable).
 */
const writer = createTestClient({ mode: 'anvil', transport: http(e2eStack.rpcUrl) }).extend(walletActions);

test('/treasury shows the chain’s balances live, with runway, POL and the supply budget', async ({
  page,
  deployment,
}) => {
  const { Treasury, StableToken } = deployment.contracts;
  const decimals = await readClient.readContract({ address: StableToken, abi: erc20Abi, functionName: 'decimals' });
  const balance = async () =>
    Number(
      formatUnits(
        await readClient.readContract({
          address: StableToken,
          abi: erc20Abi,
          functionName: 'balanceOf',
          args: [Treasury],
        }),
        decimals,
      ),
    );

  await page.goto('/treasury');
  await expect(page.getByRole('heading', { name: 'Treasury', level: 1 })).toBeVisible();
  await expect(page.getByTestId('treasury-stable')).toHaveText(compact(await balance()));
  await expect(page.getByTestId('runway-days')).toHaveText(/days|∞/);
  await expect(page.getByTestId('runway-formula')).toContainText('runway = treasury stable ÷');
  await expect(page.getByTestId('pol-value')).toHaveText(/^\$/);
  await expect(page.getByTestId('budget-left')).toContainText('HOME left');
  await expect(page.getByRole('progressbar', { name: 'Supply-change budget used' })).toBeVisible();
  await expect(page.getByTestId('treasury-charts').locator('svg.recharts-surface').first()).toBeVisible();

  // Money arrives at the treasury: the balance and the movements table follow without a reload.
  await writer.writeContract({
    account: localAccounts.deployer.address,
    chain: null,
    address: StableToken,
    abi: testStableAbi,
    functionName: 'mint',
    args: [Treasury, parseUnits('1234567', decimals)],
    gas: 200_000n,
  });
  await writer.mine({ blocks: 1 });
  await expect(page.getByTestId('treasury-stable')).toHaveText(compact(await balance()));
  await expect(page.getByTestId('movements').getByRole('cell', { name: 'Stable in' }).first()).toBeVisible();

  // Range selection re-queries the series.
  await page.getByRole('button', { name: '24h' }).click();
  await expect(page.getByRole('button', { name: '24h' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('flows-summary')).toBeVisible();

  expect(await seriousA11y(page)).toEqual([]);
});

test('CSV export downloads every series with a header row that names units', async ({ page }) => {
  await page.goto('/treasury');
  const button = page.getByRole('button', { name: 'Export CSV' });
  await expect(button).toBeEnabled();
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  expect(download.suggestedFilename()).toMatch(/^homeostat-treasury-7d-.*\.csv$/);
  const text = readFileSync(await download.path(), 'utf8');
  const lines = text.trimEnd().split('\r\n');
  expect(lines[0]).toBe(TREASURY_CSV_COLUMNS.map((c) => c.header).join(','));
  expect(lines.length).toBeGreaterThan(1);
  for (const line of lines.slice(1)) expect(line.split(',')).toHaveLength(TREASURY_CSV_COLUMNS.length);
  expect(lines[1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:00:00\.000Z,\d+,/);
});
