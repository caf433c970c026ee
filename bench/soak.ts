/**
 * Soak: the whole embedded product, run as a user runs it (`npm start`: production server, chain,
 * indexer, market with its voting electorate, agent), for hours of real time, polled the way open
 * dashboards poll it. Prints a table per 10 minutes (SOAK_WINDOW_MIN) and a verdict against targets.
 *
 *   npm run soak                      2 hours
 *   npm run soak -- --hours 1         another length (or --minutes 10)
 *   npm run soak -- --minutes 10 --ci the short version `npm test` runs: lighter targets, exit 1 on a miss
 *   npm run soak -- --screenshots     also photographs every page at its end (desktop and 390 px), in Chromium
 *
 * Per window: indexer lag in blocks (chain head − indexed block, sampled every 5 s), p50/p99 of
 * every data route the pages poll (each polled every 2 s, 10 s timeout), 5xx and failed requests,
 * memory (RSS) and CPU of each service (its whole process group), proposals made, votes cast, and
 * proposals that passed and executed, were vetoed, or were defeated in the window, and the machine's
 * 1-minute load average (other work on the machine inflates p99: read the two together).
 * With --screenshots, before the stack stops, each page (/, /proposals, the newest proposal,
 * /treasury, /transparency, /simulate) is opened in Chromium at 1280 × 800 and 390 × 844; the PNGs
 * go to .homeostat/bench/soak-screens/ with, in soak.json, each page's time until its main content
 * showed and any error text or console error it displayed.
 * Targets (long soak): lag ≤ 5 blocks, p99 ≤ 200 ms, no 5xx, no memory growth (last window ≤ 1.25×
 * the window at half-time, once caches have filled), at least one proposal executed and one vetoed
 * per hour. With --ci: lag ≤ 5, p99 ≤ 500 ms, no 5xx or failed request, at least one proposal made
 * and one vote cast.
 * The stack uses its own ports (SOAK_ANVIL_PORT 8845, SOAK_APP_PORT 3400, SOAK_INDEXER_PORT 42469),
 * deployments file and data folders, so it never touches a developer's `npm start`.
 * Results: .homeostat/bench/soak.json (the services' last log lines in soak-stack.log). Loopback only; every loop is bounded by the soak's length.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createPublicClient, http } from 'viem';
import { withHistory } from '../lib/chain/archive';
import { homeostatGovernorAbi } from '../lib/contracts/abis';
import { readDeployment } from '../lib/contracts/deployments-node';
import { parseEnv } from '../lib/env';
import { getGovernanceOverview } from '../lib/governance/chain';
import { median, quantile } from '../lib/ml/stats';
import { assertPortFree, bin, root } from '../scripts/lib/proc';

const { values: args } = parseArgs({
  options: {
    hours: { type: 'string' },
    minutes: { type: 'string' },
    ci: { type: 'boolean', default: false },
    'window-min': { type: 'string' },
    screenshots: { type: 'boolean', default: false },
  },
});
const totalMinutes = args.minutes ? Number(args.minutes) : 60 * Number(args.hours ?? 2);
if (!Number.isFinite(totalMinutes) || totalMinutes <= 0) {
  console.error('soak: --hours/--minutes must be a positive number');
  process.exit(2);
}
const windowMinutes = Number(args['window-min'] ?? process.env.SOAK_WINDOW_MIN ?? (totalMinutes <= 20 ? 2 : 10));
const ci = args.ci ?? false;

const ports = {
  anvil: Number(process.env.SOAK_ANVIL_PORT ?? 8845),
  app: Number(process.env.SOAK_APP_PORT ?? 3400),
  indexer: Number(process.env.SOAK_INDEXER_PORT ?? 42469),
};
const dataDir = path.join(root, '.homeostat', 'soak');
const deploymentsFile = 'deployments/soak/31337.json';
const appUrl = `http://127.0.0.1:${ports.app}`;
const rpcUrl = `http://127.0.0.1:${ports.anvil}`;
const indexerUrl = `http://127.0.0.1:${ports.indexer}`;

const PROPOSAL_ROUTE = '/api/governance/proposals/:id';
/** The newest proposal's id, from the last governance sample (null until the agent proposes). */
let newestProposal: bigint | null = null;
/** Anvil's account #5, a holder of the embedded economy: the wallet a proposal page is read for. */
const HOLDER = '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc';

