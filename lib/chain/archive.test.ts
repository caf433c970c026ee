import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPublicClient, custom, type PublicClient } from 'viem';
import { describe, expect, it } from 'vitest';
import { ARCHIVE_FINALITY_BLOCKS, ArchiveError, type ArchiveRead, withHistory, withLogArchive } from './archive';
import { createLogCache } from './log-cache';

type Log = { address: string; blockNumber: string; logIndex: string };

const A = '0x00000000000000000000000000000000000000aa';
const B = '0x00000000000000000000000000000000000000bb';
const hex = (n: number) => `0x${n.toString(16)}`;

/** A chain with one log of A and one of B per block; `keep` recent blocks answer eth_getLogs (like anvil's keeper). */
function chain(keep: number | undefined) {
  const logs: Log[] = [];
  let head = 0;
  const calls: { method: string; from?: number; to?: number }[] = [];
  const mine = (n: number) => {
    for (let i = 0; i < n; i++) {
      head++;
      logs.push(
        { address: A, blockNumber: hex(head), logIndex: '0x0' },
        { address: B, blockNumber: hex(head), logIndex: '0x1' },
      );
    }
  };
  const select = (address: unknown, from: number, to: number) =>
    logs.filter((l) => {
      const b = Number(l.blockNumber);
      return b >= from && b <= to && (address === undefined || l.address === address);
    });
  const request = async ({ method, params }: { method: string; params?: unknown }) => {
    if (method === 'eth_blockNumber') return hex(head);
    if (method !== 'eth_getLogs') throw new Error(`unexpected ${method}`);
    const f = (params as Record<string, string>[])[0] as Record<string, string>;
    const from = f.fromBlock === undefined ? head : Number(f.fromBlock);
    const to = f.toBlock === undefined || f.toBlock === 'latest' ? head : Number(f.toBlock);
    calls.push({ method, from, to });
    const oldest = keep === undefined ? 0 : head - keep + 1;
    return select(f.address, Math.max(from, oldest), to);
  };
  /** The indexer's archive: everything up to `indexed − finality`. */
  const archive = (indexed: () => number): ArchiveRead & { calls: { from: number; to: number }[] } => {
    const fn = async (f: { address?: unknown; fromBlock: number; toBlock: number }) => {
      fn.calls.push({ from: f.fromBlock, to: f.toBlock });
      return {
        indexedBlock: indexed(),
        logs: select(f.address, f.fromBlock, Math.min(f.toBlock, indexed() - ARCHIVE_FINALITY_BLOCKS)),
      };
    };
    fn.calls = [] as { from: number; to: number }[];
    return fn;
  };
  return { mine, request, calls, archive, full: (address?: string) => select(address, 0, head), head: () => head };
}

const getLogs = (request: ReturnType<typeof withLogArchive>, filter: Record<string, unknown>) =>
  request({ method: 'eth_getLogs', params: [filter] }) as Promise<Log[]>;

