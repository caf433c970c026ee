/**
 * The indexer's view of the environment. Shared by ponder.config.ts (bundled by Ponder) and the
 * launcher; names the bad variable on error (lib/env.ts conventions).
 */
import path from 'node:path';
import type { Deployment } from '../lib/contracts/deployments';
import { readDeployment } from '../lib/contracts/deployments-node';
import { integer, nonEmpty, parseEnv } from '../lib/env';

export type IndexerEnv = {
  rpcUrl: string;
  chainId: number;
  /** Absolute path of the deployments file. */
  deploymentsFile: string;
  databaseUrl: string | undefined;
  /** PGlite data directory (used when databaseUrl is unset). */
  pgliteDir: string;
  pollingIntervalMs: number;
};

/** The repository root, whether Ponder runs with cwd = indexer/ or the root. */
export function repoRoot(cwd: string = process.cwd()): string {
  return path.basename(cwd) === 'indexer' ? path.dirname(cwd) : cwd;
}

export function indexerEnv(source: Record<string, string | undefined> = process.env): IndexerEnv {
  const env = parseEnv(source);
  const root = repoRoot();
  return {
    rpcUrl: env.rpcUrl,
    chainId: env.chainId,
    deploymentsFile: path.resolve(root, env.deploymentsFile),
    databaseUrl: env.databaseUrl,
    pgliteDir: path.resolve(root, nonEmpty(source, 'INDEXER_PGLITE_DIR') ?? 'indexer/.ponder/pglite'),
    pollingIntervalMs: integer(source, 'INDEXER_POLLING_MS', 500, 50, 60_000),
  };
}

export function deployment(env: IndexerEnv): Deployment {
  return readDeployment(env.deploymentsFile, env.chainId);
}
