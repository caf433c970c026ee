import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { createPublicClient, createWalletClient, type Hex, http } from 'viem';
import { hashCanonical } from '../lib/agent/canonical';
import { forecastNumbersHash, verificationPayload } from '../lib/agent/onchain-verification';
import { forecastVerdict, sealVerification, type Verification } from '../lib/agent/records';
import { verificationLogAbi } from '../lib/contracts/abis';
import { readDeployment } from '../lib/contracts/deployments-node';
import { devAccount } from '../scripts/lib/accounts';
import { expect, test } from './fixtures';
import { e2eStack } from './stack';

/**
 * The app reads the agent's files from AGENT_DATA_DIR / AGENT_JUSTIFICATIONS_DIR (defaults
 * .homeostat/agent, .homeostat/justifications). These tests write a small decision log there, so
 * they run only when the stack was started with dedicated dirs (never over a developer's log).
 */
const env = { ...process.env, ...e2eStack.env } as Record<string, string | undefined>;
const dataDir = env.AGENT_DATA_DIR;
const reader = createPublicClient({ transport: http(e2eStack.rpcUrl) });
const justDir = env.AGENT_JUSTIFICATIONS_DIR;

// Decision ids unique to this run: the VerificationLog keeps one record per decision for good, and
// a reused stack still holds the records of earlier runs.
const RUN = BigInt(Date.now()) << 32n;
const id = (n: number) => `0x${(RUN + BigInt(n)).toString(16).padStart(64, '0')}` as Hex;

