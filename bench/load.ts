/**
 * Load test (issue #8, "Load"): the dashboard's data routes on the app server and the indexer's
 * HTTP API, at 50 and 200 concurrent clients (autocannon, loopback only), bounded in time and in
 * request count. Prints requests/s, p50/p95/p99 latency, errors and non-2xx per route and client
 * count, and the resident memory (VmRSS) of the app server and the indexer before and after each
 * of LOAD_RUNS repeated runs, so growth across runs shows. Writes .homeostat/bench/load.json.
 * Target (issue #8): p99 ≤ 200 ms at 200 clients for the dashboard's data routes, no errors,
 * no memory growth across runs. A benchmark that prints figures, not a timed test.
 *
 *   npm run load                                   (starts its own stack, stops it at the end)
 *   LOAD_APP_URL=http://127.0.0.1:3000 LOAD_INDEXER_URL=http://127.0.0.1:42069 npm run load
 *                                                  (measures a running stack instead)
 *   npm run load -- --serve                        (starts the stack and keeps it up for the above)
 *
 * Its own stack: anvil (free port) → the deploy script (deployments/load/31337.json) → the
 * market driver for LOAD_MARKET_HOURS simulated hours and LOAD_PROPOSALS sample proposals, so
 * the routes serve real data → the indexer (a free port, synced to the head) → the
 * production app (scripts/app-server.ts, as `npm start` runs it; build in NEXT_DIST_DIR=.next-load,
 * built when missing) on LOAD_APP_PORT; APP_FAST_ROUTES=0 measures it without its fast path.
 * The market is stopped before measuring, so runs see the same data.
 *
 * Two scenarios per run: closed loop (N connections, each sending its next request as soon as the
 * last is answered: the throughput limit and the queueing latency at N), and N polling
 * dashboards (open loop at the page's own poll intervals: what N viewers see).
 *
 * Knobs: LOAD_RUNS (2), LOAD_SECONDS per measurement (5), LOAD_POLL_SECONDS (10), LOAD_MAX_REQUESTS per measurement
 * (20000), LOAD_CLIENTS (50,200), LOAD_MARKET_HOURS (240), LOAD_PROPOSALS (4), LOAD_ROUTES
 * (comma-separated substrings to select routes).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { readDeployment } from '../lib/contracts/deployments-node';
import { median } from '../lib/ml/stats';
import { createSampleProposal } from '../scripts/sample-proposal';
import {
  deploy,
  indexerStatus,
  root,
  rpc,
  startAnvil,
  startIndexer,
  waitForBlock,
  waitUntil,
} from '../test/local-stack';

// ------------------------------------------------------------------------------ configuration

function intEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`load: ${name} must be a whole number in ${min}…${max}, got "${raw}"`);
    process.exit(2);
  }
  return n;
}

const RUNS = intEnv('LOAD_RUNS', 2, 1, 20);
const SECONDS = intEnv('LOAD_SECONDS', 5, 1, 120);
const MAX_REQUESTS = intEnv('LOAD_MAX_REQUESTS', 20_000, 100, 1_000_000);
const POLL_SECONDS = intEnv('LOAD_POLL_SECONDS', 10, 2, 300);
const MARKET_HOURS = intEnv('LOAD_MARKET_HOURS', 240, 1, 5000);
const PROPOSALS = intEnv('LOAD_PROPOSALS', 4, 0, 50);
const APP_PORT = intEnv('LOAD_APP_PORT', 3200, 1024, 65535);
const CLIENTS = (process.env.LOAD_CLIENTS ?? '50,200').split(',').map((s) => {
  const n = Number(s.trim());
  if (!Number.isInteger(n) || n < 1 || n > 2000) {
    console.error(`load: LOAD_CLIENTS must list whole numbers in 1…2000, got "${process.env.LOAD_CLIENTS}"`);
    process.exit(2);
  }
  return n;
});
const DIST_DIR = process.env.NEXT_DIST_DIR ?? '.next-load';
const OUT_FILE = path.join(root, '.homeostat', 'bench', 'load.json');
/** p99 target at the highest client count, for the dashboard's data routes (issue #8). */
const P99_TARGET_MS = 200;

