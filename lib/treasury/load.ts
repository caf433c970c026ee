// Server side of the treasury page (Node only): indexed history + live chain reads → the model.
import { erc20Abi } from 'viem';
import { getPublicClient } from '../chain/client';
import { policyControllerAbi, stakingAbi, treasuryAbi, uniswapV2PairAbi } from '../contracts/abis';
import type { Deployment } from '../contracts/deployments';
import { PolicyParam } from '../contracts/params';
import type { Env } from '../env';
import { createIndexerClient, type IndexerStatus } from '../indexer';
import { toUnits } from '../metrics';
import { getTreasuryMovements } from './events';
import {
  type BuybackActivity,
  buildSeries,
  buybackActivity,
  feeIncomeMovements,
  mergeMovements,
  type ProtocolOwnedLiquidity,
  protocolOwnedLiquidity,
  type Runway,
  runway,
  type SeriesTotals,
  type StakingCost,
  type SupplyBudgetUse,
  seriesTotals,
  stakingCost,
  supplyBudgetUse,
  type TreasuryLive,
  type TreasuryMovement,
  type TreasuryPoint,
  type TreasuryRange,
  treasuryRanges,
} from './model';

/** What /api/treasury returns. Numbers are whole units (HOME, stable); movements keep raw bigints. */
export type TreasuryResponse = {
  range: TreasuryRange;
  /** Chain time of the live reads. */
  updatedAt: number;
  live: TreasuryLive;
  runway: Runway;
  pol: ProtocolOwnedLiquidity;
  supplyBudget: SupplyBudgetUse;
  staking: StakingCost;
  /** Buyback budget per day beside what was spent over the range. */
  buybacks: BuybackActivity;
  series: TreasuryPoint[];
  totals: SeriesTotals;
  /** Newest first, at most 50: indexed events and hourly transfer-fee income. */
  movements: TreasuryMovement[];
  stableDecimals: number;
  indexer: IndexerStatus;
};

const decimalsCache = new Map<string, number>();

