// The data routes every open dashboard polls (Node only), as plain functions of the request URL
// that return a status and an already serialised JSON body. Two servers call them: Next.js's
// route handlers (app/api/…/route.ts, `npm run dev`) and the production server's fast path
// (scripts/app-server.ts), which answers these paths without Next's per-request work. Each body
// is computed once per chain/indexer state and shared by every client (lib/server/live.ts).

import { isAddress } from 'viem';
import { loadServerConfig } from '../app-config';
import { getPublicClient } from '../chain/client';
import { getProposals } from '../chain/governance';
import { homeostatTokenAbi } from '../contracts/abis';
import { getCastVotes, getGovernanceOverview, getVoterAtSnapshot } from '../governance/chain';
import { type DashboardRange, dashboardRanges } from '../health/dashboard';
import { parseWithBigints } from '../json';
import { loadTreasury } from '../treasury/load';
import { isTreasuryRange, treasuryRanges } from '../treasury/model';
import { type ApiResult, errorResult, jsonResult } from './api';
import { loadDashboard } from './dashboard';
import { decisionsRoute } from './decisions-route';
import { chainHistory, demoHistory } from './forecast-history';
import { cachedJson, chainClock, chainHead, indexerStatus } from './live';

/** Runs `load`, turning any failure into an error result. */
async function answer(load: () => Promise<ApiResult>): Promise<ApiResult> {
  try {
    return await load();
  } catch (e) {
    return errorResult(e);
  }
}

/**
 * Token-health cards and hourly series for ?range=24h|7d|30d|all (default 7d), computed once per
 * (deployment, range, indexed block, chain head).
 */
export function dashboardRoute(url: URL): Promise<ApiResult> {
  const range = url.searchParams.get('range') ?? '7d';
  if (!(range in dashboardRanges)) {
    return Promise.resolve(
      jsonResult({ error: `range: must be one of ${Object.keys(dashboardRanges).join(', ')}` }, 400),
    );
  }
  return answer(async () => {
    const { env, deployment } = loadServerConfig();
    const [status, head] = await Promise.all([indexerStatus(env.indexerUrl), chainHead(env.rpcUrl)]);
    const key = [
      'dashboard',
      deployment.contracts.HomeostatGovernor,
      range,
      status.ready,
      status.indexedBlock,
      status.indexedTimestamp,
      head.number,
    ].join('|');
    const body = await cachedJson(
      key,
      () => loadDashboard(env, deployment, range as DashboardRange, { status, head }),
      `dashboard|${deployment.contracts.HomeostatGovernor}|${range}`,
    );
    return { status: 200, body };
  });
}

/** The chain head: block number and timestamp (read at most every LIVE_TTL_MS). */
export function chainHeadRoute(): Promise<ApiResult> {
  return answer(async () => {
    const { env } = loadServerConfig();
    const [head, clock] = await Promise.all([chainHead(env.rpcUrl), chainClock(env.rpcUrl)]);
    return jsonResult({ number: head.number, timestamp: head.timestamp, clock });
  });
}

/** HOME total supply at the chain head (read once per block). */
export function tokenRoute(): Promise<ApiResult> {
  return answer(async () => {
    const { env, deployment } = loadServerConfig();
    const head = await chainHead(env.rpcUrl);
    const token = deployment.contracts.HomeostatToken;
    const body = await cachedJson(
      `token|${token}|${head.number}`,
      async () => ({
        totalSupply: await getPublicClient(env.rpcUrl).readContract({
          address: token,
          abi: homeostatTokenAbi,
          functionName: 'totalSupply',
          blockNumber: head.number,
        }),
      }),
      `token|${token}`,
    );
    return { status: 200, body };
  });
}

/** Every proposal with live state and tallies, newest first (one log scan per chain head). */
export function proposalsRoute(): Promise<ApiResult> {
  return answer(async () => {
    const { env, deployment } = loadServerConfig();
    const head = await chainHead(env.rpcUrl);
    const governor = deployment.contracts.HomeostatGovernor;
    const body = await cachedJson(
      `proposals|${governor}|${head.number}`,
      async () => ({
        proposals: await getProposals(getPublicClient(env.rpcUrl), {
          governor,
          fromBlock: BigInt(deployment.startBlock),
        }),
      }),
      `proposals|${governor}`,
    );
    return { status: 200, body };
  });
}

