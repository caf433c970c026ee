/**
 * Event history older than the node keeps, read from the indexer.
 *
 * The local chain (anvil) holds every block's transactions, receipts and call traces in memory:
 * about 10 KB per transaction, about 235 MiB an hour under the embedded market. `npm start` therefore
 * runs it with `--transaction-block-keeper` (ANVIL_TX_HISTORY blocks), and the node then answers
 * `eth_getLogs` for older blocks with nothing, silently. The indexer has synced every log of the
 * product's contracts into its database, so it is the archive: `withLogArchive` wraps a JSON-RPC
 * request function and answers each `eth_getLogs` that reaches below the node's window from
 * the indexer (`POST /api/logs`) for the old part and from the node for the rest.
 *
 * The split is at `head − keepBlocks/2`, far from both edges: below it the indexer must have
 * synced (it writes a block's logs once the block is final, 30 blocks behind its head), above it
 * the node still keeps the block. If the indexer cannot give the old part, or has not reached it,
 * the read fails with that reason: an incomplete history is never returned as if whole.
 * Without `keepBlocks` (a node that keeps everything, e.g. a real chain's RPC) requests pass through.
 */

import { createPublicClient, custom, type PublicClient } from 'viem';

export type RpcRequest = (args: { method: string; params?: unknown }) => Promise<unknown>;

export type ArchiveFilter = { address?: unknown; topics?: unknown; fromBlock: number; toBlock: number };

/** Logs of `filter` from the archive, and how far the archive has synced. */
export type ArchiveRead = (filter: ArchiveFilter) => Promise<{ indexedBlock: number | null; logs: unknown[] }>;

/** Blocks behind its head before the indexer writes a block's logs to its archive (Ponder's finality). */
export const ARCHIVE_FINALITY_BLOCKS = 30;

export class ArchiveError extends Error {}

const hex = (n: number) => `0x${n.toString(16)}`;

function blockParam(value: unknown, head: number): number | null {
  if (value === undefined || value === 'latest' || value === 'pending' || value === 'safe' || value === 'finalized') {
    return head;
  }
  if (value === 'earliest') return 0;
  if (typeof value === 'string' && /^0x[0-9a-fA-F]+$/.test(value)) return Number.parseInt(value, 16);
  return null;
}

export function withLogArchive(
  request: RpcRequest,
  { keepBlocks, archive }: { keepBlocks: number | undefined; archive: ArchiveRead },
): RpcRequest {
  if (keepBlocks === undefined) return request;
  if (!Number.isInteger(keepBlocks) || keepBlocks < 4 * ARCHIVE_FINALITY_BLOCKS) {
    throw new ArchiveError(`keepBlocks must be an integer ≥ ${4 * ARCHIVE_FINALITY_BLOCKS}, got ${keepBlocks}`);
  }
  return async (args) => {
    if (args.method !== 'eth_getLogs' || !Array.isArray(args.params) || args.params.length !== 1) return request(args);
    const filter = args.params[0] as Record<string, unknown>;
    if (filter === null || typeof filter !== 'object' || filter.blockHash !== undefined) return request(args);
    const head = Number.parseInt((await request({ method: 'eth_blockNumber' })) as string, 16);
    const from = blockParam(filter.fromBlock, head);
    const to = blockParam(filter.toBlock, head);
    const split = head - Math.floor(keepBlocks / 2);
    if (from === null || to === null || from > split || from > to) return request(args);
    const oldTo = Math.min(to, split);
    let old: Awaited<ReturnType<ArchiveRead>>;
    try {
      old = await archive({ address: filter.address, topics: filter.topics, fromBlock: from, toBlock: oldTo });
    } catch (err) {
      throw new ArchiveError(
        `blocks ${from}–${oldTo} are older than the node keeps and the indexer did not give them: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    if (old.indexedBlock === null || old.indexedBlock - ARCHIVE_FINALITY_BLOCKS < oldTo) {
      throw new ArchiveError(
        `blocks up to ${oldTo} are older than the node keeps, and the indexer has archived only up to ${
          old.indexedBlock === null ? 'nothing yet' : old.indexedBlock - ARCHIVE_FINALITY_BLOCKS
        }`,
      );
    }
    if (to <= split) return old.logs;
    const recent = (await request({
      method: 'eth_getLogs',
      params: [{ ...filter, fromBlock: hex(split + 1), toBlock: hex(to) }],
    })) as unknown[];
    return old.logs.concat(recent);
  };
}

/** The indexer's `POST /api/logs` as an ArchiveRead. */
export function indexerArchive(indexerUrl: string, { timeoutMs = 10_000 }: { timeoutMs?: number } = {}): ArchiveRead {
  const url = `${indexerUrl.replace(/\/$/, '')}/api/logs`;
  return async (filter) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(filter),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await res.json().catch(() => null)) as {
      indexedBlock?: unknown;
      logs?: unknown;
      error?: unknown;
    } | null;
    if (!res.ok) throw new Error(`indexer answered ${res.status}${body?.error ? `: ${String(body.error)}` : ''}`);
    if (
      !body ||
      !Array.isArray(body.logs) ||
      !(body.indexedBlock === null || Number.isSafeInteger(body.indexedBlock))
    ) {
      throw new Error('indexer answered without "logs" and "indexedBlock"');
    }
    return { indexedBlock: body.indexedBlock as number | null, logs: body.logs as unknown[] };
  };
}

/**
 * `client` with its event-log reads reaching below the node's window through the indexer at
 * `indexerUrl`; `client` itself where the node keeps all history (`keepBlocks` undefined). For a
 * process that reads whole event histories (from the deploy block) with a plain viem client.
 * Every other method goes to `client` unchanged.
 */
export function withHistory(
  client: PublicClient,
  { keepBlocks, indexerUrl }: { keepBlocks: number | undefined; indexerUrl: string },
): PublicClient {
  if (keepBlocks === undefined) return client;
  const request = withLogArchive((args) => client.request(args as never) as Promise<unknown>, {
    keepBlocks,
    archive: indexerArchive(indexerUrl),
  });
  return createPublicClient({ transport: custom({ request }, { retryCount: 0 }) }) as PublicClient;
}