export async function readTreasuryLive(
  env: Env,
  deployment: Deployment,
): Promise<TreasuryLive & { stableDecimals: number }> {
  const client = getPublicClient(env.rpcUrl);
  const c = deployment.contracts;
  const block = await client.getBlock({ blockTag: 'latest' });
  const at = { blockNumber: block.number };
  let stableDecimals = decimalsCache.get(c.StableToken);
  if (stableDecimals === undefined) {
    stableDecimals = await client.readContract({ address: c.StableToken, abi: erc20Abi, functionName: 'decimals' });
    decimalsCache.set(c.StableToken, stableDecimals);
  }
  const [
    treasuryHome,
    treasuryStable,
    lpBalance,
    lpSupply,
    reserves,
    token0,
    aprBps,
    rewardRate,
    totalStaked,
    emissionsRemaining,
    budgetPerEpoch,
    epochLength,
    remaining,
    window,
    windowLength,
    paused,
  ] = await Promise.all([
    client.readContract({
      ...at,
      address: c.HomeostatToken,
      abi: erc20Abi,
      functionName: 'balanceOf',
      args: [c.Treasury],
    }),
    client.readContract({
      ...at,
      address: c.StableToken,
      abi: erc20Abi,
      functionName: 'balanceOf',
      args: [c.Treasury],
    }),
    client.readContract({
      ...at,
      address: c.UniswapV2Pair,
      abi: uniswapV2PairAbi,
      functionName: 'balanceOf',
      args: [c.Treasury],
    }),
    client.readContract({ ...at, address: c.UniswapV2Pair, abi: uniswapV2PairAbi, functionName: 'totalSupply' }),
    client.readContract({ ...at, address: c.UniswapV2Pair, abi: uniswapV2PairAbi, functionName: 'getReserves' }),
    client.readContract({ ...at, address: c.UniswapV2Pair, abi: uniswapV2PairAbi, functionName: 'token0' }),
    client
      .readContract({ ...at, address: c.Staking, abi: stakingAbi, functionName: 'currentAprBps' })
      .then(Number)
      .catch(() => null),
    client.readContract({ ...at, address: c.Staking, abi: stakingAbi, functionName: 'rewardRate' }),
    client.readContract({ ...at, address: c.Staking, abi: stakingAbi, functionName: 'totalStaked' }),
    client.readContract({ ...at, address: c.Staking, abi: stakingAbi, functionName: 'emissionsRemaining' }),
    client.readContract({
      ...at,
      address: c.PolicyController,
      abi: policyControllerAbi,
      functionName: 'parameter',
      args: [PolicyParam.BuybackBudget],
    }),
    client.readContract({ ...at, address: c.Treasury, abi: treasuryAbi, functionName: 'epochLength' }),
    client.readContract({ ...at, address: c.Treasury, abi: treasuryAbi, functionName: 'remainingBuybackBudget' }),
    client.readContract({ ...at, address: c.PolicyController, abi: policyControllerAbi, functionName: 'supplyWindow' }),
    client.readContract({
      ...at,
      address: c.PolicyController,
      abi: policyControllerAbi,
      functionName: 'supplyWindowLength',
    }),
    client.readContract({ ...at, address: c.PolicyController, abi: policyControllerAbi, functionName: 'paused' }),
  ]);
  const homeIs0 = token0.toLowerCase() === c.HomeostatToken.toLowerCase();
  const [r0, r1] = reserves;
  const reserveHome = toUnits(homeIs0 ? r0 : r1, 18);
  const reserveStable = toUnits(homeIs0 ? r1 : r0, stableDecimals);
  const [netChange, budget] = window;
  return {
    blockNumber: block.number,
    time: Number(block.timestamp),
    price: reserveHome > 0 ? reserveStable / reserveHome : null,
    treasuryHome: toUnits(treasuryHome, 18),
    treasuryStable: toUnits(treasuryStable, stableDecimals),
    // Uniswap V2 LP tokens have 18 decimals.
    lp: { balance: toUnits(lpBalance, 18), totalSupply: toUnits(lpSupply, 18), reserveHome, reserveStable },
    staking: {
      aprBps,
      rewardRate: toUnits(rewardRate, 18),
      totalStaked: toUnits(totalStaked, 18),
      emissionsRemaining: toUnits(emissionsRemaining, 18),
    },
    buyback: {
      budgetPerEpoch: toUnits(budgetPerEpoch, stableDecimals),
      epochSeconds: Number(epochLength),
      remainingInEpoch: toUnits(remaining, stableDecimals),
    },
    supplyWindow: {
      netChange: toUnits(netChange, 18),
      budget: toUnits(budget, 18),
      windowSeconds: Number(windowLength),
    },
    paused,
    stableDecimals,
  };
}

export async function loadTreasury(env: Env, deployment: Deployment, range: TreasuryRange): Promise<TreasuryResponse> {
  const indexer = createIndexerClient(env.indexerUrl, { timeoutMs: 4000 });
  const [status, live] = await Promise.all([indexer.getStatus(), readTreasuryLive(env, deployment)]);
  const { stableDecimals, ...liveValues } = live;
  const reference = status.indexedTimestamp ?? live.time;
  const hours = treasuryRanges[range];
  // One hour before the range seeds the first hour's flows (cumulative counters → per hour).
  const from = Number.isFinite(hours) ? reference - hours * 3600 : 0;
  const [kpis, movements] = await Promise.all([
    indexer.getKpis({ from: Math.max(0, from - 3600) }),
    getTreasuryMovements(env.indexerUrl, { from, limit: 10_000 }),
  ]);
  const pol = protocolOwnedLiquidity(liveValues.lp, liveValues.price);
  const series = buildSeries({ kpis, movements, stableDecimals, from, polShare: pol.share });
  const totals = seriesTotals(series);
  return {
    range,
    updatedAt: live.time,
    live: liveValues,
    runway: runway(liveValues),
    pol,
    supplyBudget: supplyBudgetUse(liveValues.supplyWindow),
    staking: stakingCost(liveValues.staking, liveValues.price),
    buybacks: buybackActivity(liveValues, totals, series),
    series,
    totals,
    movements: mergeMovements(movements, feeIncomeMovements(kpis, from), 50),
    stableDecimals,
    indexer: status,
  };
}