/**
 * Hourly closes for the forecast panel: ?source=chain (default) is the indexed HOME/stable pool
 * history (≤ 3,000 complete hours); ?source=demo is the bundled BTC/USD window, labelled as such;
 * ?fallback=demo sends the demo window (with `chainHours`) when the chain has too little history,
 * saving the panel a second round trip. Computed once per indexed block.
 */
export function forecastHistoryRoute(url: URL): Promise<ApiResult> {
  const source = url.searchParams.get('source') ?? 'chain';
  if (source !== 'chain' && source !== 'demo') {
    return Promise.resolve(jsonResult({ error: 'source: must be chain or demo' }, 400));
  }
  return answer(async () => {
    // The bundled window never changes: read and serialised once a minute, not per request.
    if (source === 'demo') return { status: 200, body: await cachedJson('forecast|demo', async () => demoHistory()) };
    const { env, deployment } = loadServerConfig();
    const fallback = url.searchParams.get('fallback') === 'demo';
    const status = await indexerStatus(env.indexerUrl);
    const key = [
      'forecast',
      deployment.contracts.HomeostatGovernor,
      fallback,
      status.indexedBlock,
      status.indexedTimestamp,
    ];
    const body = await cachedJson(
      key.join('|'),
      async () => {
        const chain = await chainHistory(env);
        return fallback && chain.hours < chain.minHours ? { ...demoHistory(), chainHours: chain.hours } : chain;
      },
      key.slice(0, 3).join('|'),
    );
    return { status: 200, body };
  });
}

/**
 * Treasury balances, runway, movements and series for ?range=24h|7d|30d|all (default 7d), computed
 * once per (deployment, range, indexed block, chain head).
 */
export function treasuryRoute(url: URL): Promise<ApiResult> {
  const range = url.searchParams.get('range') ?? '7d';
  if (!isTreasuryRange(range)) {
    return Promise.resolve(
      jsonResult({ error: `range: must be one of ${Object.keys(treasuryRanges).join(', ')}` }, 400),
    );
  }
  return answer(async () => {
    const { env, deployment } = loadServerConfig();
    const [status, head] = await Promise.all([indexerStatus(env.indexerUrl), chainHead(env.rpcUrl)]);
    const family = `treasury|${deployment.contracts.Treasury}|${range}`;
    const key = [family, status.indexedBlock, status.indexedTimestamp, head.number].join('|');
    const body = await cachedJson(key, () => loadTreasury(env, deployment, range), family);
    return { status: 200, body };
  });
}

/**
 * Every proposal with lane, thresholds at its snapshot, decoded changes, the chain's time and how
 * fast it runs against real time: computed once per chain head.
 */
export function governanceProposalsRoute(): Promise<ApiResult> {
  return answer(async () => {
    const { env, deployment } = loadServerConfig();
    const head = await chainHead(env.rpcUrl);
    const family = `governance|${deployment.contracts.HomeostatGovernor}`;
    const [body, clock] = await Promise.all([
      cachedJson(
        `${family}|${head.number}`,
        () => getGovernanceOverview(getPublicClient(env.rpcUrl), deployment),
        family,
      ),
      chainClock(env.rpcUrl),
    ]);
    // The clock changes between blocks (it is measured): spliced into the cached body.
    return { status: 200, body: `${body.slice(0, -1)},"clock":${JSON.stringify(clock)}}` };
  });
}

/** `/api/governance/proposals/<id>`: the path the one-proposal route answers. */
const PROPOSAL_PATH = /^\/api\/governance\/proposals\/([^/]+)$/;

/**
 * One proposal (`/api/governance/proposals/<id>`): everything of its list row plus the votes cast
 * (with reasons) and, with ?account=0x…, that account's power at the snapshot, delegation and
 * signature nonce. Each part is computed once per chain head and shared by every open page: the
 * votes need a scan of the governor's whole log, which took 220–320 ms a poll when every poll
 * of every open page made its own.
 */
