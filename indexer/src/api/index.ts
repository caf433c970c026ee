/**
 * HTTP API of the indexer (Hono, served by Ponder next to /health, /ready, /status).
 *
 * - /api/*     purpose-built JSON routes the app and agent read through lib/indexer (hourly
 *              series come from roll-up tables, so each is one primary-key range scan)
 * - /graphql   Ponder's generated GraphQL over every table
 * - /sql/*     Ponder's SQL over HTTP (read-only), for @ponder/client or ad-hoc queries
 *
 * JSON conventions: token amounts are decimal strings (raw units), times unix seconds,
 * prices numbers in stable per HOME.
 */
import { db, publicClients } from 'ponder:api';
import schema, {
  account,
  balanceHourly,
  candle,
  decision,
  kpiHourly,
  marketPrice,
  oracleSignal,
  parameterChange,
  proposal,
  protocolState,
  reserve,
  stakeEvent,
  supplyChange,
  treasuryEvent,
  verificationRecord,
  vote,
} from 'ponder:schema';
import { type Context, Hono } from 'hono';
import { and, asc, client, desc, eq, graphql, gt, gte, lte, sql } from 'ponder';
import { archivedLogKeys } from '../../archived-events';
import { deployment, indexerEnv } from '../../env';
import { HOUR, hourOf } from '../../math';

const app = new Hono();

app.use('/graphql', graphql({ db, schema }));
app.use('/sql/*', client({ db, schema }));

const MAX_HOURS = 24 * 366;
const MAX_ROWS = 10_000;

class BadRequest extends Error {}

/** Serialises bigints as decimal strings. */
function json(c: Context, body: unknown, status: 200 | 400 | 404 | 500 = 200) {
  return c.body(
    JSON.stringify(body, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)),
    status,
    {
      'content-type': 'application/json',
    },
  );
}

function intParam(c: Context, name: string, fallback?: number): number {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') {
    if (fallback === undefined) throw new BadRequest(`query parameter "${name}" is required`);
    return fallback;
  }
  if (!/^-?\d+$/.test(raw)) throw new BadRequest(`query parameter "${name}" must be an integer, got "${raw}"`);
  return Number(raw);
}

/**
 * Time of the newest indexed block, else of the newest protocol-state event (chain time can run
 * ahead of the wall clock locally). The block, not the event: when chain time jumps (a vote's
 * end, a timelock's delay) without a protocol event, a client's `from` taken from the indexed
 * block's time would otherwise fall after the default `to` ("from" is after "to", a 400).
 */
async function latestTimestamp(): Promise<number> {
  const status = (await db.execute(sql`SELECT block_timestamp FROM _ponder_status LIMIT 1`)) as unknown as {
    rows: { block_timestamp: number | string | null }[];
  };
  const indexed = status.rows[0]?.block_timestamp;
  const rows = await db.select({ timestamp: protocolState.timestamp }).from(protocolState).limit(1);
  const event = rows[0]?.timestamp;
  const best = Math.max(indexed == null ? 0 : Number(indexed), event ?? 0);
  return best > 0 ? best : Math.floor(Date.now() / 1000);
}

/**
 * [from, to] in unix seconds; `to` defaults to the newest indexed block time, `from` to
 * `defaultHours` before it; at most `maxHours` long.
 */
async function range(c: Context, defaultHours: number, maxHours = MAX_HOURS) {
  const toRaw = c.req.query('to');
  const to = toRaw === undefined || toRaw === '' ? await latestTimestamp() : intParam(c, 'to');
  const from = intParam(c, 'from', to - defaultHours * HOUR);
  if (from > to) throw new BadRequest('"from" is after "to"');
  // Longer ranges keep their newest `maxHours`.
  return { from: Math.max(from, to - maxHours * HOUR), to };
}

function limitParam(c: Context, fallback: number) {
  return Math.min(Math.max(intParam(c, 'limit', fallback), 1), MAX_ROWS);
}

let headCache: { at: number; value: number | null } | undefined;
/** The chain's head block, cached for a second; null when the RPC does not answer. */
async function chainHead(): Promise<number | null> {
  if (headCache && Date.now() - headCache.at < 1000) return headCache.value;
  const rpc = Object.values(publicClients)[0];
  let value: number | null = null;
  if (rpc) {
    value = await Promise.race([
      rpc.getBlockNumber({ cacheTime: 0 }).then(Number),
      new Promise<null>((r) => setTimeout(() => r(null), 2000)),
    ]).catch(() => null);
  }
  headCache = { at: Date.now(), value };
  return value;
}