/** The routes open pages poll (dashboard, proposals, one proposal, treasury, transparency). */
const ROUTES = [
  '/api/dashboard?range=7d',
  '/api/chain/head',
  '/api/token',
  '/api/proposals',
  '/api/forecast/history',
  '/api/governance/proposals',
  '/api/treasury',
  '/api/agent/decisions',
  // An open proposal page: the newest proposal, as a connected holder sees it (with ?account=).
  PROPOSAL_ROUTE,
] as const;

type Sample = { at: number; route: string; ms: number; status: number | 'timeout' | 'error'; error?: string };
const samples: Sample[] = [];
const lags: { at: number; lag: number | null }[] = [];
type ServiceUse = { at: number; service: string; rssMiB: number; cpuSeconds: number };
const usage: ServiceUse[] = [];
const loads: { at: number; load1: number }[] = [];
/** Blocks and transactions the chain made, per lag poll (what the local node's memory grows with). */
const chainActivity: { at: number; blocks: number; txs: number }[] = [];
let lastHead: number | null = null;
type GovSnapshot = { at: number; proposals: number; votes: number; executed: number; vetoed: number; defeated: number };
const gov: GovSnapshot[] = [];

let stack: ChildProcess | undefined;
let stackOutput = '';
let stopping = false;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function startStack() {
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const env = {
    ...process.env,
    ANVIL_PORT: String(ports.anvil),
    APP_PORT: String(ports.app),
    INDEXER_PORT: String(ports.indexer),
    APP_MODE: 'production',
    DEPLOYMENTS_FILE: deploymentsFile,
    AGENT_DATA_DIR: path.join(dataDir, 'agent'),
    AGENT_JUSTIFICATIONS_DIR: path.join(dataDir, 'justifications'),
    MARKET_POSTS_DIR: path.join(dataDir, 'posts'),
    INDEXER_PGLITE_DIR: path.join(dataDir, 'indexer'),
    NEXT_TELEMETRY_DISABLED: '1',
    PONDER_TELEMETRY_DISABLED: 'true',
  };
  stack = spawn(process.execPath, [bin.tsx, 'scripts/start.ts'], { cwd: root, env, detached: true, stdio: 'pipe' });
  const keep = (b: Buffer) => {
    stackOutput = (stackOutput + b.toString()).slice(-200_000);
  };
  stack.stdout?.on('data', keep);
  stack.stderr?.on('data', keep);
  stack.once('exit', (code) => {
    if (!stopping) {
      console.error(`soak: the stack exited (code ${code}) during the soak:\n${stackOutput.slice(-4000)}`);
      process.exit(1);
    }
  });
}

/** SIGTERM to `npm start`'s script; whether it exited by itself within 30 s, and how long it took. */
async function stopStack(): Promise<{ onItsOwn: boolean; seconds: number }> {
  stopping = true;
  const t = Date.now();
  if (!stack?.pid || stack.exitCode !== null) return { onItsOwn: true, seconds: 0 };
  // start.ts stops its services (each its own process group) on SIGTERM.
  process.kill(stack.pid, 'SIGTERM');
  const exited = new Promise<boolean>((r) => stack?.once('exit', () => r(true)));
  const onItsOwn = await Promise.race([exited, sleep(30_000).then(() => false)]);
  try {
    process.kill(-stack.pid, 'SIGKILL');
  } catch {
    // already gone
  }
  return { onItsOwn, seconds: (Date.now() - t) / 1000 };
}

/** The stack's ports that something still listens on. */
async function portsStillUsed(): Promise<string[]> {
  const used: string[] = [];
  for (const [name, port] of Object.entries(ports)) {
    await assertPortFree(port, '', name).catch(() => used.push(`${name} :${port}`));
  }
  return used;
}

