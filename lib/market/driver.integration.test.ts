/**
 * Integration: a real anvil chain, the real deploy script, the real driver process.
 * Runs 24 accelerated hours of the crash scenario and checks, against the chain itself, that
 * the pool tracked the replayed path and that every oracle signal's hash matches the stored posts.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  type Address,
  createPublicClient,
  encodeFunctionData,
  type Hex,
  http,
  keccak256,
  stringToBytes,
  toHex,
} from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploy, type Proc, startAnvil } from '../../test/local-stack';
import { makeChainClient, writeAs } from '../../test/market-play';
import { proposalStates } from '../chain/governance';
import { homeostatGovernorAbi, policyControllerAbi, signalOracleAbi, uniswapV2PairAbi } from '../contracts/abis';
import type { Deployment } from '../contracts/deployments';
import { readDeployment } from '../contracts/deployments-node';
import { PolicyParam } from '../contracts/params';
import { readPriceCsv } from '../data/node';
import { labelScore, type SentimentLabel, sentimentIndex } from '../metrics';
import { createReplay, findStartIndex } from './replay';
import type { PostLogRecord } from './sentiment-feed';

const root = path.resolve(import.meta.dirname, '../..');
const tsxCli = path.join(root, 'node_modules/tsx/dist/cli.mjs');
const HOURS = 24;
const START = '2022-05-05';
const PRICE_FILE = 'data/prices/btcusd_1h_2018-05_2023-03.csv';

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

let anvil: (Proc & { url: string }) | undefined;
let rpcUrl = '';
let deploymentsFile = '';
let tmp = '';

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'homeostat-market-'));
  anvil = await startAnvil();
  rpcUrl = anvil.url;
  deploymentsFile = (await deploy(rpcUrl, tmp)).file;
}, 120_000);

afterAll(async () => {
  await anvil?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
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
        // This test checks replay's arbitrage against an independent replay of the path; the
        // default (economy) has no price target, so the replay executor is chosen explicitly.
        MARKET_MODEL: 'replay',
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
    const { contracts } = readDeployment(deploymentsFile);
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

describe('the electorate on a real chain', () => {
  // A shorter vote (12 h of chain time) so the whole life of two proposals fits in a short run.
  const VOTING_PERIOD = 12 * 3600;
  let chain: (Proc & { url: string }) | undefined;
  let dir = '';
  let file = '';
  let deployment: Deployment;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'homeostat-electorate-'));
    chain = await startAnvil();
    const before = process.env.VOTING_PERIOD;
    process.env.VOTING_PERIOD = String(VOTING_PERIOD);
    try {
      ({ file, deployment } = await deploy(chain.url, dir));
    } finally {
      if (before === undefined) delete process.env.VOTING_PERIOD;
      else process.env.VOTING_PERIOD = before;
    }
  }, 120_000);

  afterAll(async () => {
    await chain?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Proposes `calls` from the agent account (#1) with dummy commitments; returns the id. */
  async function propose(label: string, calls: Hex[]): Promise<bigint> {
    const client = makeChainClient(chain!.url);
    const c = deployment.contracts;
    const md = {
      decisionId: keccak256(toHex(`decision-${label}`)),
      modelHash: keccak256(toHex('model')),
      inputHash: keccak256(toHex(`inputs-${label}`)),
      justificationHash: keccak256(toHex(label)),
      justificationURI: `data:text/plain,${label}`,
    };
    const args = [calls.map(() => c.PolicyController as Address), calls.map(() => 0n), calls, label, md] as const;
    await writeAs(client, 1, c.HomeostatGovernor, homeostatGovernorAbi, 'proposeDecision', [...args]);
    return client.readContract({
      address: c.HomeostatGovernor,
      abi: homeostatGovernorAbi,
      functionName: 'getProposalId',
      args: [args[0], args[1], args[2], keccak256(stringToBytes(label))],
    });
  }
  const setParameter = (id: number, from: bigint, to: bigint) =>
    encodeFunctionData({ abi: policyControllerAbi, functionName: 'setParameter', args: [id, from, to] });

  it('holders vote from their own accounts over the period: one small change passes, another is vetoed', async () => {
    const usd = 10n ** 6n;
    // Both are small changes (optimistic lane: pass unless Against ≥ 10 % of the delegated supply).
    // Holders like more buybacks and more of the fee burned; traders hate a fee rise, holders a buyback cut.
    const liked = await propose('more buybacks, more burned', [
      setParameter(PolicyParam.BuybackBudget, 10_000n * usd, 12_500n * usd),
      setParameter(PolicyParam.BurnShare, 5_000n, 5_250n),
    ]);
    const disliked = await propose('higher fee, fewer buybacks', [
      setParameter(PolicyParam.TransferFee, 30n, 35n),
      setParameter(PolicyParam.BuybackBudget, 10_000n * usd, 7_500n * usd),
    ]);
    const hours = 16; // 1 h voting delay + 12 h of voting + margin
    const result = await runProcess(
      process.execPath,
      [tsxCli, 'scripts/market-driver.ts'],
      {
        RPC_URL: chain!.url,
        DEPLOYMENTS_FILE: file,
        MARKET_SCENARIO: 'default',
        MARKET_HOURS: String(hours),
        MARKET_SPEED: '1000',
        MARKET_SEED: 'electorate',
        MARKET_POSTS_DIR: path.join(dir, 'posts'),
      },
      90_000,
    );
    expect(result.stderr.replace(/npm warn.*\n?/g, '')).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);

    const client = createPublicClient({ transport: http(chain!.url) });
    const c = deployment.contracts;
    const state = async (id: bigint) =>
      proposalStates[
        Number(
          await client.readContract({
            address: c.HomeostatGovernor,
            abi: homeostatGovernorAbi,
            functionName: 'state',
            args: [id],
          }),
        )
      ];
    expect(await state(liked)).toBe('Succeeded');
    expect(await state(disliked)).toBe('Defeated');
    expect(
      await client.readContract({
        address: c.HomeostatGovernor,
        abi: homeostatGovernorAbi,
        functionName: 'isVetoed',
        args: [disliked],
      }),
    ).toBe(true);

    // Real ballots, with reasons, from the market's own accounts, arriving over several blocks.
    const votes = await client.getContractEvents({
      address: c.HomeostatGovernor,
      abi: homeostatGovernorAbi,
      eventName: 'VoteCast',
      fromBlock: 0n,
    });
    const on = (id: bigint) => votes.filter((v) => v.args.proposalId === id);
    for (const id of [liked, disliked]) {
      expect(on(id).length).toBeGreaterThan(5);
      expect(new Set(on(id).map((v) => v.blockNumber)).size).toBeGreaterThan(2);
      for (const v of on(id))
        expect(v.args.reason).toMatch(/^(Trader|Arbitrage desk|Large holder|Staker|Liquidity provider): /);
    }
    expect(on(liked).some((v) => v.args.support === 1)).toBe(true);
    expect(on(disliked).some((v) => v.args.support === 0 && /fee|buyback/i.test(v.args.reason ?? ''))).toBe(true);
    // Nobody voted twice, and the hourly log line counts what was cast.
    const voters = votes.map((v) => `${v.args.proposalId}:${v.args.voter}`);
    expect(new Set(voters).size).toBe(voters.length);
    const logged = lines
      .filter((l) => l.event === 'hour' && l.votes)
      .reduce((n, l) => {
        const t = l.votes as { for: number; against: number; abstain: number };
        return n + t.for + t.against + t.abstain;
      }, 0);
    expect(logged).toBe(votes.length);
  }, 120_000);
});
