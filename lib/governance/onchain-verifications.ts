/**
 * The agent's Verify records as the chain holds them (VerificationLog), for the transparency page:
 * read from the indexer, or from the chain's own event logs when the indexer does not answer, plus
 * the contract's running tally. Node and browser; callers hand in the clients.
 */
import type { Hex, PublicClient } from 'viem';
import { fromRawRecord, type OnChainVerification, type RawVerificationRecord } from '../agent/onchain-verification';
import { verificationLogAbi } from '../contracts/abis';
import type { Deployment } from '../contracts/deployments';
import type { IndexerClient } from '../indexer';

export type OnChainTally = {
  forecasts: number;
  hits80: number;
  hits95: number;
  effects: number;
  effectsChecked: number;
  effectsMatched: number;
};

export type OnChainVerifications =
  | {
      available: true;
      /** Where the records were read: the indexer, or the chain's event logs when it did not answer. */
      source: 'indexer' | 'chain';
      address: Hex;
      records: OnChainVerification[];
      /** The contract's running totals (trackRecord()), null when the chain did not answer. */
      tally: OnChainTally | null;
      /** Why the indexer was not used (null when it was). */
      indexerError: string | null;
    }
  | { available: false; why: string };

const message = (e: unknown) =>
  ((e as { shortMessage?: string }).shortMessage ?? (e as Error)?.message ?? String(e)).split('\n')[0] ?? 'error';

/** Every VerificationRecorded event, decoded, from the chain itself. */
export async function getVerificationEvents(
  client: PublicClient,
  deployment: Deployment,
): Promise<OnChainVerification[]> {
  const address = deployment.contracts.VerificationLog;
  if (!address) return [];
  const logs = await client.getContractEvents({
    address,
    abi: verificationLogAbi,
    eventName: 'VerificationRecorded',
    fromBlock: BigInt(deployment.startBlock),
    toBlock: 'latest',
  });
  return logs.map((l) =>
    fromRawRecord(l.args.decisionId as Hex, l.args.record as RawVerificationRecord, {
      recorder: l.args.recorder ?? null,
      txHash: l.transactionHash,
      blockNumber: l.blockNumber,
    }),
  );
}

export async function getOnChainTally(client: PublicClient, address: Hex): Promise<OnChainTally> {
  const t = await client.readContract({ address, abi: verificationLogAbi, functionName: 'trackRecord' });
  return {
    forecasts: Number(t.forecasts),
    hits80: Number(t.hits80),
    hits95: Number(t.hits95),
    effects: Number(t.effects),
    effectsChecked: Number(t.effectsChecked),
    effectsMatched: Number(t.effectsMatched),
  };
}

/**
 * Blocks the indexer may trail the chain by and still be asked: a record it has not reached yet
 * would otherwise show as "local only" although it is on-chain.
 */
export const MAX_INDEXER_LAG_BLOCKS = 2;

/** Indexer first (when it is caught up), the chain's logs as the fallback; never throws. */
export async function getOnChainVerifications(opts: {
  deployment: Deployment;
  client: PublicClient | undefined;
  indexer: Pick<IndexerClient, 'getVerifications' | 'getStatus'> | undefined;
}): Promise<OnChainVerifications> {
  const address = opts.deployment.contracts.VerificationLog;
  if (!address) {
    return { available: false, why: 'this deployment has no VerificationLog contract (deployed before it existed)' };
  }
  const tally = opts.client ? getOnChainTally(opts.client, address).catch(() => null) : Promise.resolve(null);
  let indexerError: string | null = opts.indexer ? null : 'no indexer configured';
  if (opts.indexer) {
    try {
      const [status, records] = await Promise.all([
        opts.indexer.getStatus(),
        opts.indexer.getVerifications({ limit: 10_000 }),
      ]);
      const lag = status.lagBlocks;
      if (status.ready && lag !== null && lag <= MAX_INDEXER_LAG_BLOCKS) {
        return { available: true, source: 'indexer', address, records, tally: await tally, indexerError: null };
      }
      indexerError = status.ready ? `${lag ?? '?'} blocks behind the chain` : 'still catching up';
    } catch (e) {
      indexerError = message(e);
    }
  }
  if (!opts.client) return { available: false, why: `indexer: ${indexerError}; no chain client` };
  try {
    const records = await getVerificationEvents(opts.client, opts.deployment);
    return { available: true, source: 'chain', address, records, tally: await tally, indexerError };
  } catch (e) {
    return { available: false, why: `indexer: ${indexerError}; chain: ${message(e)}` };
  }
}
