/**
 * A throwaway PostgreSQL server for integration tests: Debian's `postgresql` binaries (initdb,
 * postgres), a fresh cluster in a temporary folder, on a free loopback port, trust auth. Run as the
 * `postgres` user when the tests run as root (initdb refuses root). `.ci/run` installs the package;
 * on a machine without it the tests that need it are skipped locally and fail under CI=true.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort, waitUntil } from './local-stack';

/** The folder holding initdb and postgres: Debian's versioned folder, else PATH. */
export function postgresBin(): string | null {
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => existsSync(path.join(debian, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return path.join(debian, versions[0], 'bin');
  }
  try {
    const initdb = execFileSync('which', ['initdb'], { encoding: 'utf8' }).trim();
    return initdb ? path.dirname(initdb) : null;
  } catch {
    return null;
  }
}

/** Why Postgres tests cannot run here (null when they can); under CI a missing server is a failure. */
export function postgresMissing(): string | null {
  return postgresBin() === null ? "PostgreSQL's initdb/postgres not found (Debian: apt-get install postgresql)" : null;
}

export type Postgres = { url: string; stop(): Promise<void> };

export async function startPostgres(): Promise<Postgres> {
  const bin = postgresBin();
  if (bin === null) throw new Error(postgresMissing()!);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'homeostat-pg-'));
  const data = path.join(dir, 'data');
  // initdb and postgres refuse to run as root: run them as the package's `postgres` user.
  let ids: { uid: number; gid: number } | undefined;
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
    ids = { uid, gid };
  }
  execFileSync(path.join(bin, 'initdb'), ['-D', data, '-U', 'homeostat', '--auth=trust', '-E', 'UTF8'], {
    stdio: 'pipe',
    ...ids,
  });
  const port = await freePort();
  const server: ChildProcess = spawn(
    path.join(bin, 'postgres'),
    ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
    { stdio: 'pipe', detached: true, ...ids },
  );
  let out = '';
  server.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  server.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  const url = `postgresql://homeostat@127.0.0.1:${port}/postgres`;
  try {
    await waitUntil(
      'postgres',
      async () => {
        if (server.exitCode !== null) throw new Error(`postgres exited: ${out.slice(-500)}`);
        const c = new pg.Client({ connectionString: url });
        try {
          await c.connect();
          return true;
        } catch {
          return false;
        } finally {
          await c.end().catch(() => undefined);
        }
      },
      30_000,
    );
  } catch (e) {
    server.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    url,
    async stop() {
      if (server.exitCode === null) {
        const exited = new Promise((r) => server.once('exit', r));
        server.kill('SIGINT'); // fast shutdown
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (server.exitCode === null) server.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