type Route = {
  server: 'app' | 'indexer';
  path: string;
  dashboard: boolean;
  why: string;
  /** How often the dashboard page polls it (ms), for the polling-dashboards scenario. */
  pollMs?: number;
};

/**
 * What the dashboard page (app/page.tsx) polls, at its intervals, and what those routes read
 * from the indexer. `dashboard: true` marks the routes the p99 target applies to.
 */
const ROUTES: Route[] = [
  {
    server: 'app',
    path: '/api/dashboard?range=7d',
    dashboard: true,
    why: 'KPI cards + series, every 2 s',
    pollMs: 2000,
  },
  { server: 'app', path: '/api/chain/head', dashboard: true, why: 'chain status, every 1 s', pollMs: 1000 },
  { server: 'app', path: '/api/token', dashboard: true, why: 'token supply, every 2 s', pollMs: 2000 },
  { server: 'app', path: '/api/proposals', dashboard: true, why: 'proposal list, every 2 s', pollMs: 2000 },
  {
    server: 'app',
    path: '/api/forecast/history?source=chain&fallback=demo',
    dashboard: true,
    why: 'forecast panel, every 15 s',
    pollMs: 15_000,
  },
  { server: 'app', path: '/api/health', dashboard: false, why: 'liveness (start, e2e)' },
  { server: 'indexer', path: '/api/status', dashboard: false, why: 'every app/agent read' },
  { server: 'indexer', path: '/api/kpis', dashboard: false, why: '30-day hourly KPI series' },
  { server: 'indexer', path: '/api/holders?limit=2000', dashboard: false, why: 'dashboard holder count' },
  { server: 'indexer', path: '/api/signals', dashboard: false, why: 'sentiment/anomaly signals' },
  { server: 'indexer', path: '/api/ohlc', dashboard: false, why: 'candles (forecast panel, agent)' },
  { server: 'indexer', path: '/api/proposals', dashboard: false, why: 'indexed proposals' },
];

// ------------------------------------------------------------------------------ processes

type Proc = { name: string; child: ChildProcess; output: () => string; stop: () => Promise<void> };
const started: { stop: () => Promise<void> }[] = [];
let stopping = false;

function startProc(name: string, cmd: string, args: string[], env: Record<string, string>): Proc {
  const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, detached: true, stdio: 'pipe' });
  let out = '';
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const proc: Proc = {
    name,
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
  started.push(proc);
  return proc;
}

async function stopAll() {
  // Reverse start order: app and indexer before the chain.
  for (const p of started.splice(0).reverse()) await p.stop().catch(() => {});
}

async function bail(code: number, message?: string) {
  if (stopping) return;
  stopping = true;
  if (message) console.error(message);
  await stopAll();
  process.exit(code);
}
process.on('SIGINT', () => void bail(130, '\nload: interrupted; stopping what it started'));
process.on('SIGTERM', () => void bail(143));

const tsx = path.join(root, 'node_modules/tsx/dist/cli.mjs');
const nextBin = path.join(root, 'node_modules/next/dist/bin/next');
const tsxBin = path.join(root, 'node_modules/tsx/dist/cli.mjs');

/** Runs a command to completion (its own process group, stopped with everything on Ctrl-C). */
async function runToEnd(name: string, cmd: string, args: string[], env: Record<string, string>, timeoutMs: number) {
  const p = startProc(name, cmd, args, env);
  const timer = setTimeout(() => void p.stop(), timeoutMs);
  const code = await new Promise<number | null>((r) => p.child.once('exit', (c) => r(c)));
  clearTimeout(timer);
  if (code !== 0) throw new Error(`${name} failed (exit ${code}):\n${p.output().slice(-3000)}`);
  return p.output();
}

