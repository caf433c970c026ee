/**
 * No page scrolls sideways on a 390 px phone. The agent's proposals are what made / and
 * /proposals 682–710 px wide: unbroken hashes in titles ("Homeostat decision 0x…") and
 * descriptions, and a changes table with a minimum width. This spec puts such a proposal up (an
 * agent-shaped description: hash title, long technical body, justification line with a 66-char
 * hash) and checks every page once its data is on screen.
 */
import { createPublicClient, createWalletClient, encodeFunctionData, type Hex, http, keccak256, toHex } from 'viem';
import { homeostatGovernorAbi, policyControllerAbi } from '../lib/contracts/abis';
import type { Deployment } from '../lib/contracts/deployments';
import { PolicyParam } from '../lib/contracts/params';
import { localAccounts } from '../scripts/lib/accounts';
import { expect, test } from './fixtures';
import { e2eStack } from './stack';

test.use({ viewport: { width: 390, height: 844 } });

async function agentShapedProposal(deployment: Deployment): Promise<bigint> {
  const transport = http(e2eStack.rpcUrl);
  const client = createPublicClient({ transport });
  const wallet = createWalletClient({ account: localAccounts.agent.account, transport });
  const controller = deployment.contracts.PolicyController;
  const [fee, buyback, feeGuard] = await Promise.all([
    client.readContract({
      address: controller,
      abi: policyControllerAbi,
      functionName: 'parameter',
      args: [PolicyParam.TransferFee],
    }),
    client.readContract({
      address: controller,
      abi: policyControllerAbi,
      functionName: 'parameter',
      args: [PolicyParam.BuybackBudget],
    }),
    client.readContract({
      address: controller,
      abi: policyControllerAbi,
      functionName: 'guardrail',
      args: [PolicyParam.TransferFee],
    }),
  ]);
  const step = feeGuard.maxStep < 5n ? feeGuard.maxStep : 5n;
  const nextFee = fee + step <= feeGuard.max ? fee + step : fee - step;
  const calldatas = [
    encodeFunctionData({
      abi: policyControllerAbi,
      functionName: 'setParameter',
      args: [PolicyParam.TransferFee, fee, nextFee],
    }),
    encodeFunctionData({
      abi: policyControllerAbi,
      functionName: 'setParameter',
      args: [PolicyParam.BuybackBudget, buyback, buyback > 1_000_000n ? buyback - 1_000_000n : buyback + 1_000_000n],
    }),
  ];
  const { timestamp } = await client.getBlock();
  const decisionId = keccak256(toHex(`phone-width-${timestamp}`));
  const justificationHash = keccak256(toHex(`phone-width-justification-${timestamp}`));
  // What agent/loop.ts proposes (lib/agent/records.ts proposalDescription), unbroken hashes included.
  const description = [
    `Homeostat decision ${decisionId}`,
    '',
    `adaptive policy, stability objective. Forecast upper-80% volatility is 1.91× its long-run level (stress 71%); Changes: transferFeeBps ${fee} → ${nextFee}; buybackBudget 10,000 → 9,000 (asked 0; bound by maxStep). inputHash=${keccak256(toHex('inputs'))}${keccak256(toHex('more'))}`,
    '',
    `Justification: /api/justifications/${justificationHash} (keccak256 ${justificationHash})`,
  ].join('\n');
  const { request, result } = await client.simulateContract({
    account: localAccounts.agent.account,
    address: deployment.contracts.HomeostatGovernor,
    abi: homeostatGovernorAbi,
    functionName: 'proposeDecision',
    args: [
      [controller, controller],
      [0n, 0n],
      calldatas,
      description,
      {
        decisionId,
        modelHash: keccak256(toHex('model')),
        inputHash: keccak256(toHex(`inputs-${timestamp}`)),
        justificationHash,
        justificationURI: `/api/justifications/${justificationHash}`,
      },
    ],
  });
  const hash: Hex = await wallet.writeContract(request);
  await client.waitForTransactionReceipt({ hash });
  return result;
}

test('no page is wider than a 390 px phone, with an agent-shaped proposal on every list', async ({
  page,
  deployment,
}) => {
  const id = await agentShapedProposal(deployment);
  const pages: [string, string][] = [
    ['/', `[data-testid="proposal-${id}"]`],
    ['/proposals', `[data-testid="proposal-${id}"]`],
    [`/proposals/${id}`, '[data-testid="change-row"]'],
    ['/proposals/1', '[data-testid="proposal-missing"]'],
    ['/treasury', '[data-testid="treasury-stable"]'],
    ['/transparency', 'h1'],
    ['/simulate', 'h1'],
  ];
  const wide: string[] = [];
  for (const [path, ready] of pages) {
    await page.goto(path);
    await expect(page.locator(ready).first()).toBeVisible();
    // Let late data (charts, lazy cards) land before measuring; the pages poll, so never network-idle.
    await page.waitForTimeout(1_000);
    const m = await page.evaluate(() => {
      const el = document.scrollingElement ?? document.documentElement;
      const culprits = [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(0, 3)
        .map((e) => `${e.tagName.toLowerCase()}.${String(e.className).slice(0, 40)}`);
      return { scrollWidth: el.scrollWidth, innerWidth: window.innerWidth, culprits };
    });
    if (m.scrollWidth > m.innerWidth)
      wide.push(`${path}: ${m.scrollWidth} px > ${m.innerWidth} px (${m.culprits.join(', ')})`);
  }
  expect(wide).toEqual([]);

  // The hash title is replaced by a title in words, derived from the calldata.
  await page.goto('/proposals');
  await expect(page.getByTestId(`proposal-${id}`).getByTestId('proposal-link')).toHaveText(
    /^(Raise|Lower) the transfer fee \d+\.\d\d % → \d+\.\d\d % and (cut|raise) buybacks to [\d,.]+ TUSD a day$/,
  );
});
