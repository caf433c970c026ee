/**
 * The embedded electorate decides, and the app shows it. Two proposals go up side by side: one
 * that the market's holders have every interest to pass (a full-step rise of the buyback budget
 * and of the burned share of the fee: holders and stakers gain, nobody pays) and one they have
 * every interest to veto (the fee up, buybacks, staking rewards and the burn all cut one small
 * step each: optimistic lane, so it fails only if the vetoes reach the threshold). A holder
 * (the test wallet, anvil #5) reads the first in the app and approves it, one voter among many;
 * then the real market driver (scripts/market-driver.ts) runs the embedded market through the
 * vote, and its holders vote from their own accounts by lib/market/electorate's rule, with
 * reasons. The page follows the tally without a reload. Afterwards the first is queued and
 * executed (anyone may; here anvil #12) and the parameters change on-chain; the second reads
 * "Vetoed" with the holders' reasons.
 *
 * Steering: nothing is scripted. The ballots are a seeded function of (MARKET_SEED, proposal,
 * voter) and each holder's position. The two proposals are chosen so the outcome does not hang on
 * the noise: over 4,000 seeds of lib/market/electorate.decideBallot with the deploy script's
 * holdings (and with ±10 % P&L moods, 10x the noise traders' stake), the first passed and the
 * second was vetoed every time. Knobs: E2E_ELECTORATE_SEED (MARKET_SEED, default
 * "electorate-e2e") and E2E_ELECTORATE_SPEED (MARKET_SPEED, simulated hours per real second,
 * default 4: the 72 h vote takes about 20-40 real seconds here; at the product's default 0.1 it
 * takes 12 minutes, which human-speed.spec.ts covers for one vote).
 *
 * Runs in the 'market' project: the driver moves chain time an hour per block.
 */
import { spawn } from 'node:child_process';
import {
  type Address,
  BaseError,
  ContractFunctionRevertedError,
  encodeFunctionData,
  erc20Abi,
  keccak256,
  stringToBytes,
  toHex,
} from 'viem';
import { proposalStates } from '../lib/chain/governance';
import { homeostatGovernorAbi, policyControllerAbi } from '../lib/contracts/abis';
import type { Deployment } from '../lib/contracts/deployments';
import { PolicyParam } from '../lib/contracts/params';
import { localAccounts } from '../scripts/lib/accounts';
import { advance, DAY, HOUR, makeChainClient, writeAs } from '../test/market-play';
import { expect, test } from './fixtures';
import { e2eStack } from './stack';

const SEED = process.env.E2E_ELECTORATE_SEED ?? 'electorate-e2e';
const SPEED = process.env.E2E_ELECTORATE_SPEED ?? '4';
const client = makeChainClient(e2eStack.rpcUrl);
const ROLE_REASON = /^“(Trader|Arbitrage desk|Large holder|Staker|Liquidity provider): /;

type Change = { id: number; from: bigint; to: bigint };

async function param(deployment: Deployment, id: number) {
  return client.readContract({
    address: deployment.contracts.PolicyController,
    abi: policyControllerAbi,
    functionName: 'parameter',
    args: [id],
  });
}

async function guardrail(deployment: Deployment, id: number) {
  return client.readContract({
    address: deployment.contracts.PolicyController,
    abi: policyControllerAbi,
    functionName: 'guardrail',
    args: [id],
  });
}

/**
 * A change of one parameter by `step` (signed) from its live value, shortened to stay inside its
 * guardrail (earlier specs' executed proposals move values); null when no step is left.
 */
async function stepFrom(deployment: Deployment, id: number, step: bigint): Promise<Change | null> {
  const [from, g] = await Promise.all([param(deployment, id), guardrail(deployment, id)]);
  let to = from + step;
  if (to > g.max) to = g.max;
  if (to < g.min) to = g.min;
  return to === from ? null : { id, from, to };
}

async function changes(deployment: Deployment, steps: [number, bigint][]): Promise<Change[]> {
  const out = await Promise.all(steps.map(([id, step]) => stepFrom(deployment, id, step)));
  return out.filter((c): c is Change => c !== null);
}

/**
 * Proposes `changes` from the agent account (#1) with a data: justification whose hash is
 * committed; returns the id, or null when the governor refuses the set as a live copy or a
 * recently rejected one (a retry on the same chain), so the caller can try a variant.
 */
