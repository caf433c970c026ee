import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { createTestClient, type Hex, http, keccak256, toHex } from 'viem';
import { homeostatGovernorAbi, policyControllerAbi } from '../lib/contracts/abis';
import { PolicyParam } from '../lib/contracts/params';
import { devAccount } from '../scripts/lib/accounts';
import { createSampleProposal } from '../scripts/sample-proposal';
import { type ChainClient, expect, readClient, test } from './fixtures';
import { e2eStack } from './stack';

// On a fresh anvil the first snapshot has id 0x0, and reverting to it did not undo the test's
// proposal (seen with anvil 1.7.1); a throwaway snapshot first keeps the fixture's revert effective.
test.beforeAll(async () => {
  await createTestClient({ mode: 'anvil', transport: http(e2eStack.rpcUrl) }).snapshot();
});

async function axe(page: Page) {
  const r = await new AxeBuilder({ page }).analyze();
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

async function activeSample(chain: ChainClient, deployment: Parameters<typeof createSampleProposal>[1]) {
  const sample = await createSampleProposal(e2eStack.rpcUrl, deployment);
  await chain.increaseTime({ seconds: 3601 });
  await chain.mine({ blocks: 1 });
  return sample;
}

async function connect(page: Page) {
  await page.getByRole('button', { name: 'Connect Test Wallet' }).click();
  await expect(page.getByTestId('connected-account')).toBeVisible();
}

test('read-only: the list and detail show live data without a wallet; no serious a11y issues', async ({
  page,
  chain,
  deployment,
}) => {
  const { proposalId, from, to } = await activeSample(chain, deployment);
  await page.goto('/proposals');
  const card = page.getByTestId(`proposal-${proposalId}`);
  await expect(card.getByTestId('proposal-state')).toHaveText('Active');
  await expect(card.getByTestId('proposal-lane')).toHaveText(/Full vote|Optimistic/);
  await expect(card.getByTestId('time-left')).toContainText('left to vote');
  await expect(card.getByTestId('changed-params')).toContainText(`Transfer fee: ${(Number(from) / 100).toFixed(2)}%`);
  await expect(card.getByTestId(`quorum-${proposalId}-text`)).toContainText('of');
  await expect(page.getByText('Read-only mode. Connect a wallet')).toBeVisible();
  await axe(page);

  await card.getByTestId('proposal-link').click();
  await expect(page).toHaveURL(new RegExp(`/proposals/${proposalId}$`));
  const row = page.getByTestId('change-row').first();
  await expect(row).toContainText(`(${from} bps) → `);
  await expect(row).toContainText(`(${to} bps)`);
  await expect(row).toContainText('below max');
  // The sample's justification is a data: URI whose keccak256 is committed on-chain.
  await expect(page.getByTestId('justification-check')).toHaveAttribute('data-status', 'match');
  await expect(page.getByTestId('vote-read-only')).toBeVisible();
  await axe(page);
});

test('vote with a reason: transaction life, tally and reason update without a reload', async ({
  page,
  wallet,
  chain,
  deployment,
}) => {
  const { proposalId } = await activeSample(chain, deployment);
  await page.goto(`/proposals/${proposalId}`);
  await connect(page);
  await expect(page.getByTestId('power-at-snapshot')).toHaveText('60,000,000');
  await page.getByTestId('vote-reason').fill('Fees are high enough <b>already</b>');
  await page.getByRole('button', { name: 'Veto' }).click();
  await expect(page.getByTestId('vote-status')).toContainText('Confirmed in block');
  await expect(page.getByTestId('votes-against')).toHaveText('60,000,000');
  await expect(page.getByTestId('voter-advice')).toHaveText('You have voted on this proposal.');
  // Reasons are chain text: shown verbatim, never as HTML.
  await expect(page.getByTestId('vote-reason-text')).toHaveText('“Fees are high enough <b>already</b>”');
  await expect(page.getByTestId('veto-text')).toContainText('60,000,000 of');
  void wallet;
});

test('a rejected vote says so and sends nothing', async ({ page, wallet, chain, deployment }) => {
  const { proposalId } = await activeSample(chain, deployment);
  await page.goto(`/proposals/${proposalId}`);
  await connect(page);
  await expect(page.getByTestId('power-at-snapshot')).toHaveText('60,000,000');
  wallet.rejectNext();
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByTestId('vote-status')).toContainText('You rejected the request');
  await expect(page.getByTestId('votes-for')).toHaveText('0');
});

test('vote by signature: the voter signs (no gas), a relayer of their choice submits', async ({
  page,
  wallet,
  chain,
  deployment,
}) => {
  const { proposalId } = await activeSample(chain, deployment);
  const ethBefore = await readClient.getBalance({ address: wallet.address });
  await page.goto(`/proposals/${proposalId}`);
  await connect(page);
  await expect(page.getByTestId('power-at-snapshot')).toHaveText('60,000,000');
  await page.getByTestId('mode-signature').check();
  await page.getByRole('button', { name: 'Sign approve' }).click();
  await expect(page.getByTestId('sign-status')).toContainText('Signed: Approve. No transaction was sent.');
  const ballot = JSON.parse(await page.getByTestId('signed-ballot').inputValue()) as {
    support: number;
    voter: Hex;
    proposalId: string;
    signature: Hex;
  };
  expect(ballot.voter).toBe(wallet.address);

  // Any account can submit the signature: here a relayer (anvil #12) pays the gas.
  const relayer = devAccount(12).address;
  const hash = await chain.writeContract({
    account: relayer,
    chain: null,
    address: deployment.contracts.HomeostatGovernor,
    abi: homeostatGovernorAbi,
    functionName: 'castVoteBySig',
    args: [BigInt(ballot.proposalId), ballot.support, ballot.voter, ballot.signature],
    gas: 500_000n,
  });
  await chain.mine({ blocks: 1 });
  expect((await readClient.getTransactionReceipt({ hash })).status).toBe('success');
  await expect(page.getByTestId('votes-for')).toHaveText('60,000,000');
  await expect(page.getByTestId('voter-advice')).toHaveText('You have voted on this proposal.');
  expect(await readClient.getBalance({ address: wallet.address })).toBe(ethBefore);
});

