/** A proposal id the governor never saw: the route answers 404 and the page says so, at once. */
import { expect, test } from './fixtures';

test('a nonexistent proposal shows "No such proposal", not a skeleton', async ({ page, request }) => {
  const id = '123456789012345678901234567890';
  expect((await request.get(`/api/governance/proposals/${id}`)).status()).toBe(404);
  const started = Date.now();
  await page.goto(`/proposals/${id}`);
  await expect(page.getByRole('heading', { name: 'No such proposal' })).toBeVisible({ timeout: 5_000 });
  await expect(page.getByTestId('proposal-missing')).toContainText(id);
  // No retries with back-off behind a skeleton: the answer is shown within a few seconds.
  expect(Date.now() - started).toBeLessThan(5_000);
  await expect(page.locator('main .animate-pulse')).toHaveCount(0);
  // Not a decimal id at all: the page route itself is a 404.
  const res = await page.goto('/proposals/not-a-number');
  expect(res?.status()).toBe(404);
});
