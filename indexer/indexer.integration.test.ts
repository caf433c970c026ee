/**
 * The indexer against a real local chain: anvil + the deploy script + market activity sent
 * with viem (swaps both ways, transfers, staking, an oracle signal, a proposal with votes),
 * then every indexed series is checked against the chain read at the same block.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  encodeEventTopics,
  encodeFunctionData,
  type Hex,
  http,
  keccak256,
  parseUnits,
  toHex,
  zeroHash,
} from 'viem';
import { foundry } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forecastNumbersHash, fromRawRecord, type RawVerificationRecord } from '../lib/agent/onchain-verification';
import { indexerArchive } from '../lib/chain/archive';
import {
  homeostatGovernorAbi,
  homeostatTokenAbi,
  policyControllerAbi,
  signalOracleAbi,
  stakingAbi,
  testStableAbi,
  uniswapV2PairAbi,
  uniswapV2Router02Abi,
  verificationLogAbi,
} from '../lib/contracts/abis';
import type { Deployment } from '../lib/contracts/deployments';
import { createIndexerClient, type IndexerClient } from '../lib/indexer';
import { devAccount } from '../scripts/lib/accounts';
import {
  deploy,
  type Indexer,
  type Proc,
  removeDir,
  startAnvil,
  startIndexer,
  waitForBlock,
} from '../test/local-stack';
import { priceFromReserves } from './math';

const HOUR = 3600;
/**
 * Explicit gas: an estimate made at one block timestamp can fall short when the transaction
 * is mined at the next (ERC20Votes writes a new checkpoint per timestamp).
 */
const GAS = 3_000_000n;
let anvil: (Proc & { url: string }) | undefined;
let indexer: Indexer | undefined;
let dir: string;
let d: Deployment;
let client: IndexerClient;
let finalBlock: bigint;
let proposalId: bigint;

