/**
 * Indexer benchmarks (printed figures, not a timed test):
 *
 * 1. Catch-up: a fresh chain gets BENCH_HOURS hours of activity (fee-paying HOME transfers
 *    between self-delegated holders, plus router swaps each hour), then a fresh indexer is
 *    started and timed from its HTTP server coming up (historical sync start) to having
 *    indexed the head. Figure: handled events per second.
 * 2. KPI API latency: BENCH_REQUESTS sequential GET /api/kpis for a 30-day hourly series
 *    (720 points) against that database. Figures: p50 / p95 / max.
 *
 *   tsx bench/indexer-bench.ts            (defaults: 720 hours × 40 transfers + 2 swaps)
 *   BENCH_HOURS=720 BENCH_TX_PER_HOUR=100 tsx bench/indexer-bench.ts
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Abi, type Address, encodeFunctionData, type Hex, parseUnits, toEventSelector } from 'viem';
import {
  homeostatGovernorAbi,
  homeostatTokenAbi,
  policyControllerAbi,
  signalOracleAbi,
  stakingAbi,
  testStableAbi,
  treasuryAbi,
  uniswapV2PairAbi,
  uniswapV2Router02Abi,
} from '../lib/contracts/abis';
import { devAccount } from '../scripts/lib/accounts';
import { deploy, removeDir, rpc, startAnvil, startIndexer, waitForBlock, waitUntil } from '../test/local-stack';

const HOURS = Number(process.env.BENCH_HOURS ?? 720);
const TX_PER_HOUR = Number(process.env.BENCH_TX_PER_HOUR ?? 40);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const HOUR = 3600;

type Call = { from: Address; to: Address; data: Hex };

async function rpcBatch(url: string, calls: { method: string; params: unknown[] }[]) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(calls.map((c, id) => ({ jsonrpc: '2.0', id, ...c }))),
  });
  const out = (await res.json()) as { error?: { message: string } }[];
  const bad = out.find((r) => r.error);
  if (bad) throw new Error(bad.error!.message);
}

/** Next nonce per sender: set explicitly, as anvil can hand one sender's batched requests the same pending nonce. */
const nonces = new Map<Address, number>();

async function send(url: string, calls: Call[]) {
  for (const from of new Set(calls.map((c) => c.from))) {
    if (!nonces.has(from)) nonces.set(from, Number(await rpc(url, 'eth_getTransactionCount', [from, 'pending'])));
  }
  return rpcBatch(
    url,
    calls.map((c) => {
      const nonce = nonces.get(c.from)!;
      nonces.set(c.from, nonce + 1);
      return { method: 'eth_sendTransaction', params: [{ ...c, gas: '0x7a120', nonce: `0x${nonce.toString(16)}` }] };
    }),
  );
}

