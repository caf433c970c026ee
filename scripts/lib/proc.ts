/**
 * Child-process helpers for the orchestration scripts: run a command to completion, or
 * start a long-lived service whose output is prefixed with its name. Every service is
 * started in its own process group so a stop kills its whole tree (next, ponder, tsx).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '../..');

/**
 * The Foundry binary for the running platform: @foundry-rs/anvil and /forge install one optional
 * package per platform (anvil-linux-amd64, anvil-darwin-arm64, anvil-win32-amd64, …).
 */
export function foundryBinary(
  tool: 'anvil' | 'forge',
  platform: string = process.platform,
  arch: string = process.arch,
) {
  const cpu = arch === 'x64' ? 'amd64' : arch;
  const exe = platform === 'win32' ? `${tool}.exe` : tool;
  return path.join(root, 'node_modules', '@foundry-rs', `${tool}-${platform}-${cpu}`, 'bin', exe);
}

export const bin = {
  anvil: foundryBinary('anvil'),
  forge: foundryBinary('forge'),
  next: path.join(root, 'node_modules/next/dist/bin/next'),
  tsx: path.join(root, 'node_modules/tsx/dist/cli.mjs'),
  ponder: path.join(root, 'node_modules/ponder/dist/esm/bin/ponder.js'),
} as const;

/** A one-line, actionable failure: printed without a stack trace. */
export class StartError extends Error {}

export function requireBinary(file: string, what: string) {
  if (!existsSync(file)) {
    throw new StartError(`${what} not found at ${path.relative(root, file)}: run \`npm ci\` first`);
  }
}

/** Resolves when nothing listens on the port; rejects with a StartError naming the variable to change. */
export function assertPortFree(port: number, variable: string, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', () =>
      reject(new StartError(`port ${port} (${what}) is already in use: stop whatever uses it or set ${variable}`)),
    );
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve()));
  });
}

const colours = [36, 35, 33, 32, 34, 31];
let colourIndex = 0;

function prefixer(name: string) {
  const colour = colours[colourIndex++ % colours.length];
  const tag = process.stdout.isTTY ? `\x1b[${colour}m[${name}]\x1b[0m ` : `[${name}] `;
  let pending = '';
  return (chunk: Buffer, stream: NodeJS.WriteStream) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) stream.write(`${tag}${line}\n`);
  };
}

/** Runs a command to completion with prefixed output; rejects with the exit code. */
export function run(name: string, cmd: string, args: string[], env: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const write = prefixer(name);
    child.stdout.on('data', (c: Buffer) => write(c, process.stdout));
    child.stderr.on('data', (c: Buffer) => write(c, process.stderr));
    child.on('error', (e) => reject(new StartError(`${name}: ${e.message}`)));
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new StartError(`${name} failed (${signal ?? `exit code ${code}`})`)),
    );
  });
}

export type Service = {
  name: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  stop(): Promise<void>;
};

/** Starts a long-lived process in its own process group, output prefixed with its name. */
export function startService(
  name: string,
  cmd: string,
  args: string[],
  env: Record<string, string> = {},
  options: { quiet?: boolean } = {},
): Service {
  const child = spawn(cmd, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const write = prefixer(name);
  if (!options.quiet) child.stdout?.on('data', (c: Buffer) => write(c, process.stdout));
  else child.stdout?.resume();
  child.stderr?.on('data', (c: Buffer) => write(c, process.stderr));
  // A service counts as exited once its whole process group is gone: when the wrapper dies
  // (e.g. `kill -9` of scripts/indexer.ts), its children (Ponder) are stopped too before the
  // supervisor restarts it, so no orphan keeps the port or the database lock.
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      if (child.pid === undefined) return resolve(code);
      void endGroup(child.pid).then(() => resolve(code));
    });
    child.on('error', (e) => {
      process.stderr.write(`[${name}] ${e.message}\n`);
      resolve(-1);
    });
  });
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (child.pid === undefined) return;
      killGroup(child.pid, 'SIGTERM');
      await exited;
    })();
    return stopping;
  };
  return { name, child, exited, stop };
}

/** How long a service's process group gets to shut down cleanly (Ponder flushes and releases its lock). */
export const GROUP_GRACE_MS = 15_000;

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM to what is left of the group, SIGKILL after GROUP_GRACE_MS; resolves when the group is empty. */
async function endGroup(pid: number): Promise<void> {
  if (!groupAlive(pid)) return;
  killGroup(pid, 'SIGTERM');
  const deadline = Date.now() + GROUP_GRACE_MS;
  while (groupAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (groupAlive(pid)) killGroup(pid, 'SIGKILL');
  while (groupAlive(pid)) await new Promise((r) => setTimeout(r, 50));
}

function killGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** Polls `check` until it returns true or the timeout passes. */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 60_000, intervalMs = 250) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new StartError(`${what} did not become ready within ${Math.round(timeoutMs / 1000)} s`);
}

/**
 * Blocks the indexer is behind the chain (chain head − indexed block), undefined when either does
 * not answer. Used before the "running" banner: a stack is ready when its indexer has caught up.
 */
export async function indexerLag(rpcUrl: string, indexerUrl: string): Promise<number | undefined> {
  try {
    const [head, status] = await Promise.all([
      fetch(rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_blockNumber', params: [] }),
        signal: AbortSignal.timeout(2000),
      }).then((r) => r.json() as Promise<{ result?: string }>),
      fetch(`${indexerUrl.replace(/\/$/, '')}/api/status`, { signal: AbortSignal.timeout(2000) }).then(
        (r) => r.json() as Promise<{ indexedBlock?: number | null }>,
      ),
    ]);
    if (!head.result || typeof status.indexedBlock !== 'number') return undefined;
    return Math.max(0, Number.parseInt(head.result, 16) - status.indexedBlock);
  } catch {
    return undefined;
  }
}

/** True when a JSON-RPC endpoint answers eth_chainId. */
export async function rpcChainId(url: string): Promise<number | undefined> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      signal: AbortSignal.timeout(2000),
    });
    const body = (await res.json()) as { result?: string };
    return body.result ? Number.parseInt(body.result, 16) : undefined;
  } catch {
    return undefined;
  }
}
