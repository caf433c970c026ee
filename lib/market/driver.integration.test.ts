/**
 * Integration: a real anvil chain, the real deploy script, the real driver process.
 * Runs 24 accelerated hours of the crash scenario and checks, against the chain itself, that
 * the pool tracked the replayed path and that every oracle signal's hash matches the stored posts.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createPublicClient, http, keccak256, stringToBytes } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signalOracleAbi, uniswapV2PairAbi } from '../contracts/abis';
import { readDeployment } from '../contracts/deployments-node';
import { readPriceCsv } from '../data/node';
import { labelScore, type SentimentLabel, sentimentIndex } from '../metrics';
import { createReplay, findStartIndex } from './replay';
import type { PostLogRecord } from './sentiment-feed';

const root = path.resolve(import.meta.dirname, '../..');
const anvilBin = path.join(root, 'node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil');
const forgeBin = path.join(root, 'node_modules/@foundry-rs/forge-linux-amd64/bin/forge');
const tsxCli = path.join(root, 'node_modules/tsx/dist/cli.mjs');
// Anvil's account #0 (public test key; local chain only).
const DEPLOYER_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const HOURS = 24;
const START = '2022-05-05';
const PRICE_FILE = 'data/prices/btcusd_1h_2018-05_2023-03.csv';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function runProcess(cmd: string, args: string[], env: Record<string, string>, timeoutMs: number) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

let anvil: ChildProcess | undefined;
let rpcUrl = '';
let deploymentsFile = '';
let tmp = '';

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'homeostat-market-'));
  const port = await freePort();
  rpcUrl = `http://127.0.0.1:${port}`;
  anvil = spawn(
    anvilBin,
    ['--port', String(port), '--accounts', '40', '--balance', '100000', '--order', 'fifo', '--silent'],
    {
      stdio: 'ignore',
    },
  );
  const client = createPublicClient({ transport: http(rpcUrl) });
  for (let i = 0; ; i++) {
    try {
      await client.getChainId();
      break;
    } catch (e) {
      if (i > 100) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  // The deploy script writes deployments/<chainId>.json (or DEPLOYMENTS_FILE where it honours it). A fresh anvil
  // and the same deployer nonce give the same addresses, so rewriting the default file changes nothing in it.
  const ownFile = path.join('deployments', 'test-market', `${port}.json`);
  const deploy = await runProcess(
    forgeBin,
    [
      'script',
      'contracts/script/Deploy.s.sol',
      '--rpc-url',
      rpcUrl,
      '--broadcast',
      '--non-interactive',
      '--private-key',
      DEPLOYER_KEY,
    ],
    { DEPLOYMENTS_FILE: ownFile },
    110_000,
  );
  if (deploy.code !== 0) throw new Error(`deploy failed: ${deploy.stderr || deploy.stdout}`);
  deploymentsFile = existsSync(path.join(root, ownFile)) ? ownFile : 'deployments/31337.json';
}, 120_000);

afterAll(() => {
  anvil?.kill('SIGTERM');
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  rmSync(path.join(root, 'deployments', 'test-market'), { recursive: true, force: true });
});

describe('market driver on a real chain', () => {
  it(`tracks the replayed path for ${HOURS} h and posts verifiable sentiment signals`, async () => {
    const postsDir = path.join(tmp, 'posts');
    const result = await runProcess(
      process.execPath,
      [tsxCli, 'scripts/market-driver.ts'],
      {
        RPC_URL: rpcUrl,
        DEPLOYMENTS_FILE: deploymentsFile,
        MARKET_SCENARIO: 'crash',
        MARKET_START: START,
        MARKET_HOURS: String(HOURS),
        MARKET_SPEED: '1000',
        MARKET_SEED: 'integration',
        MARKET_POSTS_DIR: postsDir,
      },
      55_000,
    );
    expect(result.stderr.replace(/npm warn.*\n?/g, '')).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const hours = lines.filter((l) => l.event === 'hour');
    expect(hours).toHaveLength(HOURS);
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
    expect(hours.some((h) => Object.keys(h.trades as object).some((k) => k !== 'swap-arbitrage'))).toBe(true);

    // Independent replay of the same path, anchored like the driver on the deployed pool price (0.10).
    const prices = readPriceCsv(path.join(root, PRICE_FILE));
    const replay = createReplay(prices, findStartIndex(prices, START), 0.1);

    const client = createPublicClient({ transport: http(rpcUrl) });
    const { contracts } = readDeployment(path.join(root, deploymentsFile));
    const token0 = await client.readContract({
      address: contracts.UniswapV2Pair,
      abi: uniswapV2PairAbi,
      functionName: 'token0',
    });
    const tokenIs0 = token0.toLowerCase() === contracts.HomeostatToken.toLowerCase();

    const events = await client.getContractEvents({
      address: contracts.SignalOracle,
      abi: signalOracleAbi,
      eventName: 'SignalPosted',
      fromBlock: 0n,
    });
    expect(events).toHaveLength(HOURS);

    const stored = readFileSync(path.join(postsDir, '31337.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as PostLogRecord);
    expect(stored).toHaveLength(HOURS);

    for (const [i, event] of events.entries()) {
      const { round, observedAt, sentimentBps, contentHash } = event.args;
      expect(Number(round)).toBe(i + 1);
      // Pool price at the block the hour was closed in: the arbitrage has run by then.
      const [r0, r1] = await client.readContract({
        address: contracts.UniswapV2Pair,
        abi: uniswapV2PairAbi,
        functionName: 'getReserves',
        blockNumber: event.blockNumber,
      });
      const price = Number(tokenIs0 ? r1 : r0) / 1e6 / (Number(tokenIs0 ? r0 : r1) / 1e18);
      expect(Math.abs(price / replay.at(i).target - 1)).toBeLessThan(0.005);

      // The stored posts hash to the on-chain commitment and give the on-chain index.
      const record = stored.find((r) => r.round === Number(round));
      expect(record).toBeDefined();
      if (!record) continue;
      expect(keccak256(stringToBytes(record.canonical))).toBe(contentHash);
      const canonical = JSON.parse(record.canonical) as { observedAt: number; posts: { label: SentimentLabel }[] };
      expect(canonical.observedAt).toBe(Number(observedAt));
      const index = sentimentIndex(canonical.posts.map((p) => labelScore(p.label)));
      expect(Math.round((index.index ?? 0) * 10_000)).toBe(sentimentBps);
    }
    // Simulated time advanced by an hour per tick.
    const first = Number(events[0]?.args.observedAt);
    const last = Number(events[HOURS - 1]?.args.observedAt);
    expect(last - first).toBeGreaterThanOrEqual((HOURS - 1) * 3600);
    expect(last - first).toBeLessThan((HOURS - 1) * 3600 + 120);
  }, 60_000);

  it('stops at start with one line naming the file and line of a malformed price file', async () => {
    const bad = path.join(tmp, 'bad-prices.csv');
    writeFileSync(bad, 'timestamp,close\n2022-01-01T00:00:00Z,100\n2022-01-01T01:00:00Z,NaN\n');
    const result = await runProcess(
      process.execPath,
      [tsxCli, 'scripts/market-driver.ts'],
      { RPC_URL: rpcUrl, MARKET_PRICE_FILE: bad },
      20_000,
    );
    expect(result.code).toBe(1);
    const lines = result.stderr.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('npm warn'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(bad);
    expect(lines[0]).toContain('line 3');
    expect(lines[0]).toContain('"NaN" is not a finite number');
  });
});
