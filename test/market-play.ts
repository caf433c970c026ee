/**
 * A small, deterministic market for tests that run the real agent on a local anvil: one swap per
 * simulated hour (alternating sides, sizes from a fixed sine so the path has some volatility) and
 * one signal-oracle post, then one hour of chain time. Trades come from anvil #10 (buys with the
 * test stable) and #11 (sells tokens); #3 is the oracle reporter in the deploy script.
 * Used by the agent integration test and the e2e full-loop spec.
 */
import {
  type Address,
  createTestClient,
  http,
  keccak256,
  maxUint256,
  publicActions,
  stringToBytes,
  walletActions,
} from 'viem';
import { homeostatTokenAbi, signalOracleAbi, testStableAbi, uniswapV2Router02Abi } from '../lib/contracts/abis';
import type { Deployment } from '../lib/contracts/deployments';
import { devAccount } from '../scripts/lib/accounts';

export const HOUR = 3600;
export const DAY = 86_400;
const GAS = 2_000_000n;

export function makeChainClient(url: string) {
  return createTestClient({ mode: 'anvil', transport: http(url) })
    .extend(publicActions)
    .extend(walletActions);
}
export type ChainClient = ReturnType<typeof makeChainClient>;

/** Sends a transaction from anvil dev account #i and waits for a successful receipt. */
export async function writeAs(
  client: ChainClient,
  i: number,
  address: Address,
  abi: readonly unknown[],
  functionName: string,
  args: unknown[],
) {
  const hash = await client.writeContract({
    account: devAccount(i).account,
    chain: null,
    address,
    abi,
    functionName,
    args,
    gas: GAS,
  } as never);
  const r = await client.waitForTransactionReceipt({ hash, pollingInterval: 20 });
  if (r.status !== 'success') throw new Error(`${functionName} from #${i} reverted (tx ${hash})`);
}

export async function advance(client: ChainClient, seconds: number) {
  await client.increaseTime({ seconds });
  await client.mine({ blocks: 1 });
}

/** Funds #10 with test stable and lets #10/#11 trade through the router. */
export async function prepareTraders(client: ChainClient, deployment: Deployment) {
  const c = deployment.contracts;
  await writeAs(client, 10, c.StableToken, testStableAbi, 'mint', [devAccount(10).address, 10n ** 13n]);
  for (const i of [10, 11]) {
    await writeAs(client, i, c.StableToken, testStableAbi, 'approve', [c.UniswapV2Router02, maxUint256]);
    await writeAs(client, i, c.HomeostatToken, homeostatTokenAbi, 'approve', [c.UniswapV2Router02, maxUint256]);
  }
}

/** `hours` simulated hours of market: a swap each hour (alternating sides) and an oracle signal. */
export async function playMarket(client: ChainClient, deployment: Deployment, hours: number) {
  const c = deployment.contracts;
  for (let h = 0; h < hours; h++) {
    const k = Number((await client.getBlock()).timestamp / BigInt(HOUR));
    const size = 1 + 0.8 * Math.sin(k * 1.7);
    const buy = k % 2 === 0;
    const trader = buy ? 10 : 11;
    const amountIn = buy
      ? BigInt(Math.round(5_000 * size)) * 10n ** 6n
      : BigInt(Math.round(50_000 * size)) * 10n ** 18n;
    const path = buy ? [c.StableToken, c.HomeostatToken] : [c.HomeostatToken, c.StableToken];
    await writeAs(
      client,
      trader,
      c.UniswapV2Router02,
      uniswapV2Router02Abi,
      'swapExactTokensForTokensSupportingFeeOnTransferTokens',
      [amountIn, 0n, path, devAccount(trader).address, 2n ** 64n],
    );
    const now = Number((await client.getBlock()).timestamp);
    const round =
      (await client.readContract({ address: c.SignalOracle, abi: signalOracleAbi, functionName: 'latestRound' })) + 1n;
    await writeAs(client, 3, c.SignalOracle, signalOracleAbi, 'postSignal', [
      round,
      now,
      100,
      0,
      10n ** 18n,
      keccak256(stringToBytes(`round ${round}`)),
    ]);
    await advance(client, HOUR);
  }
}
