// Server side of the dashboard (Node only): gathers indexed history and live chain reads,
// then builds the model with lib/health.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { erc20Abi } from 'viem';
import { getPublicClient } from '../chain/client';
import { stakingAbi } from '../contracts/abis';
import type { Deployment } from '../contracts/deployments';
import type { Env } from '../env';
import { decodeProposal } from '../governance/decode';
import { changeClause } from '../governance/title';
import {
  buildDashboard,
  type DashboardData,
  type DashboardRange,
  dashboardRanges,
  VOLATILITY_LOOKBACK_HOURS,
} from '../health/dashboard';
import { effectKpiRange, type ProposalEffect, type ProposalMarker, proposalEffect } from '../health/proposal-effect';
import { createIndexerClient, type IndexerClient, type IndexerStatus } from '../indexer';
import type { IndexedProposal } from '../indexer/types';

export type DashboardResponse = {
  dashboard: DashboardData;
  status: { chainHead: bigint; chainTime: number; indexer: IndexerStatus };
  /**
   * Executed proposals (newest first) to mark on the charts, and the market's response to the
   * newest one (lib/health/proposal-effect.ts); null when the indexer could not list proposals.
   */
  executed: { markers: ProposalMarker[]; effect: ProposalEffect | null } | null;
};

/** Proposals read per dashboard build (the indexer lists them newest first). */
const PROPOSALS_READ = 200;

const stableDecimalsCache = new Map<string, number>();

/**
 * Everything the dashboard shows for `range`. `live` passes an indexer status and chain head
 * already read (the route shares them between requests); without it they are read here.
 */
export async function loadDashboard(
  env: Env,
  deployment: Deployment,
  range: DashboardRange,
  live?: { status: IndexerStatus; head: { number: bigint; timestamp: number | bigint } },
): Promise<DashboardResponse> {
  const client = getPublicClient(env.rpcUrl);
  const indexer = createIndexerClient(env.indexerUrl, { timeoutMs: 4000 });
  const [status, head] = live
    ? [live.status, live.head]
    : await Promise.all([indexer.getStatus(), client.getBlock({ blockTag: 'latest' })]);
  const reference = status.indexedTimestamp ?? Number(head.timestamp);
  const hours = dashboardRanges[range];
  const from = Number.isFinite(hours) ? reference - (hours + VOLATILITY_LOOKBACK_HOURS + 1) * 3600 : undefined;
  const stable = deployment.contracts.StableToken;
  let stableDecimals = stableDecimalsCache.get(stable);
  if (stableDecimals === undefined) {
    stableDecimals = await client.readContract({ address: stable, abi: erc20Abi, functionName: 'decimals' });
    stableDecimalsCache.set(stable, stableDecimals);
  }
  const [kpis, holders, signals, marketPrices, aprBps, executed] = await Promise.all([
    indexer.getKpis({ from }),
    indexer.getHolders({ limit: 2000 }),
    indexer.getSignals({ from }),
    // The market factor's feed; an indexer from before it was indexed has no such route.
    indexer.getMarketPrices({ from }).catch(() => []),
    client
      .readContract({
        address: deployment.contracts.Staking,
        abi: stakingAbi,
        functionName: 'currentAprBps',
        blockNumber: head.number,
      })
      .then(Number)
      .catch(() => null),
    executedOnce(indexer, stableDecimals, `${status.indexedBlock}|${status.indexedTimestamp}`),
  ]);
  const rangeStart = Number.isFinite(hours) ? reference - hours * 3600 : 0;
  const dashboard = buildDashboard({
    range,
    kpis,
    holders: holders.holders,
    signals,
    marketPrices,
    stableDecimals,
    aprBps,
    posts: countPosts(env.chainId, rangeStart),
  });
  return {
    dashboard,
    status: { chainHead: head.number, chainTime: Number(head.timestamp), indexer: status },
    executed,
  };
}

/** An executed proposal as a chart marker: its id, execution time and changes in words. */
export function markerOf(p: IndexedProposal, stableDecimals: number): ProposalMarker | null {
  if (p.executedAt === null) return null;
  const units = { stableDecimals, stableSymbol: 'TUSD' };
  const changes = decodeProposal(p.calldatas, null, units).map((c) => changeClause(c, units));
  return { id: p.id.toString(), time: p.executedAt, changes };
}

let executedCache:
  | { key: string; value: Promise<{ markers: ProposalMarker[]; effect: ProposalEffect | null } | null> }
  | undefined;

/**
 * loadExecuted once per indexed state (every range of the dashboard shares it); null when the
 * indexer could not answer (the panel says so; the next indexed block tries again).
 */
function executedOnce(indexer: IndexerClient, stableDecimals: number, indexed: string) {
  const key = `${indexer.baseUrl}|${stableDecimals}|${indexed}`;
  if (executedCache?.key !== key) {
    executedCache = { key, value: loadExecuted(indexer, stableDecimals).catch(() => null) };
  }
  return executedCache.value;
}

/** Executed proposals and the newest one's effect, from the indexer's proposals and hourly KPIs. */
async function loadExecuted(
  indexer: IndexerClient,
  stableDecimals: number,
): Promise<{ markers: ProposalMarker[]; effect: ProposalEffect | null }> {
  const proposals = await indexer.getProposals({ limit: PROPOSALS_READ });
  const markers = proposals
    .map((p) => markerOf(p, stableDecimals))
    .filter((m): m is ProposalMarker => m !== null)
    .sort((a, b) => b.time - a.time);
  const newest = markers[0];
  if (!newest) return { markers, effect: null };
  const kpis = await indexer.getKpis(effectKpiRange(newest.time));
  return { markers, effect: proposalEffect(newest, kpis, stableDecimals) };
}

let postsCache: { key: string; records: { observedAt: number; count: number }[] } | undefined;

/**
 * Posts behind the sentiment signals since `from`, from the market driver's raw post log
 * (local stack only; null when there is no log).
 */
function countPosts(chainId: number, from: number): number | null {
  const file = path.join(/*turbopackIgnore: true*/ process.cwd(), '.homeostat', 'posts', `${chainId}.jsonl`);
  let key: string;
  try {
    const st = statSync(file);
    key = `${st.size}:${st.mtimeMs}`;
  } catch {
    return null;
  }
  if (postsCache?.key !== key) {
    const records: { observedAt: number; count: number }[] = [];
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line) continue;
      try {
        const r = JSON.parse(line) as { observedAt?: unknown; count?: unknown };
        if (typeof r.observedAt === 'number' && typeof r.count === 'number')
          records.push({ observedAt: r.observedAt, count: r.count });
      } catch {
        // a torn last line while the driver writes: skip it
      }
    }
    postsCache = { key, records };
  }
  return postsCache.records.filter((r) => r.observedAt > from).reduce((a, r) => a + r.count, 0);
}