async function propose(deployment: Deployment, label: string, changes: Change[]): Promise<bigint | null> {
  const c = deployment.contracts;
  const { timestamp } = await client.getBlock();
  const calldatas = changes.map((x) =>
    encodeFunctionData({ abi: policyControllerAbi, functionName: 'setParameter', args: [x.id, x.from, x.to] }),
  );
  const justification = JSON.stringify({ kind: 'e2e-electorate', label, at: timestamp.toString() });
  const description = `# ${label}\n\nProposed by e2e/electorate.spec.ts at chain time ${timestamp}.`;
  const args = [
    calldatas.map(() => c.PolicyController as Address),
    calldatas.map(() => 0n),
    calldatas,
    description,
    {
      decisionId: keccak256(toHex(`electorate-${label}-${timestamp}`)),
      modelHash: keccak256(toHex('e2e-model')),
      inputHash: keccak256(toHex(`e2e-inputs-${timestamp}`)),
      justificationHash: keccak256(toHex(justification)),
      justificationURI: `data:application/json,${encodeURIComponent(justification)}`,
    },
  ] as const;
  try {
    await client.simulateContract({
      account: localAccounts.agent.account,
      address: c.HomeostatGovernor,
      abi: homeostatGovernorAbi,
      functionName: 'proposeDecision',
      args,
    });
  } catch (e) {
    const reverted = e instanceof BaseError ? e.walk((x) => x instanceof ContractFunctionRevertedError) : null;
    const name = reverted instanceof ContractFunctionRevertedError ? reverted.data?.errorName : undefined;
    if (name === 'HomeostatGovernor_ActionsAlreadyLive' || name === 'HomeostatGovernor_RecentlyRejected') return null;
    throw e;
  }
  await writeAs(client, 1, c.HomeostatGovernor, homeostatGovernorAbi, 'proposeDecision', [...args]);
  return client.readContract({
    address: c.HomeostatGovernor,
    abi: homeostatGovernorAbi,
    functionName: 'getProposalId',
    args: [args[0], args[1], args[2], keccak256(stringToBytes(description))],
  });
}

async function state(deployment: Deployment, id: bigint) {
  const s = await client.readContract({
    address: deployment.contracts.HomeostatGovernor,
    abi: homeostatGovernorAbi,
    functionName: 'state',
    args: [id],
  });
  return proposalStates[Number(s)];
}

type DriverRun = { done: Promise<void>; lines: () => Record<string, unknown>[] };

/** The real market driver for `hours` simulated hours (it restores automine when it exits). */
function runMarket(hours: number): DriverRun {
  let stdout = '';
  let stderr = '';
  const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/market-driver.ts'], {
    env: {
      ...process.env,
      RPC_URL: e2eStack.rpcUrl,
      DEPLOYMENTS_FILE: e2eStack.deploymentsFile,
      MARKET_HOURS: String(hours),
      MARKET_SPEED: SPEED,
      MARKET_SEED: SEED,
      MARKET_SCENARIO: 'calm',
      MARKET_POSTS_DIR: 'test-results/posts',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const done = new Promise<void>((resolve, reject) => {
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`market driver exited ${code}: ${stderr.slice(-2000)}`)),
    );
  });
  const lines = () =>
    stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { done, lines };
}

