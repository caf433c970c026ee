import type { PublicClient } from 'viem';
import { describe, expect, it } from 'vitest';
import type { OnChainVerification } from '../agent/onchain-verification';
import type { Deployment } from '../contracts/deployments';
import type { IndexerStatus } from '../indexer';
import { getOnChainVerifications } from './onchain-verifications';

const addr = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as const;
const deployment = (withLog: boolean) =>
  ({
    chainId: 31337,
    startBlock: 1,
    contracts: withLog ? { VerificationLog: addr(0xf1) } : {},
  }) as unknown as Deployment;
const record = { decisionId: `0x${'1'.repeat(64)}`, kind: 'forecast' } as OnChainVerification;
const status = (p: Partial<IndexerStatus>): IndexerStatus => ({
  chainId: 31337,
  indexedBlock: 10,
  indexedTimestamp: 100,
  ready: true,
  chainHead: 10,
  lagBlocks: 0,
  ...p,
});
/** Only what the chain fallback touches: the VerificationRecorded logs and the tally view. */
const chain = (logs: unknown[] = []) =>
  ({
    getContractEvents: async () => logs,
    readContract: async () => ({
      forecasts: 1,
      hits80: 1,
      hits95: 1,
      effects: 0,
      effectsChecked: 0,
      effectsMatched: 0,
    }),
  }) as unknown as PublicClient;

describe('getOnChainVerifications', () => {
  it('a deployment without the contract says so', async () => {
    const r = await getOnChainVerifications({ deployment: deployment(false), client: chain(), indexer: undefined });
    expect(r).toMatchObject({ available: false, why: expect.stringMatching(/no VerificationLog/) });
  });

  it('reads the indexer when it is caught up', async () => {
    const r = await getOnChainVerifications({
      deployment: deployment(true),
      client: chain(),
      indexer: { getStatus: async () => status({}), getVerifications: async () => [record] },
    });
    expect(r).toMatchObject({ available: true, source: 'indexer', records: [record], indexerError: null });
    expect(r.available && r.tally).toMatchObject({ forecasts: 1, hits80: 1 });
  });

  it('falls back to the chain when the indexer lags (its answer could miss a record) or is down', async () => {
    const lagging = await getOnChainVerifications({
      deployment: deployment(true),
      client: chain(),
      indexer: { getStatus: async () => status({ lagBlocks: 40 }), getVerifications: async () => [] },
    });
    expect(lagging).toMatchObject({ available: true, source: 'chain', indexerError: '40 blocks behind the chain' });
    const down = await getOnChainVerifications({
      deployment: deployment(true),
      client: chain(),
      indexer: {
        getStatus: async () => {
          throw new Error('The indexer at http://x is unreachable');
        },
        getVerifications: async () => [],
      },
    });
    expect(down).toMatchObject({ source: 'chain', indexerError: 'The indexer at http://x is unreachable' });
  });

  it('never throws: both sources down is "unavailable" with both reasons', async () => {
    const broken = {
      getContractEvents: async () => {
        throw new Error('fetch failed');
      },
      readContract: async () => {
        throw new Error('fetch failed');
      },
    } as unknown as PublicClient;
    const r = await getOnChainVerifications({
      deployment: deployment(true),
      client: broken,
      indexer: { getStatus: async () => status({ ready: false }), getVerifications: async () => [] },
    });
    expect(r).toEqual({ available: false, why: 'indexer: still catching up; chain: fetch failed' });
  });
});