/** The production build in DIST_DIR, built when missing (`next build` rewrites tsconfig.json's include list: restored). */
async function ensureBuild() {
  if (existsSync(path.join(root, DIST_DIR, 'BUILD_ID'))) return;
  console.log(`[load] no production build in ${DIST_DIR}: building (a few minutes)…`);
  const tsconfig = readFileSync(path.join(root, 'tsconfig.json'), 'utf8');
  try {
    await runToEnd(
      'build',
      process.execPath,
      [nextBin, 'build'],
      { NEXT_DIST_DIR: DIST_DIR, NEXT_TELEMETRY_DISABLED: '1' },
      1_200_000,
    );
  } finally {
    writeFileSync(path.join(root, 'tsconfig.json'), tsconfig);
  }
}

// ------------------------------------------------------------------------------ memory

/** The pid holding a listening TCP socket on 127.0.0.1:`port` (among processes this user can read). */
function listenerPid(port: number): number | undefined {
  const inodes = new Set<string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      const local = f[1];
      if (!local || f[3] !== '0A') continue; // 0A = LISTEN
      if (Number.parseInt(local.split(':')[1] ?? '', 16) === port && f[9]) inodes.add(f[9]);
    }
  }
  if (inodes.size === 0) return undefined;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m && inodes.has(m[1]!)) return Number(pid);
      }
    } catch {
      // gone, or not ours to read
    }
  }
  return undefined;
}