async function timed(
  url: string,
  timeoutMs = 10_000,
): Promise<{ ms: number; status: number | 'timeout' | 'error'; error?: string }> {
  const t = performance.now();
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const body = await res.text();
    const ms = performance.now() - t;
    // A 5xx keeps the start of its body (the error it names), so the report can say why.
    return res.status >= 500 ? { ms, status: res.status, error: body.slice(0, 300) } : { ms, status: res.status };
  } catch (e) {
    const name = (e as Error)?.name;
    return { ms: performance.now() - t, status: name === 'TimeoutError' ? 'timeout' : 'error' };
  }
}

async function rpc<T>(method: string, params: unknown[] = []): Promise<T> {
  const res = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    signal: AbortSignal.timeout(5_000),
  });
  const body = (await res.json()) as { result: T };
  return body.result;
}

// ------------------------------------------------------------------------------ per-service usage

type Proc = { pid: number; ppid: number; pgid: number; cpuTicks: number; rssKiB: number };
const TICKS = 100; // USER_HZ on Linux

function readProcs(): Proc[] {
  const out: Proc[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${d}/status`, 'utf8'));
      out.push({
        pid: Number(d),
        ppid: Number(f[1]),
        pgid: Number(f[2]),
        cpuTicks: Number(f[11]) + Number(f[12]),
        rssKiB: rss ? Number(rss[1]) : 0,
      });
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

function serviceName(pid: number): string {
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    if (/anvil/.test(cmd)) return 'anvil';
    if (/indexer\.ts/.test(cmd)) return 'indexer';
    if (/market-driver\.ts/.test(cmd)) return 'market';
    if (/scripts\/agent\.ts/.test(cmd)) return 'agent';
    if (/app-server\.ts|next/.test(cmd)) return 'app';
    return cmd.split(' ')[1]?.split('/').pop() ?? String(pid);
  } catch {
    return String(pid);
  }
}

/**
 * RSS and CPU time of each service. start.ts starts each service in its own process group, so a
 * service is one process group among the stack's descendants (the stack itself is its own group).
 */
function sampleUsage(at: number) {
  if (!stack?.pid) return;
  const procs = readProcs();
  const children = new Map<number, Proc[]>();
  for (const p of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const descendants: Proc[] = [];
  const queue = [stack.pid];
  while (queue.length) {
    for (const c of children.get(queue.pop() as number) ?? []) {
      descendants.push(c);
      queue.push(c.pid);
    }
  }
  const groups = new Map<number, Proc[]>();
  for (const p of descendants) {
    if (p.pgid === stack.pid) continue;
    groups.set(p.pgid, [...(groups.get(p.pgid) ?? []), p]);
  }
  for (const [pgid, group] of groups) {
    usage.push({
      at,
      service: serviceName(pgid),
      rssMiB: group.reduce((s, p) => s + p.rssKiB, 0) / 1024,
      cpuSeconds: group.reduce((s, p) => s + p.cpuTicks, 0) / TICKS,
    });
  }
}

// ------------------------------------------------------------------------------ governance

// The stack's anvil keeps the last ANVIL_TX_HISTORY blocks' logs; older ones come from its indexer.
const historyClient = withHistory(createPublicClient({ transport: http(rpcUrl) }), {
  keepBlocks: parseEnv(process.env).localTxWindow,
  indexerUrl: `http://127.0.0.1:${ports.indexer}`,
});

