import { describe, expect, it } from 'vitest';
import { createLogCache, type RpcRequest } from './log-cache';

/** A node holding `perBlock` logs per block for two addresses, with a head that tests move. */
function fakeNode(perBlock = 2) {
  const state = { head: 0n, scanned: 0n, calls: 0 };
  const logsIn = (from: bigint, to: bigint, address: string) => {
    const out: { blockNumber: string; logIndex: string; address: string }[] = [];
    for (let b = from; b <= to; b++) {
      for (let i = 0; i < perBlock; i++) {
        out.push({ blockNumber: `0x${b.toString(16)}`, logIndex: `0x${i.toString(16)}`, address });
      }
    }
    return out;
  };
  const request: RpcRequest = async ({ method, params }) => {
    state.calls++;
    if (method === 'eth_blockNumber') return `0x${state.head.toString(16)}`;
    if (method === 'eth_getLogs') {
      const [f] = params as [{ address: string; fromBlock: string; toBlock?: string }];
      const from = BigInt(f.fromBlock);
      const to = f.toBlock === undefined || f.toBlock === 'latest' ? state.head : BigInt(f.toBlock);
      if (to >= from) state.scanned += to - from + 1n;
      await new Promise((r) => setTimeout(r, 1));
      return logsIn(from, to, f.address);
    }
    throw new Error(`unexpected ${method}`);
  };
  return { state, request, full: (from: bigint, address: string) => logsIn(from, state.head, address) };
}

describe('incremental eth_getLogs', () => {
  it('answers exactly what a full scan answers, as the chain grows', async () => {
    const node = fakeNode();
    const cache = createLogCache(node.request, { confirmations: 4n });
    for (const head of [0n, 3n, 10n, 11n, 50n, 51n, 52n, 200n]) {
      node.state.head = head;
      const filter = { address: '0xaa', fromBlock: '0x2' };
      expect(await cache.getLogs(filter)).toEqual(node.full(2n, '0xaa'));
    }
  });

  it('scans each old block once: a read at head 10,000 scans the new blocks and the last confirmations', async () => {
    const node = fakeNode(1);
    const cache = createLogCache(node.request, { confirmations: 64n });
    node.state.head = 10_000n;
    await cache.getLogs({ address: '0xaa', fromBlock: '0x1' });
    node.state.scanned = 0n;
    node.state.head = 10_005n;
    const logs = await cache.getLogs({ address: '0xaa', fromBlock: '0x1' });
    expect(logs).toHaveLength(10_005);
    expect(node.state.scanned).toBe(5n + 64n);
  });

  it('concurrent reads of one filter append each range once', async () => {
    const node = fakeNode();
    const cache = createLogCache(node.request, { confirmations: 2n });
    node.state.head = 30n;
    const filter = { address: '0xbb', fromBlock: '0x0' };
    const reads = await Promise.all([cache.getLogs(filter), cache.getLogs(filter), cache.getLogs(filter)]);
    for (const r of reads) expect(r).toEqual(node.full(0n, '0xbb'));
    node.state.head = 40n;
    expect(await cache.getLogs(filter)).toEqual(node.full(0n, '0xbb'));
  });

  it('keeps filters apart and leaves bounded or hash reads to the node', async () => {
    const node = fakeNode();
    const cache = createLogCache(node.request, { confirmations: 1n });
    node.state.head = 5n;
    expect(await cache.getLogs({ address: '0xaa', fromBlock: '0x0' })).toEqual(node.full(0n, '0xaa'));
    expect(await cache.getLogs({ address: '0xbb', fromBlock: '0x0' })).toEqual(node.full(0n, '0xbb'));
    expect(await cache.getLogs({ address: '0xaa', fromBlock: '0x0', toBlock: '0x3' })).toBeUndefined();
    expect(await cache.getLogs({ address: '0xaa', blockHash: '0x12', fromBlock: '0x0' })).toBeUndefined();
    expect(await cache.getLogs({ address: '0xaa', fromBlock: 'earliest' })).toBeUndefined();
    expect(cache.size).toBe(2);
  });

  it('a failed read leaves the cache as it was; the next read succeeds', async () => {
    const node = fakeNode();
    let fail = true;
    const flaky: RpcRequest = async (a) => {
      if (a.method === 'eth_getLogs' && fail) {
        fail = false;
        throw new Error('node busy');
      }
      return node.request(a);
    };
    const cache = createLogCache(flaky, { confirmations: 2n });
    node.state.head = 20n;
    await expect(cache.getLogs({ address: '0xaa', fromBlock: '0x0' })).rejects.toThrow('node busy');
    expect(await cache.getLogs({ address: '0xaa', fromBlock: '0x0' })).toEqual(node.full(0n, '0xaa'));
  });
});
