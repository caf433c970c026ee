/**
 * The full loop, as a user meets it: the real agent (scripts/agent.ts) watches a live local
 * market and proposes; a holder reads the proposal in the app and vetoes it with their wallet
 * (the rest of the holders vote from their own keys) → Defeated, parameter unchanged. The agent
 * proposes again; a holder approves in the app, the others vote → the agent queues
 * it and, after the timelock, executes it → the parameter changes on-chain → the transparency
 * page shows the decision, its execution and, after the horizon, its verify record.
 *
 * Runs in its own 'loop' project, first, on the fresh e2e stack: the agent acts only when no
 * other proposal is pending and the recent market shows no anomaly (a whale dump from another
 * test's trades makes it refuse, rightly). The agent writes into the e2e stack's AGENT_DATA_DIR,
 * which the app reads.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { keccak256, stringToBytes } from 'viem';
import { getProposals } from '../lib/chain/governance';
import { homeostatGovernorAbi, policyControllerAbi } from '../lib/contracts/abis';
import type { Deployment } from '../lib/contracts/deployments';
import { devAccount } from '../scripts/lib/accounts';
import { advance, DAY, HOUR, makeChainClient, playMarket, prepareTraders, writeAs } from '../test/market-play';
import { expect, test } from './fixtures';
import { e2eStack } from './stack';

const root = path.resolve(import.meta.dirname, '..');
const env = { ...process.env, ...e2eStack.env } as Record<string, string | undefined>;
const dataDir = env.AGENT_DATA_DIR as string;
const justDir = env.AGENT_JUSTIFICATIONS_DIR as string;
const client = makeChainClient(e2eStack.rpcUrl);

let agent: ChildProcess | undefined;
let agentOut = '';

type LogLine = { type: string; decisionId?: string; proposalId?: string; state?: string; kind?: string };

function startAgent() {
  agent = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/agent.ts'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      RPC_URL: e2eStack.rpcUrl,
      CHAIN_ID: '31337',
      DEPLOYMENTS_FILE: e2eStack.deploymentsFile,
      INDEXER_URL: `http://127.0.0.1:${e2eStack.env.INDEXER_PORT}`,
      AGENT_PRIVATE_KEY: devAccount(1).privateKey,
      AGENT_DATA_DIR: dataDir,
      AGENT_JUSTIFICATIONS_DIR: justDir,
      AGENT_MODELS_DIR: path.join(dataDir, 'models'),
      AGENT_POLL_MS: '200',
      AGENT_RETRAIN_HOURS: '0',
      // After the veto the test wants a second proposal two market hours later; the veto memory
      // (72 h by default, lib/agent/veto-memory.ts) would rightly hold a repeat of the same change.
      AGENT_VETO_COOLDOWN_HOURS: '1',
    },
  });
  const keep = (d: Buffer) => {
    agentOut = (agentOut + d.toString()).slice(-20_000);
  };
  agent.stdout?.on('data', keep);
  agent.stderr?.on('data', keep);
}

async function stopAgent() {
  const p = agent;
  agent = undefined;
  if (!p?.pid || p.exitCode !== null || p.signalCode !== null) return;
  const gone = new Promise((r) => p.once('exit', r));
  process.kill(-p.pid, 'SIGTERM');
  await Promise.race([gone, new Promise((r) => setTimeout(r, 10_000))]);
  if (p.exitCode === null && p.signalCode === null) process.kill(-p.pid, 'SIGKILL');
}

/** The agent's durable decision log (the file the app's transparency page reads). */
function agentLog(): LogLine[] {
  const file = path.join(root, dataDir, 'decisions.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim().startsWith('{') && l.trim().endsWith('}'))
    .map((l) => JSON.parse(l) as LogLine);
}

async function waitForLog(what: string, pick: (l: LogLine[]) => LogLine | undefined, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const hit = pick(agentLog());
    if (hit) return hit;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `${what}: not in the agent's log within ${timeoutMs / 1000} s\n${agentOut.split('\n').slice(-12).join('\n')}`,
  );
}

async function param(deployment: Deployment, id: number) {
  return client.readContract({
    address: deployment.contracts.PolicyController,
    abi: policyControllerAbi,
    functionName: 'parameter',
    args: [id],
  });
}

async function voteFromKeys(deployment: Deployment, proposalId: bigint, support: 0 | 1, holders: number[]) {
  for (const i of holders) {
    await writeAs(client, i, deployment.contracts.HomeostatGovernor, homeostatGovernorAbi, 'castVote', [
      proposalId,
      support,
    ]);
  }
}

/**
 * A retry starts on the chain the failed attempt left: the guardian cancels any proposal it left
 * open, or the agent would (rightly) refuse to stack a new one. A no-op on the fresh stack.
 */
async function cancelOpenProposals(deployment: Deployment) {
  const governor = deployment.contracts.HomeostatGovernor;
  const open = new Set(['Pending', 'Active', 'Succeeded', 'Queued']);
  for (const p of await getProposals(client, { governor, fromBlock: BigInt(deployment.startBlock) })) {
    if (!open.has(p.state)) continue;
    await writeAs(client, 2, governor, homeostatGovernorAbi, 'cancel', [
      p.targets,
      p.values,
      p.calldatas,
      keccak256(stringToBytes(p.description)),
    ]);
  }
}

/** Connects the test wallet, unless the app already reconnected it from an earlier page. */
async function connect(page: Page) {
  const button = page.getByRole('button', { name: 'Connect Test Wallet' });
  const account = page.getByTestId('connected-account');
  await expect(button.or(account).first()).toBeVisible();
  // The button can vanish under the click when the wallet reconnects on its own: that is fine.
  if (!(await account.isVisible())) await button.click({ timeout: 5_000 }).catch(() => undefined);
  await expect(account).toBeVisible();
}

