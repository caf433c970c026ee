import { createPublicClient, custom, http, type PublicClient } from 'viem';
import { parseEnv } from '../env';
import { indexerArchive, withLogArchive } from './archive';
import { createLogCache, type LogFilter } from './log-cache';

const clients = new Map<string, PublicClient>();

/**
 * One viem public client per RPC URL (server side: API routes and scripts). Open-ended log reads
 * from a fixed block (whole event histories) are incremental, see ./log-cache.ts; where the node
 * keeps only recent blocks (CHAIN_HISTORY_BLOCKS), older logs come from the indexer, see ./archive.ts.
 */
export function getPublicClient(rpcUrl: string): PublicClient {
  let client = clients.get(rpcUrl);
  if (!client) {
    // JSON-RPC batching: the reads a route makes together (Promise.all of a dozen eth_calls for one
    // state) go out as one HTTP request. Each separate fetch cost the app-server ~0.3 ms of CPU in
    // undici, stream writes and viem's per-request error objects: 70 % of its CPU in a soak, in
    // bursts at each new block that pushed every route's p99 past 200 ms.
    const node = createPublicClient({
      transport: http(rpcUrl, { timeout: 10_000, retryCount: 1, batch: { batchSize: 64, wait: 0 } }),
    });
    const { chainHistoryBlocks, indexerUrl } = parseEnv(process.env);
    const request = withLogArchive(
      (args: { method: string; params?: unknown }) => node.request(args as never) as Promise<unknown>,
      { keepBlocks: chainHistoryBlocks, archive: indexerArchive(indexerUrl) },
    );
    const logs = createLogCache(request);
    client = createPublicClient({
      transport: custom(
        {
          async request({ method, params }: { method: string; params?: unknown }) {
            if (method === 'eth_getLogs' && Array.isArray(params) && params.length === 1) {
              const cached = await logs.getLogs(params[0] as LogFilter);
              if (cached) return cached;
            }
            return request({ method, params });
          },
        },
        { retryCount: 0 },
      ),
    }) as PublicClient;
    clients.set(rpcUrl, client);
  }
  return client;
}