test('signature submitted from the app by the connected wallet', async ({ page, wallet, chain, deployment }) => {
  void wallet;
  const { proposalId } = await activeSample(chain, deployment);
  await page.goto(`/proposals/${proposalId}`);
  await connect(page);
  await expect(page.getByTestId('power-at-snapshot')).toHaveText('60,000,000');
  await page.getByTestId('mode-signature').check();
  await page.getByTestId('vote-reason').fill('signed with a reason');
  await page.getByRole('button', { name: 'Sign abstain' }).click();
  await page.getByRole('button', { name: 'Submit from connected wallet' }).click();
  await expect(page.getByTestId('votes-abstain')).toHaveText('60,000,000');
  await expect(page.getByTestId('vote-reason-text')).toHaveText('“signed with a reason”');
});

async function fee(controller: Hex) {
  return readClient.readContract({
    address: controller,
    abi: policyControllerAbi,
    functionName: 'parameter',
    args: [PolicyParam.TransferFee],
  });
}

async function vote(chain: ChainClient, governor: Hex, proposalId: bigint, holder: number, support: 0 | 1 | 2) {
  await chain.writeContract({
    account: devAccount(holder).address,
    chain: null,
    address: governor,
    abi: homeostatGovernorAbi,
    functionName: 'castVote',
    args: [proposalId, support],
    gas: 500_000n,
  });
}

test('holders veto → Defeated and the parameter is unchanged', async ({ page, wallet, chain, deployment }) => {
  const { proposalId, from } = await activeSample(chain, deployment);
  const governor = deployment.contracts.HomeostatGovernor;
  await page.goto(`/proposals/${proposalId}`);
  await connect(page);
  await page.getByRole('button', { name: 'Veto' }).click();
  await expect(page.getByTestId('votes-against')).toHaveText('60,000,000');
  await vote(chain, governor, proposalId, 4, 0);
  await chain.mine({ blocks: 1 });
  await expect(page.getByTestId('votes-against')).toHaveText('120,000,000');
  await chain.increaseTime({ seconds: 3 * 86_400 + 10 });
  await chain.mine({ blocks: 1 });
  await expect(page.getByTestId('proposal-state')).toHaveText('Defeated: majority against');
  await expect(page.getByTestId('time-left')).toHaveText('Voting ended: defeated');
  expect(await fee(deployment.contracts.PolicyController)).toBe(from);
  void wallet;
});

test('holders approve → queued → executed → the parameter changes on-chain', async ({ page, chain, deployment }) => {
  const { proposalId, to } = await activeSample(chain, deployment);
  const governor = deployment.contracts.HomeostatGovernor;
  for (const h of [4, 5]) await vote(chain, governor, proposalId, h, 1);
  await chain.mine({ blocks: 1 });
  await chain.increaseTime({ seconds: 3 * 86_400 + 10 });
  await chain.mine({ blocks: 1 });
  await page.goto(`/proposals/${proposalId}`);
  await expect(page.getByTestId('proposal-state')).toHaveText('Succeeded');
  await expect(page.getByTestId('quorum-text')).toContainText('reached');

  // Anyone may queue and execute; the description hash identifies the proposal.
  const created = await readClient.getContractEvents({
    address: governor,
    abi: homeostatGovernorAbi,
    eventName: 'ProposalCreated',
    fromBlock: BigInt(deployment.startBlock),
  });
  const p = created.find((l) => l.args.proposalId === proposalId)!.args;
  const args = [p.targets!, p.values!, p.calldatas!, keccak256(toHex(p.description!))] as const;
  const account = devAccount(12).address;
  await chain.writeContract({
    account,
    chain: null,
    address: governor,
    abi: homeostatGovernorAbi,
    functionName: 'queue',
    args,
    gas: 1_000_000n,
  });
  await chain.mine({ blocks: 1 });
  await expect(page.getByTestId('proposal-state')).toHaveText('Queued');
  await expect(page.getByTestId('time-left')).toContainText('Executable in');
  await chain.increaseTime({ seconds: 86_400 + 10 });
  await chain.mine({ blocks: 1 });
  await chain.writeContract({
    account,
    chain: null,
    address: governor,
    abi: homeostatGovernorAbi,
    functionName: 'execute',
    args,
    gas: 2_000_000n,
  });
  await chain.mine({ blocks: 1 });
  await expect(page.getByTestId('proposal-state')).toHaveText('Executed');
  expect(await fee(deployment.contracts.PolicyController)).toBe(to);
  // The change is now live: the decoded "current" column flags the proposal's expected value as stale.
  await expect(page.getByTestId('change-row').first()).toContainText('The live value has changed since');
});