test.describe.configure({ mode: 'serial' });
test.use({ holderIndex: 4 });

test.beforeAll(async () => {
  rmSync(path.join(root, dataDir), { recursive: true, force: true });
});

test.afterAll(async () => {
  await stopAgent();
});

test('the agent proposes; holders veto in the app → Defeated, unchanged; then approve → executed → audited', async ({
  page,
  wallet,
  deployment,
}) => {
  test.setTimeout(300_000);
  void wallet;
  await cancelOpenProposals(deployment);
  await prepareTraders(client, deployment);
  await playMarket(client, deployment, 30);
  startAgent();

  // ---- 1. the agent proposes; the holder reads it and vetoes with the wallet
  const first = await waitForLog('first proposal', (l) => l.find((e) => e.type === 'proposed'));
  const firstId = BigInt(first.proposalId as string);
  const touched = agentLog().find((e) => e.type === 'decision' && e.decisionId === first.decisionId) as
    | (LogLine & { proposal?: { actions: { kind: string; id: number; newValue: string }[] } })
    | undefined;
  const changes = (touched?.proposal?.actions ?? []).filter((a) => a.kind === 'setParameter');
  expect(changes.length).toBeGreaterThan(0);
  const before = await Promise.all(changes.map((a) => param(deployment, a.id)));

  await advance(client, HOUR + 1);
  await page.goto('/proposals');
  await expect(page.getByTestId('proposal-list').locator(`a[href="/proposals/${firstId}"]`).first()).toBeVisible();
  await page.goto(`/proposals/${firstId}`);
  await expect(page.getByTestId('justification-check')).toHaveAttribute('data-status', 'match');
  await expect(page.getByTestId('justification-text')).not.toBeEmpty();
  await expect(page.getByTestId('change-row').first()).toBeVisible();
  await connect(page);
  await page.getByRole('button', { name: 'Veto' }).click();
  await expect(page.getByTestId('vote-status')).toContainText(/confirmed/i);
  await voteFromKeys(deployment, firstId, 0, [5, 6, 7, 8, 9, 12, 13, 14, 15, 16, 17, 18, 19]);
  await advance(client, 3 * DAY + 10);
  await expect(page.getByTestId('proposal-state')).toHaveText(/^(Vetoed|Defeated: majority against)$/);
  await waitForLog('defeat recorded', (l) =>
    l.find((e) => e.type === 'lifecycle' && e.decisionId === first.decisionId && e.state === 'Defeated'),
  );
  expect(await Promise.all(changes.map((a) => param(deployment, a.id)))).toEqual(before);

  // ---- 2. the agent proposes again; holders approve → queued → executed by the agent
  await playMarket(client, deployment, 2);
  const second = await waitForLog('second proposal', (l) =>
    l.find((e) => e.type === 'proposed' && e.decisionId !== first.decisionId),
  );
  const secondId = BigInt(second.proposalId as string);
  const decision = agentLog().find((e) => e.type === 'decision' && e.decisionId === second.decisionId) as LogLine & {
    proposal: { actions: { kind: string; id: number; newValue: string }[] };
  };
  await advance(client, HOUR + 1);
  await page.goto(`/proposals/${secondId}`);
  await connect(page);
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByTestId('vote-status')).toContainText(/confirmed/i);
  await voteFromKeys(deployment, secondId, 1, [5, 6, 7, 8, 9, 12, 13, 14, 15, 16, 17, 18, 19]);
  await advance(client, 3 * DAY + 10);
  await waitForLog('queued by the agent', (l) =>
    l.find((e) => e.type === 'lifecycle' && e.decisionId === second.decisionId && e.state === 'Queued'),
  );
  await expect(page.getByTestId('proposal-state')).toHaveText('Queued');
  await advance(client, DAY + 10);
  await waitForLog('executed by the agent', (l) =>
    l.find((e) => e.type === 'lifecycle' && e.decisionId === second.decisionId && e.state === 'Executed'),
  );
  await expect(page.getByTestId('proposal-state')).toHaveText('Executed');
  for (const a of decision.proposal.actions) {
    if (a.kind === 'setParameter') expect(await param(deployment, a.id)).toBe(BigInt(a.newValue));
  }

  // ---- 3. the transparency page: both decisions, the outcome, the execution, then the verify record
  await page.goto(`/transparency/${second.decisionId}`);
  const focused = page.locator(`[data-decision-id="${second.decisionId}"]`).first();
  await expect(focused.getByTestId('decision-outcome')).toHaveText('Executed');
  await expect(focused.getByTestId('execution-tx')).toContainText('0x');
  await playMarket(client, deployment, 25);
  await waitForLog('effect verification', (l) =>
    l.find((e) => e.type === 'verified' && e.decisionId === second.decisionId && e.kind === 'effect'),
  );
  // The agent also posts the verdict to the VerificationLog; the page checks it against the local record.
  await expect(async () => {
    await page.reload();
    await expect(focused.getByTestId('onchain-effect')).toHaveAttribute('data-status', 'recorded', { timeout: 3_000 });
  }).toPass({ timeout: 60_000 });
  await expect(focused.getByTestId('verify-record')).toContainText(/interval/);
  await page.goto('/transparency');
  // The agent's real log (with its notes of on-chain posts) reads without a malformed line.
  await expect(page.getByTestId('filter-outcome')).toBeVisible();
  await expect(page.getByText(/malformed line/)).toHaveCount(0);
  await page.getByTestId('filter-outcome').selectOption('defeated');
  await expect(page.locator(`[data-decision-id="${first.decisionId}"]`).first()).toBeVisible();
  await stopAgent();
});
