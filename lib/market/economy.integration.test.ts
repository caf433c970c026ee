/**
 * Integration: MARKET_MODEL=economy on a real anvil chain, the real deploy script and the real
 * driver process. (b) The chain executor and the in-memory executor, same seed and same market
 * path, give close pool price paths. (c) A fee change applied through the controller (the
 * timelock impersonated) changes the hours that follow, against the same seed without it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Address, createTestClient, http, publicActions, walletActions } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploy, type Proc, startAnvil } from '../../test/local-stack';
import { policyControllerAbi } from '../contracts/abis';
import type { Deployment } from '../contracts/deployments';
import { PolicyParam } from '../contracts/params';
import { readPriceCsv } from '../data/node';
import { type ChainPolicy, startEconomy } from './economy-plan';
import { createReplay, findStartIndex } from './replay';

const root = path.resolve(import.meta.dirname, '../..');
const tsxCli = path.join(root, 'node_modules/tsx/dist/cli.mjs');
const PRICE_FILE = 'data/prices/btcusd_1h_2018-05_2023-03.csv';
// A volatile stretch (the May 2022 crash): the market factor moves the holders every hour.
const START = '2022-05-05';
const HOURS = 36;

type Line = Record<string, unknown>;

function runDriver(env: Record<string, string>, timeoutMs: number) {
  return new Promise<{ code: number | null; lines: Line[]; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [tsxCli, 'scripts/market-driver.ts'], {
      cwd: root,
      env: { ...process.env, MARKET_MODEL: 'economy', MARKET_SPEED: '1000', MARKET_START: START, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const lines = stdout
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Line);
      resolve({ code, lines, stderr: stderr.replace(/npm warn.*\n?/g, '') });
    });
  });
}

let anvil: (Proc & { url: string }) | undefined;
let deployment: Deployment;
let deploymentsFile = '';
let tmp = '';

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'homeostat-economy-'));
  anvil = await startAnvil();
  ({ deployment, file: deploymentsFile } = await deploy(anvil.url, tmp));
}, 120_000);

afterAll(async () => {
  await anvil?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const hoursOf = (lines: Line[]) => lines.filter((l) => l.event === 'hour');
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('MARKET_MODEL=economy on a real chain', () => {
  let snapshot: `0x${string}` | undefined;
  let first: Line[] = [];

  it(`the chain executor follows the in-memory executor for ${HOURS} h (same seed, same path)`, async () => {
    const client = createTestClient({ mode: 'anvil', transport: http(anvil!.url) }).extend(publicActions);
    snapshot = await client.snapshot();
    const run = await runDriver(
      {
        RPC_URL: anvil!.url,
        DEPLOYMENTS_FILE: deploymentsFile,
        MARKET_HOURS: String(HOURS),
        MARKET_SEED: 'economy-twin',
        MARKET_POSTS_DIR: path.join(tmp, 'posts-a'),
      },
      110_000,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.lines.filter((l) => l.level === 'error')).toEqual([]);
    first = run.lines;
    const start = run.lines.find((l) => l.event === 'economy-start') as Line & {
      seed: number;
      poolToken: number;
      poolStable: number;
      policy: ChainPolicy;
      scale: { token: number; stable: number };
    };
    const anchor = (run.lines.find((l) => l.event === 'start') as { anchorPrice: number }).anchorPrice;
    const hours = hoursOf(run.lines) as (Line & {
      poolPrice: number;
      trades: Record<string, number>;
      economy: { agentTrades: number; swaps: number; clippedSellHome: number };
      arbitrage: unknown;
    })[];
    expect(hours).toHaveLength(HOURS);

    // The in-memory executor: the same settled economy, the same market factor, no chain.
    const { economy: twin, scale } = startEconomy(start);
    expect(scale).toEqual(start.scale);
    const prices = readPriceCsv(path.join(root, PRICE_FILE));
    const replay = createReplay(prices, findStartIndex(prices, START), anchor);
    const twinPath: number[] = [];
    for (let h = 0; h < HOURS; h++) {
      twin.step(replay.at(h).target);
      twinPath.push((twin.price * scale.stable) / scale.token);
    }
    const chainPath = hours.map((h) => h.poolPrice);
    const gaps = chainPath.map((p, h) => Math.abs(Math.log(p / (twinPath[h] ?? p))));
    const replayMove = Math.abs(Math.log(replay.at(HOURS - 1).target / replay.at(0).target));
    const tokenMove = Math.abs(Math.log((twinPath[HOURS - 1] ?? 1) / (start.poolStable / start.poolToken)));
    console.info(
      `economy twin: max |log gap| ${Math.max(...gaps).toFixed(5)}, mean ${(sum(gaps) / HOURS).toFixed(5)}; ` +
        `token moved ${tokenMove.toFixed(4)} (log), market factor ${replayMove.toFixed(4)}; ` +
        `agent trades ${sum(hours.map((h) => h.economy.agentTrades))} → swaps ${sum(hours.map((h) => h.economy.swaps))}; ` +
        `clipped sells ${sum(hours.map((h) => h.economy.clippedSellHome)).toFixed(0)} HOME`,
    );
    // Nothing pins the pool: no arbitrage swaps, and the agents trade every hour.
    for (const h of hours) {
      expect(h.arbitrage).toBeNull();
      expect(h.trades['swap-arbitrage']).toBeUndefined();
      expect(h.economy.swaps).toBeGreaterThan(0);
    }
    // Tolerance 1 % of price: the two differ by the fees on netted vs gross volume (the chain pays
    // the 0.3 % AMM fee and the transfer fee only on each account's net order), integer rounding
    // (1e-6 HOME / TUSD) and the order of transactions in a block; the agents see the chain's
    // reserves each hour, so the gaps do not compound.
    expect(Math.max(...gaps)).toBeLessThan(0.01);
    // And the token price moved on its own (the comparison is not of two flat lines).
    expect(tokenMove + Math.max(...twinPath.map((p) => Math.abs(Math.log(p / (twinPath[0] ?? p)))))).toBeGreaterThan(
      0.005,
    );
  }, 150_000);

  it('a fee change applied through the controller alters the following hours (same seed, same path)', async () => {
    expect(snapshot).toBeDefined();
    const client = createTestClient({ mode: 'anvil', transport: http(anvil!.url) })
      .extend(publicActions)
      .extend(walletActions);
    await client.revert({ id: snapshot! });
    // As the timelock would after a passed proposal: 30 → 55 bps (the guardrail's largest step).
    const timelock = deployment.contracts.TimelockController as Address;
    await client.impersonateAccount({ address: timelock });
    await client.setBalance({ address: timelock, value: 10n ** 20n });
    const hash = await client.writeContract({
      account: timelock,
      chain: null,
      address: deployment.contracts.PolicyController,
      abi: policyControllerAbi,
      functionName: 'setParameter',
      args: [PolicyParam.TransferFee, 30n, 55n],
    });
    const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 20 });
    expect(receipt.status).toBe('success');
    await client.stopImpersonatingAccount({ address: timelock });

    const run = await runDriver(
      {
        RPC_URL: anvil!.url,
        DEPLOYMENTS_FILE: deploymentsFile,
        MARKET_HOURS: String(HOURS),
        MARKET_SEED: 'economy-twin',
        MARKET_POSTS_DIR: path.join(tmp, 'posts-b'),
      },
      110_000,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const start = run.lines.find((l) => l.event === 'economy-start') as { policy: ChainPolicy };
    expect(start.policy.transferFeeBps).toBe(55);
    const a = hoursOf(first) as (Line & { poolPrice: number; economy: { grossVolume: number } })[];
    const b = hoursOf(run.lines) as typeof a;
    expect(b).toHaveLength(HOURS);
    const volA = sum(a.map((h) => h.economy.grossVolume));
    const volB = sum(b.map((h) => h.economy.grossVolume));
    const gap = Math.max(...a.map((h, i) => Math.abs(Math.log((b[i]?.poolPrice ?? 0) / h.poolPrice))));
    console.info(
      `fee 30 → 55 bps: agents' volume ${volA.toFixed(0)} → ${volB.toFixed(0)} TUSD; max price gap ${gap.toFixed(4)} (log)`,
    );
    // A costlier round trip: fewer noise orders (volume ∝ cost^−1), and holders' demand shifts down.
    expect(volB).toBeLessThan(volA * 0.95);
    expect(gap).toBeGreaterThan(0.001);
  }, 150_000);
});
