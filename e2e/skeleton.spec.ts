import { formatUnits, zeroAddress } from 'viem';
import { homeostatTokenAbi } from '../lib/contracts/abis';
import { createSampleProposal } from '../scripts/sample-proposal';
import { expect, readClient, test } from './fixtures';
import { e2eStack } from './stack';

const fmt = (raw: bigint) => Number(formatUnits(raw, 18)).toLocaleString('en-US', { maximumFractionDigits: 2 });

test('the dashboard shows live blocks and supply without a reload', async ({ page, chain }) => {
  await page.goto('/');
  const block = page.getByTestId('block-number');
  await expect(block).toHaveText(/^\d+$/);
  const before = Number(await block.textContent());
  await chain.mine({ blocks: 3 });
  await expect.poll(async () => Number(await block.textContent())).toBeGreaterThanOrEqual(before + 3);
  await expect(page.getByTestId('total-supply')).toContainText('HOME');
});

test('a holder connects, delegates, votes, and sees the tally change', async ({ page, wallet, chain, deployment }) => {
  const token = deployment.contracts.HomeostatToken;
  // The deploy script self-delegates local holders; start this one undelegated.
  await chain.writeContract({
    account: wallet.address,
    chain: null,
    address: token,
    abi: homeostatTokenAbi,
    functionName: 'delegate',
    args: [zeroAddress],
    gas: 300_000n,
  });
  await chain.mine({ blocks: 1 });
  const balance = await readClient.readContract({
    address: token,
    abi: homeostatTokenAbi,
    functionName: 'balanceOf',
    args: [wallet.address],
  });

  await page.goto('/');
  await page.getByRole('button', { name: 'Connect Test Wallet' }).click();
  await expect(page.getByTestId('connected-account')).toHaveAttribute('title', wallet.address);
  await expect(page.getByTestId('voter-balance')).toHaveText(`${fmt(balance)} HOME`);
  await expect(page.getByTestId('voting-power')).toHaveText('0');

  await page.getByRole('button', { name: 'Delegate to myself' }).click();
  await expect(page.getByTestId('voting-power')).toHaveText(fmt(balance));

  const { proposalId } = await createSampleProposal(e2eStack.rpcUrl, deployment);
  const row = page.getByTestId(`proposal-${proposalId}`);
  await expect(row.getByTestId('proposal-state')).toHaveText('Pending');
  await chain.increaseTime({ seconds: 3601 });
  await chain.mine({ blocks: 1 });
  await expect(row.getByTestId('proposal-state')).toHaveText('Active');
  await expect(row.getByTestId('votes-for')).toHaveText('0');

  await row.getByRole('button', { name: 'Approve' }).click();
  await expect(row.getByTestId('votes-for')).toHaveText(fmt(balance));
  await expect(row.getByText('You voted on this proposal.')).toBeVisible();
});

test.describe('wrong network', () => {
  test('prompts to switch and switches', async ({ page, wallet }) => {
    await page.goto('/');
    await page.getByRole('button', { name: 'Connect Test Wallet' }).click();
    await expect(page.getByTestId('connected-account')).toBeVisible();
    // The user switches their wallet to another network while on the page.
    await wallet.setChainId(1);
    const prompt = page.getByRole('button', { name: /Wrong network/ });
    await expect(prompt).toBeVisible();
    await prompt.click();
    await expect(prompt).toBeHidden();
    await expect(page.getByTestId('connected-account')).toBeVisible();
  });
});

test('a rejected signature shows a clear message and sends nothing', async ({ page, wallet, chain, deployment }) => {
  await chain.writeContract({
    account: wallet.address,
    chain: null,
    address: deployment.contracts.HomeostatToken,
    abi: homeostatTokenAbi,
    functionName: 'delegate',
    args: [zeroAddress],
    gas: 300_000n,
  });
  await page.goto('/');
  await page.getByRole('button', { name: 'Connect Test Wallet' }).click();
  // Connected first, so the rejection below hits the delegation, not the connection request.
  await expect(page.getByTestId('connected-account')).toBeVisible();
  const nonce = await readClient.getTransactionCount({ address: wallet.address });
  wallet.rejectNext();
  await page.getByRole('button', { name: 'Delegate to myself' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'You rejected the request' })).toBeVisible();
  expect(await readClient.getTransactionCount({ address: wallet.address })).toBe(nonce);
  // Leave the holder self-delegated, as the deploy script made it, for the tests after this one.
  await chain.writeContract({
    account: wallet.address,
    chain: null,
    address: deployment.contracts.HomeostatToken,
    abi: homeostatTokenAbi,
    functionName: 'delegate',
    args: [wallet.address],
    gas: 300_000n,
  });
  await chain.mine({ blocks: 1 });
});

test('without a wallet the app is read-only and still shows public data', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('read-only')).toBeVisible();
  await expect(page.getByTestId('block-number')).toHaveText(/^\d+$/);
  await expect(page.getByText('Connect a wallet to delegate and vote.')).toBeVisible();
});

// The wallet layer (wagmi) is the heaviest code of a read-only page: it loads on a Connect click
// or for a stored session, never for a visitor who only reads (components/wallet/gate.ts).
test('a visitor who only reads loads no wallet code; a connected one is restored after a reload', async ({
  page,
  wallet,
}) => {
  const scripts: Promise<string>[] = [];
  page.on('response', (r) => {
    if (r.request().resourceType() === 'script') scripts.push(r.text().catch(() => ''));
  });
  const walletCodeLoaded = async () =>
    (await Promise.all(scripts)).some((body) => body.includes('multiInjectedProviderDiscovery'));

  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Connect Test Wallet' })).toBeVisible();
  await expect(page.getByText('Read-only mode. Connect a wallet to delegate and vote.')).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(await walletCodeLoaded()).toBe(false);

  await page.getByRole('button', { name: 'Connect Test Wallet' }).click();
  await expect(page.getByTestId('connected-account')).toHaveAttribute('title', wallet.address);
  expect(await walletCodeLoaded()).toBe(true);

  await page.reload();
  await expect(page.getByTestId('connected-account')).toHaveAttribute('title', wallet.address);
  await expect(page.getByTestId('voter-balance')).toContainText('HOME');
});
