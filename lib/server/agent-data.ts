// Reading the agent's public output files (Node only). Same env and defaults as agent/config.ts.
// Also the on-chain Verify records (indexer first, chain logs as fallback) the transparency routes join.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type JournalReader, openJournalReader } from '../agent/pg-journal';
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

let journal: { deployment: string; reader: Promise<JournalReader> } | null = null;

/**
 * With DATABASE_URL the agent keeps its log in Postgres (lib/agent/pg-journal.ts), and every app
 * instance, on any machine, reads it there: the app holds no state of its own. Keyed by this app's
 * deployment (its start block's hash read once from the chain, again after a redeploy); a failed
 * set-up is retried on the next read. Null without DATABASE_URL; a promise of null while the
 * deployment cannot be read (the log is then "not available", as with files).
 */
function journalReader(): Promise<JournalReader | null> | null {
  const url = process.env.DATABASE_URL?.trim();
  if (!url) return null;
  let config: ReturnType<typeof loadServerConfig>;
  try {
    config = loadServerConfig();
  } catch {
    return Promise.resolve(null);
  }
  const { deployment, env } = config;
  const id = `${env.chainId}:${deployment.contracts.HomeostatGovernor}:${deployment.startBlock}`;
  if (journal?.deployment !== id) {
    // A redeploy (a fresh local chain): the previous deployment's pool is closed.
    journal?.reader.then((r) => r.close()).catch(() => undefined);
    const reader = (async () => {
      const block = await getPublicClient(env.rpcUrl).getBlock({ blockNumber: BigInt(deployment.startBlock) });
      return openJournalReader(url, {
        chainId: env.chainId,
        governor: deployment.contracts.HomeostatGovernor,
        startBlockHash: block.hash,
      });
    })();
    const entry = { deployment: id, reader };
    journal = entry;
    reader.catch(() => {
      if (journal === entry) journal = null;
    });
  }
  return journal.reader;
}

/** One named document of the agent (status.json, justifications/<hash>.json) from its journal; null without one. */
export async function readAgentDocument(name: string): Promise<string | null> {
  const reader = await journalReader();
  return reader ? reader.document(name) : null;
}

export type AgentFile<T> = JsonLines<T> & { available: boolean };

/** A JSON-lines file of the agent; a missing file is "not available", never an error. */
export async function readAgentLines<T>(name: string): Promise<AgentFile<T>> {
  const pending = journalReader();
  if (pending) {
    const reader = await pending;
    if (!reader) return { available: false, records: [], skipped: 0, tornTail: false };
    const lines = await reader.lines(name);
    if (lines.length === 0) return { available: false, records: [], skipped: 0, tornTail: false };
    return { available: true, ...parseJsonLines<T>(lines.map((l) => `${l}\n`).join('')) };
  }
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
  let text: string;
  if (journalReader()) {
    const body = await readAgentDocument('status.json');
    if (body === null) return { available: false, status: null, malformed: false };
    text = body;
  } else {
    if (!ownDeployment()) return { available: false, status: null, malformed: false };
    try {
      text = await readFile(path.join(agentDataDir(), 'status.json'), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { available: false, status: null, malformed: false };
      throw e;
    }
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