test('the electorate passes one proposal and vetoes another; the app shows both outcomes', async ({
  page,
  wallet,
  deployment,
}) => {
  test.setTimeout(480_000);
  // The buyback budget is in the stable token's smallest units.
  const stableDecimals = await client.readContract({
    address: deployment.contracts.StableToken,
    abi: erc20Abi,
    functionName: 'decimals',
  });
  const stableUnit = 10n ** BigInt(stableDecimals);

  // ---- the proposals: one in the holders' interest (full vote), one against it (optimistic lane)
  const liked = await changes(deployment, [
    [PolicyParam.BuybackBudget, 10_000n * stableUnit],
    [PolicyParam.BurnShare, 1_000n],
  ]);
  expect(liked.length, 'buyback budget and burn share both at their maximum').toBeGreaterThan(0);
  const likedId = await propose(deployment, 'More buybacks and more of the fee burned', liked);
  if (likedId === null) throw new Error('the governor refused the liked proposal (a live copy?)');
  let dislikedId: bigint | null = null;
  let disliked: Change[] = [];
  // A retry on the same chain: the governor refuses a recently vetoed copy, so the fee step varies.
  for (const feeStep of [5n, 4n, 3n, 2n, 1n]) {
    disliked = await changes(deployment, [
      [PolicyParam.TransferFee, feeStep],
      [PolicyParam.BuybackBudget, -2_500n * stableUnit],
      [PolicyParam.RewardRate, -(10n ** 17n)],
      [PolicyParam.BurnShare, -250n],
    ]);
    expect(disliked.length, 'too few levers left to cut').toBeGreaterThan(2);
    dislikedId = await propose(deployment, 'Higher fee; less buyback, reward and burn', disliked);
    if (dislikedId !== null) break;
  }
  if (dislikedId === null) throw new Error('the governor refused every variant of the disliked proposal');
  await advance(client, HOUR + 1);
  expect(await state(deployment, likedId)).toBe('Active');
  expect(await state(deployment, dislikedId)).toBe('Active');

  // ---- a holder reads the first and approves it in the app (before the market: it mines hourly)
  await page.goto(`/proposals/${likedId}`);
  await expect(page.getByTestId('proposal-lane')).toHaveText(/Full vote/);
  await page.getByRole('button', { name: 'Connect Test Wallet' }).click();
  await expect(page.getByTestId('connected-account')).toBeVisible();
  // The wallet's power is whatever account #5 holds by now: it is also one of the economy's
  // holders, so an earlier market run (the dashboard spec) has traded it away from the deploy's 60 M.
  const power = page.getByTestId('power-at-snapshot');
  await expect(power).toHaveText(/^[1-9][\d,]*(\.\d+)?$/);
  const myPower = (await power.textContent()) ?? '';
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByTestId('vote-status')).toContainText('Confirmed in block');
  await expect(page.getByTestId('votes-for')).toHaveText(myPower);

  // ---- the market runs through the vote; its holders vote, and the page follows without a reload
  const market = runMarket(76); // 72 h of voting, the hour already past the delay, margin
  const failed = market.done.then(
    () => null,
    (e: unknown) => e as Error,
  );
  await expect(page.getByTestId('votes-for')).not.toHaveText(myPower, { timeout: 240_000 });
  await expect(page.getByTestId('vote-reason-text').filter({ hasText: ROLE_REASON }).first()).toBeVisible({
    timeout: 60_000,
  });
  const error = await failed;
  if (error) throw error;
  const hours = market.lines().filter((l) => l.event === 'hour');
  expect(hours.length).toBe(76);
  expect(market.lines().filter((l) => l.level === 'error')).toEqual([]);

  // ---- outcomes on-chain
  expect(await state(deployment, likedId)).toBe('Succeeded');
  expect(await state(deployment, dislikedId)).toBe('Defeated');
  expect(
    await client.readContract({
      address: deployment.contracts.HomeostatGovernor,
      abi: homeostatGovernorAbi,
      functionName: 'isVetoed',
      args: [dislikedId],
    }),
  ).toBe(true);

  // ---- the vetoed one, as a holder reads it: named by what happened, with the holders' reasons
  await page.goto(`/proposals/${dislikedId}`);
  await expect(page.getByTestId('proposal-state')).toHaveText('Vetoed', { timeout: 30_000 });
  await expect(page.getByTestId('outcome-detail')).toContainText('reached the veto threshold');
  const vetoReasons = page.getByTestId('vote-reason-text').filter({ hasText: /^“[^:]+: veto, / });
  await expect(vetoReasons.first()).toBeVisible({ timeout: 30_000 });
  for (const x of disliked) expect(await param(deployment, x.id)).not.toBe(x.to);

  // ---- the passed one: queued, executed after the timelock, the parameters change on-chain
  const created = await client.getContractEvents({
    address: deployment.contracts.HomeostatGovernor,
    abi: homeostatGovernorAbi,
    eventName: 'ProposalCreated',
    fromBlock: BigInt(deployment.startBlock),
  });
  const p = created.find((l) => l.args.proposalId === likedId)!.args;
  const args = [p.targets!, p.values!, p.calldatas!, keccak256(stringToBytes(p.description!))] as const;
  await writeAs(client, 12, deployment.contracts.HomeostatGovernor, homeostatGovernorAbi, 'queue', [...args]);
  await advance(client, DAY + 10);
  await writeAs(client, 12, deployment.contracts.HomeostatGovernor, homeostatGovernorAbi, 'execute', [...args]);
  for (const x of liked) expect(await param(deployment, x.id)).toBe(x.to);
  await page.goto(`/proposals/${likedId}`);
  await expect(page.getByTestId('proposal-state')).toHaveText('Executed', { timeout: 30_000 });
  await expect(page.getByTestId('vote-reason-text').filter({ hasText: ROLE_REASON }).first()).toBeVisible();
  void wallet;
});
