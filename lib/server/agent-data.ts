// Reading the agent's public output files (Node only). Same env and defaults as agent/config.ts.
// Also the on-chain Verify records (indexer first, chain logs as fallback) the transparency routes join.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { readStamp, stampMatches } from '../agent/stamp';
import { loadServerConfig } from '../app-config';
import { getPublicClient } from '../chain/client';
import { type JsonLines, parseJsonLines } from '../governance/jsonl';
import { getOnChainVerifications, type OnChainVerifications } from '../governance/onchain-verifications';
import { createIndexerClient } from '../indexer';

export function agentDataDir(): string {
  const dir = process.env.AGENT_DATA_DIR?.trim() || '.homeostat/agent';
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), dir);
}

/**
 * Whether the folder's log belongs to the deployment this app serves (lib/agent/stamp.ts). A folder
 * with no stamp (written before stamps, or by hand) is served as it is.
 */
function ownDeployment(): boolean {
  const stamp = readStamp(agentDataDir());
  if (stamp === null) return true;
  if (stamp === 'malformed') return false;
  try {
    const { deployment } = loadServerConfig();
    return stampMatches(stamp, deployment.chainId, deployment.contracts.HomeostatGovernor);
  } catch {
    return false;
  }
}

export type AgentFile<T> = JsonLines<T> & { available: boolean };

/** A JSON-lines file of the agent; a missing file is "not available", never an error. */
export async function readAgentLines<T>(name: string): Promise<AgentFile<T>> {
  if (!ownDeployment()) return { available: false, records: [], skipped: 0, tornTail: false };
  let text: string;
  try {
    text = await readFile(path.join(agentDataDir(), name), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      return { available: false, records: [], skipped: 0, tornTail: false };
    throw e;
  }
  return { available: true, ...parseJsonLines<T>(text) };
}

export async function readAgentStatus(): Promise<{
  available: boolean;
  status: Record<string, unknown> | null;
  malformed: boolean;
}> {
  if (!ownDeployment()) return { available: false, status: null, malformed: false };
  let text: string;
  try {
    text = await readFile(path.join(agentDataDir(), 'status.json'), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { available: false, status: null, malformed: false };
    throw e;
  }
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v)
      ? { available: true, status: v as Record<string, unknown>, malformed: false }
      : { available: true, status: null, malformed: true };
  } catch {
    return { available: true, status: null, malformed: true };
  }
}

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