async function sampleGovernance(at: number) {
  const deployment = readDeployment(path.join(root, deploymentsFile), 31337);
  const client = historyClient;
  const [overview, voteLogs] = await Promise.all([
    getGovernanceOverview(client as never, deployment),
    client.getContractEvents({
      address: deployment.contracts.HomeostatGovernor,
      abi: homeostatGovernorAbi,
      eventName: 'VoteCast',
      fromBlock: BigInt(deployment.startBlock),
      toBlock: 'latest',
    }),
  ]);
  let executed = 0;
  let vetoed = 0;
  let defeated = 0;
  for (const p of overview.proposals) {
    if (p.state === 'Executed') executed++;
    if (p.state !== 'Defeated') continue;
    const vetoReached = p.vetoThreshold !== null && p.votes.against >= p.vetoThreshold;
    if (vetoReached) vetoed++;
    else defeated++;
  }
  newestProposal = overview.proposals[0]?.id ?? null; // newest first
  gov.push({ at, proposals: overview.proposals.length, votes: voteLogs.length, executed, vetoed, defeated });
}

// ------------------------------------------------------------------------------ report

const fmt = (x: number | undefined, d = 0) => (x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(d));

/** Fixed column widths, so the windows printed one at a time line up under one header. */
const COL = 18;
function table(rows: string[][], header: boolean) {
  for (const [k, r] of rows.entries()) {
    console.log(r.map((c, i) => (i === 0 ? c.padEnd(12) : c.padStart(COL))).join(' '));
    if (k === 0 && header) console.log(r.map((_, i) => '-'.repeat(i === 0 ? 12 : COL)).join(' '));
  }
}

type WindowReport = {
  window: string;
  lagMedian: number | null;
  lagMax: number | null;
  /** Status polls of the indexer not answered within 5 s. */
  lagUnanswered: number;
  routes: Record<
    string,
    { p50: number; p99: number; n: number; fivexx: number; failed: number; firstError?: string | undefined }
  >;
  services: Record<string, { rssMiB: number; cpuPct: number }>;
  /** The machine's 1-minute load average in the window: median and max. */
  load: { median: number; max: number };
  governance: { proposals: number; votes: number; executed: number; vetoed: number; defeated: number };
  /** Blocks and transactions the chain made in the window. */
  chain: { blocks: number; txs: number };
};

function windowReport(from: number, to: number, label: string): WindowReport {
  const inWin = <T extends { at: number }>(xs: T[]) => xs.filter((x) => x.at >= from && x.at < to);
  const lagVals = inWin(lags)
    .map((l) => l.lag)
    .filter((l): l is number => l !== null);
  const routes: WindowReport['routes'] = {};
  for (const r of ROUTES) {
    const s = inWin(samples).filter((x) => x.route === r);
    const ok = s.filter((x) => typeof x.status === 'number').map((x) => x.ms);
    routes[r] = {
      p50: ok.length ? median(ok) : Number.NaN,
      p99: ok.length ? quantile(ok, 0.99) : Number.NaN,
      n: s.length,
      fivexx: s.filter((x) => typeof x.status === 'number' && x.status >= 500).length,
      firstError: s.find((x) => x.error !== undefined)?.error,
      failed: s.filter((x) => typeof x.status !== 'number').length,
    };
  }
  const services: WindowReport['services'] = {};
  const u = inWin(usage);
  for (const name of new Set(u.map((x) => x.service))) {
    const xs = u.filter((x) => x.service === name);
    const first = xs[0] as ServiceUse;
    const last = xs[xs.length - 1] as ServiceUse;
    const secs = (last.at - first.at) / 1000;
    services[name] = {
      rssMiB: median(xs.map((x) => x.rssMiB)),
      cpuPct: secs > 0 ? (100 * (last.cpuSeconds - first.cpuSeconds)) / secs : Number.NaN,
    };
  }
  const loadVals = inWin(loads).map((l) => l.load1);
  const activity = inWin(chainActivity);
  const before = [...gov].reverse().find((g) => g.at < from) ?? {
    proposals: 0,
    votes: 0,
    executed: 0,
    vetoed: 0,
    defeated: 0,
  };
  const end = [...gov].reverse().find((g) => g.at < to) ?? before;
  return {
    window: label,
    lagMedian: lagVals.length ? median(lagVals) : null,
    lagMax: lagVals.length ? Math.max(...lagVals) : null,
    lagUnanswered: inWin(lags).filter((l) => l.lag === null).length,
    routes,
    services,
    load: {
      median: loadVals.length ? median(loadVals) : Number.NaN,
      max: loadVals.length ? Math.max(...loadVals) : Number.NaN,
    },
    chain: { blocks: activity.reduce((a, x) => a + x.blocks, 0), txs: activity.reduce((a, x) => a + x.txs, 0) },
    governance: {
      proposals: end.proposals - before.proposals,
      votes: end.votes - before.votes,
      executed: end.executed - before.executed,
      vetoed: end.vetoed - before.vetoed,
      defeated: end.defeated - before.defeated,
    },
  };
}