test('the page renders without a wallet, with or without an agent log; no serious a11y issues', async ({ page }) => {
  await page.goto('/transparency');
  await expect(page.getByRole('heading', { name: 'Transparency', level: 1 })).toBeVisible();
  await expect(page.getByTestId('decision-log').or(page.getByTestId('log-unavailable'))).toBeVisible();
  await expect(page.getByTestId('guardian-none').or(page.getByTestId('guardian-actions'))).toBeVisible();
  const r = await new AxeBuilder({ page }).analyze();
  expect(r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
});

test.describe('with an agent log', () => {
  test.skip(
    !dataDir || !justDir || /^\.homeostat\/(agent|justifications)\/?$/.test(dataDir),
    'needs AGENT_DATA_DIR set to a dedicated e2e dir',
  );

  let txOf: (n: number) => Hex;

  test.beforeAll(async () => {
    mkdirSync(dataDir!, { recursive: true });
    mkdirSync(justDir!, { recursive: true });
    const forecast = {
      rvNext: 0.5,
      lower80: 0.4,
      upper80: 0.6,
      lower95: 0.3,
      upper95: 0.7,
      horizonHours: 24,
      model: 'ewma',
      modelVersion: 'ewma@lib/sim',
      modelHash: id(77),
    };
    // Verify windows that start ahead of the chain's clock: each forecast is committed on-chain before its
    // window (as the agent does when it decides), then the clock is moved past the windows' end (the contract
    // refuses verdicts from the future and forecasts committed late).
    const now = Number((await reader.getBlock()).timestamp);
    const verified: [number, Verification][] = [];
    let prev: Hex | null = null;
    for (const [n, realised] of [
      [1, 0.5],
      [2, 0.55],
      [3, 0.45],
    ] as const) {
      const to = now + 1800 + n * 600;
      const v = sealVerification(forecastVerdict(forecast, realised, to - 1200, to), to + 60, prev);
      verified.push([n, v]);
      prev = v.hash;
    }
    const doc = {
      schema: 'homeostat.justification/1',
      decisionId: id(2),
      text: 'Raise the fee <img src=x onerror=alert(1)>',
      forecasts: { volatility: forecast },
    };
    const { json, hash } = hashCanonical(doc);
    writeFileSync(path.join(justDir!, `${hash}.json`), json);
    const decision = (n: number, kind: 'proposal' | 'no-action', at: number, extra: object) => ({
      type: 'decision',
      decisionId: id(n),
      chainId: 31337,
      epoch: n,
      decidedAt: at,
      blockNumber: String(n),
      kind,
      policy: 'adaptive',
      objective: 'stability',
      horizonHours: 24,
      forecast,
      inputHash: id(100 + n),
      modelHash: id(77),
      sources: { history: 'indexer', indexerLagSeconds: 0 },
      ...extra,
    });
    const lines = [
      decision(1, 'no-action', 1_800_000_000, {
        reason: 'within-tolerance',
        text: 'Not acting: volatility within tolerance.',
      }),
      decision(2, 'proposal', 1_800_003_600, {
        text: doc.text,
        justificationHash: hash,
        justificationURI: `/api/justifications/${hash}`,
        proposal: { expectedLane: 'full' },
      }),
      { type: 'proposed', decisionId: id(2), proposalId: '123', lane: 'full', txHash: id(500), blockNumber: '10' },
      { type: 'lifecycle', decisionId: id(2), state: 'Executed', at: 1_800_400_000, txHash: id(501) },
      decision(3, 'no-action', 1_800_007_200, { reason: 'within-tolerance', text: 'Not acting: calm.' }),
      ...verified.map(([n, v]) => ({ type: 'verified', decisionId: id(n), ...v })),
    ].map((l) => JSON.stringify(l));
    // A malformed line and a torn tail must not break the page.
    writeFileSync(path.join(dataDir!, 'decisions.jsonl'), `${lines.join('\n')}\nnot json\n{"type":"decis`);
    writeFileSync(
      path.join(dataDir!, 'verifications.jsonl'),
      verified.map(([n, v]) => `${JSON.stringify({ decisionId: id(n), ...v })}\n`).join(''),
    );

    // On-chain, as the agent (the VerificationLog's recorder) posts them: decision 2 faithfully,
    // decision 3 with a different hash (what a tampered local log or a lying agent looks like);
    // decision 1's verification stays local only.
    const deployment = readDeployment(e2eStack.deploymentsFile, 31337);
    const wallet = createWalletClient({ account: devAccount(1).account, transport: http(e2eStack.rpcUrl) });
    const txs = new Map<number, Hex>();
    const mined = async (hash: Hex) =>
      expect((await reader.waitForTransactionReceipt({ hash, pollingInterval: 100 })).status).toBe('success');
    for (const [n, v] of verified) {
      if (n === 1) continue;
      const p = verificationPayload(id(n), v);
      if (p.kind !== 'forecast') continue;
      await mined(
        await wallet.writeContract({
          chain: null,
          address: deployment.contracts.VerificationLog!,
          abi: verificationLogAbi,
          functionName: 'commitForecast',
          args: [id(n), p.header.windowFrom, p.header.windowTo, forecastNumbersHash(p.numbers)],
          gas: 1_000_000n,
        }),
      );
    }
    // Past the last verdict's time (a jump of about an hour of chain time).
    const last = verified.at(-1)![1].at;
    await reader.request({
      method: 'evm_setNextBlockTimestamp' as never,
      params: [Math.max(last + 1, Number((await reader.getBlock()).timestamp) + 1)] as never,
    });
    await reader.request({ method: 'evm_mine' as never, params: [] as never });
    for (const [n, v] of verified) {
      if (n === 1) continue;
      const p = verificationPayload(id(n), v);
      if (p.kind !== 'forecast') continue;
      const header = n === 3 ? { ...p.header, contentHash: id(0xbad) } : p.header;
      const hash = await wallet.writeContract({
        chain: null,
        address: deployment.contracts.VerificationLog!,
        abi: verificationLogAbi,
        functionName: 'recordForecast',
        args: [header, p.numbers],
        gas: 1_000_000n,
      });
      const receipt = await reader.waitForTransactionReceipt({ hash, pollingInterval: 100 });
      expect(receipt.status).toBe('success');
      txs.set(n, hash);
    }
    txOf = (n) => txs.get(n)!;
    writeFileSync(
      path.join(dataDir!, 'models.jsonl'),
      `${JSON.stringify({ at: 1_800_000_000, outcome: 'skipped', reason: 'history 10 h < 1176 h needed' })}\n`,
    );
  });
  test.afterAll(() => {
    rmSync(dataDir!, { recursive: true, force: true });
    rmSync(justDir!, { recursive: true, force: true });
  });

  test('every decision with its hashes, outcome and verify record; filters; permalink', async ({ page }) => {
    await page.goto('/transparency');
    const log = page.getByTestId('decision-log');
    await expect(log.getByTestId('decision')).toHaveCount(3);
    await expect(page.getByTestId('log-skipped')).toContainText('1 malformed line(s) skipped');
    await expect(page.getByTestId('track-record')).toContainText('100.0%');
    await expect(page.getByTestId('model-history')).toContainText('history 10 h < 1176 h needed');

    await page.getByTestId('filter-kind').selectOption('no-action');
    await expect(log.getByTestId('decision')).toHaveCount(2);
    await expect(log).toContainText('Not acting: volatility within tolerance.');
    await page.getByTestId('filter-kind').selectOption('all');
    await page.getByTestId('filter-outcome').selectOption('executed');
    await expect(log.getByTestId('decision')).toHaveCount(1);

    await log.getByRole('link', { name: /Permalink to decision/ }).click();
    await expect(page).toHaveURL(new RegExp(`/transparency/${id(2)}$`));
    const focused = page.locator(`[data-decision-id="${id(2)}"]`).first();
    await expect(focused.getByTestId('execution-tx')).toContainText('0x00000000');
    await expect(focused.getByTestId('verify-record')).toContainText('inside the 80% interval');
    // Chain-supplied text is shown as text, never as HTML.
    await expect(focused.getByText('Raise the fee <img src=x onerror=alert(1)>').first()).toBeVisible();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    const r = await new AxeBuilder({ page }).analyze();
    expect(r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  });

  test('each verify record says whether it is on-chain, with its transaction, and a mismatch is loud', async ({
    page,
  }) => {
    await page.goto('/transparency');
    const card = (n: number) => page.locator(`[data-decision-id="${id(n)}"]`).first();
    // The indexer picks the records up within a poll or two.
    await expect(card(2).getByTestId('onchain-badge')).toHaveText('recorded on-chain', { timeout: 30_000 });
    await expect(card(3).getByTestId('onchain-badge')).toHaveText('on-chain record ≠ local');
    await expect(card(1).getByTestId('onchain-badge')).toHaveText('local only, not on-chain');
    await expect(page.getByTestId('onchain-track-record')).toContainText('From on-chain records alone');
    await expect(page.getByTestId('onchain-comparison')).toContainText(/\d+ match the local records · 1 local only/);
    await expect(page.getByTestId('onchain-comparison')).toContainText('1 DIFFER');

    await page.goto(`/transparency/${id(2)}`);
    const ok = page
      .locator(`[data-decision-id="${id(2)}"]`)
      .first()
      .getByTestId('onchain-forecast');
    await expect(ok).toHaveAttribute('data-status', 'recorded');
    await expect(ok).toContainText('matches the local record');
    await expect(ok.getByTitle(txOf(2))).toBeVisible();

    await page.goto(`/transparency/${id(3)}`);
    const bad = page
      .locator(`[data-decision-id="${id(3)}"]`)
      .first()
      .getByTestId('onchain-forecast');
    await expect(bad).toHaveAttribute('data-status', 'mismatch');
    await expect(bad).toHaveRole('alert');
    await expect(bad).toContainText('MISMATCH');
    await expect(bad).toContainText(`on-chain hash ${id(0xbad)}`);

    await page.goto(`/transparency/${id(1)}`);
    await expect(
      page
        .locator(`[data-decision-id="${id(1)}"]`)
        .first()
        .getByTestId('onchain-forecast'),
    ).toContainText('only in the agent’s local log');
    const r = await new AxeBuilder({ page }).analyze();
    expect(r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  });

  test('justification route serves the committed bytes and validates the hash', async ({ request }) => {
    const bad = await request.get('/api/justifications/0xABC');
    expect(bad.status()).toBe(400);
    const missing = await request.get(`/api/justifications/${id(9)}`);
    expect(missing.status()).toBe(404);
  });
});