type StatusRow = { block_number: string | number | null; block_timestamp: string | number | null; ready: boolean };

/** Ponder's own progress (the table behind its /status route) and the chain head, for lag. */
app.get('/api/status', async (c) => {
  const [result, head] = await Promise.all([
    db.execute(sql`SELECT block_number, block_timestamp, ready FROM _ponder_status LIMIT 1`),
    chainHead(),
  ]);
  const s = (result as unknown as { rows: StatusRow[] }).rows[0];
  const indexedBlock = s?.block_number == null ? null : Number(s.block_number);
  return json(c, {
    chainId: Number(Object.keys(publicClients)[0]),
    indexedBlock,
    indexedTimestamp: s?.block_timestamp == null ? null : Number(s.block_timestamp),
    ready: s?.ready ?? false,
    chainHead: head,
    lagBlocks: head !== null && indexedBlock !== null ? Math.max(0, head - indexedBlock) : null,
  });
});

/** OHLC + volume per `interval` hours (1 = hourly) from the hourly candles. */
app.get('/api/ohlc', async (c) => {
  const { from, to } = await range(c, 24 * 30);
  const interval = intParam(c, 'interval', 1);
  if (interval < 1 || interval > 24 * 7) throw new BadRequest('"interval" must be 1..168 hours');
  const rows = await db
    .select()
    .from(candle)
    .where(and(gte(candle.hour, hourOf(from)), lte(candle.hour, to)))
    .orderBy(asc(candle.hour))
    .limit(MAX_ROWS);
  if (interval === 1) return json(c, { interval: HOUR, candles: rows });
  const size = interval * HOUR;
  const out: (typeof rows)[number][] = [];
  for (const r of rows) {
    const bucket = r.hour - (r.hour % size);
    const last = out[out.length - 1];
    if (last && last.hour === bucket) {
      last.high = Math.max(last.high, r.high);
      last.low = Math.min(last.low, r.low);
      last.close = r.close;
      last.volumeHome += r.volumeHome;
      last.volumeStable += r.volumeStable;
      last.swapCount += r.swapCount;
      last.reserveHome = r.reserveHome;
      last.reserveStable = r.reserveStable;
    } else out.push({ ...r, hour: bucket });
  }
  return json(c, { interval: size, candles: out });
});

/** Reserve history: every Sync (`resolution=raw`, newest `limit`) or the close of each hour (default). */
app.get('/api/reserves', async (c) => {
  const { from, to } = await range(c, 24 * 30);
  if (c.req.query('resolution') === 'raw') {
    const rows = await db
      .select()
      .from(reserve)
      .where(and(gte(reserve.timestamp, from), lte(reserve.timestamp, to)))
      .orderBy(desc(reserve.blockNumber), desc(reserve.logIndex))
      .limit(limitParam(c, 1000));
    return json(c, { resolution: 'raw', points: rows.reverse() });
  }
  const rows = await db
    .select({
      hour: candle.hour,
      reserveHome: candle.reserveHome,
      reserveStable: candle.reserveStable,
      price: candle.close,
    })
    .from(candle)
    .where(and(gte(candle.hour, hourOf(from)), lte(candle.hour, to)))
    .orderBy(asc(candle.hour))
    .limit(MAX_ROWS);
  return json(c, { resolution: 'hour', points: rows });
});

/**
 * KPI responses by (query, indexed state). kpi_hourly only changes when protocol_state does, so
 * the newest protocol_state block/timestamp versions the answer: the dashboard's polls between
 * two indexed blocks cost one primary-key read instead of the range scan and serialisation.
 */
const kpiCache = new Map<string, string>();
const KPI_CACHE_ENTRIES = 64;