const pub = () => createPublicClient({ chain: foundry, transport: http(anvil!.url) });
const wallet = (i: number) =>
  createWalletClient({ chain: foundry, transport: http(anvil!.url), account: devAccount(i).account });

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'homeostat-indexer-it-'));
  anvil = await startAnvil();
  const deployed = await deploy(anvil.url, dir);
  d = deployed.deployment;
  // Start the indexer now: its database start-up overlaps with the activity below, which it
  // then follows live.
  indexer = await startIndexer({ rpcUrl: anvil.url, deploymentsFile: deployed.file, dir });

  const c = d.contracts;
  const publicClient = pub();
  const test = createTestClient({ chain: foundry, mode: 'anvil', transport: http(anvil.url) });
  const send = async (hash: Promise<Hex>) => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash: await hash, pollingInterval: 50 });
    if (receipt.status !== 'success') {
      const tx = await publicClient.getTransaction({ hash: receipt.transactionHash });
      throw new Error(`transaction ${receipt.transactionHash} to ${tx.to} (${tx.input.slice(0, 10)}) reverted`);
    }
    return receipt;
  };
  const nextHour = async () => {
    await test.increaseTime({ seconds: HOUR });
    await test.mine({ blocks: 1 });
  };
  const now = async () => Number((await publicClient.getBlock()).timestamp);

  // Hour 1: a buy (stable → HOME) and a sell (HOME → stable) through the router.
  const buyer = wallet(4);
  const seller = wallet(5);
  await send(
    buyer.writeContract({
      gas: GAS,
      address: c.StableToken,
      abi: testStableAbi,
      functionName: 'approve',
      args: [c.UniswapV2Router02, 2n ** 255n],
    }),
  );
  await send(
    seller.writeContract({
      gas: GAS,
      address: c.HomeostatToken,
      abi: homeostatTokenAbi,
      functionName: 'approve',
      args: [c.UniswapV2Router02, 2n ** 255n],
    }),
  );
  const deadline = BigInt((await now()) + 10 * 24 * HOUR);
  await send(
    buyer.writeContract({
      gas: GAS,
      address: c.UniswapV2Router02,
      abi: uniswapV2Router02Abi,
      functionName: 'swapExactTokensForTokensSupportingFeeOnTransferTokens',
      args: [parseUnits('5000', 6), 0n, [c.StableToken, c.HomeostatToken], buyer.account.address, deadline],
    }),
  );
  await nextHour();
  await send(
    seller.writeContract({
      gas: GAS,
      address: c.UniswapV2Router02,
      abi: uniswapV2Router02Abi,
      functionName: 'swapExactTokensForTokensSupportingFeeOnTransferTokens',
      args: [parseUnits('200000', 18), 0n, [c.HomeostatToken, c.StableToken], seller.account.address, deadline],
    }),
  );

  // Hour 2: transfers (fee-paying), to an existing holder and to a new address.
  await nextHour();
  await send(
    wallet(6).writeContract({
      gas: GAS,
      address: c.HomeostatToken,
      abi: homeostatTokenAbi,
      functionName: 'transfer',
      args: [devAccount(7).address, parseUnits('12345', 18)],
    }),
  );
  await send(
    wallet(8).writeContract({
      gas: GAS,
      address: c.HomeostatToken,
      abi: homeostatTokenAbi,
      functionName: 'transfer',
      args: [devAccount(30).address, parseUnits('777', 18)],
    }),
  );

  // Staking: stake, later claim and partly unstake.
  const staker = wallet(9);
  await send(
    staker.writeContract({
      gas: GAS,
      address: c.HomeostatToken,
      abi: homeostatTokenAbi,
      functionName: 'approve',
      args: [c.Staking, 2n ** 255n],
    }),
  );
  await send(
    staker.writeContract({
      gas: GAS,
      address: c.Staking,
      abi: stakingAbi,
      functionName: 'stake',
      args: [parseUnits('1000000', 18)],
    }),
  );

  // Oracle signal from the reporter.
  await send(
    wallet(3).writeContract({
      gas: GAS,
      address: c.SignalOracle,
      abi: signalOracleAbi,
      functionName: 'postSignal',
      args: [1n, (await now()) - 5, 1500, 200, 42n, keccak256(toHex('posts'))],
    }),
  );
  // The market factor's price on the oracle's feed ($97,250.50, 18 decimals).
  await send(
    wallet(3).writeContract({
      gas: GAS,
      address: c.SignalOracle,
      abi: signalOracleAbi,
      functionName: 'postMarketPrice',
      args: [1n, (await now()) - 5, 97_250_500_000n * 10n ** 12n],
    }),
  );

  // A proposal from the agent (transfer fee 30 → 35 bps: the optimistic lane) and votes.
  const calldata = encodeFunctionData({ abi: policyControllerAbi, functionName: 'setParameter', args: [2, 30n, 35n] });
  const metadata = {
    decisionId: keccak256(toHex('decision-1')),
    modelHash: keccak256(toHex('model-v1')),
    inputHash: keccak256(toHex('inputs')),
    justificationHash: keccak256(toHex('because')),
    justificationURI: 'ipfs://justification-1',
  };
  const agent = wallet(1);
  const sim = await publicClient.simulateContract({
    account: agent.account,
    address: c.HomeostatGovernor,
    abi: homeostatGovernorAbi,
    functionName: 'proposeDecision',
    args: [[c.PolicyController], [0n], [calldata], 'Raise the transfer fee (decision-1)', metadata],
  });
  proposalId = sim.result;
  await send(agent.writeContract({ ...sim.request, gas: GAS }));
  // The agent commits the decision's forecast when it decides (its verdict below must carry these numbers).
  const decidedAt = await now();
  const numbers = {
    forecast: 500_000_000n,
    lower80: 400_000_000n,
    upper80: 600_000_000n,
    lower95: 300_000_000n,
    upper95: 700_000_000n,
    realised: 650_000_000n,
    hit80: false,
    hit95: true,
  };
  await send(
    agent.writeContract({
      gas: GAS,
      address: c.VerificationLog!,
      abi: verificationLogAbi,
      functionName: 'commitForecast',
      args: [metadata.decisionId, decidedAt, decidedAt + HOUR, forecastNumbersHash(numbers)],
    }),
  );
  await nextHour();
  await nextHour(); // past the 1 h voting delay
  const castVote = (i: number, support: number, reason: string) =>
    send(
      wallet(i).writeContract({
        gas: GAS,
        address: c.HomeostatGovernor,
        abi: homeostatGovernorAbi,
        functionName: 'castVoteWithReason',
        args: [proposalId, support, reason],
      }),
    );
  await castVote(4, 1, 'fees fund the treasury');
  await castVote(5, 0, 'too soon');
  await castVote(6, 2, '');
  await send(staker.writeContract({ gas: GAS, address: c.Staking, abi: stakingAbi, functionName: 'claim' }));
  await send(
    staker.writeContract({
      gas: GAS,
      address: c.Staking,
      abi: stakingAbi,
      functionName: 'unstake',
      args: [parseUnits('400000', 18)],
    }),
  );
  // The agent's Verify records: a forecast verdict (a miss at 80 %, a hit at 95 %) and an effect verdict.
  const verifiedAt = await now();
  const header = {
    decisionId: metadata.decisionId,
    contentHash: keccak256(toHex('verification record 1')),
    prevHash: zeroHash,
    windowFrom: decidedAt,
    windowTo: decidedAt + HOUR,
    verifiedAt,
  };
  await send(
    agent.writeContract({
      gas: GAS,
      address: c.VerificationLog!,
      abi: verificationLogAbi,
      functionName: 'recordForecast',
      args: [header, numbers],
    }),
  );
  await send(
    agent.writeContract({
      gas: GAS,
      address: c.VerificationLog!,
      abi: verificationLogAbi,
      functionName: 'recordEffect',
      args: [{ ...header, contentHash: keccak256(toHex('verification record 2')), prevHash: header.contentHash }, 3, 2],
    }),
  );
  // cacheTime 0: viem caches the block number that receipt polling fetched.
  finalBlock = await publicClient.getBlockNumber({ cacheTime: 0 });
  await waitForBlock(indexer, Number(finalBlock), 80_000);
  client = createIndexerClient(indexer.url, { timeoutMs: 5000 });
}, 150_000);

