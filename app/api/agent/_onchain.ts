// The agent's on-chain Verify records for the transparency routes (Node only): indexer first, chain logs as fallback.
import { loadServerConfig } from '@/lib/app-config';
import { getPublicClient } from '@/lib/chain/client';
import { getOnChainVerifications, type OnChainVerifications } from '@/lib/governance/onchain-verifications';
import { createIndexerClient } from '@/lib/indexer';

export async function loadOnChainVerifications(): Promise<OnChainVerifications> {
  let config: ReturnType<typeof loadServerConfig>;
  try {
    config = loadServerConfig();
  } catch (e) {
    return { available: false, why: `deployment not readable (${(e as Error).message.split('\n')[0]})` };
  }
  return getOnChainVerifications({
    deployment: config.deployment,
    client: getPublicClient(config.env.rpcUrl),
    indexer: createIndexerClient(config.env.indexerUrl, { timeoutMs: 3000 }),
  });
}