app.get('/api/kpis', async (c) => {
  const t0 = performance.now();
  const version = await db
    .select({ block: protocolState.blockNumber, time: protocolState.timestamp })
    .from(protocolState)
    .limit(1);
  const key = `${c.req.query('from') ?? ''}|${c.req.query('to') ?? ''}|${version[0]?.block ?? ''}|${version[0]?.time ?? ''}`;
  const cached = kpiCache.get(key);
  if (cached !== undefined) {
    return c.body(cached, 200, {
      'content-type': 'application/json',
      'server-timing': `cache;desc=hit;dur=${(performance.now() - t0).toFixed(1)}`,
    });
  }
  const { from, to } = await range(c, 24 * 30);
  const start = hourOf(from);
  // One range scan that also takes the last row before the range (the state carried into it).
  // Only the precomputed JSON column is read (see kpi_hourly.json in ponder.schema.ts).
  const rows = await db
    .select({ hour: kpiHourly.hour, json: kpiHourly.json })
    .from(kpiHourly)
    .where(
      and(
        gte(
          kpiHourly.hour,
          sql`coalesce((select max(${kpiHourly.hour}) from ${kpiHourly} where ${kpiHourly.hour} < ${start}), ${start})`,
        ),
        lte(kpiHourly.hour, to),
      ),
    )
    .orderBy(asc(kpiHourly.hour))
    .limit(MAX_ROWS + 1);
  const t1 = performance.now();
  // Protocol KPIs at the end of every hour in [start, end], forward-filled: an hour without
  // events repeats the previous state (marked `filled: true`). Filled up to the newest row in
  // range, not beyond: later hours are not indexed yet (or had no event, and then the client
  // knows the state is unchanged).
  const end = Math.min(hourOf(to), rows[rows.length - 1]?.hour ?? start - HOUR);
  const points: string[] = [];
  let i = 0;
  let prev: (typeof rows)[number] | undefined;
  while (i < rows.length && rows[i]!.hour < start) prev = rows[i++];
  for (let h = start; h <= end && points.length < MAX_ROWS; h += HOUR) {
    const row = rows[i];
    if (row && row.hour === h) {
      points.push(`{"hour":${h},${row.json},"filled":false}`);
      prev = row;
      i++;
    } else if (prev) points.push(`{"hour":${h},${prev.json},"filled":true}`);
  }
  const body = `{"points":[${points.join(',')}]}`;
  const t2 = performance.now();
  if (kpiCache.size >= KPI_CACHE_ENTRIES) kpiCache.delete(kpiCache.keys().next().value as string);
  kpiCache.set(key, body);
  return c.body(body, 200, {
    'content-type': 'application/json',
    'server-timing': `db;dur=${(t1 - t0).toFixed(1)}, build;dur=${(t2 - t1).toFixed(1)}`,
  });
});

/** Every account's HOME balance at `at` (end-of-hour resolution), largest first, zero balances left out. */
app.get('/api/holders', async (c) => {
  const at = c.req.query('at') ? intParam(c, 'at') : await latestTimestamp();
  const limit = limitParam(c, MAX_ROWS);
  const rows = await db
    .selectDistinctOn([balanceHourly.address], { address: balanceHourly.address, balance: balanceHourly.balance })
    .from(balanceHourly)
    .where(lte(balanceHourly.hour, at))
    .orderBy(asc(balanceHourly.address), desc(balanceHourly.hour));
  const holders = rows.filter((r) => r.balance > 0n).sort((a, b) => (b.balance > a.balance ? 1 : -1));
  return json(c, { at, hour: hourOf(at), holderCount: holders.length, holders: holders.slice(0, limit) });
});

/** Current state of accounts (balance, stake, votes, delegate), largest balance first. */
app.get('/api/accounts', async (c) => {
  const rows = await db
    .select()
    .from(account)
    .where(gt(account.balance, 0n))
    .orderBy(desc(account.balance))
    .limit(limitParam(c, 1000));
  return json(c, { accounts: rows });
});

app.get('/api/proposals', async (c) => {
  const rows = await db
    .select({ proposal, decision })
    .from(proposal)
    .leftJoin(decision, eq(decision.proposalId, proposal.id))
    .orderBy(desc(proposal.createdAt))
    .limit(limitParam(c, 200));
  return json(c, { proposals: rows.map((r) => ({ ...r.proposal, decision: r.decision })) });
});

app.get('/api/proposals/:id/votes', async (c) => {
  const raw = c.req.param('id');
  if (!/^\d+$/.test(raw)) throw new BadRequest('proposal id must be a decimal integer');
  const rows = await db
    .select()
    .from(vote)
    .where(eq(vote.proposalId, BigInt(raw)))
    .orderBy(asc(vote.blockNumber))
    .limit(MAX_ROWS);
  return json(c, { votes: rows });
});

