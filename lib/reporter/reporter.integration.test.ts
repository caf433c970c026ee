/**
 * The reporter against a real chain: anvil, the deploy script, and `scripts/reporter.ts --once`
 * as a team runs it, fed from a posts file and a feed file. It posts the signal and the market
 * price; it never posts a period twice; a stale source posts nothing; a malformed source names
 * the file and line and posts nothing; a key that is not the oracle's reporter stops it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPublicClient, http, keccak256, stringToBytes } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploy, runTsx, startAnvil } from '../../test/local-stack';
import { signalOracleAbi } from '../contracts/abis';
import type { Deployment } from '../contracts/deployments';

type Anvil = Awaited<ReturnType<typeof startAnvil>>;

let anvil: Anvil;
let deployment: Deployment;
let deploymentsFile: string;
const dir = mkdtempSync(path.join(os.tmpdir(), 'homeostat-reporter-'));
const postsFile = path.join(dir, 'posts.jsonl');
const feedFile = path.join(dir, 'feed.json');
const postsLog = path.join(dir, 'posted.jsonl');

function reporterOnce(env: Record<string, string> = {}) {
  return runTsx('scripts/reporter.ts', ['--once'], {
    RPC_URL: anvil.url,
    CHAIN_ID: '31337',
    DEPLOYMENTS_FILE: deploymentsFile,
    REPORTER_POSTS: postsFile,
    REPORTER_FEED: feedFile,
    REPORTER_POSTS_LOG: postsLog,
    ...env,
  });
}

const client = () => createPublicClient({ transport: http(anvil.url) });
const read = <T>(functionName: string) =>
  client().readContract({
    address: deployment.contracts.SignalOracle,
    abi: signalOracleAbi,
    functionName,
  } as never) as Promise<T>;
const chainNow = async () => Number((await client().getBlock()).timestamp);

describe('reporter on a chain', () => {
  beforeAll(async () => {
    anvil = await startAnvil();
    ({ deployment, file: deploymentsFile } = await deploy(anvil.url, dir));
  }, 180_000);
  afterAll(async () => {
    await anvil?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('posts the period signal from the posts and the price from the feed, once', async () => {
    const now = await chainNow();
    const close = Math.floor(now / 3600) * 3600;
    const iso = (t: number) => new Date(t * 1000).toISOString();
    writeFileSync(
      postsFile,
      [
        { time: iso(close - 1800), text: 'Bitcoin surges to a record high as buyers pile in', id: 'a1' },
        { time: close - 900, text: 'Shares plunge after the company misses earnings and cuts guidance' },
        { time: close - 120, text: 'The central bank meets on Thursday' },
      ]
        .map((p) => JSON.stringify(p))
        .join('\n'),
    );
    writeFileSync(feedFile, JSON.stringify({ observedAt: now - 60, marketPriceUsd: 97250.5, volumeUsd: 1.5e9 }));

    const first = await reporterOnce();
    expect(first.out).not.toMatch(/"level":"error"/);
    expect(first.code).toBe(0);
    const signal = await read<{ round: bigint; observedAt: number; contentHash: string; offchainVolume: bigint }>(
      'latestSignal',
    );
    expect(Number(signal.round)).toBe(1);
    expect(Number(signal.observedAt)).toBe(close);
    expect(signal.offchainVolume).toBe(1_500_000_000n * 10n ** 18n);
    const logged = JSON.parse(readFileSync(postsLog, 'utf8').trim()) as {
      contentHash: string;
      canonical: string;
      count: number;
    };
    expect(logged.count).toBe(3);
    expect(logged.contentHash).toBe(signal.contentHash);
    expect(keccak256(stringToBytes(logged.canonical))).toBe(signal.contentHash);
    // Labelled by the shipped sentiment model (these three are clear-cut), in time order.
    const canonical = JSON.parse(logged.canonical) as { posts: { id: string; label: string }[] };
    expect(canonical.posts.map((p) => [p.id, p.label])).toEqual([
      ['a1', 'bullish'],
      ['posts.jsonl:2', 'bearish'],
      ['posts.jsonl:3', 'neutral'],
    ]);
    const price = await read<{ observedAt: number; price: bigint }>('latestMarketPrice');
    expect(price.price).toBe(97_250_500_000n * 10n ** 12n);
    expect(Number(price.observedAt)).toBe(now - 60);

    const second = await reporterOnce();
    expect(second.code).toBe(0);
    expect(second.out).toMatch(/already on-chain/);
    expect(Number(await read<bigint>('latestRound'))).toBe(1);
    expect(Number(await read<bigint>('latestMarketPriceRound'))).toBe(1);
  }, 120_000);

  it('posts nothing from stale sources, and says so', async () => {
    await client().request({ method: 'evm_increaseTime', params: [5 * 3600] } as never);
    await client().request({ method: 'evm_mine', params: [] } as never);
    const run = await reporterOnce();
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/posts are stale/);
    expect(run.out).toMatch(/feed is stale/);
    expect(Number(await read<bigint>('latestRound'))).toBe(1);
    expect(Number(await read<bigint>('latestMarketPriceRound'))).toBe(1);
  }, 120_000);

  it('names the file and line of a malformed post and posts nothing', async () => {
    const now = await chainNow();
    writeFileSync(postsFile, `${JSON.stringify({ time: now - 60, text: 'fine' })}\n{"time": ${now - 30}, "text": `);
    writeFileSync(feedFile, JSON.stringify({ observedAt: now - 30, marketPriceUsd: 1 }));
    const run = await reporterOnce();
    expect(run.code).toBe(2);
    expect(run.out).toContain(`${postsFile}, line 2: not a JSON object`);
    expect(Number(await read<bigint>('latestRound'))).toBe(1);
    expect(Number(await read<bigint>('latestMarketPriceRound'))).toBe(1);
  }, 120_000);

  it('stops with one line when its key is not the reporter', async () => {
    // anvil dev account 5: funded, but not the oracle's reporter.
    const run = await reporterOnce({
      REPORTER_PRIVATE_KEY: '0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba',
    });
    expect(run.code).toBe(1);
    expect(run.out.trim()).toMatch(/^reporter: REPORTER_PRIVATE_KEY: its account 0x\w+ is not the oracle's reporter/);
  }, 120_000);
});
