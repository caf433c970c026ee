/**
 * The README's real-chain path end to end, on a stand-in chain (anvil with chain id 84532, so no
 * local default applies): `npm run deploy` from a keystore with the pool seeded, four chain hours of
 * trading so the pool has a history, `npm run reporter -- --once` from a posts file and a feed, then
 * `RPC_URL=… CHAIN_ID=84532 npm start` with the chain-side services (APP_MODE=none: the app's pages
 * have their own e2e). The indexer prices the pool (what the dashboard reads), the reporter runs,
 * and the agent decides, for a stated reason that is not missing data. Ctrl-C stops it all.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  type Address,
  createPublicClient,
  createWalletClient,
  getAddress,
  type Hex,
  http,
  parseAbi,
  parseEther,
  parseUnits,
} from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptKeystore } from '../lib/chain/keystore';
import { readDeployment } from '../lib/contracts/deployments-node';
import type { Env } from '../lib/env';
import { createIndexerClient } from '../lib/indexer';
import { loadDashboard } from '../lib/server/dashboard';
import { freePort, root, runTsx, startAnvil, waitUntil } from '../test/local-stack';
import { devAccount } from './lib/accounts';

type Anvil = Awaited<ReturnType<typeof startAnvil>>;
const CHAIN = 84532;
const dir = mkdtempSync(path.join(os.tmpdir(), 'homeostat-real-chain-'));
const out = `deployments/test-real-${CHAIN}-${process.pid}.json`;
const deployerKey = generatePrivateKey();
const deployer = privateKeyToAccount(deployerKey);
const trader = devAccount(6);
const erc20 = parseAbi([
  'function approve(address spender, uint256 amount) returns (bool)',
  'function mint(address to, uint256 amount)',
]);
const router = parseAbi([
  'function swapExactTokensForTokensSupportingFeeOnTransferTokens(uint256 amountIn, uint256 amountOutMin, address[] path, address to, uint256 deadline)',
]);

let anvil: Anvil;
let stack: ChildProcess | undefined;
let stackOut = '';

describe('a token from nothing to a running Homeostat on chain 84532', () => {
  beforeAll(async () => {
    anvil = await startAnvil([], { chainId: CHAIN });
  }, 60_000);
  afterAll(async () => {
    if (stack?.pid && stack.exitCode === null) {
      try {
        process.kill(-stack.pid, 'SIGKILL');
      } catch {}
    }
    await anvil?.stop();
    rmSync(path.join(root, out), { force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('deploys, trades, reports, starts, and the agent decides', async () => {
    const client = createPublicClient({ transport: http(anvil.url) });
    const wait = (hash: Hex) => client.waitForTransactionReceipt({ hash });
    const issuer = createWalletClient({ account: devAccount(0).account, transport: http(anvil.url) });
    const artifact = JSON.parse(
      readFileSync(path.join(root, 'contracts/out/TestStable.sol/TestStable.json'), 'utf8'),
    ) as {
      abi: unknown[];
      bytecode: { object: Hex };
    };
    const usdc = getAddress(
      (await wait(await issuer.deployContract({ abi: artifact.abi, bytecode: artifact.bytecode.object, chain: null })))
        .contractAddress as Address,
    );
    for (const to of [deployer.address, trader.address]) {
      await wait(
        await issuer.writeContract({
          address: usdc,
          abi: erc20,
          functionName: 'mint',
          args: [to, parseUnits('600000', 6)],
          chain: null,
        }),
      );
    }
    await wait(await issuer.sendTransaction({ to: deployer.address, value: parseEther('50'), chain: null }));
    const keystore = path.join(dir, 'deployer.json');
    writeFileSync(keystore, encryptKeystore(deployerKey, 'pw', 1024));
    writeFileSync(path.join(dir, 'pw.txt'), 'pw\n');

    // 1. Deploy (README step 1).
    const deployed = await runTsx('scripts/deploy.ts', [
      ...['--rpc-url', anvil.url, '--keystore', keystore, '--password-file', path.join(dir, 'pw.txt')],
      ...['--stable', usdc, '--agent', devAccount(1).address, '--guardian', devAccount(2).address],
      ...['--reporter', devAccount(3).address, '--seed-home', '5000000', '--seed-stable', '500000', '--out', out],
    ]);
    expect(deployed.code, deployed.out).toBe(0);
    console.log(deployed.out.trim());
    const c = readDeployment(path.join(root, out), CHAIN).contracts;

    // 2. Four chain hours of trading: the pool gets a history.
    const t = createWalletClient({ account: trader.account, transport: http(anvil.url) });
    await wait(
      await t.writeContract({
        address: usdc,
        abi: erc20,
        functionName: 'approve',
        args: [c.UniswapV2Router02, 2n ** 255n],
        chain: null,
      }),
    );
    await wait(
      await t.writeContract({
        address: c.HomeostatToken,
        abi: erc20,
        functionName: 'approve',
        args: [c.UniswapV2Router02, 2n ** 255n],
        chain: null,
      }),
    );
    for (let h = 0; h < 4; h++) {
      await client.request({ method: 'evm_increaseTime', params: [3600] } as never);
      const buy = h % 2 === 0;
      await wait(
        await t.writeContract({
          address: c.UniswapV2Router02,
          abi: router,
          functionName: 'swapExactTokensForTokensSupportingFeeOnTransferTokens',
          args: [
            buy ? parseUnits('2000', 6) : parseUnits('15000', 18),
            0n,
            buy ? [usdc, c.HomeostatToken] : [c.HomeostatToken, usdc],
            trader.address,
            2n ** 40n,
          ],
          chain: null,
        }),
      );
    }

    // 3. The reporter, once, by hand (README step 2): the period that closed last, and the market feed.
    const now = Number((await client.getBlock()).timestamp);
    const close = Math.floor(now / 3600) * 3600;
    const posts = path.join(dir, 'posts.jsonl');
    const feed = path.join(dir, 'feed.json');
    writeFileSync(
      posts,
      [
        { time: close - 1500, text: 'Token volume climbs as the new staking pool opens' },
        { time: close - 300, text: 'Traders stay cautious ahead of the governance vote' },
      ]
        .map((p) => JSON.stringify(p))
        .join('\n'),
    );
    writeFileSync(feed, JSON.stringify({ observedAt: now - 30, marketPriceUsd: 97_250.5, volumeUsd: 1.5e9 }));
    const reporterEnv = {
      RPC_URL: anvil.url,
      CHAIN_ID: String(CHAIN),
      DEPLOYMENTS_FILE: out,
      REPORTER_POSTS: posts,
      REPORTER_FEED: feed,
      REPORTER_POSTS_LOG: path.join(dir, 'posted.jsonl'),
      REPORTER_PRIVATE_KEY: devAccount(3).privateKey,
    };
    const once = await runTsx('scripts/reporter.ts', ['--once'], reporterEnv);
    expect(once.code, once.out).toBe(0);
    console.log(once.out.trim());
    expect(once.out).toMatch(/"signal":\{"round":1/);
    expect(once.out).toMatch(/"marketPrice":\{"round":1/);

    // 4. npm start against the chain (README step 3), chain-side services.
    const indexerPort = await freePort();
    const dataDir = path.join(dir, 'agent');
    const stackEnv = {
      ...reporterEnv,
      APP_MODE: 'none',
      INDEXER_PORT: String(indexerPort),
      INDEXER_PGLITE_DIR: path.join(dir, 'pglite'),
      INDEXER_URL: '',
      AGENT_PRIVATE_KEY: devAccount(1).privateKey,
      AGENT_DATA_DIR: dataDir,
      AGENT_JUSTIFICATIONS_DIR: path.join(dir, 'justifications'),
      AGENT_MODELS_DIR: path.join(dir, 'models'),
      AGENT_MIN_HISTORY_HOURS: '2',
      AGENT_OPERATOR: 'false',
    };
    const first = await startStack({ ...stackEnv, SERVICES: 'indexer,agent,reporter' }, 240_000);

    // The indexer prices the pool (the dashboard's data) and has the reporter's signal.
    const indexer = createIndexerClient(`http://127.0.0.1:${indexerPort}`);
    const price = (await indexer.getKpis({ from: 0 })).at(-1)?.price ?? null;
    expect(price).not.toBeNull();
    expect(price!).toBeGreaterThan(0.08);
    expect(price!).toBeLessThan(0.12);
    expect(await indexer.getSignals({ from: 0 })).toHaveLength(1);
    expect((await indexer.getMarketPrices({ from: 0 }))[0]?.price).toBe(97_250_500_000n * 10n ** 12n);
    // What the dashboard shows (its server loader, as /api/dashboard runs it): a priced, deep pool,
    // the reporter's sentiment and the market factor.
    const { dashboard } = await loadDashboard(
      { rpcUrl: anvil.url, indexerUrl: `http://127.0.0.1:${indexerPort}`, chainId: CHAIN } as Env,
      readDeployment(path.join(root, out), CHAIN),
      '7d',
    );
    expect(dashboard.cards.price.value).toBeCloseTo(price!, 6);
    expect(dashboard.cards.liquidity.reserveStable).toBeGreaterThan(400_000);
    expect(dashboard.cards.liquidity.depth2pct).toBeGreaterThan(0);
    expect(dashboard.cards.sentiment.signals).toBe(1);
    expect(dashboard.cards.market.usd).toBeCloseTo(97_250.5, 6);

    // The agent decides (chain time moves as blocks are mined: one every 2 s, as a live chain would).
    const miner = setInterval(
      () => void client.request({ method: 'evm_mine', params: [] } as never).catch(() => {}),
      2_000,
    );
    const decisions = path.join(dataDir, 'decisions.jsonl');
    let text = '';
    try {
      await waitUntil(
        'a decision',
        async () => {
          if (!existsSync(decisions)) return false;
          const entries = readFileSync(decisions, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l) as { type: string; text?: string });
          text = entries.find((e) => e.type === 'decision')?.text ?? '';
          return text !== '';
        },
        180_000,
        1_000,
      );
    } finally {
      clearInterval(miner);
    }
    console.log(
      stackOut
        .split('\n')
        .filter((l) => l.startsWith('[start]'))
        .join('\n'),
    );
    console.log(`[real-chain test] the agent's first decision: ${text.slice(0, 400)}`);
    expect(text).not.toMatch(/stale oracle|pool history|corrupt|pool reserves are 0|indexer lag|not available/i);
    expect(readFileSync(path.join(dataDir, 'deployment.json'), 'utf8')).toContain(`"chainId": ${CHAIN}`);

    // 5. Ctrl-C stops everything.
    const t0 = Date.now();
    process.kill(-first.stack.pid!, 'SIGINT');
    await new Promise((r) => first.stack.once('exit', r));
    expect(Date.now() - t0).toBeLessThan(30_000);

    // 6. A clean stop is clean: the indexer released its database, so the next start resumes at
    // once instead of waiting for the lock of a process that died holding it. (Ponder 1.0 logs
    // "Detected crash recovery" on every resume of the same build, clean or not: its check is
    // `is_locked === 0 || heartbeat expired`; only the lock wait tells an unclean stop.)
    const restart = await startStack({ ...stackEnv, SERVICES: 'indexer' }, 120_000);
    const again = restart.out();
    expect(again).not.toMatch(/is locked by a different Ponder app|for lock on schema/);
    expect(again).toMatch(/Detected crash recovery/); // the resume: the same schema, kept
    process.kill(-restart.stack.pid!, 'SIGINT');
    await new Promise((r) => restart.stack.once('exit', r));
  }, 600_000);
});

/**
 * `npm start` (scripts/start.ts) in its own process group, until it says it runs (without the app).
 * Returns what this start printed; `stackOut` keeps the latest output of every start.
 */
async function startStack(
  env: Record<string, string>,
  timeoutMs: number,
): Promise<{ stack: ChildProcess; out: () => string }> {
  const child = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/start.ts'], {
    cwd: root,
    detached: true,
    stdio: 'pipe',
    env: { ...process.env, ...env },
  });
  stack = child;
  let own = '';
  const keep = (b: Buffer) => {
    own = (own + b.toString()).slice(-200_000);
    stackOut = (stackOut + b.toString()).slice(-200_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  await waitUntil(
    'npm start',
    async () => {
      if (child.exitCode !== null) throw new Error(`npm start exited:\n${own.slice(-3000)}`);
      return /Homeostat is running without the app/.test(own);
    },
    timeoutMs,
    500,
  );
  return { stack: child, out: () => own };
}