app.get('/api/signals', async (c) => {
  const { from, to } = await range(c, 24 * 30);
  const rows = await db
    .select()
    .from(oracleSignal)
    .where(and(gte(oracleSignal.timestamp, from), lte(oracleSignal.timestamp, to)))
    .orderBy(asc(oracleSignal.round))
    .limit(MAX_ROWS);
  return json(c, { signals: rows });
});

/** The market factor's price feed (the oracle's postMarketPrice rounds) in a time range. */
app.get('/api/market-prices', async (c) => {
  const { from, to } = await range(c, 24 * 30);
  const rows = await db
    .select()
    .from(marketPrice)
    .where(and(gte(marketPrice.timestamp, from), lte(marketPrice.timestamp, to)))
    .orderBy(asc(marketPrice.round))
    .limit(MAX_ROWS);
  return json(c, { prices: rows });
});

/** Recent protocol events: parameter changes, controller supply changes, stakes, treasury movements. */
app.get('/api/events', async (c) => {
  const { from, to } = await range(c, 24 * 30);
  const limit = limitParam(c, 500);
  const [parameters, supply, stakes, treasury] = await Promise.all([
    db
      .select()
      .from(parameterChange)
      .where(and(gte(parameterChange.timestamp, from), lte(parameterChange.timestamp, to)))
      .orderBy(desc(parameterChange.timestamp))
      .limit(limit),
    db
      .select()
      .from(supplyChange)
      .where(and(gte(supplyChange.timestamp, from), lte(supplyChange.timestamp, to)))
      .orderBy(desc(supplyChange.timestamp))
      .limit(limit),
    db
      .select()
      .from(stakeEvent)
      .where(and(gte(stakeEvent.timestamp, from), lte(stakeEvent.timestamp, to)))
      .orderBy(desc(stakeEvent.timestamp))
      .limit(limit),
    db
      .select()
      .from(treasuryEvent)
      .where(and(gte(treasuryEvent.timestamp, from), lte(treasuryEvent.timestamp, to)))
      .orderBy(desc(treasuryEvent.timestamp))
      .limit(limit),
  ]);
  return json(c, { parameters, supply, stakes, treasury });
});

/**
 * The agent's on-chain Verify records (VerificationLog), oldest first; `decisionId` narrows to one
 * decision. Forecast figures are the contract's fixed point (1e9 = 1.0) as decimal strings.
 */
app.get('/api/verifications', async (c) => {
  const decisionId = c.req.query('decisionId');
  if (decisionId !== undefined && !/^0x[0-9a-fA-F]{64}$/.test(decisionId)) {
    throw new BadRequest('"decisionId" must be 0x and 64 hex digits');
  }
  const rows = await db
    .select()
    .from(verificationRecord)
    .where(decisionId ? eq(verificationRecord.decisionId, decisionId.toLowerCase() as `0x${string}`) : undefined)
    .orderBy(asc(verificationRecord.blockNumber), asc(verificationRecord.logIndex))
    .limit(limitParam(c, MAX_ROWS));
  return json(c, { verifications: rows });
});

const HEX_ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const HEX_TOPIC = /^0x[0-9a-fA-F]{64}$/;
const MAX_LOGS = 10_000;
let archived: Set<string> | undefined;

/** One filter position: absent/null (any), one value, or a list (any of them). */
function filterValues(value: unknown, pattern: RegExp, name: string): string[] | null {
  if (value === undefined || value === null) return null;
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || list.length > 32) throw new BadRequest(`"${name}" must list 1..32 values`);
  for (const v of list) {
    if (typeof v !== 'string' || !pattern.test(v)) throw new BadRequest(`"${name}" has a malformed value`);
  }
  return list.map((v) => (v as string).toLowerCase());
}

type ArchivedLogRow = {
  block_number: string | number;
  log_index: number;
  transaction_index: number;
  block_hash: string;
  transaction_hash: string;
  address: string;
  topic0: string | null;
  topic1: string | null;
  topic2: string | null;
  topic3: string | null;
  data: string;
};