function printWindow(w: WindowReport, header: boolean) {
  const short = (r: string) => (r === PROPOSAL_ROUTE ? 'proposal' : ((r.split('?')[0] ?? r).split('/').pop() ?? r));
  const rows: string[][] = [];
  if (header)
    rows.push(['window', 'lag med/max/unanswered', ...ROUTES.map((r) => `${short(r)} p50/p99`), '5xx', 'failed']);
  rows.push([
    w.window,
    `${fmt(w.lagMedian ?? undefined)}/${fmt(w.lagMax ?? undefined)}/${w.lagUnanswered}`,
    ...ROUTES.map((r) => `${fmt(w.routes[r]?.p50)}/${fmt(w.routes[r]?.p99)}`),
    String(Object.values(w.routes).reduce((s, r) => s + r.fivexx, 0)),
    String(Object.values(w.routes).reduce((s, r) => s + r.failed, 0)),
  ]);
  table(rows, header);
  const svc = Object.entries(w.services)
    .map(([n, s]) => `${n} ${fmt(s.rssMiB)} MiB ${fmt(s.cpuPct)} %`)
    .join(' · ');
  const g = w.governance;
  console.log(
    `  services: ${svc} · machine load ${fmt(w.load.median, 1)} (max ${fmt(w.load.max, 1)}) on ${availableParallelism()} cores\n  chain: ${w.chain.blocks} blocks, ${w.chain.txs} transactions\n  governance: ${g.proposals} proposed, ${g.votes} votes, ${g.executed} executed, ${g.vetoed} vetoed, ${g.defeated} defeated`,
  );
  for (const [route, r] of Object.entries(w.routes)) {
    if (r.fivexx > 0) console.log(`  5xx: ${route} ${r.fivexx}×, first: ${r.firstError ?? '(no body)'}`);
  }
}

// ------------------------------------------------------------------------------ main