export function governanceProposalRoute(url: URL): Promise<ApiResult> {
  const id = PROPOSAL_PATH.exec(url.pathname)?.[1] ?? '';
  if (!/^\d{1,78}$/.test(id)) return Promise.resolve(jsonResult({ error: 'id: expected a decimal proposal id' }, 400));
  const account = url.searchParams.get('account');
  if (account !== null && !isAddress(account)) {
    return Promise.resolve(jsonResult({ error: 'account: not a valid address' }, 400));
  }
  return answer(async () => {
    const { env, deployment } = loadServerConfig();
    const client = getPublicClient(env.rpcUrl);
    const proposalId = BigInt(id);
    const head = await chainHead(env.rpcUrl);
    const family = `proposal|${deployment.contracts.HomeostatGovernor}|${id}`;
    const [body, clock] = await Promise.all([
      cachedJson(
        `${family}|${head.number}`,
        async () => {
          const overview = await getGovernanceOverview(client, deployment, { onlyId: proposalId });
          const proposal = overview.proposals[0];
          if (!proposal) return { missing: true };
          return {
            chainTime: overview.chainTime,
            blockNumber: overview.blockNumber,
            controller: overview.controller,
            units: overview.units,
            proposal,
            votes: await getCastVotes(client, deployment, proposalId),
          };
        },
        family,
      ),
      chainClock(env.rpcUrl),
    ]);
    if (body === '{"missing":true}') return jsonResult({ error: `no proposal ${id} on this governor` }, 404);
    let voter = 'null';
    if (account) {
      const { voteStart, chainTime } = snapshotOf(body);
      // Per account, with a family: a poll in a new block is answered from that account's previous
      // answer while the new one (several RPC reads) is computed, as the shared body is.
      const voterFamily = `voter|${family}|${account.toLowerCase()}`;
      voter = await cachedJson(
        `${voterFamily}|${head.number}`,
        () => getVoterAtSnapshot(client, deployment, { account, proposalId, snapshot: voteStart, chainTime }),
        voterFamily,
      );
    }
    // The clock is measured between blocks and the voter is per account: spliced into the shared body.
    return { status: 200, body: `${body.slice(0, -1)},"clock":${JSON.stringify(clock)},"voter":${voter}}` };
  });
}

/**
 * The snapshot time and chain time of a cached proposal body, parsed once per body (the body holds
 * every vote with its reason; parsing it on every voter's poll cost more than answering it).
 */
const snapshots = new Map<string, { voteStart: bigint; chainTime: number }>();
function snapshotOf(body: string): { voteStart: bigint; chainTime: number } {
  let s = snapshots.get(body);
  if (!s) {
    const parsed = parseWithBigints<{ proposal: { voteStart: bigint }; chainTime: number }>(body);
    s = { voteStart: parsed.proposal.voteStart, chainTime: parsed.chainTime };
    snapshots.set(body, s);
    if (snapshots.size > 32) snapshots.delete(snapshots.keys().next().value as string);
  }
  return s;
}

/** The route for a request path (GET only): the polled routes below, or one proposal's. */
export function pollRouteFor(path: string): ((url: URL) => Promise<ApiResult>) | undefined {
  return pollRoutes.get(path) ?? (PROPOSAL_PATH.test(path) ? governanceProposalRoute : undefined);
}

/** The polled routes by path (GET only). A Map: a request path never reaches Object.prototype. */
export const pollRoutes: ReadonlyMap<string, (url: URL) => Promise<ApiResult>> = new Map([
  ['/api/dashboard', dashboardRoute],
  ['/api/chain/head', chainHeadRoute],
  ['/api/token', tokenRoute],
  ['/api/proposals', proposalsRoute],
  ['/api/forecast/history', forecastHistoryRoute],
  ['/api/treasury', treasuryRoute],
  ['/api/governance/proposals', governanceProposalsRoute],
  ['/api/agent/decisions', decisionsRoute],
]);