describe('withLogArchive', () => {
  it('passes every request through when the node keeps all history', async () => {
    const c = chain(undefined);
    c.mine(50);
    const r = withLogArchive(c.request, { keepBlocks: undefined, archive: c.archive(() => 0) });
    expect(r).toBe(c.request);
  });

  it('reads a whole history from block 0: old part from the indexer, recent part from the node, nothing twice', async () => {
    const c = chain(512);
    c.mine(3_000);
    const archive = c.archive(() => c.head() - 2);
    const r = withLogArchive(c.request, { keepBlocks: 512, archive });
    const logs = await getLogs(r, { address: A, fromBlock: '0x0' });
    expect(logs).toEqual(c.full(A));
    expect(archive.calls).toEqual([{ from: 0, to: 3_000 - 256 }]);
    expect(c.calls.at(-1)).toMatchObject({ from: 3_000 - 255, to: 3_000 });
    // The same read straight from the pruning node silently misses 2,488 blocks.
    expect((await getLogs(c.request, { address: A, fromBlock: '0x0' })).length).toBe(512);
  });

  it('sends recent reads to the node alone, and old bounded ranges to the indexer alone', async () => {
    const c = chain(512);
    c.mine(1_000);
    const archive = c.archive(() => c.head());
    const r = withLogArchive(c.request, { keepBlocks: 512, archive });
    expect(await getLogs(r, { fromBlock: hex(900), toBlock: 'latest' })).toHaveLength(202);
    expect(archive.calls).toHaveLength(0);
    const before = c.calls.length;
    expect(await getLogs(r, { address: B, fromBlock: hex(10), toBlock: hex(19) })).toEqual(
      c.full(B).filter((l) => Number(l.blockNumber) >= 10 && Number(l.blockNumber) <= 19),
    );
    expect(archive.calls).toEqual([{ from: 10, to: 19 }]);
    expect(c.calls.length).toBe(before);
  });

  it('refuses, naming the blocks, when the indexer has not archived the old part yet', async () => {
    const c = chain(512);
    c.mine(1_000);
    const r = withLogArchive(c.request, { keepBlocks: 512, archive: c.archive(() => 600) });
    await expect(getLogs(r, { fromBlock: '0x1' })).rejects.toThrow(ArchiveError);
    await expect(getLogs(r, { fromBlock: '0x1' })).rejects.toThrow(/blocks up to 744 .* archived only up to 570/);
  });

  it('refuses when the indexer cannot be reached, rather than return part of the history', async () => {
    const c = chain(512);
    c.mine(1_000);
    const down: ArchiveRead = async () => {
      throw new Error('fetch failed');
    };
    const r = withLogArchive(c.request, { keepBlocks: 512, archive: down });
    await expect(getLogs(r, { fromBlock: '0x1' })).rejects.toThrow(
      /blocks 1–744 are older than the node keeps .*fetch failed/,
    );
  });

  it('rejects a window too short to leave the indexer its finality margin', () => {
    const c = chain(64);
    expect(() => withLogArchive(c.request, { keepBlocks: 64, archive: c.archive(() => 0) })).toThrow(/≥ 120/);
  });

  it('under the incremental log cache, a history read as the chain grows past the window equals the full history', async () => {
    const c = chain(256);
    const archive = c.archive(() => c.head() - 3);
    const cache = createLogCache(withLogArchive(c.request, { keepBlocks: 256, archive }), { confirmations: 64n });
    for (const step of [100, 150, 400, 20, 900]) {
      c.mine(step);
      expect(await cache.getLogs({ address: A, fromBlock: '0x0' })).toEqual(c.full(A));
    }
    // The indexer was asked only when the cache's next read began below the node's window (after
    // the chain moved 150, 400 and 900 blocks), never at 100 blocks or after 20.
    expect(archive.calls.map((x) => x.from)).toEqual([37, 187, 607]);
  });
});

describe('withHistory', () => {
  it('is the client itself where the node keeps everything', () => {
    const client = createPublicClient({ transport: custom({ request: chain(undefined).request }) }) as PublicClient;
    expect(withHistory(client, { keepBlocks: undefined, indexerUrl: 'http://127.0.0.1:1' })).toBe(client);
  });

  it("a plain viem client's whole-history read gets the old part from the indexer's POST /api/logs", async () => {
    const c = chain(512);
    c.mine(2_000);
    const archive = c.archive(() => c.head());
    const bodies: unknown[] = [];
    const server = createServer((req, res) => {
      let raw = '';
      req.on('data', (d: Buffer) => {
        raw += d.toString();
      });
      req.on('end', async () => {
        const filter = JSON.parse(raw);
        bodies.push({ url: req.url, method: req.method, ...filter });
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(await archive(filter)));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      const node = createPublicClient({ transport: custom({ request: c.request }) }) as PublicClient;
      const history = withHistory(node, { keepBlocks: 512, indexerUrl: `http://127.0.0.1:${port}/` });
      const logs = await history.getLogs({ address: A, fromBlock: 1n, toBlock: 'latest' });
      expect(logs.map((l) => Number(l.blockNumber))).toEqual(c.full(A).map((l) => Number(l.blockNumber)));
      expect(bodies).toEqual([
        { url: '/api/logs', method: 'POST', address: A, topics: [], fromBlock: 1, toBlock: 2_000 - 256 },
      ]);
      // Straight from the node, the same read silently starts 1,488 blocks late.
      expect(await node.getLogs({ address: A, fromBlock: 1n, toBlock: 'latest' })).toHaveLength(512);
    } finally {
      server.close();
    }
  });
});
