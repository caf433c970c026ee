// Live chain and indexer state for the app's data routes (Node only), coalesced: whatever the
// number of dashboards polling, the app asks the RPC node for the head and the indexer for its
// status at most once per LIVE_TTL_MS, and computes each response body once per state it
// depends on (the state is part of the key), then serves the same bytes to everyone.

import { getPublicClient } from '../chain/client';
import { type ChainClock, type ClockSample, estimateClock, recordSample } from '../chain/clock';
import { nonEmpty, parseEnv } from '../env';
import { createIndexerClient, type IndexerStatus } from '../indexer';
import { stringifyWithBigints } from '../json';
import { DEFAULT_MARKET_SPEED } from '../market/config';
import { createTtlCache } from './cache';

/** How old a chain head or indexer status may be when served (dashboards poll every 1–2 s). */
export const LIVE_TTL_MS = 500;

export type ChainHead = { number: bigint; timestamp: number };

const heads = createTtlCache<ChainHead>({ ttlMs: LIVE_TTL_MS, max: 4 });
const statuses = createTtlCache<IndexerStatus>({ ttlMs: LIVE_TTL_MS, max: 4 });
/** Bodies are keyed by the state they were computed from, so the TTL only bounds memory. */
const bodies = createTtlCache<string>({ ttlMs: 60_000, max: 64 });

/** A value with when it was read (ms since the epoch). */
type Seen<T> = { value: T; readAt: number };

const lastHead = new Map<string, Seen<ChainHead>>();

/**
 * The chain head. Like the indexer's status, a read slower than STALE_AFTER_MS (the node busy
 * mining a full block, the machine loaded) is answered with the last head seen, while the read goes
 * on for the next poll, but only for MAX_STALE_MS after the last good read: a node that stops
 * answering (hung, SIGSTOPped) is then waited for and reported down, not hidden behind an old head.
 */
export function chainHead(rpcUrl: string): Promise<ChainHead> {
  watchClock(rpcUrl);
  const fresh = heads.get(rpcUrl, async () => {
    const block = await getPublicClient(rpcUrl).getBlock({ blockTag: 'latest' });
    const head = { number: block.number, timestamp: Number(block.timestamp) };
    clockSamples.set(
      rpcUrl,
      recordSample(clockSamples.get(rpcUrl) ?? [], { wallMs: Date.now(), chainTime: head.timestamp }),
    );
    lastHead.set(rpcUrl, { value: head, readAt: Date.now() });
    return head;
  });
  return staleAfter(fresh, recent(lastHead.get(rpcUrl)));
}

/** The value of `seen` if it was read within MAX_STALE_MS, else nothing (wait for a fresh one). */
export function recent<T>(seen: Seen<T> | undefined, now = Date.now()): T | undefined {
  return seen !== undefined && now - seen.readAt <= MAX_STALE_MS ? seen.value : undefined;
}

/** First sightings of each block timestamp, per RPC URL (see lib/chain/clock.ts). */
const clockSamples = new Map<string, ClockSample[]>();
const watched = new Set<string>();

/**
 * Keeps sampling the head once a second from the first request on, so the clock is known even
 * when no dashboard is open (a proposal page opened later gets a real-time countdown at once).
 */
function watchClock(rpcUrl: string) {
  if (watched.has(rpcUrl)) return;
  watched.add(rpcUrl);
  const timer = setInterval(() => void chainHead(rpcUrl).catch(() => undefined), 1_000);
  timer.unref?.();
}

/**
 * The local market's configured speed in chain seconds per real second, when `npm start` runs it
 * on the local chain (SERVICES names it); null elsewhere. Only stands in until a rate is measured.
 */
export function declaredChainRate(source: Record<string, string | undefined> = process.env): number | null {
  let env: ReturnType<typeof parseEnv>;
  try {
    env = parseEnv(source);
  } catch {
    return null;
  }
  const services = (nonEmpty(source, 'SERVICES') ?? 'indexer,market,agent').split(',').map((s) => s.trim());
  if (!env.localChain || !services.includes('market')) return null;
  const speed = Number(nonEmpty(source, 'MARKET_SPEED') ?? DEFAULT_MARKET_SPEED);
  return Number.isFinite(speed) && speed > 0 ? speed * 3600 : null;
}

