import { createSampleProposal } from '../scripts/sample-proposal';
import { test } from './fixtures';
import { e2eStack } from './stack';

test('screens', async ({ page, chain, deployment, wallet }) => {
  await chain.increaseTime({ seconds: 7 });
  await chain.mine({ blocks: 1 });
  const { proposalId } = await createSampleProposal(e2eStack.rpcUrl, deployment);
  await chain.increaseTime({ seconds: 3601 });
  await chain.mine({ blocks: 1 });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/proposals');
  await page.getByTestId(`proposal-${proposalId}`).waitFor();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: '/tmp/gov/list.png', fullPage: true });
  await page.goto(`/proposals/${proposalId}`);
  await page.getByRole('button', { name: 'Connect Test Wallet' }).click();
  await page.getByTestId('power-at-snapshot').waitFor();
  await page.getByTestId('justification-check').waitFor();
  await page.waitForTimeout(1000);
  await page.screenshot({ path: '/tmp/gov/detail.png', fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/transparency');
  await page.waitForTimeout(3000);
  await page.screenshot({ path: '/tmp/gov/transparency-phone.png', fullPage: false });
  void wallet;
});
