/**
 * Integration (issue 11): the reporter posts the market factor's price on the signal oracle
 * each hour, and the live agent's chain snapshot reads the same price the simulator's policies
 * get (the replayed path's close of the hour that just ended). Real anvil, real deploy script,
 * real market driver process, the agent's own chain boundary.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPublicClient, createWalletClient, http } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyHistory } from '../lib/agent/history';
import { buildPolicyState } from '../lib/agent/snapshot';
import { signalOracleAbi } from '../lib/contracts/abis';
import type { Deployment } from '../lib/contracts/deployments';
import { readPriceCsv } from '../lib/data/node';
import { createReplay, findStartIndex } from '../lib/market/replay';
import { deploy, type Proc, startAnvil } from '../test/local-stack';
import { createChainBoundary } from './chain';

const root = path.resolve(import.meta.dirname, '..');
const tsxCli = path.join(root, 'node_modules/tsx/dist/cli.mjs');
const HOURS = 4;
const START = '2022-05-09';
const PRICE_FILE = 'data/prices/btcusd_1h_2018-05_2023-03.csv';
/** anvil account 1 (the agent; public test key, local chain only). */
const AGENT_KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';

let anvil: (Proc & { url: string }) | undefined;
let tmp = '';
let deploymentsFile = '';
let deployment: Deployment;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'homeostat-price-feed-'));
  anvil = await startAnvil();
  ({ file: deploymentsFile, deployment } = await deploy(anvil.url, tmp));
}, 120_000);

afterAll(async () => {
  await anvil?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function runDriver(env: Record<string, string>, timeoutMs: number) {
  return new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [tsxCli, 'scripts/market-driver.ts'], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('market-price feed, reporter to agent', () => {
  it('posts the replayed close every hour and the agent snapshot reads it', async () => {
    const url = anvil?.url ?? '';
    const client = createPublicClient({ transport: http(url) });
    const c = deployment.contracts;
    expect(
      await client.readContract({ address: c.SignalOracle, abi: signalOracleAbi, functionName: 'isMarketPriceStale' }),
    ).toBe(true);

    const result = await runDriver(
      {
        RPC_URL: url,
        DEPLOYMENTS_FILE: deploymentsFile,
        MARKET_MODEL: 'replay',
        MARKET_SCENARIO: 'crash',
        MARKET_START: START,
        MARKET_HOURS: String(HOURS),
        MARKET_SPEED: '1000',
        MARKET_SEED: 'price-feed',
        MARKET_POSTS_DIR: path.join(tmp, 'posts'),
      },
      55_000,
    );
    expect(result.stderr.replace(/npm warn.*\n?/g, '')).toBe('');
    expect(result.code).toBe(0);

    const prices = readPriceCsv(path.join(root, PRICE_FILE));
    const replay = createReplay(prices, findStartIndex(prices, START), 0.1);
    const events = await client.getContractEvents({
      address: c.SignalOracle,
      abi: signalOracleAbi,
      eventName: 'MarketPricePosted',
      fromBlock: 0n,
    });
    expect(events).toHaveLength(HOURS);
    const signals = await client.getContractEvents({
      address: c.SignalOracle,
      abi: signalOracleAbi,
      eventName: 'SignalPosted',
      fromBlock: 0n,
    });
    for (const [i, e] of events.entries()) {
      expect(Number(e.args.round)).toBe(i + 1);
      // Observed at the same hour's close as that hour's sentiment signal.
      expect(e.args.observedAt).toBe(signals[i]?.args.observedAt);
      expect(Number(e.args.price) / 1e18).toBeCloseTo(replay.at(i).sourceClose, 5);
    }

    const boundary = createChainBoundary({
      client: client as never,
      wallet: createWalletClient({ transport: http(url) }) as never,
      account: privateKeyToAccount(AGENT_KEY),
      deployment,
    });
    const snap = await boundary.snapshot();
    expect(snap.marketPrice?.round).toBe(HOURS);
    expect(snap.marketPrice?.stale).toBe(false);
    const state = buildPolicyState(snap, emptyHistory(), {
      proposalPending: false,
      indexerLagSeconds: 0,
      anomalyScore: 0,
      anomalyFlags: [],
    });
    expect(state.marketPrice).toBeCloseTo(replay.at(HOURS - 1).sourceClose, 5);
  }, 90_000);
});