async function main() {
  console.log(
    `[soak] ${totalMinutes} min of npm start (production) on ports ${ports.anvil}/${ports.indexer}/${ports.app}, windows of ${windowMinutes} min${ci ? ', CI targets' : ''}`,
  );
  const t0Start = Date.now();
  startStack();
  const deadline = Date.now() + 600_000;
  while (!/Homeostat is running/.test(stackOutput)) {
    if (Date.now() > deadline) throw new Error(`the stack did not start within 10 min:\n${stackOutput.slice(-3000)}`);
    await sleep(500);
  }
  console.log(`[soak] stack up in ${((Date.now() - t0Start) / 1000).toFixed(0)} s; polling`);
  const t0 = Date.now();
  const end = t0 + totalMinutes * 60_000;
  const windowMs = windowMinutes * 60_000;
  let nextWindow = t0 + windowMs;
  let windowIndex = 0;
  const reports: WindowReport[] = [];

  const pollers = ROUTES.map(async (route) => {
    while (Date.now() < end) {
      const started = Date.now();
      const path =
        route === PROPOSAL_ROUTE
          ? newestProposal !== null && `/api/governance/proposals/${newestProposal}?account=${HOLDER}`
          : route;
      if (!path) {
        await sleep(2_000);
        continue;
      }
      const r = await timed(`${appUrl}${path}`);
      samples.push({ at: started, route, ...r });
      await sleep(Math.max(0, 2_000 - (Date.now() - started)));
    }
  });
  const lagPoller = (async () => {
    while (Date.now() < end) {
      const at = Date.now();
      try {
        const [headHex, status] = await Promise.all([
          rpc<string>('eth_blockNumber'),
          fetch(`${indexerUrl}/api/status`, { signal: AbortSignal.timeout(5_000) }).then(
            (r) => r.json() as Promise<{ indexedBlock: number | null }>,
          ),
        ]);
        const head = Number(BigInt(headHex));
        lags.push({ at, lag: status.indexedBlock === null ? null : Math.max(0, head - status.indexedBlock) });
        if (lastHead !== null && head > lastHead) {
          let txs = 0;
          for (let b = lastHead + 1; b <= head; b++) {
            txs += Number(BigInt(await rpc<string>('eth_getBlockTransactionCountByNumber', [`0x${b.toString(16)}`])));
          }
          chainActivity.push({ at, blocks: head - lastHead, txs });
        }
        if (lastHead === null || head > lastHead) lastHead = head;
      } catch {
        // An unanswered status is a lag we cannot read: counted as unknown, and the data routes show it.
        lags.push({ at, lag: null });
      }
      sampleUsage(at);
      loads.push({ at, load1: loadavg()[0] ?? Number.NaN });
      await sleep(5_000);
    }
  })();
  const govPoller = (async () => {
    while (Date.now() < end) {
      await sampleGovernance(Date.now()).catch((e) =>
        console.error(`[soak] governance sample failed: ${(e as Error).message.split('\n')[0]}`),
      );
      await sleep(30_000);
    }
  })();
  while (Date.now() < end) {
    await sleep(Math.min(5_000, Math.max(0, nextWindow - Date.now())));
    if (Date.now() >= nextWindow) {
      const from = nextWindow - windowMs;
      await sampleGovernance(Date.now()).catch(() => undefined);
      const label = `${(windowIndex * windowMinutes).toString().padStart(3)}–${(windowIndex + 1) * windowMinutes} min`;
      const w = windowReport(from, nextWindow, label);
      reports.push(w);
      printWindow(w, windowIndex === 0);
      windowIndex++;
      nextWindow += windowMs;
    }
  }
  await Promise.all([...pollers, lagPoller, govPoller]);
  await sampleGovernance(Date.now()).catch(() => undefined);
  return { t0, reports };
}