/** VmRSS of a process in MiB (undefined when it cannot be read). */
function rssMiB(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** CPU time (user + system) a process has used, in ms (undefined when it cannot be read). */
function cpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // Fields after the command name (which may contain spaces): utime and stime are 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}
/** Linux reports CPU time in USER_HZ ticks, 100 per second on every mainstream architecture. */
const CLOCK_TICKS = 100;

// ------------------------------------------------------------------------------ load

type AutocannonResult = {
  requests: { average: number; total: number; sent: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
  latency: { p50: number; p99: number };
};
type AutocannonInstance = {
  on(event: 'response', f: (client: unknown, status: number, bytes: number, ms: number) => void): void;
  on(event: 'done', f: (r: AutocannonResult) => void): void;
  stop(): void;
};
type Autocannon = (
  opts: Record<string, unknown>,
  cb: (err: Error | null, r: AutocannonResult) => void,
) => AutocannonInstance;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export type Measurement = {
  run: number;
  server: 'app' | 'indexer';
  route: string;
  dashboard: boolean;
  clients: number;
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** Sent but not answered when the time was up (each connection has one in flight then). */
  unfinished: number;
  /** CPU time (user + system) the app and the indexer process spent per answered request. */
  cpuMsPerRequest: { app: number | null; indexer: number | null };
  bytes: number;
};

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function fire(url: string, clients: number, seconds: number, maxRequests: number) {
  return new Promise<{ result: AutocannonResult; times: number[]; bytes: number }>((resolve, reject) => {
    const times: number[] = [];
    let bytes = 0;
    const inst = autocannon(
      {
        url,
        connections: clients,
        duration: seconds,
        maxOverallRequests: maxRequests,
        timeout: 10,
        // Every request is a fresh GET of the same route, as a polling dashboard sends it.
        headers: { accept: 'application/json' },
      },
      (err, result) => (err ? reject(err) : resolve({ result, times, bytes })),
    );
    inst.on('response', (_c, _status, resBytes, ms) => {
      times.push(ms);
      bytes = resBytes;
    });
  });
}

async function measure(
  run: number,
  route: Route,
  base: string,
  clients: number,
  pids: { app?: number | undefined; indexer?: number | undefined },
): Promise<Measurement> {
  const cpu0 = { app: cpuMs(pids.app), indexer: cpuMs(pids.indexer) };
  const { result, times, bytes } = await fire(`${base}${route.path}`, clients, SECONDS, MAX_REQUESTS);
  const perRequest = (p: 'app' | 'indexer') => {
    const a = cpu0[p];
    const b = cpuMs(pids[p]);
    return a === undefined || b === undefined || times.length === 0 ? null : (b - a) / times.length;
  };
  times.sort((a, b) => a - b);
  return {
    run,
    server: route.server,
    route: route.path,
    dashboard: route.dashboard,
    clients,
    requests: times.length,
    seconds: result.duration,
    rps: times.length / Math.max(result.duration, 1e-9),
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    max: times[times.length - 1] ?? Number.NaN,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    unfinished: Math.max(0, result.requests.sent - times.length - result.errors - result.timeouts),
    cpuMsPerRequest: { app: perRequest('app'), indexer: perRequest('indexer') },
    bytes,
  };
}

/**
 * Waits until the server answers a cheap route quickly again: requests still queued from the
 * previous measurement (the load generator stops, the server does not) must not be billed to
 * the next one.
 */
async function settle(url: string) {
  const deadline = Date.now() + 60_000;
  let quick = 0;
  while (Date.now() < deadline && quick < 3) {
    const t = performance.now();
    const ok = await fetch(url, { signal: AbortSignal.timeout(10_000) })
      .then((r) => r.arrayBuffer().then(() => r.ok))
      .catch(() => false);
    quick = ok && performance.now() - t < 100 ? quick + 1 : 0;
    await new Promise((r) => setTimeout(r, 200));
  }
}

// ------------------------------------------------------------------------------ polling dashboards

export type PollResult = {
  clients: number;
  route: string;
  /** Polls sent per second (the first poll of each page comes at a random phase). */
  offeredPerSecond: number;
  answered: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
  /** Polls skipped because the client's previous poll of the route had not come back yet. */
  skipped: number;
};

/**
 * `clients` open dashboard pages: each polls every dashboard route at the page's own interval
 * (react-query refetchInterval; a poll is skipped while the previous one is in flight), with a
 * random phase, over keep-alive connections. Open-loop: the offered rate does not drop when the
 * server slows down, so latency is what a viewer sees at that audience size.
 */
async function pollingDashboards(appUrl: string, clients: number, seconds: number): Promise<PollResult[]> {
  const routes = ROUTES.filter((r) => r.server === 'app' && r.pollMs !== undefined);
  // Six connections per page, as browsers open per origin: requests never queue in this client.
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients * 6 });
  const stats = routes.map((r) => ({ route: r, times: [] as number[], errors: 0, non2xx: 0, skipped: 0, sent: 0 }));
  const get = (path: string) =>
    new Promise<number>((resolve, reject) => {
      const req = http.get(`${appUrl}${path}`, { agent, timeout: 10_000 }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', reject);
    });
  const timers: NodeJS.Timeout[] = [];
  const inFlight: Promise<void>[] = [];
  const end = Date.now() + seconds * 1000;
  for (let c = 0; c < clients; c++) {
    for (const st of stats) {
      const every = st.route.pollMs!;
      let busy = false;
      const poll = () => {
        if (Date.now() >= end) return;
        if (busy) {
          st.skipped++;
          return;
        }
        busy = true;
        st.sent++;
        const t = performance.now();
        const done = get(st.route.path).then(
          (status) => {
            st.times.push(performance.now() - t);
            if (status < 200 || status >= 300) st.non2xx++;
          },
          () => {
            st.errors++;
          },
        );
        inFlight.push(done.finally(() => (busy = false)));
      };
      const phase = Math.random() * Math.min(every, seconds * 1000);
      timers.push(
        setTimeout(() => {
          poll();
          timers.push(setInterval(poll, every));
        }, phase),
      );
    }
  }
  await new Promise((r) => setTimeout(r, seconds * 1000));
  for (const t of timers) clearTimeout(t);
  await Promise.all(inFlight);
  agent.destroy();
  return stats.map((st) => {
    const sorted = st.times.sort((a, b) => a - b);
    return {
      clients,
      route: st.route.path,
      offeredPerSecond: (st.sent + st.skipped) / seconds,
      answered: sorted.length,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      max: sorted[sorted.length - 1] ?? Number.NaN,
      errors: st.errors,
      non2xx: st.non2xx,
      skipped: st.skipped,
    };
  });
}

// ------------------------------------------------------------------------------ stack

type Stack = { appUrl: string; indexerUrl: string; own: boolean };

async function startStack(): Promise<Stack> {
  await ensureBuild();
  const anvil = await startAnvil();
  started.push(anvil);
  console.log(`[load] anvil at ${anvil.url}`);
  const deploymentsDir = path.join(root, 'deployments', 'load');
  const { file: deploymentsFile } = await deploy(anvil.url, deploymentsDir);
  const marketPostsDir = path.join(root, '.homeostat', 'load', 'posts');
  rmSync(marketPostsDir, { recursive: true, force: true });
  let t = performance.now();
  await runToEnd(
    'market',
    process.execPath,
    [tsx, 'scripts/market-driver.ts'],
    {
      RPC_URL: anvil.url,
      DEPLOYMENTS_FILE: deploymentsFile,
      MARKET_HOURS: String(MARKET_HOURS),
      MARKET_SPEED: '1000',
      MARKET_POSTS_DIR: marketPostsDir,
    },
    900_000,
  );
  console.log(`[load] market: ${MARKET_HOURS} simulated hours in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  const deployment = readDeployment(deploymentsFile, 31337);
  for (let i = 0; i < PROPOSALS; i++) {
    // A sample proposal is unique per chain time: a minute apart each.
    if (i > 0) {
      await rpc(anvil.url, 'evm_increaseTime', [60]);
      await rpc(anvil.url, 'evm_mine');
    }
    await createSampleProposal(anvil.url, deployment);
  }
  const head = Number(BigInt((await rpc(anvil.url, 'eth_blockNumber')) as string));

  t = performance.now();
  const pgliteDir = path.join(root, '.homeostat', 'load', 'indexer');
  rmSync(pgliteDir, { recursive: true, force: true });
  const indexer = await startIndexer({
    rpcUrl: anvil.url,
    deploymentsFile,
    dir: pgliteDir,
  });
  started.push(indexer);
  await waitForBlock(indexer, head, 600_000, 500);
  console.log(
    `[load] indexer at ${indexer.url}, synced to block ${head} in ${((performance.now() - t) / 1000).toFixed(0)} s`,
  );

  const appUrl = `http://127.0.0.1:${APP_PORT}`;
  const app = startProc(
    'app',
    process.execPath,
    [tsxBin, 'scripts/app-server.ts', '--port', String(APP_PORT), '--hostname', '127.0.0.1'],
    {
      NEXT_DIST_DIR: DIST_DIR,
      ANVIL_PORT: String(anvil.port),
      CHAIN_ID: '31337',
      DEPLOYMENTS_FILE: deploymentsFile,
      INDEXER_URL: indexer.url,
      NEXT_TELEMETRY_DISABLED: '1',
      NODE_ENV: 'production',
    },
  );
  await waitUntil(
    'app',
    async () => {
      if (app.child.exitCode !== null) throw new Error(`app exited:\n${app.output().slice(-3000)}`);
      return (await fetch(`${appUrl}/api/health`)).ok;
    },
    120_000,
    500,
  );
  console.log(`[load] app at ${appUrl} (${DIST_DIR})`);
  return { appUrl, indexerUrl: indexer.url, own: true };
}

// ------------------------------------------------------------------------------ report

const f0 = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : '–');
const f2 = (x: number | null) => (x !== null && Number.isFinite(x) ? x.toFixed(2) : '–');
const f1 = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x.toFixed(1) : '–');

