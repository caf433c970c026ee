/**
 * `npm start` against another chain with a bad configuration stops within seconds with one line
 * naming the variable, before any service starts (issue 14): never a service crash-looping under a
 * "running" banner. The role checks run against a real deployment (anvil + the deploy script,
 * reached through RPC_URL as a remote chain would be).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploy, freePort, root, startAnvil } from '../test/local-stack';

type Anvil = Awaited<ReturnType<typeof startAnvil>>;
const dir = mkdtempSync(path.join(os.tmpdir(), 'homeostat-start-config-'));
/** anvil dev account 5: a valid, funded key that holds no role in the deployment. */
const NOBODY = '0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba';

async function start(env: Record<string, string>): Promise<{ code: number | null; out: string; ms: number }> {
  const t0 = Date.now();
  const [appPort, indexerPort] = [await freePort(), await freePort()];
  return new Promise((resolve) => {
    const childEnv = { ...process.env };
    for (const k of Object.keys(childEnv)) {
      if (/^(AGENT_|REPORTER_|RPC_URL|CHAIN_ID|DEPLOYMENTS_FILE|DATABASE_URL|APP_MODE)/.test(k)) delete childEnv[k];
    }
    Object.assign(childEnv, { APP_PORT: String(appPort), INDEXER_PORT: String(indexerPort) }, env);
    const child = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/start.ts'], {
      cwd: root,
      env: childEnv,
      stdio: 'pipe',
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out, ms: Date.now() - t0 });
    });
  });
}

/** The one line it printed for the failure. */
const failure = (out: string) => out.split('\n').filter((l) => l.startsWith('npm start: '));

describe('npm start on another chain, misconfigured', () => {
  // No node is needed for these: the configuration is refused before anything is contacted.
  const remote = { RPC_URL: 'http://127.0.0.1:9', CHAIN_ID: '84532' };
  const cases: [string, Record<string, string>, RegExp][] = [
    ['no agent key', remote, /^npm start: AGENT_PRIVATE_KEY: required on chain 84532/],
    [
      'a keystore that does not exist',
      { ...remote, AGENT_KEYSTORE: '/nonexistent/key.json' },
      /^npm start: AGENT_KEYSTORE: file \/nonexistent\/key\.json does not exist/,
    ],
    [
      'a keystore without its password',
      { ...remote, AGENT_KEYSTORE: path.join(root, 'package.json') },
      /^npm start: AGENT_KEYSTORE_PASSWORD: required with AGENT_KEYSTORE/,
    ],
    [
      'a reporter posts path that does not exist',
      { ...remote, AGENT_PRIVATE_KEY: NOBODY, REPORTER_POSTS: '/nonexistent/posts' },
      /^npm start: REPORTER_POSTS: \/nonexistent\/posts does not exist/,
    ],
    [
      'a reporter source but no reporter key',
      { ...remote, AGENT_PRIVATE_KEY: NOBODY, REPORTER_FEED: 'https://example.org/feed.json' },
      /^npm start: REPORTER_PRIVATE_KEY: required on chain 84532/,
    ],
    [
      'a database URL that is not Postgres',
      { ...remote, DATABASE_URL: 'mysql://u:p@localhost/db' },
      /^npm start: DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ connection string/,
    ],
    [
      'a Postgres that does not answer',
      { ...remote, AGENT_PRIVATE_KEY: NOBODY, DATABASE_URL: 'postgresql://homeostat:secret@127.0.0.1:9/homeostat' },
      /^npm start: DATABASE_URL: cannot connect to Postgres \(connect ECONNREFUSED 127\.0\.0\.1:9\)$/,
    ],
    [
      'a database URL whose port is not a number',
      { ...remote, AGENT_PRIVATE_KEY: NOBODY, DATABASE_URL: 'postgresql://homeostat:secret@localhost:notaport/db' },
      /^npm start: DATABASE_URL: cannot connect to Postgres \(/,
    ],
    ['an unknown app mode', { APP_MODE: 'prod' }, /^npm start: APP_MODE: "prod" is not production, dev or none/],
  ];
  for (const [what, env, line] of cases) {
    it(`${what}: one line naming the variable, exit 1, within seconds`, async () => {
      const r = await start(env);
      expect(r.code, r.out).toBe(1);
      expect(failure(r.out), r.out).toHaveLength(1);
      expect(failure(r.out)[0]).toMatch(line);
      expect(r.out).not.toMatch(/is running at/);
      expect(r.out, 'a password in DATABASE_URL is never printed').not.toContain('secret');
      expect(r.ms).toBeLessThan(30_000);
    }, 60_000);
  }
});

describe('npm start on another chain, with keys that hold no role', () => {
  let anvil: Anvil;
  let deploymentsFile: string;
  beforeAll(async () => {
    anvil = await startAnvil();
    ({ file: deploymentsFile } = await deploy(anvil.url, dir));
  }, 180_000);
  afterAll(async () => {
    await anvil?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const on = () => ({ RPC_URL: anvil.url, CHAIN_ID: '31337', DEPLOYMENTS_FILE: deploymentsFile });

  it('a missing deployments file names DEPLOYMENTS_FILE and the deploy step', async () => {
    const r = await start({ ...on(), DEPLOYMENTS_FILE: path.join(dir, 'none.json'), AGENT_PRIVATE_KEY: NOBODY });
    expect(r.code, r.out).toBe(1);
    expect(failure(r.out)[0]).toMatch(
      /^npm start: DEPLOYMENTS_FILE: .*none\.json does not exist; deploy the contracts first/,
    );
  }, 60_000);

  it('an agent key that is not the proposer', async () => {
    const r = await start({ ...on(), AGENT_PRIVATE_KEY: NOBODY });
    expect(r.code, r.out).toBe(1);
    expect(failure(r.out)[0]).toMatch(
      /^npm start: AGENT_PRIVATE_KEY: its account 0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc is not the one the contracts expect \(0x70997970C51812dc3A010C7d01b50e0d17dc79C8\)/,
    );
  }, 60_000);

  it('a reporter key that is not the reporter', async () => {
    const feed = path.join(dir, 'feed.json');
    writeFileSync(feed, '{}');
    const r = await start({ ...on(), REPORTER_FEED: feed, REPORTER_PRIVATE_KEY: NOBODY });
    expect(r.code, r.out).toBe(1);
    expect(failure(r.out)[0]).toMatch(
      /^npm start: REPORTER_PRIVATE_KEY: its account 0x\w+ is not the one the contracts expect/,
    );
  }, 60_000);
});