/** How fast the chain's clock runs against real time, measured from the heads seen (see lib/chain/clock.ts). */
export async function chainClock(rpcUrl: string): Promise<ChainClock> {
  await chainHead(rpcUrl);
  return estimateClock(clockSamples.get(rpcUrl) ?? [], Date.now(), declaredChainRate());
}

const lastStatus = new Map<string, Seen<IndexerStatus>>();

/**
 * The indexer's status. While a refresh is slow (the indexer busy writing a block), the last one
 * read is served after STALE_AFTER_MS instead of holding every poll behind it, for at most
 * MAX_STALE_MS; a refresh that fails fast is an error (the indexer is down, and the pages say so).
 */
export function indexerStatus(indexerUrl: string): Promise<IndexerStatus> {
  const fresh = statuses.get(indexerUrl, () => createIndexerClient(indexerUrl, { timeoutMs: 4000 }).getStatus());
  fresh.then((s) => lastStatus.set(indexerUrl, { value: s, readAt: Date.now() })).catch(() => undefined);
  return staleAfter(fresh, recent(lastStatus.get(indexerUrl)));
}

/**
 * How long a poll waits for a newer state before it is answered from the previous one. A data
 * route can wait twice in a row (head and indexer status together, then its body), so its worst
 * wait is about 2 × this: 50 ms leaves room in the p99 target of 200 ms for the work itself (at
 * 100 ms, with the head never served stale, the 1-hour soak's dashboard p99 was 223–330 ms).
 */
export const STALE_AFTER_MS = 50;

/**
 * How old a served head or indexer status may get while its refresh hangs. Past it a poll waits
 * for the refresh and gets its error: a node or indexer that stopped answering shows as down
 * within seconds (the dashboard's outage banner), instead of freezing on its last state.
 */
export const MAX_STALE_MS = 10_000;

/**
 * `fresh` if it settles within STALE_AFTER_MS (or there is nothing older to serve), else
 * `previous`: stale-while-revalidate. The fresh load goes on and is cached for the next poll, so
 * a reader is never more than one state behind and never waits on a slow recomputation.
 */
export async function staleAfter<T>(fresh: Promise<T>, previous: T | undefined, ms = STALE_AFTER_MS): Promise<T> {
  if (previous === undefined) return fresh;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<{ late: true }>((resolve) => {
    timer = setTimeout(() => resolve({ late: true }), ms);
  });
  try {
    const winner = await Promise.race([fresh.then((value) => ({ value })), late]);
    if ('late' in winner) {
      fresh.catch(() => undefined); // settles later; its failure is the next poll's to report
      return previous;
    }
    return winner.value;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The JSON body (bigints kept, see lib/json.ts) for `key`, computed once while the key stays
 * the same. Keys must name everything the body depends on (deployment, head block, indexed block).
 * With `family`, a poll that arrives while a new state's body is computed is answered from the
 * family's previous body after STALE_AFTER_MS (see staleAfter), and a computation that fails
 * (one slow indexer query timing out while the indexer and the node still answer: the caller read
 * the head and the indexer's status first, so a real outage fails there) is answered from the
 * previous body too, if that is at most MAX_STALE_MS old; past that the error is served.
 */
export async function cachedJson(key: string, compute: () => Promise<unknown>, family?: string): Promise<string> {
  const fresh = bodies.get(key, async () => stringifyWithBigints(await compute()));
  if (family === undefined) return fresh;
  fresh
    .then((body) => {
      // Newest last, and at most MAX_FAMILIES kept (per-account families would otherwise grow with visitors).
      latestBodies.delete(family);
      latestBodies.set(family, { value: body, readAt: Date.now() });
      if (latestBodies.size > MAX_FAMILIES) latestBodies.delete(latestBodies.keys().next().value as string);
    })
    .catch(() => undefined);
  try {
    return await staleAfter(fresh, recent(latestBodies.get(family)));
  } catch (error) {
    const previous = recent(latestBodies.get(family));
    if (previous === undefined) throw error;
    return previous;
  }
}

/**
 * The newest body computed per route family (route and parameters, without the state parts of
 * the key), with when it was computed: what a poll gets while the body of a newer state is still
 * being computed, or after that computation failed (for at most MAX_STALE_MS).
 */
const latestBodies = new Map<string, Seen<string>>();
const MAX_FAMILIES = 512;