/**
 * The raw event logs the indexer has synced, in `eth_getLogs` form: the history archive for a node
 * that keeps only its recent blocks (the local anvil, `ANVIL_TX_HISTORY`; see lib/chain/archive.ts).
 * Body: `{ address?, topics?, fromBlock, toBlock }` like `eth_getLogs` (block numbers as numbers).
 * Ponder writes a block's logs to its sync store once the block is final (30 blocks on chains it
 * does not know), so a range is complete up to `indexedBlock − 30`; the answer carries
 * `indexedBlock` for the caller to check. Only logs of the contracts and events indexed here exist.
 */
app.post('/api/logs', async (c) => {
  const body = (await c.req.json().catch(() => null)) as Record<string, unknown> | null;
  if (body === null || typeof body !== 'object') throw new BadRequest('the body must be a JSON object');
  const from = body.fromBlock;
  const to = body.toBlock;
  if (
    !Number.isSafeInteger(from) ||
    !Number.isSafeInteger(to) ||
    (from as number) < 0 ||
    (to as number) < (from as number)
  ) {
    throw new BadRequest('"fromBlock" and "toBlock" must be block numbers with fromBlock ≤ toBlock');
  }
  const addresses = filterValues(body.address, HEX_ADDRESS, 'address');
  const topics = body.topics === undefined ? [] : body.topics;
  if (!Array.isArray(topics) || topics.length > 4) throw new BadRequest('"topics" must be a list of at most 4');
  // Only the events the indexer syncs are here: anything else would come back short, silently.
  const topic0s = filterValues(topics[0], HEX_TOPIC, 'topics[0]');
  if (!addresses || !topic0s)
    throw new BadRequest('"address" and "topics[0]" are required (the archive holds indexed events only)');
  archived ??= archivedLogKeys(deployment(indexerEnv()));
  for (const a of addresses) {
    for (const t of topic0s) {
      if (!archived.has(`${a} ${t}`)) throw new BadRequest(`event ${t} of ${a} is not indexed, so not archived`);
    }
  }
  const conditions = [
    sql`chain_id = ${Number(Object.keys(publicClients)[0])}`,
    sql`block_number >= ${from}`,
    sql`block_number <= ${to}`,
  ];
  conditions.push(
    sql`address IN (${sql.join(
      addresses.map((a) => sql`${a}`),
      sql`, `,
    )})`,
  );
  topics.forEach((t, i) => {
    const values = filterValues(t, HEX_TOPIC, `topics[${i}]`);
    if (values)
      conditions.push(
        sql`${sql.raw(`topic${i}`)} IN (${sql.join(
          values.map((v) => sql`${v}`),
          sql`, `,
        )})`,
      );
  });
  const [result, status] = await Promise.all([
    db.execute(
      sql`SELECT block_number, log_index, transaction_index, block_hash, transaction_hash, address, topic0, topic1, topic2, topic3, data
          FROM ponder_sync.logs WHERE ${sql.join(conditions, sql` AND `)}
          ORDER BY block_number, log_index LIMIT ${MAX_LOGS + 1}`,
    ),
    db.execute(sql`SELECT block_number FROM _ponder_status LIMIT 1`),
  ]);
  const rows = (result as unknown as { rows: ArchivedLogRow[] }).rows;
  if (rows.length > MAX_LOGS) throw new BadRequest(`more than ${MAX_LOGS} logs match: narrow the block range`);
  const hex = (n: number | string) => `0x${BigInt(n).toString(16)}`;
  const s = (status as unknown as { rows: { block_number: string | number | null }[] }).rows[0];
  return json(c, {
    indexedBlock: s?.block_number == null ? null : Number(s.block_number),
    logs: rows.map((r) => ({
      address: r.address,
      topics: [r.topic0, r.topic1, r.topic2, r.topic3].filter((t): t is string => t !== null),
      data: r.data,
      blockNumber: hex(r.block_number),
      blockHash: r.block_hash,
      transactionHash: r.transaction_hash,
      transactionIndex: hex(r.transaction_index),
      logIndex: hex(r.log_index),
      removed: false,
    })),
  });
});

app.onError((error, c) => {
  if (error instanceof BadRequest) return json(c, { error: error.message }, 400);
  console.error(error);
  return json(c, { error: 'internal error' }, 500);
});

export default app;
