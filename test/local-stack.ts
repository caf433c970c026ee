/**
 * A throwaway local stack for integration tests and benchmarks (indexer, agent, market
 * driver): anvil on a free port, the forge deploy script, and the indexer (scripts/indexer.ts)
 * on a free port with its own PGlite directory. Every process runs in its own process group
 * and is killed by id.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Deployment } from '../lib/contracts/deployments';
import { readDeployment } from '../lib/contracts/deployments-node';
import { foundryBinary } from '../scripts/lib/proc';

export const root = path.resolve(import.meta.dirname, '..');
const bins = {
  anvil: foundryBinary('anvil'),
  forge: foundryBinary('forge'),
  tsx: path.join(root, 'node_modules/tsx/dist/cli.mjs'),
};
/** anvil account 0 (public test key; local chain only). */
const DEPLOYER_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export type Proc = { child: ChildProcess; output: () => string; stop: () => Promise<void> };

/** Runs `tsx <script> <args>` from the repository root to its end: exit code and all it printed. */
export function runTsx(
  script: string,
  args: string[] = [],
  env: Record<string, string> = {},
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bins.tsx, script, ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: 'pipe',
    });
    let out = '';
    child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
    child.once('exit', (code) => resolve({ code, out }));
  });
}

function startProc(cmd: string, args: string[], env: Record<string, string> = {}, cwd = root): Proc {
  const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, detached: true, stdio: 'pipe' });
  let out = '';
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    child,
    output: () => out,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {}
      const timer = setTimeout(() => {
        try {
          if (child.pid) process.kill(-child.pid, 'SIGKILL');
        } catch {}
      }, 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await res.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number, everyMs = 200) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`${what}: not ready within ${timeoutMs} ms`);
}

/**
 * Starts anvil on a port the OS picks (`--port 0`, read back from its banner), so two test runs
 * can never end up sharing one chain through a port race.
 */
export async function startAnvil(
  extraArgs: string[] = [],
  { chainId = 31337 }: { chainId?: number } = {},
): Promise<Proc & { url: string; port: number }> {
  const proc = startProc(bins.anvil, [
    '--chain-id',
    String(chainId),
    '--port',
    '0',
    '--host',
    '127.0.0.1',
    '--accounts',
    '40',
    '--balance',
    '100000',
    // As npm start runs it: the market driver batches an hour's transactions into one block.
    '--order',
    'fifo',
    ...extraArgs,
  ]);
  let port = 0;
  await waitUntil(
    'anvil',
    async () => {
      if (proc.child.exitCode !== null) throw new Error(`anvil exited: ${proc.output()}`);
      port = Number(/Listening on 127\.0\.0\.1:(\d+)/.exec(proc.output())?.[1] ?? 0);
      return port > 0;
    },
    20_000,
    50,
  );
  // Its per-transaction log is not needed (and would cost CPU in the benchmarks).
  proc.child.stdout?.removeAllListeners('data');
  proc.child.stdout?.resume();
  const url = `http://127.0.0.1:${port}`;
  await waitUntil('anvil rpc', async () => (await rpc(url, 'eth_chainId')) === `0x${chainId.toString(16)}`, 20_000, 50);
  return { ...proc, url, port };
}

/**
 * Runs the deploy script against `rpcUrl` and puts the deployments file into `dir`. The script
 * may only write under ./deployments (foundry.toml fs_permissions), so it writes a file of its
 * own there (never the developer's deployments/31337.json), which is then moved into `dir`.
 */
export async function deploy(rpcUrl: string, dir: string): Promise<{ file: string; deployment: Deployment }> {
  const own = path.join('deployments', 'test', `${new URL(rpcUrl).port}-${process.pid}.json`);
  const proc = startProc(
    bins.forge,
    [
      'script',
      'contracts/script/Deploy.s.sol',
      '--rpc-url',
      rpcUrl,
      '--broadcast',
      '--non-interactive',
      '--private-key',
      DEPLOYER_KEY,
    ],
    { DEPLOYMENTS_FILE: own },
  );
  const code = await new Promise<number | null>((r) => proc.child.once('exit', (c) => r(c)));
  if (code !== 0) throw new Error(`deploy failed (exit ${code}):\n${proc.output().slice(-3000)}`);
  const file = path.join(dir, '31337.json');
  mkdirSync(dir, { recursive: true });
  copyFileSync(path.join(root, own), file);
  rmSync(path.join(root, own), { force: true });
  const deployment = readDeployment(file, 31337);
  // The copy must describe this chain: the governor has code here.
  const codeAt = (await rpc(rpcUrl, 'eth_getCode', [deployment.contracts.HomeostatGovernor, 'latest'])) as string;
  if (codeAt === '0x') throw new Error(`deployments file does not match the chain at ${rpcUrl}`);
  return { file, deployment };
}

export type Indexer = Proc & { url: string; dir: string };

export async function startIndexer(opts: {
  rpcUrl: string;
  deploymentsFile: string;
  dir?: string;
  env?: Record<string, string>;
}): Promise<Indexer> {
  const port = await freePort();
  const dir = opts.dir ?? mkdtempSync(path.join(os.tmpdir(), 'homeostat-indexer-'));
  const proc = startProc(process.execPath, [bins.tsx, 'scripts/indexer.ts'], {
    RPC_URL: opts.rpcUrl,
    CHAIN_ID: '31337',
    DEPLOYMENTS_FILE: opts.deploymentsFile,
    INDEXER_PORT: String(port),
    INDEXER_PGLITE_DIR: path.join(dir, 'pglite'),
    PONDER_TELEMETRY_DISABLED: 'true',
    INDEXER_LOG_LEVEL: 'warn',
    ...opts.env,
  });
  // Ponder moves to the next port when one is taken (and says so): follow it.
  const currentPort = () => {
    const moves = [...proc.output().matchAll(/Port \d+ was in use, trying port (\d+)/g)];
    return moves.length ? Number(moves[moves.length - 1]![1]) : port;
  };
  return {
    ...proc,
    dir,
    get url() {
      return `http://127.0.0.1:${currentPort()}`;
    },
  };
}

export type StatusBody = { indexedBlock: number | null; ready: boolean; chainHead: number | null };

export async function indexerStatus(url: string): Promise<StatusBody | undefined> {
  try {
    const res = await fetch(`${url}/api/status`, { signal: AbortSignal.timeout(2000) });
    return res.ok ? ((await res.json()) as StatusBody) : undefined;
  } catch {
    return undefined;
  }
}

/** Waits until the indexer has processed `block` (and finished historical sync). */
export async function waitForBlock(indexer: Indexer, block: number, timeoutMs: number, everyMs = 100) {
  try {
    await waitUntil(
      `indexer reaching block ${block}`,
      async () => {
        if (indexer.child.exitCode !== null || indexer.child.signalCode !== null) return true; // reported below
        const s = await indexerStatus(indexer.url);
        return !!s && s.ready && (s.indexedBlock ?? -1) >= block;
      },
      timeoutMs,
      everyMs,
    );
  } catch (e) {
    throw new Error(`${(e as Error).message}\n--- indexer output ---\n${indexer.output().slice(-4000)}`);
  }
  if (indexer.child.exitCode !== null || indexer.child.signalCode !== null) {
    throw new Error(
      `indexer exited (${indexer.child.exitCode ?? indexer.child.signalCode})\n--- indexer output ---\n${indexer.output().slice(-4000)}`,
    );
  }
}

export function removeDir(dir: string) {
  rmSync(dir, { recursive: true, force: true });
}

export function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

export { rpc };
