/**
 * Integration: the dashboard's "market response to the latest approved proposal" from real data.
 * A real anvil chain and deploy (governance shortened to a 6 h vote and a 2 h timelock), the real
 * market driver (MARKET_MODEL=economy) trading around a real proposal (fee 30 → 55 bps, voted
 * for by the holders, queued and executed through the governor), the real indexer, and the
 * dashboard's server loader. Checks that the marker and the effect come from the indexed history:
 * the after-window's volume per hour equals the pair's Swap events read from the chain directly.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Address, encodeFunctionData, type Hex, keccak256, parseAbiItem, stringToBytes } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploy, type Indexer, type Proc, startAnvil, startIndexer, waitUntil } from '../../test/local-stack';
import { advance, HOUR, makeChainClient, writeAs } from '../../test/market-play';
import { homeostatGovernorAbi, policyControllerAbi } from '../contracts/abis';
import type { Deployment } from '../contracts/deployments';
import { PolicyParam } from '../contracts/params';
import type { Env } from '../env';
import { shortProposalId } from '../health/proposal-effect';
import { loadDashboard } from './dashboard';

const root = path.resolve(import.meta.dirname, '../..');
const tsxCli = path.join(root, 'node_modules/tsx/dist/cli.mjs');

function runDriver(env: Record<string, string>, hours: number) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [tsxCli, 'scripts/market-driver.ts'], {
      cwd: root,
      env: {
        ...process.env,
        MARKET_MODEL: 'economy',
        MARKET_SPEED: '1000',
        MARKET_START: '2022-05-05',
        MARKET_SEED: 'effect',
        MARKET_HOURS: String(hours),
        ...env,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`market driver exited ${code}: ${stderr.slice(-2000)}`));
    });
  });
}

let anvil: (Proc & { url: string }) | undefined;
let indexer: Indexer | undefined;
let deployment: Deployment;
let deploymentsFile = '';
let tmp = '';

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'homeostat-effect-'));
  anvil = await startAnvil();
  // The deploy script reads the governance lengths from the environment (seconds).
  Object.assign(process.env, { VOTING_PERIOD: String(6 * HOUR), TIMELOCK_DELAY: String(2 * HOUR) });
  ({ deployment, file: deploymentsFile } = await deploy(anvil.url, tmp));
}, 120_000);

afterAll(async () => {
  await indexer?.stop();
  await anvil?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('dashboard: market response to an approved proposal, from the indexer', () => {
  it('marks the executed fee change and compares the hours after it with the 24 h before', async () => {
    const client = makeChainClient(anvil!.url);
    const c = deployment.contracts;
    const driverEnv = {
      RPC_URL: anvil!.url,
      DEPLOYMENTS_FILE: deploymentsFile,
      MARKET_POSTS_DIR: path.join(tmp, 'posts'),
    };
    // 15 h before the proposal: with the vote and the timelock, 24 h of trading before the execution.
    await runDriver(driverEnv, 15);

    // The agent (#1) proposes 30 → 55 bps; every holder (#4..#19) votes for it.
    const targets = [c.PolicyController] as Address[];
    const values = [0n];
    const calldatas = [
      encodeFunctionData({
        abi: policyControllerAbi,
        functionName: 'setParameter',
        args: [PolicyParam.TransferFee, 30n, 55n],
      }),
    ] as Hex[];
    const description = 'Raise the transfer fee 0.30 % → 0.55 % (effect integration test)';
    const one = `0x${'1'.padStart(64, '0')}` as Hex;
    await writeAs(client, 1, c.HomeostatGovernor, homeostatGovernorAbi, 'proposeDecision', [
      targets,
      values,
      calldatas,
      description,
      { decisionId: one, modelHash: one, inputHash: one, justificationHash: one, justificationURI: '' },
    ]);
    const [created] = await client.getContractEvents({
      address: c.HomeostatGovernor,
      abi: homeostatGovernorAbi,
      eventName: 'ProposalCreated',
      fromBlock: 0n,
    });
    expect(created).toBeDefined();
    const proposalId = (created!.args as { proposalId: bigint }).proposalId;
    await advance(client, HOUR + 1);
    for (let i = 4; i <= 19; i++) {
      await writeAs(client, i, c.HomeostatGovernor, homeostatGovernorAbi, 'castVote', [proposalId, 1]);
    }
    // The vote runs while the market trades, then the proposal is queued and, after the timelock, executed.
    await runDriver(driverEnv, 7);
    const descriptionHash = keccak256(stringToBytes(description));
    await writeAs(client, 2, c.HomeostatGovernor, homeostatGovernorAbi, 'queue', [
      targets,
      values,
      calldatas,
      descriptionHash,
    ]);
    await runDriver(driverEnv, 3);
    await writeAs(client, 2, c.HomeostatGovernor, homeostatGovernorAbi, 'execute', [
      targets,
      values,
      calldatas,
      descriptionHash,
    ]);
    const executedAt = Number((await client.getBlock()).timestamp);
    await runDriver(driverEnv, 12);

    indexer = await startIndexer({ rpcUrl: anvil!.url, deploymentsFile, dir: path.join(tmp, 'indexer') });
    const head = Number(await client.getBlockNumber());
    await waitUntil(
      'indexer caught up',
      async () => {
        const r = await fetch(`${indexer!.url}/api/status`).catch(() => null);
        const s = r?.ok ? ((await r.json()) as { indexedBlock: number | null }) : null;
        return (s?.indexedBlock ?? 0) >= head;
      },
      120_000,
      500,
    );

    const env = { rpcUrl: anvil!.url, indexerUrl: indexer.url, chainId: 31337 } as Env;
    const res = await loadDashboard(env, deployment, '7d');
    const executed = res.executed;
    expect(executed).not.toBeNull();
    const marker = executed!.markers[0];
    expect(marker?.id).toBe(proposalId.toString());
    expect(marker?.time).toBe(executedAt);
    expect(marker?.changes).toEqual(['raise the transfer fee 0.30 % → 0.55 %']);
    const e = executed!.effect!;
    expect(e.id).toBe(proposalId.toString());
    expect(e.before.hours).toBe(24);
    // 12 driver hours after the execution block, less the execution's own hour.
    expect(e.after.hours).toBeGreaterThanOrEqual(11);
    expect(e.before.volumePerHour).toBeGreaterThan(0);
    expect(e.after.volumePerHour).toBeGreaterThan(0);
    expect(e.volumeChange).not.toBeNull();
    expect(e.priceChange).not.toBeNull();

    // The after window's volume, read from the pair's Swap events directly (not via the indexer).
    const hour0 = executedAt - (executedAt % HOUR);
    const from = hour0 + HOUR;
    const to = hour0 + (e.after.hours + 1) * HOUR;
    const token0 = (await client.readContract({
      address: c.UniswapV2Pair,
      abi: [parseAbiItem('function token0() view returns (address)')],
      functionName: 'token0',
    })) as Address;
    const stableIs0 = token0.toLowerCase() === c.StableToken.toLowerCase();
    const swaps = await client.getLogs({
      address: c.UniswapV2Pair,
      event: parseAbiItem(
        'event Swap(address indexed sender, uint amount0In, uint amount1In, uint amount0Out, uint amount1Out, address indexed to)',
      ),
      fromBlock: 0n,
    });
    let stable = 0n;
    const times = new Map<bigint, number>();
    for (const s of swaps) {
      let t = times.get(s.blockNumber);
      if (t === undefined) {
        t = Number((await client.getBlock({ blockNumber: s.blockNumber })).timestamp);
        times.set(s.blockNumber, t);
      }
      if (t < from || t >= to) continue;
      const a = s.args as { amount0In: bigint; amount1In: bigint; amount0Out: bigint; amount1Out: bigint };
      stable += stableIs0 ? a.amount0In + a.amount0Out : a.amount1In + a.amount1Out;
    }
    const direct = Number(stable) / 1e6 / e.after.hours;
    console.info(
      `proposal #${shortProposalId(e.id)} (${marker?.changes.join('; ')}): volume/h ${e.before.volumePerHour?.toFixed(0)} → ` +
        `${e.after.volumePerHour?.toFixed(0)} TUSD (${((e.volumeChange ?? 0) * 100).toFixed(1)} %), mean price ` +
        `${e.before.meanPrice?.toFixed(5)} → ${e.after.meanPrice?.toFixed(5)} (${((e.priceChange ?? 0) * 100).toFixed(1)} %), ` +
        `volatility ${e.before.volatility?.toFixed(2)} → ${e.after.volatility?.toFixed(2)}; ${e.after.hours} h after; ` +
        `Swap events ${direct.toFixed(0)} TUSD/h`,
    );
    expect(e.after.volumePerHour as number).toBeCloseTo(direct, 3);
    // The charts get the hourly volume and the marker inside the 7 d range.
    expect(res.dashboard.series.some((p) => (p.volumeHour ?? 0) > 0)).toBe(true);
    expect(res.dashboard.series[0]!.time).toBeLessThanOrEqual(executedAt);
  }, 420_000);
});
