import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

// The dashboard's accessibility (the other pages check theirs in their own specs).
test('the dashboard has no serious or critical accessibility violations', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('kpi-cards')).toBeVisible();
  await expect(page.getByTestId('block-number')).toHaveText(/^\d+$/);
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.length} nodes`)).toEqual([]);
});