afterAll(async () => {
  await indexer?.stop();
  await anvil?.stop();
  if (dir) removeDir(dir);
});

describe('indexer against the chain', () => {
  it('reports its indexed block and the chain head', async () => {
    const s = await client.getStatus();
    expect(s.chainId).toBe(31337);
    expect(s.indexedBlock).toBeGreaterThanOrEqual(Number(finalBlock));
    expect(s.chainHead).toBeGreaterThanOrEqual(Number(finalBlock));
    expect(s.ready).toBe(true);
  });

  it('reserves equal the pair getReserves at the same block', async () => {
    const points = await client.getReserves({ resolution: 'raw', from: 0, limit: 10_000 });
    expect(points.length).toBeGreaterThanOrEqual(3); // seed + two swaps
    const lastPerBlock = new Map<bigint, (typeof points)[number]>();
    for (const p of points) lastPerBlock.set(p.blockNumber!, p);
    const token0 = await pub().readContract({
      address: d.contracts.UniswapV2Pair,
      abi: uniswapV2PairAbi,
      functionName: 'token0',
    });
    const homeIs0 = token0.toLowerCase() === d.contracts.HomeostatToken.toLowerCase();
    for (const [block, p] of lastPerBlock) {
      const [r0, r1] = await pub().readContract({
        address: d.contracts.UniswapV2Pair,
        abi: uniswapV2PairAbi,
        functionName: 'getReserves',
        blockNumber: block,
      });
      expect([p.reserveHome, p.reserveStable]).toEqual(homeIs0 ? [r0, r1] : [r1, r0]);
      expect(p.price).toBeCloseTo(priceFromReserves(p.reserveHome, p.reserveStable, 18, 6)!, 12);
    }
  });

  it('hourly candles: close is the latest pool price, volume counts both swaps', async () => {
    const candles = await client.getOhlc({ from: 0 });
    const [r0, r1] = await pub().readContract({
      address: d.contracts.UniswapV2Pair,
      abi: uniswapV2PairAbi,
      functionName: 'getReserves',
    });
    const token0 = await pub().readContract({
      address: d.contracts.UniswapV2Pair,
      abi: uniswapV2PairAbi,
      functionName: 'token0',
    });
    const homeIs0 = token0.toLowerCase() === d.contracts.HomeostatToken.toLowerCase();
    const price = priceFromReserves(homeIs0 ? r0 : r1, homeIs0 ? r1 : r0, 18, 6)!;
    const last = candles[candles.length - 1]!;
    expect(last.close).toBeCloseTo(price, 12);
    expect(candles.reduce((n, c) => n + c.swapCount, 0)).toBe(2);
    for (const c of candles) {
      expect(c.high).toBeGreaterThanOrEqual(Math.max(c.open, c.close));
      expect(c.low).toBeLessThanOrEqual(Math.min(c.open, c.close));
    }
    // 0.1 stable per HOME at deploy: the 6-decimal stable is scaled correctly.
    expect(candles[0]!.open).toBeCloseTo(0.1, 6);
  });

  it('holder balances equal balanceOf', async () => {
    const dist = await client.getHolders();
    expect(dist.holders.length).toBeGreaterThan(15);
    const chain = await Promise.all(
      dist.holders.map((h) =>
        pub().readContract({
          address: d.contracts.HomeostatToken,
          abi: homeostatTokenAbi,
          functionName: 'balanceOf',
          args: [h.address],
          blockNumber: finalBlock,
        }),
      ),
    );
    expect(dist.holders.map((h) => h.balance)).toEqual(chain);
    expect(dist.holders.map((h) => h.address)).toContain(devAccount(30).address);
  });

  it('KPIs match supply, staking, treasury and the oracle', async () => {
    const kpis = await client.getKpis({ from: 0 });
    const last = kpis[kpis.length - 1]!;
    const read = <T>(p: Promise<T>) => p;
    const c = d.contracts;
    const [supply, staked, tHome, tStable] = await Promise.all([
      read(
        pub().readContract({
          address: c.HomeostatToken,
          abi: homeostatTokenAbi,
          functionName: 'totalSupply',
          blockNumber: finalBlock,
        }),
      ),
      read(
        pub().readContract({
          address: c.Staking,
          abi: stakingAbi,
          functionName: 'totalStaked',
          blockNumber: finalBlock,
        }),
      ),
      read(
        pub().readContract({
          address: c.HomeostatToken,
          abi: homeostatTokenAbi,
          functionName: 'balanceOf',
          args: [c.Treasury],
          blockNumber: finalBlock,
        }),
      ),
      read(
        pub().readContract({
          address: c.StableToken,
          abi: testStableAbi,
          functionName: 'balanceOf',
          args: [c.Treasury],
          blockNumber: finalBlock,
        }),
      ),
    ]);
    expect(last.totalSupply).toBe(supply);
    expect(last.totalStaked).toBe(staked);
    expect(last.treasuryHome).toBe(tHome);
    expect(last.treasuryStable).toBe(tStable);
    expect(last.lastSignal).toMatchObject({ round: 1, sentimentBps: 1500, anomalyBps: 200 });
    expect(last.feesBurned).toBeGreaterThan(0n);
    // Hourly and forward-filled: consecutive hours, no gaps.
    for (let i = 1; i < kpis.length; i++) expect(kpis[i]!.time - kpis[i - 1]!.time).toBe(HOUR);
  });

  it("market prices equal the oracle's price feed", async () => {
    const prices = await client.getMarketPrices({ from: 0 });
    expect(prices).toHaveLength(1);
    const latest = await pub().readContract({
      address: d.contracts.SignalOracle,
      abi: signalOracleAbi,
      functionName: 'latestMarketPrice',
      blockNumber: finalBlock,
    });
    expect(prices[0]).toMatchObject({ round: 1, price: latest.price, observedAt: Number(latest.observedAt) });
    expect(prices[0]!.price).toBe(97_250_500_000n * 10n ** 12n);
  });

  it('proposal with decision metadata; tallies equal proposalVotes; votes keep their reason', async () => {
    const proposals = await client.getProposals();
    const p = proposals.find((x) => x.id === proposalId);
    expect(p).toBeDefined();
    expect(p!.decision).toMatchObject({ lane: 'optimistic', justificationURI: 'ipfs://justification-1' });
    expect(p!.decision!.decisionId).toBe(keccak256(toHex('decision-1')));
    const [against, forVotes, abstain] = await pub().readContract({
      address: d.contracts.HomeostatGovernor,
      abi: homeostatGovernorAbi,
      functionName: 'proposalVotes',
      args: [proposalId],
      blockNumber: finalBlock,
    });
    expect(p!.votes).toEqual({ for: forVotes, against, abstain });
    expect(p!.voteCount).toBe(3);
    const votes = await client.getVotes(proposalId);
    expect(votes.map((v) => [v.voter, v.support, v.reason])).toEqual([
      [devAccount(4).address, 'for', 'fees fund the treasury'],
      [devAccount(5).address, 'against', 'too soon'],
      [devAccount(6).address, 'abstain', ''],
    ]);
  });

  it('verify records equal the VerificationLog, in posting order; filtered by decision', async () => {
    const all = await client.getVerifications();
    expect(all.map((v) => v.kind)).toEqual(['forecast', 'effect']);
    const decisionId = keccak256(toHex('decision-1'));
    for (const v of all) {
      const raw = await pub().readContract({
        address: d.contracts.VerificationLog!,
        abi: verificationLogAbi,
        functionName: 'verification',
        args: [decisionId, v.kind === 'forecast' ? 0 : 1],
      });
      expect(v).toEqual(
        fromRawRecord(decisionId, raw as RawVerificationRecord, {
          recorder: devAccount(1).address,
          txHash: v.txHash,
          blockNumber: v.blockNumber,
        }),
      );
      const receipt = await pub().getTransactionReceipt({ hash: v.txHash! });
      expect(receipt.blockNumber).toBe(v.blockNumber);
    }
    expect(all[0]!.forecast).toMatchObject({ realised: 0.65, hit80: false, hit95: true });
    expect(all[1]).toMatchObject({ effectsChecked: 3, effectsMatched: 2, prevHash: all[0]!.contentHash });
    expect(await client.getVerifications({ decisionId })).toHaveLength(2);
    expect(await client.getVerifications({ decisionId: keccak256(toHex('other')) })).toEqual([]);
    await expect(client.getVerifications({ decisionId: '0x12' })).rejects.toMatchObject({ status: 400 });
  });

  it('archives the raw logs: POST /api/logs equals eth_getLogs over the final blocks, filtered alike', async () => {
    // 40 more blocks make every block of the activity above final for Ponder (30 blocks), which
    // writes its logs to the sync store as each block becomes final.
    const test = createTestClient({ chain: foundry, mode: 'anvil', transport: http(anvil!.url) });
    await test.mine({ blocks: 40 });
    await waitForBlock(indexer!, Number(finalBlock) + 40, 60_000);
    const c = d.contracts;
    const fromBlock = d.startBlock;
    const toBlock = Number(finalBlock);
    const pick = (l: Record<string, unknown>) => ({
      address: String(l.address).toLowerCase(),
      topics: l.topics,
      data: l.data,
      blockNumber: l.blockNumber,
      blockHash: l.blockHash,
      transactionHash: l.transactionHash,
      transactionIndex: l.transactionIndex,
      logIndex: l.logIndex,
    });
    const topic = (abi: unknown, eventName: string) => encodeEventTopics({ abi, eventName } as never)[0]!;
    const node = (address: unknown, topics: unknown) =>
      pub().request({
        method: 'eth_getLogs',
        params: [{ address, topics, fromBlock: toHex(fromBlock), toBlock: toHex(toBlock) }],
      } as never) as Promise<Record<string, unknown>[]>;
    const archive = indexerArchive(indexer!.url);
    // The archive holds the events the indexer handles (indexer/archived-events.ts), each in full.
    const reads = [
      {
        address: c.HomeostatGovernor,
        topics: [
          ['ProposalCreated', 'VoteCast', 'ProposalQueued', 'DecisionProposed'].map((e) =>
            topic(homeostatGovernorAbi, e),
          ),
        ],
      },
      { address: [c.UniswapV2Pair], topics: [['Sync', 'Swap', 'Mint'].map((e) => topic(uniswapV2PairAbi, e))] },
      { address: c.VerificationLog!, topics: [topic(verificationLogAbi, 'VerificationRecorded')] },
      { address: c.HomeostatGovernor, topics: [topic(homeostatGovernorAbi, 'VoteCast')] },
    ];
    let total = 0;
    for (const r of reads) {
      const expected = (await node(r.address, r.topics)).map(pick);
      let got: Awaited<ReturnType<typeof archive>> | undefined;
      for (let i = 0; i < 50; i++) {
        got = await archive({ ...r, fromBlock, toBlock });
        if (got.logs.length >= expected.length) break;
        await new Promise((res) => setTimeout(res, 200));
      }
      expect(got!.indexedBlock).toBeGreaterThanOrEqual(toBlock + 30);
      expect(got!.logs.map((l) => pick(l as Record<string, unknown>))).toEqual(expected);
      total += expected.length;
    }
    expect(total).toBeGreaterThan(10);
    const voteCast = topic(homeostatGovernorAbi, 'VoteCast');
    expect((await archive({ address: c.HomeostatGovernor, topics: [voteCast], fromBlock, toBlock })).logs).toHaveLength(
      3,
    );
    await expect(archive({ address: 'nope', topics: [voteCast], fromBlock, toBlock })).rejects.toThrow(
      /400: "address" has a malformed value/,
    );
    await expect(
      archive({ address: c.HomeostatGovernor, topics: [voteCast], fromBlock: 10, toBlock: 5 }),
    ).rejects.toThrow(/400/);
    // An event the indexer does not sync (the pair's LP Transfer) is refused, not answered short.
    await expect(
      archive({ address: c.UniswapV2Pair, topics: [topic(uniswapV2PairAbi, 'Transfer')], fromBlock, toBlock }),
    ).rejects.toThrow(/400: event .* is not indexed/);
    await expect(archive({ address: c.UniswapV2Pair, fromBlock, toBlock })).rejects.toThrow(/400: .*required/);
  });

  it('answers bad input with a 400 the client turns into an IndexerError', async () => {
    await expect(client.getOhlc({ intervalHours: 0 })).rejects.toMatchObject({ kind: 'http', status: 400 });
  });
});