function verdict(t0: number, reports: WindowReport[]) {
  const all = windowReport(t0, Date.now() + 1, 'all');
  const checks: [string, boolean, string][] = [];
  const p99Limit = ci ? 500 : 200;
  const worstP99 = Math.max(...Object.values(all.routes).map((r) => (Number.isFinite(r.p99) ? r.p99 : 0)));
  const lagUnknown = lags.filter((l) => l.lag === null).length;
  checks.push([
    'indexer lag ≤ 5 blocks',
    (all.lagMax ?? 99) <= 5 && lagUnknown === 0,
    `max ${all.lagMax}, unanswered ${lagUnknown}`,
  ]);
  checks.push([`p99 of every route ≤ ${p99Limit} ms`, worstP99 <= p99Limit, `worst ${worstP99.toFixed(0)} ms`]);
  const fivexx = Object.values(all.routes).reduce((s, r) => s + r.fivexx, 0);
  const failed = Object.values(all.routes).reduce((s, r) => s + r.failed, 0);
  checks.push(['no 5xx', fivexx === 0, `${fivexx}`]);
  checks.push(['no failed request (timeout/refused)', failed === 0, `${failed}`]);
  const g = all.governance;
  if (ci) {
    checks.push(['a proposal made', g.proposals >= 1, `${g.proposals}`]);
    checks.push(['the electorate votes', g.votes >= 1, `${g.votes}`]);
  } else {
    const hours = reports.length * (windowMinutes / 60);
    checks.push(['≥ 1 executed per hour', g.executed >= Math.floor(hours), `${g.executed} in ${hours.toFixed(1)} h`]);
    checks.push(['≥ 1 vetoed per hour', g.vetoed >= Math.floor(hours), `${g.vetoed} in ${hours.toFixed(1)} h`]);
    if (reports.length >= 3) {
      // Memory is compared after warm-up: the window at half-time against the last, so that
      // bounded caches (anvil's ANVIL_TX_HISTORY blocks, ~30 min at the market's pace; the app's
      // and indexer's caches) have filled before the baseline is taken. The rate is per hour.
      const baseAt = Math.max(1, Math.floor(reports.length / 2) - 1);
      const base = reports[baseAt] as WindowReport;
      const last = reports[reports.length - 1] as WindowReport;
      const hoursApart = ((reports.length - 1 - baseAt) * windowMinutes) / 60;
      for (const [name, s] of Object.entries(last.services)) {
        const from = base.services[name]?.rssMiB;
        if (from === undefined) continue;
        const perHour = hoursApart > 0 ? (s.rssMiB - from) / hoursApart : 0;
        // The local node's memory grows with what the chain does: say how much per transaction.
        const txs = reports.slice(baseAt + 1).reduce((a, r) => a + r.chain.txs, 0);
        const perTx =
          name === 'anvil' && txs > 0 ? `, ${(((s.rssMiB - from) * 1024) / txs).toFixed(1)} KiB per transaction` : '';
        checks.push([
          `${name} memory: last window ≤ 1.25× window ${baseAt + 1} (after warm-up)`,
          s.rssMiB <= 1.25 * from,
          `${from.toFixed(0)} → ${s.rssMiB.toFixed(0)} MiB (${perHour >= 0 ? '+' : ''}${perHour.toFixed(0)} MiB/h${perTx})`,
        ]);
      }
    }
  }
  console.log('\n[soak] whole run');
  printWindow(all, true);
  console.log('');
  for (const [what, ok, value] of checks) console.log(`${ok ? 'PASS' : 'FAIL'}  ${what}: ${value}`);
  return { all, checks, ok: checks.every(([, ok]) => ok) };
}

// ------------------------------------------------------------------------------ screenshots

type Screen = {
  page: string;
  width: number;
  file: string;
  /** ms from navigation until no skeleton (animate-pulse) is left, or null if one still showed at 30 s. */
  settledMs: number | null;
  /** Error-looking text the page showed ("unavailable", "failed", "error"), first 200 characters each. */
  errorText: string[];
  consoleErrors: string[];
};

