/**
 * Protocol-wide state kept by the indexing functions: one `protocol_state` row, copied into
 * `kpi_hourly` for the hour of every event that changes it, so a KPI series is a primary-key
 * range scan however many events were indexed.
 */
import type { Context } from 'ponder:registry';
import { kpiHourly, protocolState } from 'ponder:schema';
import { homeostatTokenAbi, testStableAbi, uniswapV2PairAbi } from '../lib/contracts/abis';
import { hourOf } from './math';

export type ProtocolState = typeof protocolState.$inferSelect;
type StateFields = Omit<ProtocolState, 'id'>;

const GLOBAL = 'global';

function initialState(): StateFields {
  return {
    blockNumber: 0n,
    timestamp: 0,
    price: null,
    reserveHome: 0n,
    reserveStable: 0n,
    totalSupply: 0n,
    totalStaked: 0n,
    delegatedVotes: 0n,
    treasuryHome: 0n,
    treasuryStable: 0n,
    holderCount: 0,
    minted: 0n,
    burned: 0n,
    feesToTreasury: 0n,
    feesBurned: 0n,
    rewardsPaid: 0n,
    volumeHome: 0n,
    volumeStable: 0n,
    transferCount: 0,
    signalRound: null,
    sentimentBps: null,
    anomalyBps: null,
    signalObservedAt: null,
    paused: false,
  };
}

type AnyContext = Context;
type BlockEvent = { block: { number: bigint; timestamp: bigint; hash: `0x${string}` } };

/**
 * The state row is read on almost every event, so it is kept in memory after the first read.
 * The copy is only trusted while events move forward on the same chain: an event from an
 * earlier block, or from the same height with another hash (a reorg Ponder rolled back), makes
 * it reload from the database.
 */
let cached: { state: StateFields; hash: string } | undefined;

async function currentState(context: AnyContext, event: BlockEvent): Promise<StateFields> {
  if (cached) {
    const at = cached.state.blockNumber;
    const n = event.block.number;
    if (n > at || (n === at && event.block.hash === cached.hash)) return cached.state;
  }
  const row = await context.db.find(protocolState, { id: GLOBAL });
  if (!row) return initialState();
  const { id: _id, ...state } = row;
  return state;
}

/** Applies `patch` to the protocol state and records it as the state at the end of this hour. */
export async function updateState(
  context: AnyContext,
  event: BlockEvent,
  patch: (s: StateFields) => Partial<StateFields>,
): Promise<StateFields> {
  const prev = await currentState(context, event);
  const next: StateFields = {
    ...prev,
    ...patch(prev),
    blockNumber: event.block.number,
    timestamp: Number(event.block.timestamp),
  };
  await context.db
    .insert(protocolState)
    .values({ id: GLOBAL, ...next })
    .onConflictDoUpdate(next);
  const row = { ...next, json: kpiJsonMembers(next) };
  await context.db
    .insert(kpiHourly)
    .values({ hour: hourOf(event.block.timestamp), ...row })
    .onConflictDoUpdate(row);
  cached = { state: next, hash: event.block.hash };
  return next;
}

/**
 * The state as /api/kpis serves it: the members of a JSON object without its braces, token
 * amounts (bigint) as decimal strings so no precision is lost in JSON.
 */
export function kpiJsonMembers(state: StateFields): string {
  const json = JSON.stringify(state, (_key, v) => (typeof v === 'bigint' ? v.toString() : v));
  return json.slice(1, -1);
}

export type PoolInfo = { homeIsToken0: boolean; homeDecimals: number; stableDecimals: number };
let poolInfo: PoolInfo | undefined;

/**
 * Which side of the pair is HOME and both tokens' decimals (the test stable has 6), read from
 * the chain once per process: they never change for a deployed pair. Read at the latest block
 * (`cache: 'immutable'`), not at the event's: a node without that block's state (a pruned node,
 * or anvil restarted from its --state file) refuses historical calls, and the indexer would wait
 * on retries forever.
 */
export async function getPoolInfo(context: AnyContext): Promise<PoolInfo> {
  if (poolInfo) return poolInfo;
  const { client, contracts } = context;
  const token0 = await client.readContract({
    abi: uniswapV2PairAbi,
    address: contracts.UniswapV2Pair.address,
    functionName: 'token0',
    cache: 'immutable',
  });
  const [homeDecimals, stableDecimals] = await Promise.all([
    client.readContract({
      abi: homeostatTokenAbi,
      address: contracts.HomeostatToken.address,
      functionName: 'decimals',
      cache: 'immutable',
    }),
    // Any ERC-20's decimals(); the test stable's ABI has it.
    client.readContract({
      abi: testStableAbi,
      address: contracts.StableToken.address,
      functionName: 'decimals',
      cache: 'immutable',
    }),
  ]);
  poolInfo = {
    homeIsToken0: token0.toLowerCase() === contracts.HomeostatToken.address.toLowerCase(),
    homeDecimals,
    stableDecimals,
  };
  return poolInfo;
}
