/**
 * Starts the Ponder indexer (indexer/) against RPC_URL with the addresses in DEPLOYMENTS_FILE.
 * `npm start` spawns this when the file exists; it can also run alone: `tsx scripts/indexer.ts`.
 *
 * Env (lib/env.ts): RPC_URL, CHAIN_ID, DEPLOYMENTS_FILE, INDEXER_PORT (42069), DATABASE_URL
 * (unset → embedded PGlite in INDEXER_PGLITE_DIR, default indexer/.ponder/pglite).
 * Indexer-only: INDEXER_MODE=start|dev (default start; dev = hot reload), DATABASE_SCHEMA
 * (Postgres schema; default `homeostat_<chainId>`, and on the local chain also the hash of the
 * deployment's first block, so a fresh anvil never resumes a previous chain's tables while an
 * anvil restarted from its state file does), INDEXER_LOG_LEVEL.
 *
 * Errors are one line naming what to fix; the exit code is Ponder's.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { deployment, indexerEnv } from '../indexer/env';
import { nonEmpty } from '../lib/env';
import { HomeostatError } from '../lib/errors';
import { lockDir } from './lib/dir-lock';

const root = path.resolve(import.meta.dirname, '..');
const ponderBin = path.join(root, 'node_modules/ponder/dist/esm/bin/ponder.js');

async function rpc<T>(url: string, method: string, params: unknown[]): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    signal: AbortSignal.timeout(5000),
  });
  const body = (await res.json()) as { result?: T; error?: { message: string } };
  if (body.error || body.result === undefined) throw new Error(body.error?.message ?? `no result for ${method}`);
  return body.result;
}

async function main() {
  const env = indexerEnv();
  const source = process.env;
  const d = deployment(env); // validates the deployments file before Ponder starts
  if (!existsSync(ponderBin)) throw new HomeostatError('ponder not found in node_modules: run `npm ci` first');

  let chainId: number;
  let anchor: { hash: string } | null;
  try {
    chainId = Number(await rpc<string>(env.rpcUrl, 'eth_chainId', []));
    // Not the genesis block: anvil makes a new genesis (new hash) each time it restarts from a
    // --state file, which would orphan the tables of the very chain it resumed. The block the
    // deployment starts at is part of the saved chain, and differs between fresh chains (its parent
    // is that chain's genesis).
    anchor = await rpc<{ hash: string } | null>(env.rpcUrl, 'eth_getBlockByNumber', [
      `0x${d.startBlock.toString(16)}`,
      false,
    ]);
  } catch (cause) {
    throw new HomeostatError(`RPC_URL ${env.rpcUrl} does not answer: is the chain running?`, { cause });
  }
  if (!anchor) {
    throw new HomeostatError(
      `DEPLOYMENTS_FILE ${env.deploymentsFile}: its start block ${d.startBlock} is not on the chain at ${env.rpcUrl} (a file from another chain?)`,
    );
  }
  if (chainId !== env.chainId) {
    throw new HomeostatError(`RPC_URL reports chain ${chainId} but CHAIN_ID is ${env.chainId}`);
  }
  const mode = nonEmpty(source, 'INDEXER_MODE') ?? 'start';
  if (mode !== 'start' && mode !== 'dev') throw new HomeostatError('INDEXER_MODE: must be "start" or "dev"');
  const port = nonEmpty(source, 'INDEXER_PORT') ?? '42069';
  const schema =
    nonEmpty(source, 'DATABASE_SCHEMA') ??
    (chainId === 31337 ? `homeostat_${chainId}_${anchor.hash.slice(2, 10)}` : `homeostat_${chainId}`);

  const args = [ponderBin, mode, '--port', port, '--hostname', '127.0.0.1', '--schema', schema];
  if (mode === 'dev') args.push('--disable-ui');
  const logLevel = nonEmpty(source, 'INDEXER_LOG_LEVEL');
  if (logLevel) args.push('--log-level', logLevel);

  // The embedded database is one process's: a second stack on the same folder stops here.
  if (!env.databaseUrl) lockDir(env.pgliteDir, 'INDEXER_PGLITE_DIR');
  console.log(
    `indexer: ${mode} on :${port}, chain ${chainId} from block ${d.startBlock}, ` +
      `${env.databaseUrl ? `postgres schema ${schema}` : `pglite ${path.relative(root, env.pgliteDir)}`}`,
  );
  const child = spawn(process.execPath, args, {
    cwd: path.join(root, 'indexer'),
    stdio: 'inherit',
    env: {
      ...process.env,
      PONDER_TELEMETRY_DISABLED: 'true',
      DEPLOYMENTS_FILE: env.deploymentsFile,
      INDEXER_PGLITE_DIR: env.pgliteDir,
    },
  });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  child.on('exit', (code, signal) => {
    const exit = () => process.exit(code ?? (signal ? 1 : 0));
    if (env.databaseUrl) return exit();
    // Ponder 1.0's shutdown aborts its own queries before the one that marks the schema unlocked, so
    // every stop, however clean, left the embedded database "locked" and the next start waited out
    // the lock's heartbeat (~15 s; the real-chain test checks it does not). Ponder has exited here
    // and the folder is this process's alone (lockDir above), so the lock is released for it.
    releasePonderLock(env.pgliteDir, schema).then(exit, (e: unknown) => {
      console.error(`indexer: could not release the schema lock in ${env.pgliteDir} (${(e as Error).message})`);
      exit();
    });
  });
}

/** Marks Ponder's app row in the embedded database unlocked (what Ponder's own shutdown means to do). */
async function releasePonderLock(dir: string, schema: string): Promise<void> {
  if (!existsSync(dir)) return;
  const { PGlite } = await import('@electric-sql/pglite');
  const db = new PGlite(dir);
  try {
    const table = await db.query<{ t: string | null }>('select to_regclass($1) as t', [`"${schema}"._ponder_meta`]);
    if (!table.rows[0]?.t) return;
    await db.query(
      `update "${schema}"._ponder_meta set value = jsonb_set(value, '{is_locked}', to_jsonb(0)) where key = 'app'`,
    );
  } finally {
    await db.close();
  }
}

main().catch((e: unknown) => {
  const message = e instanceof HomeostatError ? e.shortMessage : String(e);
  console.error(`indexer: ${message}`);
  process.exit(1);
});