/** What a user sees at the soak's end: each page at desktop and phone width, in Chromium. */
async function screenshots(): Promise<Screen[]> {
  const { chromium } = await import('@playwright/test');
  const { chromiumPath } = await import('../scripts/lib/chromium');
  const dir = path.join(root, '.homeostat', 'bench', 'soak-screens');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const proposals = (await fetch(`${appUrl}/api/governance/proposals`)
    .then((r) => r.json())
    .catch(() => null)) as { proposals?: { id: string | { $bigint: string } }[] } | null;
  // Ids are uint256: the JSON carries them as {"$bigint": "…"} (lib/json.ts).
  const rawId = proposals?.proposals?.[0]?.id;
  const newest = typeof rawId === 'object' && rawId !== null ? rawId.$bigint : rawId;
  const pages = [
    '/',
    '/proposals',
    ...(newest ? [`/proposals/${newest}`] : []),
    '/treasury',
    '/transparency',
    '/simulate',
  ];
  const browser = await chromium.launch({ executablePath: chromiumPath() });
  const out: Screen[] = [];
  try {
    for (const width of [1280, 390]) {
      const context = await browser.newContext({ viewport: { width, height: width > 500 ? 800 : 844 } });
      for (const route of pages) {
        const page = await context.newPage();
        const consoleErrors: string[] = [];
        page.on('console', (m) => {
          if (m.type() === 'error') consoleErrors.push(m.text().slice(0, 200));
        });
        const t = Date.now();
        let settledMs: number | null = null;
        try {
          await page.goto(`${appUrl}${route}`, { waitUntil: 'load', timeout: 30_000 });
          // Charts below the fold mount when scrolled into view (components/charts/when-visible.tsx):
          // on every check, bring the first placeholder still showing to the middle of the screen,
          // as a reader scrolling to it would, since the page grows as its data arrives. (Scrolling
          // a fixed 600 px per check could pass a placeholder between two frames of the observer:
          // the 2-h soak's desktop dashboard kept six chart placeholders at 30 s that way.)
          await page.waitForFunction(
            () => {
              const waiting = document.querySelector('.animate-pulse');
              waiting?.scrollIntoView({ block: 'center' });
              return waiting === null;
            },
            undefined,
            { timeout: Math.max(1_000, 30_000 - (Date.now() - t)), polling: 150 },
          );
          settledMs = Date.now() - t;
        } catch {
          // still loading at 30 s: the screenshot shows what the user saw then
        }
        await page.evaluate(() => window.scrollTo(0, 0));
        await sleep(1_000);
        const name = `${route === '/' ? 'dashboard' : route.slice(1).replace(/\//g, '-')}-${width}.png`;
        await page.screenshot({ path: path.join(dir, name), fullPage: true });
        const body = await page
          .locator('body')
          // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what the user saw
          .innerText()
          .catch(() => '');
        const errorText = body
          .split('\n')
          .filter((l) => /unavailable|failed|error/i.test(l))
          .map((l) => l.slice(0, 200));
        out.push({ page: route, width, file: name, settledMs, errorText, consoleErrors });
        console.log(
          `[soak] ${route} at ${width} px: ${settledMs === null ? 'still loading at 30 s' : `settled in ${settledMs} ms`}` +
            `${errorText.length ? `; shows: ${errorText.join(' | ')}` : ''}${consoleErrors.length ? `; ${consoleErrors.length} console errors` : ''}`,
        );
        await page.close();
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
  console.log(`[soak] screenshots in ${path.relative(root, dir)}/`);
  return out;
}

let finished = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (finished) return;
    finished = true;
    void stopStack().then(() => process.exit(130));
  });
}

main()
  .then(async ({ t0, reports }) => {
    const v = verdict(t0, reports);
    const screens = args.screenshots
      ? await screenshots().catch((e: unknown) => {
          console.error(`[soak] screenshots failed: ${(e as Error)?.message?.split('\n')[0]}`);
          return [];
        })
      : undefined;
    finished = true;
    // Stopping is part of the product: `npm start` must leave nothing running behind it.
    const stop = await stopStack();
    const left = await portsStillUsed();
    const stopCheck: [string, boolean, string] = [
      'the stack stops on SIGTERM within 30 s and leaves nothing listening',
      stop.onItsOwn && left.length === 0,
      `${stop.seconds.toFixed(1)} s${left.length > 0 ? `; still listening: ${left.join(', ')}` : ''}`,
    ];
    console.log(`${stopCheck[1] ? 'PASS' : 'FAIL'}  ${stopCheck[0]}: ${stopCheck[2]}`);
    v.checks.push(stopCheck);
    v.ok &&= stopCheck[1];
    const out = path.join(root, '.homeostat', 'bench');
    mkdirSync(out, { recursive: true });
    writeFileSync(
      path.join(out, 'soak.json'),
      JSON.stringify({ minutes: totalMinutes, ci, windows: reports, all: v.all, checks: v.checks, screens }, null, 2),
    );
    // The services' own log lines (the last 200 KB), for reading after the run.
    writeFileSync(path.join(out, 'soak-stack.log'), stackOutput);
    if (!existsSync(path.join(out, 'soak.json'))) process.exit(1);
    // The plain closing line counts the checks.
    const passed = v.checks.filter(([, ok]) => ok).length;
    console.log(`soak: ${passed} passed, ${v.checks.length - passed} failed`);
    process.exit(v.ok ? 0 : 1);
  })
  .catch(async (e: unknown) => {
    console.error(`soak: ${(e as Error)?.message ?? e}`);
    finished = true;
    await stopStack();
    process.exit(1);
  });
