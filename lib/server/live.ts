// Live chain and indexer state for the app's data routes (Node only), coalesced: whatever the
// number of dashboards polling, the app asks the RPC node for the head and the indexer for its
// status at most once per LIVE_TTL_MS, and computes each response body once per state it
// depends on (the state is part of the key), then serves the same bytes to everyone.
import { getPublicClient } from '../chain/client';
import { createIndexerClient, type IndexerStatus } from '../indexer';
import { stringifyWithBigints } from '../json';
import { createTtlCache } from './cache';

/** How old a chain head or indexer status may be when served (dashboards poll every 1–2 s). */
export const LIVE_TTL_MS = 500;

export type ChainHead = { number: bigint; timestamp: number };

const heads = createTtlCache<ChainHead>({ ttlMs: LIVE_TTL_MS, max: 4 });
const statuses = createTtlCache<IndexerStatus>({ ttlMs: LIVE_TTL_MS, max: 4 });
/** Bodies are keyed by the state they were computed from, so the TTL only bounds memory. */
const bodies = createTtlCache<string>({ ttlMs: 60_000, max: 64 });

export function chainHead(rpcUrl: string): Promise<ChainHead> {
  return heads.get(rpcUrl, async () => {
    const block = await getPublicClient(rpcUrl).getBlock({ blockTag: 'latest' });
    return { number: block.number, timestamp: Number(block.timestamp) };
  });
}

export function indexerStatus(indexerUrl: string): Promise<IndexerStatus> {
  return statuses.get(indexerUrl, () => createIndexerClient(indexerUrl, { timeoutMs: 4000 }).getStatus());
}

/**
 * The JSON body (bigints kept, see lib/json.ts) for `key`, computed once while the key stays
 * the same. Keys must name everything the body depends on (deployment, head block, indexed block).
 */
export function cachedJson(key: string, compute: () => Promise<unknown>): Promise<string> {
  return bodies.get(key, async () => stringifyWithBigints(await compute()));
}