/** Topic0s of every event the indexer has a handler for, per contract. */
function handledTopics(): Record<string, Hex[]> {
  const topics = (abi: Abi, names: string[]) =>
    abi.filter((x) => x.type === 'event' && names.includes(x.name)).map((x) => toEventSelector(x as never));
  return {
    HomeostatToken: topics(homeostatTokenAbi, ['Transfer', 'DelegateChanged', 'DelegateVotesChanged', 'FeeCharged']),
    UniswapV2Pair: topics(uniswapV2PairAbi, ['Swap', 'Sync', 'Mint', 'Burn']),
    Staking: topics(stakingAbi, ['Staked', 'Unstaked', 'RewardClaimed']),
    Treasury: topics(treasuryAbi, ['BuybackExecuted', 'Withdrawn']),
    SignalOracle: topics(signalOracleAbi, ['SignalPosted']),
    PolicyController: topics(policyControllerAbi, ['ParameterUpdated', 'SupplyChanged', 'Paused', 'Unpaused']),
    HomeostatGovernor: topics(homeostatGovernorAbi, [
      'ProposalCreated',
      'DecisionProposed',
      'ProposalEscalated',
      'VoteCast',
      'VoteCastWithParams',
      'ProposalQueued',
      'ProposalExecuted',
      'ProposalCanceled',
    ]),
  };
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'homeostat-indexer-bench-'));
  const anvil = await startAnvil(['--gas-limit', '1000000000']);
  let indexer: Awaited<ReturnType<typeof startIndexer>> | undefined;
  try {
    const { file, deployment } = await deploy(anvil.url, dir);
    const c = deployment.contracts;
    const holders = Array.from({ length: 16 }, (_, i) => devAccount(4 + i).address);
    const trader = devAccount(20).address;
    const traderFund = [
      // The trader gets stable and HOME from holders #4/#5 and approves the router.
      {
        from: holders[0]!,
        to: c.StableToken,
        data: encodeFunctionData({
          abi: testStableAbi,
          functionName: 'transfer',
          args: [trader, parseUnits('90000', 6)],
        }),
      },
      {
        from: holders[1]!,
        to: c.HomeostatToken,
        data: encodeFunctionData({
          abi: homeostatTokenAbi,
          functionName: 'transfer',
          args: [trader, parseUnits('5000000', 18)],
        }),
      },
      {
        from: trader,
        to: c.StableToken,
        data: encodeFunctionData({
          abi: testStableAbi,
          functionName: 'approve',
          args: [c.UniswapV2Router02, 2n ** 255n],
        }),
      },
      {
        from: trader,
        to: c.HomeostatToken,
        data: encodeFunctionData({
          abi: homeostatTokenAbi,
          functionName: 'approve',
          args: [c.UniswapV2Router02, 2n ** 255n],
        }),
      },
    ];
    await rpc(anvil.url, 'evm_setAutomine', [false]);
    await send(anvil.url, traderFund);
    await rpc(anvil.url, 'evm_mine', []);

    const t0 = Date.now();
    let seed = 1;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const deadline = BigInt(Math.floor(Date.now() / 1000) + 10 * 365 * 24 * HOUR);
    for (let h = 0; h < HOURS; h++) {
      const calls: Call[] = [];
      for (let i = 0; i < TX_PER_HOUR; i++) {
        const from = holders[Math.floor(rand() * holders.length)]!;
        const to = holders[Math.floor(rand() * holders.length)]!;
        const amount = parseUnits(String(1 + Math.floor(rand() * 1000)), 18);
        calls.push({
          from,
          to: c.HomeostatToken,
          data: encodeFunctionData({ abi: homeostatTokenAbi, functionName: 'transfer', args: [to, amount] }),
        });
      }
      for (const buy of [true, false]) {
        const amountIn = buy
          ? parseUnits(String(50 + Math.floor(rand() * 500)), 6)
          : parseUnits(String(500 + Math.floor(rand() * 5000)), 18);
        const pathTokens = buy ? [c.StableToken, c.HomeostatToken] : [c.HomeostatToken, c.StableToken];
        calls.push({
          from: trader,
          to: c.UniswapV2Router02,
          data: encodeFunctionData({
            abi: uniswapV2Router02Abi,
            functionName: 'swapExactTokensForTokensSupportingFeeOnTransferTokens',
            args: [amountIn, 0n, pathTokens, trader, deadline],
          }),
        });
      }
      await send(anvil.url, calls);
      await rpc(anvil.url, 'evm_increaseTime', [HOUR]);
      await rpc(anvil.url, 'evm_mine', []);
    }
    // Ponder treats the newest 30 blocks of an unknown chain as unfinalised and indexes them
    // block by block (realtime mode, direct writes). A catch-up backlog is historical by
    // definition, so the activity is followed by 32 empty blocks; realtime throughput is a
    // separate figure (BENCH_REALTIME=1 skips the padding).
    if (!process.env.BENCH_REALTIME) await rpc(anvil.url, 'anvil_mine', ['0x20']);
    const head = Number(await rpc(anvil.url, 'eth_blockNumber'));
    const genSeconds = (Date.now() - t0) / 1000;

    // Count the events the indexer will handle (logs of handled topics at indexed addresses), a
    // block range at a time: at a million events one eth_getLogs answer would be ~600 MB of JSON.
    const topics = handledTopics();
    const treasuryTopic = `0x000000000000000000000000${c.Treasury.slice(2).toLowerCase()}`;
    let events = 0;
    const step = 200;
    for (let from = 0; from <= head; from += step) {
      const range = {
        fromBlock: `0x${from.toString(16)}`,
        toBlock: `0x${Math.min(head, from + step - 1).toString(16)}`,
      };
      for (const [name, t] of Object.entries(topics)) {
        const logs = (await rpc(anvil.url, 'eth_getLogs', [
          { address: c[name as keyof typeof c], ...range, topics: [t] },
        ])) as unknown[];
        events += logs.length;
      }
      const stableLogs = (await rpc(anvil.url, 'eth_getLogs', [{ address: c.StableToken, ...range }])) as {
        topics: Hex[];
      }[];
      events += stableLogs.filter((l) => l.topics[1] === treasuryTopic || l.topics[2] === treasuryTopic).length;
    }
    console.log(
      `generated ${HOURS} h × (${TX_PER_HOUR} transfers + 2 swaps) → ${head} blocks, ${events} handled events in ${genSeconds.toFixed(1)} s`,
    );

    const tStart = Date.now();
    indexer = await startIndexer({
      rpcUrl: anvil.url,
      deploymentsFile: file,
      dir,
      env: { INDEXER_LOG_LEVEL: process.env.BENCH_VERBOSE ? 'info' : 'warn' },
    });
    const ix = indexer;
    await waitUntil('indexer http server', async () => (await fetch(`${ix.url}/health`)).ok, 120_000, 50);
    const tServer = Date.now();
    await waitForBlock(indexer, head, 1_800_000, 100);
    const tDone = Date.now();
    const catchUp = (tDone - tServer) / 1000;
    console.log(
      `catch-up: ${events} events in ${catchUp.toFixed(1)} s = ${Math.round(events / catchUp)} events/s ` +
        `(process start → server up ${((tServer - tStart) / 1000).toFixed(1)} s, not counted)`,
    );

    // KPI latency: the newest 30 days hourly.
    const status = (await (await fetch(`${ix.url}/api/status`)).json()) as { indexedTimestamp: number };
    const to = status.indexedTimestamp;
    const from = to - 30 * 24 * HOUR;
    const url = `${ix.url}/api/kpis?from=${from}&to=${to}`;
    const first = (await (await fetch(url)).json()) as { points: unknown[] };
    for (let i = 0; i < 10; i++) await (await fetch(url)).text(); // warm-up
    const times: number[] = [];
    let dbMs = 0;
    let buildMs = 0;
    for (let i = 0; i < REQUESTS; i++) {
      const s = performance.now();
      const res = await fetch(url);
      await res.text();
      times.push(performance.now() - s);
      const timing = res.headers.get('server-timing') ?? '';
      dbMs += Number(/db;dur=([\d.]+)/.exec(timing)?.[1] ?? 0);
      buildMs += Number(/build;dur=([\d.]+)/.exec(timing)?.[1] ?? 0);
    }
    times.sort((a, b) => a - b);
    console.log(
      `KPI API warm (the dashboard's repeated poll; cached per indexed state), 30-day hourly series (${first.points.length} points), ${REQUESTS} requests, ${events} events indexed: ` +
        `p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms, max ${times[times.length - 1]!.toFixed(1)} ms ` +
        `(server: queries ${(dbMs / REQUESTS).toFixed(1)} ms + fill/serialise ${(buildMs / REQUESTS).toFixed(1)} ms on average)`,
    );
    // Cold: every request asks for a different window, so none is served from the per-state cache.
    const cold: number[] = [];
    const coldDb: number[] = [];
    const coldBuild: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const s = performance.now();
      const res = await fetch(`${ix.url}/api/kpis?from=${from - i}&to=${to - i}`);
      await res.text();
      cold.push(performance.now() - s);
      const timing = res.headers.get('server-timing') ?? '';
      coldDb.push(Number(/db;dur=([\d.]+)/.exec(timing)?.[1] ?? 0));
      coldBuild.push(Number(/build;dur=([\d.]+)/.exec(timing)?.[1] ?? 0));
    }
    for (const xs of [cold, coldDb, coldBuild]) xs.sort((a, b) => a - b);
    console.log(
      `KPI API cold (distinct windows, no cache hits), ${REQUESTS} requests: ` +
        `p50 ${percentile(cold, 50).toFixed(1)} ms, p95 ${percentile(cold, 95).toFixed(1)} ms ` +
        `(server medians: queries ${percentile(coldDb, 50).toFixed(1)} ms + fill/serialise ${percentile(coldBuild, 50).toFixed(1)} ms)`,
    );
    const load = os.loadavg()[0]!.toFixed(1);
    console.log(`machine: ${os.cpus().length} cores, load average ${load} at the end of the run`);
    for (const [name, route] of [
      ['OHLC 30 d hourly', `/api/ohlc?from=${from}&to=${to}`],
      ['holders at t', `/api/holders?at=${to}`],
    ] as const) {
      const t: number[] = [];
      for (let i = 0; i < 50; i++) {
        const s = performance.now();
        await (await fetch(`${ix.url}${route}`)).text();
        t.push(performance.now() - s);
      }
      t.sort((a, b) => a - b);
      console.log(`${name}: p50 ${percentile(t, 50).toFixed(1)} ms, p95 ${percentile(t, 95).toFixed(1)} ms`);
    }
  } finally {
    if (process.env.BENCH_VERBOSE) console.log(indexer?.output());
    await indexer?.stop();
    await anvil.stop();
    removeDir(dir);
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