function table(rows: string[][]) {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const [k, r] of rows.entries()) {
    console.log(r.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
    if (k === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

async function main() {
  const reuse = process.env.LOAD_APP_URL && process.env.LOAD_INDEXER_URL;
  const stack: Stack = reuse
    ? { appUrl: process.env.LOAD_APP_URL!, indexerUrl: process.env.LOAD_INDEXER_URL!, own: false }
    : await startStack();
  if (process.argv.includes('--serve')) {
    // Keep the stack up for manual runs or profiling (LOAD_APP_URL/LOAD_INDEXER_URL) until Ctrl-C.
    console.log(`[load] serving: LOAD_APP_URL=${stack.appUrl} LOAD_INDEXER_URL=${stack.indexerUrl} (Ctrl-C stops it)`);
    await new Promise(() => {});
  }
  const selected = (process.env.LOAD_ROUTES ?? '').split(',').filter(Boolean);
  const routes = ROUTES.filter(
    (r) => selected.length === 0 || selected.some((s) => `${r.server}${r.path}`.includes(s)),
  );
  const base = (r: Route) => (r.server === 'app' ? stack.appUrl : stack.indexerUrl);

  // Every route answers 200 before measuring (and is warm: JIT, caches, connections).
  for (const r of routes) {
    const res = await fetch(`${base(r)}${r.path}`);
    const body = await res.text();
    if (!res.ok) throw new Error(`${r.server} ${r.path}: HTTP ${res.status} before any load: ${body.slice(0, 300)}`);
    await fire(`${base(r)}${r.path}`, 10, 1, 300);
  }
  const status = await indexerStatus(stack.indexerUrl);
  const pids = {
    app: listenerPid(Number(new URL(stack.appUrl).port)),
    indexer: listenerPid(Number(new URL(stack.indexerUrl).port)),
  };
  console.log(
    `[load] ${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} (other work on this machine skews every figure)`,
  );
  console.log(
    `[load] ${routes.length} routes × clients ${CLIENTS.join('/')} × ${RUNS} runs, ${SECONDS} s or ${MAX_REQUESTS} requests each; ` +
      `indexed block ${status?.indexedBlock ?? '?'}; pids app ${pids.app ?? '?'} indexer ${pids.indexer ?? '?'}`,
  );

  const measurements: (Measurement & { loadavg1: number })[] = [];
  const polls: (PollResult & { run: number; loadavg1: number })[] = [];
  const memory: { run: number; process: 'app' | 'indexer'; beforeMiB?: number; afterMiB?: number }[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const before = { app: rssMiB(pids.app), indexer: rssMiB(pids.indexer) };
    for (const r of routes) {
      for (const c of CLIENTS) {
        await settle(r.server === 'app' ? `${stack.appUrl}/api/health` : `${stack.indexerUrl}/health`);
        const load = os.loadavg()[0]!;
        const m = { ...(await measure(run, r, base(r), c, pids)), loadavg1: load };
        measurements.push(m);
        console.log(
          `[load] run ${run} ${r.server.padEnd(7)} ${r.path.padEnd(48)} c=${String(c).padStart(3)} ` +
            `${f0(m.rps).padStart(6)} req/s p50 ${f1(m.p50)} p95 ${f1(m.p95)} p99 ${f1(m.p99)} ms` +
            ` cpu/req app ${f2(m.cpuMsPerRequest.app)} indexer ${f2(m.cpuMsPerRequest.indexer)} ms` +
            `${m.errors + m.timeouts + m.non2xx ? ` errors ${m.errors} timeouts ${m.timeouts} non2xx ${m.non2xx}` : ''}` +
            ` (load avg ${load.toFixed(1)})`,
        );
      }
    }
    if (routes.some((r) => r.pollMs !== undefined)) {
      for (const c of CLIENTS) {
        await settle(`${stack.appUrl}/api/health`);
        const load = os.loadavg()[0]!;
        for (const p of await pollingDashboards(stack.appUrl, c, POLL_SECONDS)) {
          polls.push({ run, ...p, loadavg1: load });
          console.log(
            `[load] run ${run} ${c} polling dashboards ${p.route.padEnd(48)} ${f0(p.offeredPerSecond).padStart(4)} req/s offered ` +
              `p50 ${f1(p.p50)} p95 ${f1(p.p95)} p99 ${f1(p.p99)} ms` +
              `${p.errors + p.non2xx + p.skipped ? ` errors ${p.errors} non2xx ${p.non2xx} skipped ${p.skipped}` : ''}`,
          );
        }
      }
    }
    // Let in-flight work settle before reading memory again.
    await new Promise((r) => setTimeout(r, 2000));
    const after = { app: rssMiB(pids.app), indexer: rssMiB(pids.indexer) };
    memory.push({ run, process: 'app', beforeMiB: before.app, afterMiB: after.app });
    memory.push({ run, process: 'indexer', beforeMiB: before.indexer, afterMiB: after.indexer });
  }

  // Per route × clients: the median over runs, and the worst p99.
  console.log(
    '\nLoad test: median over runs (worst p99 across runs in brackets); failed = errors + timeouts + unanswered at the end;' +
      ' target: p99 ≤ 200 ms and nothing failed at the top client count, for the dashboard routes\n',
  );
  const top = Math.max(...CLIENTS);
  const rows: string[][] = [
    [
      'server',
      'route',
      'clients',
      'req/s',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      '(worst)',
      'failed',
      'non2xx',
      'KiB',
      'cpu ms/req app',
      'indexer',
      'target',
    ],
  ];
  const summary: Record<string, unknown>[] = [];
  for (const r of routes) {
    for (const c of CLIENTS) {
      const ms = measurements.filter((m) => m.route === r.path && m.server === r.server && m.clients === c);
      const worstP99 = Math.max(...ms.map((m) => m.p99));
      const errors = ms.reduce((a, m) => a + m.errors + m.timeouts, 0);
      const non2xx = ms.reduce((a, m) => a + m.non2xx, 0);
      const target =
        r.dashboard && c === top ? (worstP99 <= P99_TARGET_MS && errors + non2xx === 0 ? 'met' : 'MISSED') : '';
      const row = {
        server: r.server,
        route: r.path,
        clients: c,
        rps: median(ms.map((m) => m.rps)),
        p50: median(ms.map((m) => m.p50)),
        p95: median(ms.map((m) => m.p95)),
        p99: median(ms.map((m) => m.p99)),
        worstP99,
        errors,
        non2xx,
        kib: (ms[0]?.bytes ?? 0) / 1024,
        cpuMsPerRequest: {
          app: median(ms.flatMap((m) => (m.cpuMsPerRequest.app === null ? [] : [m.cpuMsPerRequest.app]))),
          indexer: median(ms.flatMap((m) => (m.cpuMsPerRequest.indexer === null ? [] : [m.cpuMsPerRequest.indexer]))),
        },
        target: target || null,
      };
      summary.push(row);
      rows.push([
        r.server,
        r.path,
        String(c),
        f0(row.rps),
        f1(row.p50),
        f1(row.p95),
        f1(row.p99),
        `(${f1(worstP99)})`,
        String(errors),
        String(non2xx),
        f1(row.kib),
        f2(row.cpuMsPerRequest.app),
        f2(row.cpuMsPerRequest.indexer),
        target,
      ]);
    }
  }
  table(rows);
  console.log(
    '\ncpu ms/req: CPU time (user + system) the app server and the indexer spent per answered request, from /proc;' +
      ' unlike latency it does not depend on what else the machine runs (1000 / it ≈ req/s one free core could serve).',
  );

  const pollSummary: Record<string, unknown>[] = [];
  if (polls.length > 0) {
    console.log(
      `\nPolling dashboards: N open dashboard pages, each polling every route at the page's interval (open loop, ${POLL_SECONDS} s);` +
        ' median over runs, worst p99 in brackets; failed = errors + non-2xx + polls skipped because the last was still out\n',
    );
    const pollRows: string[][] = [
      ['dashboards', 'route', 'offered/s', 'answered/s', 'p50 ms', 'p95 ms', 'p99 ms', '(worst)', 'failed', 'target'],
    ];
    for (const c of CLIENTS) {
      for (const route of [...new Set(polls.map((p) => p.route))]) {
        const ps = polls.filter((p) => p.clients === c && p.route === route);
        const worstP99 = Math.max(...ps.map((p) => p.p99));
        const failed = ps.reduce((a, p) => a + p.errors + p.non2xx + p.skipped, 0);
        const target = c === top ? (worstP99 <= P99_TARGET_MS && failed === 0 ? 'met' : 'MISSED') : '';
        const row = {
          clients: c,
          route,
          offeredPerSecond: median(ps.map((p) => p.offeredPerSecond)),
          answeredPerSecond: median(ps.map((p) => p.answered / POLL_SECONDS)),
          p50: median(ps.map((p) => p.p50)),
          p95: median(ps.map((p) => p.p95)),
          p99: median(ps.map((p) => p.p99)),
          worstP99,
          failed,
          target: target || null,
        };
        pollSummary.push(row);
        pollRows.push([
          String(c),
          route,
          f0(row.offeredPerSecond),
          f0(row.answeredPerSecond),
          f1(row.p50),
          f1(row.p95),
          f1(row.p99),
          `(${f1(worstP99)})`,
          String(failed),
          target,
        ]);
      }
    }
    table(pollRows);
  }

  console.log('\nResident memory (VmRSS, MiB) of the servers, before and after each run\n');
  const memRows: string[][] = [
    ['process', 'pid', ...memory.filter((m) => m.process === 'app').map((m) => `run ${m.run} before → after`)],
  ];
  for (const p of ['app', 'indexer'] as const) {
    memRows.push([
      p,
      String(pids[p] ?? '?'),
      ...memory.filter((m) => m.process === p).map((m) => `${f1(m.beforeMiB)} → ${f1(m.afterMiB)}`),
    ]);
  }
  table(memRows);
  const growth = (p: 'app' | 'indexer') => {
    const a = memory.filter((m) => m.process === p).map((m) => m.afterMiB);
    return a.length > 1 && a[0] !== undefined && a[a.length - 1] !== undefined ? a[a.length - 1]! - a[0]! : undefined;
  };
  console.log(
    `\nMedian 1-minute load average during the measurements: ${f1(median(measurements.map((m) => m.loadavg1)))} on ${os.cpus().length} CPUs`,
  );
  console.log(
    `\nRSS change from the end of run 1 to the end of run ${RUNS}: app ${f1(growth('app'))} MiB, indexer ${f1(growth('indexer'))} MiB`,
  );

  mkdirSync(path.dirname(OUT_FILE), { recursive: true });
  writeFileSync(
    OUT_FILE,
    `${JSON.stringify(
      {
        at: new Date().toISOString(),
        config: {
          runs: RUNS,
          seconds: SECONDS,
          maxRequests: MAX_REQUESTS,
          clients: CLIENTS,
          marketHours: MARKET_HOURS,
          proposals: PROPOSALS,
          ownStack: stack.own,
        },
        indexedBlock: status?.indexedBlock ?? null,
        cpus: os.cpus().length,
        medianLoadAverage1m: median(measurements.map((m) => m.loadavg1)),
        targetP99Ms: P99_TARGET_MS,
        summary,
        polling: pollSummary,
        memory,
        rssGrowthMiB: { app: growth('app') ?? null, indexer: growth('indexer') ?? null },
        measurements,
        polls,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`\n[load] wrote ${path.relative(root, OUT_FILE)}`);
}

main()
  .then(() => bail(0))
  .catch((e: unknown) => bail(1, `load: ${(e as Error)?.stack ?? String(e)}`));
