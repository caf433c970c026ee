/**
 * `npm run chaos`: fault injection on a private local stack (issue #8, "Fault injection").
 *
 * Starts its own anvil (with a state file, so a killed chain comes back), deploys, and runs the
 * indexer, the market driver, the agent and the production app, while holders vote on the
 * agent's proposals by signature (a relayer submits) and the guardian cancels some. For
 * CHAOS_SECONDS it SIGKILLs one process group at a time at seeded random moments (every service
 * in turn, shuffled per round) plus targeted kills: the agent right after it logs a proposal
 * intent, the chain right after a proposal is mined. Each comes back after a seeded pause.
 * Then it lets the stack settle, freezes the chain and checks:
 *   - the agent's decision log against the chain: no decision lost, duplicated or phantom;
 *   - no proposal submitted twice (DecisionProposed per decision id, ProposalCreated accounted for);
 *   - the indexer's tables equal a fresh re-index of the same chain (every table, every row);
 *   - the app answers / and its data routes after the last restart, with no manual step;
 *   - guardrails held: parameters within bounds, every 24 h window of supply changes within
 *     budget, nothing executed that was vetoed, defeated or canceled.
 * Prints a table, writes .homeostat/bench/chaos.json, exits 1 when a check fails.
 *
 * What a chain kill loses: anvil dumps its state every second (--state-interval 1) and on a
 * clean exit; a SIGKILL loses the blocks mined since the last complete dump (counted by hash and
 * reported as "blocks lost"), everything in the mempool, and the node's settings (automine,
 * impersonated accounts); the reloaded chain has a new genesis hash and no state for old blocks
 * (eth_call at them fails). The chain then goes back a little, and every other process must cope
 * with blocks (and proposals) that no longer exist. Two things the supervisor here does for anvil
 * (see StateKeeper): it keeps the last complete dump aside, since a kill mid-dump tears the file,
 * and restarts the clock at the saved chain time, since anvil would resume from the wall clock.
 *
 * Governance lengths are shortened for the run (vote 12 h, timelock 6 h, chain time) so proposal
 * lifecycles finish; the market replays the May 2022 crash (CHAOS_MARKET_SCENARIO) so the agent
 * has reasons to propose. The fresh re-index runs beside the chaos indexer on a free port.
 *
 * Env: CHAOS_SEED (default homeostat-chaos), CHAOS_SECONDS (fault phase, default 150, 30..360),
 * CHAOS_MARKET_SPEED (simulated hours per second, default 6), CHAOS_MARKET_SCENARIO (crash),
 * CHAOS_ANVIL_PORT / CHAOS_APP_PORT / CHAOS_INDEXER_PORT (8710 / 3210 / 42210), CHAOS_DIR
 * (default .homeostat/chaos), CHAOS_REBUILD=1 (rebuild the app in .next-chaos; otherwise an existing
 * build is reused). The whole run stops itself after 10 minutes (the app's production build, when
 * one is needed, comes before that clock starts). The seed fixes the kill schedule, the holders'
 * votes and the market; what each process is doing at the moment of a kill depends on timing.
 */
import { spawn } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import {
  type Address,
  createPublicClient,
  createWalletClient,
  type Hex,
  http,
  keccak256,
  type PublicClient,
  stringToBytes,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { readJsonLines } from '../agent/store';
import { ballotTypes, governorDomain } from '../components/wallet/ballot';
import type { LogEntry } from '../lib/agent/records';
import { proposalStates } from '../lib/chain/governance';
import { homeostatGovernorAbi, policyControllerAbi } from '../lib/contracts/abis';
import type { Deployment } from '../lib/contracts/deployments';
import { integer, nonEmpty, number } from '../lib/env';
import { createRng, type Rng } from '../lib/market/prng';
import { devAccount } from '../scripts/lib/accounts';
import { assertPortFree, foundryBinary } from '../scripts/lib/proc';
import { deploy, freePort } from '../test/local-stack';
import {
  type Check,
  checkDecisions,
  checkNothingVetoedExecuted,
  checkParameters,
  checkSupplyWindows,
  diffTables,
  formatTable,
  type ProposalOutcome,
  type SupplyChange,
  type Tables,
} from './chaos/checks';
import { Service, sleep } from './chaos/services';

const root = path.resolve(import.meta.dirname, '..');
const bins = {
  anvil: foundryBinary('anvil'),
  forge: foundryBinary('forge'),
  tsx: path.join(root, 'node_modules/tsx/dist/cli.mjs'),
  next: path.join(root, 'node_modules/next/dist/bin/next'),
};
const CHAIN_ID = 31337;
const TOTAL_BUDGET_MS = 10 * 60_000;

const env = process.env;
const cfg = {
  seed: nonEmpty(env, 'CHAOS_SEED') ?? 'homeostat-chaos',
  seconds: integer(env, 'CHAOS_SECONDS', 150, 30, 360),
  marketSpeed: number(env, 'CHAOS_MARKET_SPEED', 6, 0.5, 50),
  anvilPort: integer(env, 'CHAOS_ANVIL_PORT', 8710, 1, 65535),
  appPort: integer(env, 'CHAOS_APP_PORT', 3210, 1, 65535),
  indexerPort: integer(env, 'CHAOS_INDEXER_PORT', 42210, 1, 65535),
  dir: path.resolve(root, nonEmpty(env, 'CHAOS_DIR') ?? '.homeostat/chaos'),
  distDir: '.next-chaos',
  foundryOut: 'contracts/out-chaos-run',
  foundryCache: 'contracts/cache-chaos-run',
};
const rpcUrl = `http://127.0.0.1:${cfg.anvilPort}`;
const appUrl = `http://127.0.0.1:${cfg.appPort}`;
const indexerUrl = `http://127.0.0.1:${cfg.indexerPort}`;
const dirs = {
  logs: path.join(cfg.dir, 'logs'),
  anvilState: path.join(cfg.dir, 'anvil', 'state.json'),
  deployments: path.join(cfg.dir, 'deployments'),
  pglite: path.join(cfg.dir, 'indexer', 'pglite'),
  freshPglite: path.join(cfg.dir, 'indexer-fresh', 'pglite'),
  agent: path.join(cfg.dir, 'agent'),
  justifications: path.join(cfg.dir, 'justifications'),
  models: path.join(cfg.dir, 'models'),
  posts: path.join(cfg.dir, 'posts'),
};
const summaryFile = path.join(root, '.homeostat', 'bench', 'chaos.json');

const t0 = Date.now();
const elapsed = () => ((Date.now() - t0) / 1000).toFixed(1);
const say = (msg: string) => console.log(`[chaos ${elapsed().padStart(6)} s] ${msg}`);

// ------------------------------------------------------------------ small RPC / HTTP helpers

async function rpc<T>(method: string, params: unknown[] = [], timeoutMs = 3000): Promise<T> {
  const res = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = (await res.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

async function httpOk(url: string, timeoutMs = 5000): Promise<number> {
  return (await httpGet(url, timeoutMs)).status;
}

/** Status (0: no answer) and the start of the body, for the report when it is not 200. */
async function httpGet(url: string, timeoutMs = 5000): Promise<{ status: number; body: string }> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return { status: res.status, body: (await res.text()).slice(0, 300) };
  } catch (e) {
    return { status: 0, body: String((e as Error)?.message ?? e) };
  }
}

type IndexerStatus = { indexedBlock: number | null; ready: boolean };
async function indexerStatus(url = indexerUrl): Promise<IndexerStatus | undefined> {
  try {
    const res = await fetch(`${url}/api/status`, { signal: AbortSignal.timeout(2000) });
    return res.ok ? ((await res.json()) as IndexerStatus) : undefined;
  } catch {
    return undefined;
  }
}

function runToEnd(cmd: string, args: string[], extraEnv: Record<string, string>, logName: string): Promise<void> {
  return new Promise((resolve, reject) => {
    mkdirSync(dirs.logs, { recursive: true });
    const out: Buffer[] = [];
    const child = spawn(cmd, args, {
      cwd: root,
      env: { ...process.env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => out.push(b));
    child.on('error', reject);
    child.on('exit', (code) => {
      const text = Buffer.concat(out).toString();
      writeFileSync(path.join(dirs.logs, `${logName}.log`), text);
      if (code === 0) resolve();
      else reject(new Error(`${logName} failed (exit ${code}):\n${text.slice(-3000)}`));
    });
  });
}

// ------------------------------------------------------------------ preflight: contracts and the app build

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * A production build in .next-chaos: made when there is none (or CHAOS_REBUILD=1). An existing
 * build is reused even when app/, components/ or lib/ changed since (the run says so): a rebuild
 * costs minutes on a small machine, and the app is stateless, so recovery does not depend on it.
 */
async function ensureAppBuild() {
  const buildId = path.join(root, cfg.distDir, 'BUILD_ID');
  if (env.CHAOS_REBUILD !== '1' && existsSync(buildId)) {
    const sources = Math.max(...['app', 'components', 'lib'].map((d) => newestMtime(path.join(root, d))));
    const built = statSync(buildId).mtimeMs;
    if (sources > built) say(`app build in ${cfg.distDir} is older than the sources (CHAOS_REBUILD=1 rebuilds)`);
    return false;
  }
  say(`building the app into ${cfg.distDir} (once; not part of the 10-minute run)`);
  // `next build` with a custom distDir rewrites tsconfig.json's include list: put it back.
  const tsconfig = path.join(root, 'tsconfig.json');
  const before = readFileSync(tsconfig, 'utf8');
  try {
    await runToEnd(
      process.execPath,
      [bins.next, 'build'],
      { NEXT_DIST_DIR: cfg.distDir, NEXT_TELEMETRY_DISABLED: '1' },
      'next-build',
    );
  } finally {
    if (readFileSync(tsconfig, 'utf8') !== before) writeFileSync(tsconfig, before);
  }
  return true;
}

// ------------------------------------------------------------------ the chain's state file

/**
 * anvil rewrites its --state file in place every --state-interval, so a SIGKILL in the middle of
 * a dump leaves a torn file that anvil then refuses to load (seen on the first chain kill of the
 * first run: "EOF while parsing" at 16 MB, a page boundary). The keeper copies every complete
 * dump aside (atomically) and puts the last complete one back before anvil restarts from a torn
 * file: the chain then loses what was mined since that dump, one or two seconds more.
 */
class StateKeeper {
  readonly good: string;
  private lastMtime = 0;
  restores = 0;
  copies = 0;

  constructor(readonly file: string) {
    this.good = `${file}.good`;
  }

  /** A complete dump ends with its last key; a torn one ends wherever the kill cut it. */
  static complete(file: string): boolean {
    if (!existsSync(file)) return false;
    const size = statSync(file).size;
    if (size < 32) return false;
    const fd = openSync(file, 'r');
    try {
      const tail = Buffer.alloc(64);
      readSync(fd, tail, 0, 64, size - 64);
      return /"historical_states":null\}\s*$/.test(tail.toString());
    } finally {
      closeSync(fd);
    }
  }

  /** Copies a new complete dump aside; cheap when nothing changed (one stat). */
  keep(): void {
    try {
      if (!existsSync(this.file)) return;
      const { mtimeMs } = statSync(this.file);
      if (mtimeMs === this.lastMtime || !StateKeeper.complete(this.file)) return;
      const tmp = `${this.good}.partial`;
      copyFileSync(this.file, tmp);
      // anvil may have started its next dump while we copied: keep the copy only if it is whole.
      if (!StateKeeper.complete(tmp)) return;
      renameSync(tmp, this.good);
      this.lastMtime = mtimeMs;
      this.copies++;
    } catch {
      // the next round tries again
    }
  }

  /**
   * Chain time of the saved state (its block environment comes first in the file). anvil resumes
   * its clock from the wall clock, not from the saved chain: the local chain runs days ahead of
   * it (simulated hours), so the first block after a restart would go back in time, and with it
   * every timestamp-keyed checkpoint (ERC20Votes refuses the out-of-order insert; the indexer
   * orders events by it). `--timestamp` restarts the clock where the saved chain stopped.
   */
  static chainTime(file: string): number | undefined {
    if (!existsSync(file)) return undefined;
    const fd = openSync(file, 'r');
    try {
      const head = Buffer.alloc(4096);
      const n = readSync(fd, head, 0, head.length, 0);
      const m = /^\{"block":\{[^}]*?"timestamp":"0x([0-9a-f]+)"/.exec(head.subarray(0, n).toString());
      return m ? Number.parseInt(m[1]!, 16) : undefined;
    } finally {
      closeSync(fd);
    }
  }

  /** Before anvil starts: a torn state file is replaced by the last complete dump. */
  repair(): string | undefined {
    if (!existsSync(this.file) || StateKeeper.complete(this.file)) return undefined;
    if (!existsSync(this.good)) return 'torn state file and no complete dump to fall back on';
    copyFileSync(this.good, this.file);
    this.restores++;
    return 'torn state file: restored the last complete dump';
  }
}

// ------------------------------------------------------------------ the stack

type Stack = Record<'anvil' | 'indexer' | 'market' | 'agent' | 'app', Service>;

function makeStack(deploymentsFile: () => string, keeper: StateKeeper): Stack {
  const common = (): Record<string, string> => ({
    ANVIL_PORT: String(cfg.anvilPort),
    APP_PORT: String(cfg.appPort),
    INDEXER_PORT: String(cfg.indexerPort),
    CHAIN_ID: String(CHAIN_ID),
    DEPLOYMENTS_FILE: deploymentsFile(),
    INDEXER_URL: indexerUrl,
    AGENT_DATA_DIR: dirs.agent,
    AGENT_JUSTIFICATIONS_DIR: dirs.justifications,
    NEXT_TELEMETRY_DISABLED: '1',
    PONDER_TELEMETRY_DISABLED: 'true',
  });
  const tsx =
    (file: string, extra: Record<string, string> = {}) =>
    () => ({
      cmd: process.execPath,
      args: [bins.tsx, file],
      env: { ...common(), ...extra },
    });
  let marketStarted = 0;
  let agentStarted = 0;
  const stack: Stack = {
    anvil: new Service(
      'anvil',
      () => {
        const repaired = keeper.repair();
        if (repaired) say(`anvil: ${repaired}`);
        const savedTime = StateKeeper.chainTime(dirs.anvilState);
        return {
          cmd: bins.anvil,
          args: [
            ...['--port', String(cfg.anvilPort), '--host', '127.0.0.1', '--chain-id', String(CHAIN_ID)],
            ...['--accounts', '40', '--balance', '1000000', '--order', 'fifo', '--silent'],
            // The chain survives a kill: loaded from and dumped to this file, every second.
            ...['--state', dirs.anvilState, '--state-interval', '1'],
            ...(savedTime === undefined ? [] : ['--timestamp', String(savedTime + 1)]),
          ],
          env: {},
        };
      },
      async () => (await rpc<string>('eth_chainId', [], 1000)) === '0x7a69',
      dirs.logs,
      root,
    ),
    indexer: new Service(
      'indexer',
      tsx('scripts/indexer.ts', { INDEXER_PGLITE_DIR: dirs.pglite, INDEXER_LOG_LEVEL: 'info' }),
      async () => (await indexerStatus())?.ready === true,
      dirs.logs,
      root,
    ),
    market: new Service(
      'market',
      tsx('scripts/market-driver.ts', {
        MARKET_SPEED: String(cfg.marketSpeed),
        MARKET_SEED: cfg.seed,
        MARKET_SCENARIO: nonEmpty(env, 'CHAOS_MARKET_SCENARIO') ?? 'crash',
        MARKET_POSTS_DIR: dirs.posts,
      }),
      async () => marketStarted === stack.market.stats.starts,
      dirs.logs,
      root,
    ),
    agent: new Service(
      'agent',
      tsx('scripts/agent.ts', {
        // Decide every 4 chain hours (at 6 h/s: 1.5 decisions a second), poll fast, no retraining
        // (CPU), and act once a day of pool history exists.
        AGENT_INTERVAL_HOURS: '4',
        AGENT_POLL_MS: '250',
        AGENT_RETRAIN_HOURS: '0',
        AGENT_MIN_HISTORY_HOURS: '24',
        AGENT_MODELS_DIR: dirs.models,
      }),
      async () => agentStarted === stack.agent.stats.starts,
      dirs.logs,
      root,
    ),
    app: new Service(
      'app',
      () => ({
        cmd: process.execPath,
        args: [bins.tsx, 'scripts/app-server.ts', '--port', String(cfg.appPort), '--hostname', '127.0.0.1'],
        env: { ...common(), NEXT_DIST_DIR: cfg.distDir },
      }),
      async () => (await httpOk(`${appUrl}/api/health`, 2000)) === 200,
      dirs.logs,
      root,
    ),
  };
  stack.market.onLine((l) => {
    if (l.includes('"event":"start"')) marketStarted = stack.market.stats.starts;
  });
  stack.agent.onLine((l) => {
    if (l.includes('"step":"start"')) agentStarted = stack.agent.stats.starts;
  });
  // Ponder moves to the next port when its own is taken (the port block sits in Linux's ephemeral
  // range, so any process can hold it for a while); the app and the agent would then read a
  // stranger. The run stops with a clear reason instead.
  stack.indexer.onLine((l) => {
    const moved = /Port (\d+) was in use, trying port (\d+)/.exec(l);
    if (moved)
      portTaken = `port ${moved[1]} (CHAOS_INDEXER_PORT) was taken by another process while the indexer restarted`;
  });
  return stack;
}

/** Set when a service could not get its port back (see the indexer's listener above). */
let portTaken: string | undefined;

// ------------------------------------------------------------------ holders and guardian

type Plan = 'veto' | 'approve' | 'mixed' | 'silent' | 'cancel';
const PLAN_VOTES: Record<Plan, [holder: number, support: 0 | 1 | 2][]> = {
  // Against = veto. Holders #4..#19 are self-delegated by the deploy script.
  veto: [
    [5, 0],
    [4, 0],
    [6, 0],
  ],
  approve: [
    [5, 1],
    [4, 1],
    [7, 1],
  ],
  mixed: [
    [5, 1],
    [8, 0],
    [9, 2],
  ],
  silent: [],
  cancel: [],
};

function planFor(rng: Rng, id: bigint): Plan {
  const r = rng.fork(`plan:${id}`).next();
  return r < 0.3 ? 'veto' : r < 0.6 ? 'approve' : r < 0.75 ? 'mixed' : r < 0.9 ? 'silent' : 'cancel';
}

/**
 * Holders sign ballots (EIP-712) and a relayer (anvil #0) submits them with castVoteBySig, so the
 * holders' own nonces (the market driver sends for them) are never raced. The guardian (#2)
 * cancels the proposals planned for it. Runs until `stop()`; every failure is counted, never fatal.
 */
function startVoters(client: PublicClient, d: Deployment, rng: Rng) {
  const transport = http(rpcUrl, { retryCount: 0, timeout: 4000 });
  const relayer = createWalletClient({ account: privateKeyToAccount(devAccount(0).privateKey), transport });
  const guardian = createWalletClient({ account: privateKeyToAccount(devAccount(2).privateKey), transport });
  const governor = d.contracts.HomeostatGovernor;
  const stats = {
    ballotsSent: 0,
    ballotsFailed: 0,
    cancelsSent: 0,
    cancelsFailed: 0,
    plans: {} as Record<string, Plan>,
  };
  const recent = new Map<string, number>();
  let running = true;

  async function round() {
    const created = await client.getContractEvents({
      address: governor,
      abi: homeostatGovernorAbi,
      eventName: 'ProposalCreated',
      fromBlock: BigInt(d.startBlock),
    });
    for (const log of created) {
      const a = log.args;
      const id = a.proposalId!;
      const plan = planFor(rng, id);
      stats.plans[id.toString()] = plan;
      const state =
        proposalStates[
          Number(
            await client.readContract({
              address: governor,
              abi: homeostatGovernorAbi,
              functionName: 'state',
              args: [id],
            }),
          )
        ];
      if (plan === 'cancel' && (state === 'Active' || state === 'Succeeded' || state === 'Queued')) {
        const key = `cancel:${id}`;
        if ((recent.get(key) ?? 0) > Date.now() - 5000) continue;
        recent.set(key, Date.now());
        try {
          await guardian.writeContract({
            address: governor,
            abi: homeostatGovernorAbi,
            functionName: 'cancel',
            args: [a.targets!, a.values!, a.calldatas!, keccak256(stringToBytes(a.description!))],
            gas: 500_000n,
            chain: null,
          });
          stats.cancelsSent++;
        } catch {
          stats.cancelsFailed++;
        }
        continue;
      }
      if (state !== 'Active') continue;
      for (const [holder, support] of PLAN_VOTES[plan]) {
        const account = privateKeyToAccount(devAccount(holder).privateKey);
        // One ballot in flight per holder: each signature spends the holder's governor nonce.
        const key = `ballot:${holder}`;
        if ((recent.get(key) ?? 0) > Date.now() - 4000) continue;
        const voted = await client.readContract({
          address: governor,
          abi: homeostatGovernorAbi,
          functionName: 'hasVoted',
          args: [id, account.address],
        });
        if (voted) continue;
        const nonce = await client.readContract({
          address: governor,
          abi: homeostatGovernorAbi,
          functionName: 'nonces',
          args: [account.address],
        });
        const signature = await account.signTypedData({
          domain: governorDomain(CHAIN_ID, governor),
          types: ballotTypes,
          primaryType: 'Ballot',
          message: { proposalId: id, support, voter: account.address, nonce },
        });
        recent.set(key, Date.now());
        try {
          await relayer.writeContract({
            address: governor,
            abi: homeostatGovernorAbi,
            functionName: 'castVoteBySig',
            args: [id, support, account.address, signature],
            gas: 400_000n,
            chain: null,
          });
          stats.ballotsSent++;
        } catch {
          stats.ballotsFailed++;
        }
      }
    }
  }

  const done = (async () => {
    while (running) {
      await round().catch(() => undefined); // chain down: next round
      await sleep(1000);
    }
  })();
  return {
    stats,
    async stop() {
      running = false;
      await done;
    },
  };
}

// ------------------------------------------------------------------ the indexer's tables over GraphQL

type GqlPage = { items: Record<string, unknown>[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
type TypeRef = { kind: string; name: string | null; ofType: TypeRef | null };
const unwrap = (t: TypeRef): TypeRef => (t.ofType ? unwrap(t.ofType) : t);

async function gql<T>(url: string, query: string): Promise<T> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(`graphql: ${body.errors.map((e) => e.message).join('; ')}`);
  return body.data as T;
}

/** Every row of every table the indexer serves (Ponder's generated GraphQL, 1000 rows a page). */
async function dumpTables(url: string): Promise<Tables> {
  const typeQuery = (name: string) =>
    `{ __type(name: "${name}") { fields { name type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }`;
  const schema = await gql<{ __schema: { queryType: { fields: { name: string; type: TypeRef }[] } } }>(
    url,
    '{ __schema { queryType { fields { name type { kind name ofType { kind name } } } } } }',
  );
  const tables: Tables = {};
  for (const field of schema.__schema.queryType.fields) {
    const pageType = unwrap(field.type).name ?? '';
    if (!pageType.endsWith('Page')) continue;
    const page = await gql<{ __type: { fields: { name: string; type: TypeRef }[] } }>(url, typeQuery(pageType));
    const itemType = unwrap(page.__type.fields.find((f) => f.name === 'items')!.type).name!;
    const item = await gql<{ __type: { fields: { name: string; type: TypeRef }[] } }>(url, typeQuery(itemType));
    const columns = item.__type.fields
      .filter((f) => ['SCALAR', 'ENUM'].includes(unwrap(f.type).kind))
      .map((f) => f.name);
    const rows: Record<string, unknown>[] = [];
    let after: string | null = null;
    for (;;) {
      const q: string = `{ ${field.name}(limit: 1000${after ? `, after: "${after}"` : ''}) { items { ${columns.join(' ')} } pageInfo { hasNextPage endCursor } } }`;
      const data: Record<string, GqlPage> = await gql<Record<string, GqlPage>>(url, q);
      const p: GqlPage = data[field.name]!;
      rows.push(...p.items);
      if (!p.pageInfo.hasNextPage || !p.pageInfo.endCursor) break;
      after = p.pageInfo.endCursor;
    }
    tables[field.name] = rows;
  }
  return tables;
}

// ------------------------------------------------------------------ fault schedule

type Target = keyof Stack;
const TARGETS: Target[] = ['anvil', 'indexer', 'agent', 'market', 'app'];

/** Seeded: every service once per round (shuffled), 6–14 s apart, each down for 0.2–3 s. */
function schedule(rng: Rng, seconds: number) {
  const out: { at: number; target: Target; downMs: number }[] = [];
  let at = rng.uniform(5, 10);
  for (let round = 0; at < seconds; round++) {
    for (const target of rng.fork(`round:${round}`).sample(TARGETS, TARGETS.length)) {
      if (at >= seconds) break;
      out.push({ at, target, downMs: Math.round(rng.uniform(200, 3000)) });
      at += rng.uniform(6, 14);
    }
  }
  return out;
}

// ------------------------------------------------------------------ main

type Fault = {
  at: number;
  target: Target;
  why: string;
  downMs: number;
  headBefore?: number;
  /** Blocks of the old chain's tip that the restarted chain no longer has (by hash). */
  blocksLost?: number;
};

/** Hashes of the newest `n` blocks, by number. */
async function recentHashes(n: number): Promise<Map<number, string>> {
  const head = Number(await rpc<string>('eth_blockNumber', [], 1000));
  const out = new Map<number, string>();
  await Promise.all(
    Array.from({ length: Math.min(n, head + 1) }, async (_, i) => {
      const b = await rpc<{ hash: string } | null>(
        'eth_getBlockByNumber',
        [`0x${(head - i).toString(16)}`, false],
        1000,
      );
      if (b) out.set(head - i, b.hash);
    }),
  );
  return out;
}

/** How many of the old chain's newest blocks are gone: the first one (from the top) still there by hash ends it. */
async function countLost(before: Map<number, string>): Promise<number> {
  const numbers = [...before.keys()].sort((a, b) => b - a);
  for (const [i, n] of numbers.entries()) {
    const b = await rpc<{ hash: string } | null>('eth_getBlockByNumber', [`0x${n.toString(16)}`, false], 2000);
    if (b?.hash === before.get(n)) return i;
  }
  return numbers.length;
}

async function main() {
  const rng = createRng(cfg.seed);
  say(
    `seed "${cfg.seed}", fault phase ${cfg.seconds} s, market ${cfg.marketSpeed} h/s, ports ${cfg.anvilPort}/${cfg.indexerPort}/${cfg.appPort}`,
  );
  process.env.FOUNDRY_OUT = cfg.foundryOut;
  process.env.FOUNDRY_CACHE_PATH = cfg.foundryCache;
  for (const [port, variable, what] of [
    [cfg.anvilPort, 'CHAOS_ANVIL_PORT', 'chain'],
    [cfg.indexerPort, 'CHAOS_INDEXER_PORT', 'indexer'],
    [cfg.appPort, 'CHAOS_APP_PORT', 'app'],
  ] as const) {
    await assertPortFree(port, variable, what);
  }
  const built = await ensureAppBuild();
  await runToEnd(bins.forge, ['build', 'contracts/script/Deploy.s.sol'], {}, 'forge-build');
  const clockStart = Date.now();
  const deadline = clockStart + TOTAL_BUDGET_MS;
  rmSync(cfg.dir, { recursive: true, force: true });
  for (const d of Object.values(dirs)) mkdirSync(d.endsWith('.json') ? path.dirname(d) : d, { recursive: true });

  let deploymentsFile = '';
  const keeper = new StateKeeper(dirs.anvilState);
  const keeperTimer = setInterval(() => keeper.keep(), 300);
  const stack = makeStack(() => deploymentsFile, keeper);
  const services = Object.values(stack);
  const extraServices: Service[] = [];
  let aborted: string | undefined;
  let finished = false;
  const watchdog = setTimeout(() => {
    aborted = 'the run passed its 10-minute budget';
    say(`ABORT: ${aborted}`);
    // The phases watch `aborted`; if one is stuck anyway, stop everything a little later.
    setTimeout(() => {
      if (finished) return;
      for (const s of [...services, ...extraServices]) if (s.child?.pid) void s.kill();
      mkdirSync(path.dirname(summaryFile), { recursive: true });
      writeFileSync(summaryFile, `${JSON.stringify({ ok: false, aborted, seed: cfg.seed }, null, 2)}\n`);
      console.error(`chaos: ${aborted}; stopped`);
      process.exit(1);
    }, 30_000).unref();
  }, TOTAL_BUDGET_MS);
  const faults: Fault[] = [];
  const checks: Check[] = [];
  const summary: Record<string, unknown> = {
    seed: cfg.seed,
    seconds: cfg.seconds,
    marketSpeed: cfg.marketSpeed,
    appBuilt: built,
  };

  try {
    // ---- stack up
    stack.anvil.start();
    if (!(await stack.anvil.waitReady(20_000))) throw new Error(`anvil did not start:\n${stack.anvil.output()}`);
    // Shorter governance than the 3-day vote and 1-day timelock of the default: whole proposal
    // lifecycles (vote, queue, execute or veto) fit in the run at the market's pace on a small machine.
    Object.assign(process.env, { VOTING_DELAY: '3600', VOTING_PERIOD: '43200', TIMELOCK_DELAY: '21600' });
    const deployed = await deploy(rpcUrl, dirs.deployments);
    deploymentsFile = deployed.file;
    const d = deployed.deployment;
    say(`deployed (governor ${d.contracts.HomeostatGovernor}, start block ${d.startBlock})`);
    for (const s of [stack.indexer, stack.market, stack.agent, stack.app]) s.start();
    const client = createPublicClient({ transport: http(rpcUrl, { retryCount: 2, timeout: 5000 }) }) as PublicClient;

    for (const s of services) {
      if (!(await s.waitReady(120_000))) throw new Error(`${s.name} did not become ready:\n${s.output().slice(-3000)}`);
    }
    say('stack ready; faults begin');

    // ---- faults
    const busy = new Set<Target>();
    const phaseStart = Date.now();
    const phaseT = () => (Date.now() - phaseStart) / 1000;
    async function fault(target: Target, why: string, downMs: number) {
      const s = stack[target];
      if (busy.has(target) || !s.up) return;
      busy.add(target);
      const f: Fault = { at: Math.round(phaseT() * 10) / 10, target, why, downMs };
      const hashes = target === 'anvil' ? await recentHashes(30).catch(() => new Map<number, string>()) : undefined;
      if (hashes?.size) f.headBefore = Math.max(...hashes.keys());
      await s.kill();
      faults.push(f);
      say(`killed ${target} (${why}); back in ${(downMs / 1000).toFixed(1)} s`);
      await sleep(downMs);
      s.start();
      if (target === 'anvil' && (await s.waitReady(30_000)) && hashes?.size) {
        // Compared by hash, so blocks mined right after the restart do not hide the loss.
        f.blocksLost = await countLost(hashes).catch(() => undefined);
        say(`chain back: ${f.blocksLost ?? '?'} of the newest blocks before the kill (head ${f.headBefore}) lost`);
      }
      busy.delete(target);
    }

    // Targeted kills at the moments that matter most for idempotency.
    const targeted = rng.fork('targeted');
    let targetedLeft = { agentAfterIntent: 3, anvilAfterPropose: 2 };
    let faultsOn = true;
    stack.agent.onLine((line) => {
      if (!faultsOn || !line.startsWith('{')) return;
      let e: { step?: string; kind?: string };
      try {
        e = JSON.parse(line);
      } catch {
        return;
      }
      if (e.step === 'act' && e.kind === 'proposal' && targetedLeft.agentAfterIntent > 0 && targeted.chance(0.6)) {
        targetedLeft = { ...targetedLeft, agentAfterIntent: targetedLeft.agentAfterIntent - 1 };
        void fault('agent', 'right after logging a proposal intent', Math.round(targeted.uniform(300, 2000)));
      }
      if (e.step === 'propose' && targetedLeft.anvilAfterPropose > 0 && targeted.chance(0.6)) {
        targetedLeft = { ...targetedLeft, anvilAfterPropose: targetedLeft.anvilAfterPropose - 1 };
        void fault('anvil', 'right after a proposal was mined', Math.round(targeted.uniform(300, 2000)));
      }
    });

    const voters = startVoters(client, d, rng.fork('voters'));
    const plan = schedule(rng.fork('schedule'), cfg.seconds);
    for (const step of plan) {
      while (phaseT() < step.at && !aborted && !portTaken) await sleep(100);
      if (aborted || portTaken) break;
      await fault(step.target, 'scheduled', step.downMs);
    }
    while (phaseT() < cfg.seconds && !aborted && !portTaken) await sleep(200);
    faultsOn = false;
    while (busy.size > 0) await sleep(100);
    say(`faults over: ${faults.length} kills; settling`);

    // ---- settle: everything up and answering, the market trading, the agent reconciling. The
    // indexer is waited for after the chain is frozen: Ponder restarts, recovers its tables and
    // replays the blocks it had not finalised one by one (seconds per block on a loaded machine),
    // so while the market mines it may never catch up.
    for (const s of services) if (!s.up) s.start();
    for (const s of [stack.anvil, stack.market, stack.agent, stack.app]) {
      if (!(await s.waitReady(60_000)))
        throw new Error(`${s.name} did not recover after the faults:\n${s.output().slice(-3000)}`);
    }
    await sleep(10_000);

    // Freeze the chain: the market driver stops (mining what it sent, automine back on), then the voters and the agent.
    await stack.market.stop(20_000);
    await voters.stop();
    await rpc('evm_setAutomine', [true]).catch(() => undefined);
    await rpc('evm_mine').catch(() => undefined);
    await sleep(4000); // the agent reconciles against the final chain
    await stack.agent.stop(20_000);
    const head = Number(await rpc<string>('eth_blockNumber'));
    const frozenAt = Date.now();
    say(`chain frozen at block ${head}; waiting for the indexer to catch up`);

    // The chaos indexer catches up with the frozen chain first: the app's data routes read it.
    const caughtUp = async (url: string) => {
      const st = await indexerStatus(url);
      return !!st && st.ready && (st.indexedBlock ?? -1) >= head;
    };
    const waitCaughtUp = async (url: string, ms: number) => {
      const until = Date.now() + ms;
      while (Date.now() < until && !aborted && !portTaken) {
        if (await caughtUp(url)) return true;
        await sleep(250);
      }
      return false;
    };
    // The fresh re-index starts now, beside the chaos indexer (own PGlite folder, a free port):
    // both replay the last blocks one by one, which takes minutes here, so not one after the other.
    const freshUrl = `http://127.0.0.1:${await freePort()}`;
    const fresh = new Service(
      'indexer-fresh',
      () => ({
        cmd: process.execPath,
        args: [bins.tsx, 'scripts/indexer.ts'],
        env: {
          ANVIL_PORT: String(cfg.anvilPort),
          INDEXER_PORT: new URL(freshUrl).port,
          CHAIN_ID: String(CHAIN_ID),
          DEPLOYMENTS_FILE: deploymentsFile,
          INDEXER_PGLITE_DIR: dirs.freshPglite,
          INDEXER_LOG_LEVEL: 'info',
          PONDER_TELEMETRY_DISABLED: 'true',
        },
      }),
      async () => (await indexerStatus(freshUrl))?.ready === true,
      dirs.logs,
      root,
    );
    extraServices.push(fresh);
    fresh.start();
    // What is left of the budget after the comparison's share.
    const indexerCaughtUp = await waitCaughtUp(indexerUrl, Math.max(30_000, deadline - Date.now() - 60_000));
    const indexerCatchUpSeconds = (Date.now() - frozenAt) / 1000;

    // ---- app: / and the data routes, after its last restart, with no manual step
    const routes = [
      '/',
      '/proposals',
      '/treasury',
      '/transparency',
      '/api/health',
      '/api/dashboard',
      '/api/token',
      '/api/treasury',
      '/api/proposals',
      '/api/governance/proposals',
      '/api/chain/head',
      '/api/agent/status',
      '/api/agent/decisions',
    ];
    // Each route gets a few tries within 20 s (a first request after a restart may find a cold cache).
    const routeStatus: Record<string, number> = {};
    const routeErrors: Record<string, string> = {};
    for (const r of routes) {
      const until = Date.now() + 20_000;
      for (;;) {
        const res = await httpGet(`${appUrl}${r}`, 15_000);
        routeStatus[r] = res.status;
        if (res.status === 200) break;
        routeErrors[r] = res.body;
        if (Date.now() > until) break;
        await sleep(1000);
      }
      if (routeStatus[r] === 200) delete routeErrors[r];
    }
    summary.routeErrors = routeErrors;
    const badRoutes = Object.entries(routeStatus).filter(([, s]) => s !== 200);
    const appReady = stack.app.stats.readyMs.slice(1).filter((x): x is number => x !== null);
    checks.push({
      name: 'app recovers without a manual step',
      ok: badRoutes.length === 0 && stack.app.stats.readyMs.at(-1) != null,
      detail:
        badRoutes.length > 0
          ? `not 200: ${badRoutes.map(([r, s]) => `${r} ${s}`).join(', ')}${indexerCaughtUp ? '' : ' (the indexer had not caught up)'}`
          : `${routes.length} routes 200 after ${stack.app.stats.kills} kills; back in median ${fmtMs(median(appReady))}, max ${fmtMs(Math.max(0, ...appReady))}`,
    });

    // ---- the chain's record
    const chainData = await readChain(client, d);
    const entries = readJsonLines<LogEntry>(path.join(dirs.agent, 'decisions.jsonl'));
    const dec = checkDecisions(entries, chainData.decisions, chainData.created, chainData.escalated);
    checks.push({
      name: 'no decision record lost or duplicated',
      ok: dec.lost.length + dec.duplicatedInLog.length + dec.phantom.length + dec.unresolved.length === 0,
      detail: `${dec.decisions} decisions (${dec.withPlan} with a proposal plan), ${dec.proposedOnChain} on chain; lost ${dec.lost.length}, duplicated ${dec.duplicatedInLog.length}, phantom ${dec.phantom.length}, unresolved ${dec.unresolved.length}`,
    });
    checks.push({
      name: 'no proposal submitted twice',
      ok: dec.proposedTwice.length === 0 && dec.foreignProposals.length === 0,
      detail: `${chainData.created.length} ProposalCreated, ${chainData.decisions.length} DecisionProposed; twice ${dec.proposedTwice.length}, unaccounted ${dec.foreignProposals.length}`,
    });
    const paramProblems = checkParameters(chainData.params, chainData.guardrails);
    checks.push({
      name: 'guardrails: parameters within bounds',
      ok: paramProblems.length === 0,
      detail: paramProblems.length
        ? paramProblems.join('; ')
        : `6 parameters within [min, max] (supply ${fmtHome(chainData.params[0]!)})`,
    });
    const windows = checkSupplyWindows(chainData.supplyChanges, chainData.windowSeconds, chainData.budgetBps);
    checks.push({
      name: 'guardrails: 24 h net supply budget',
      ok: windows.violations.length === 0,
      detail: `${windows.changes} supply changes, worst window ${(windows.worstBudgetUseBps / 100).toFixed(1)} % of budget, ${windows.violations.length} over`,
    });
    const vetoProblems = checkNothingVetoedExecuted(chainData.outcomes);
    const executed = chainData.outcomes.filter((o) => o.executed).length;
    const vetoed = chainData.outcomes.filter((o) => o.vetoCast).length;
    checks.push({
      name: 'guardrails: nothing vetoed executed',
      ok: vetoProblems.length === 0,
      detail: vetoProblems.length
        ? vetoProblems.join('; ')
        : `${executed} executed, ${vetoed} vetoed, ${chainData.outcomes.filter((o) => o.canceled).length} canceled; none executed against the rules`,
    });

    // ---- indexer vs a fresh re-index of the same chain
    let indexerCheck: Check;
    if (!indexerCaughtUp) {
      indexerCheck = {
        name: 'indexer equals a fresh re-index',
        ok: false,
        detail: `chaos indexer did not reach block ${head} within ${indexerCatchUpSeconds.toFixed(0)} s of the chain freezing: ${JSON.stringify((await indexerStatus()) ?? 'no answer')}`,
      };
    } else {
      const ok = await waitCaughtUp(freshUrl, Math.max(30_000, deadline - Date.now() - 30_000));
      const freshSeconds = (Date.now() - frozenAt) / 1000;
      const a = await dumpTables(indexerUrl);
      const b = ok ? await dumpTables(freshUrl) : {};
      const diffs = diffTables(a, b);
      const differing = diffs.filter((x) => x.onlyA.length + x.onlyB.length > 0);
      const rows = diffs.reduce((n, x) => n + x.rowsA, 0);
      summary.indexerDiff = differing.map((x) => ({
        table: x.table,
        rowsA: x.rowsA,
        rowsB: x.rowsB,
        onlyChaos: x.onlyA.slice(0, 3),
        onlyFresh: x.onlyB.slice(0, 3),
      }));
      indexerCheck = {
        name: 'indexer equals a fresh re-index',
        ok: ok && differing.length === 0 && diffs.length > 0,
        detail: !ok
          ? `fresh indexer did not reach block ${head} within ${freshSeconds.toFixed(0)} s`
          : differing.length
            ? `${differing.length} of ${diffs.length} tables differ: ${differing.map((x) => `${x.table} (${x.onlyA.length} only in chaos, ${x.onlyB.length} only in fresh)`).join(', ')}`
            : `${diffs.length} tables, ${rows} rows identical at block ${head} (chaos indexer caught up ${indexerCatchUpSeconds.toFixed(0)} s after the freeze, fresh re-index ${freshSeconds.toFixed(0)} s)`,
      };
    }
    checks.push(indexerCheck);

    Object.assign(summary, {
      head,
      decisions: dec,
      proposals: chainData.outcomes.map((o) => ({
        ...o,
        id: o.id.toString(),
        plan: voters.stats.plans[o.id.toString()],
      })),
      voters: { ...voters.stats, plans: undefined },
      supplyWindows: windows,
      routes: routeStatus,
      agentLog: summariseAgentLog(entries),
    });
  } catch (e) {
    checks.push({ name: 'run completed', ok: false, detail: (e as Error).message.split('\n').slice(0, 6).join(' | ') });
  } finally {
    finished = true;
    clearTimeout(watchdog);
    clearInterval(keeperTimer);
    summary.stateFile = { completeDumpsKept: keeper.copies, tornFilesRestored: keeper.restores };
    for (const s of [...extraServices, ...[...services].reverse()]) await s.stop(10_000).catch(() => undefined);
    for (const s of [...services, ...extraServices]) s.close();
  }
  if (aborted) checks.push({ name: 'run completed within 10 minutes', ok: false, detail: aborted });
  if (portTaken) checks.push({ name: 'run completed on its own ports', ok: false, detail: portTaken });

  // ---- report
  const perService = Object.entries(stack).map(([name, s]) => {
    const ready = s.stats.readyMs.slice(1).filter((x): x is number => x !== null);
    return {
      name,
      kills: s.stats.kills,
      targeted: faults.filter((f) => f.target === name && f.why !== 'scheduled').length,
      selfExits: s.stats.selfExits,
      medianRecoveryMs: ready.length ? median(ready) : null,
      maxRecoveryMs: ready.length ? Math.max(...ready) : null,
      neverReady: s.stats.readyMs.filter((x) => x === null).length,
      lastSelfExit: s.stats.lastSelfExit?.slice(-300),
    };
  });
  const lost = faults.flatMap((f) => (f.target === 'anvil' && f.blocksLost !== undefined ? [f.blocksLost] : []));
  console.log(
    `\nchaos run, seed "${cfg.seed}": ${faults.length} kills in ${cfg.seconds} s, ${((Date.now() - t0) / 1000).toFixed(0)} s in all\n`,
  );
  console.log(
    formatTable([
      ['process', 'kills', 'targeted', 'self-exits', 'recovery median', 'recovery max'],
      ...perService.map((p) => [
        p.name,
        String(p.kills),
        String(p.targeted),
        String(p.selfExits),
        p.medianRecoveryMs === null ? '-' : fmtMs(p.medianRecoveryMs),
        p.maxRecoveryMs === null ? '-' : fmtMs(p.maxRecoveryMs),
      ]),
    ]),
  );
  if (lost.length) {
    console.log(
      `\nchain kills: blocks lost per kill ${lost.join(', ')} (median ${median(lost)}; anvil dumps its state every second), ` +
        `${keeper.restores} torn state file(s) replaced by the last complete dump`,
    );
  }
  console.log(
    `\n${formatTable([['check', 'result', 'detail'], ...checks.map((c) => [c.name, c.ok ? 'ok' : 'FAIL', c.detail])])}\n`,
  );
  const ok = checks.length > 0 && checks.every((c) => c.ok);
  mkdirSync(path.dirname(summaryFile), { recursive: true });
  writeFileSync(
    summaryFile,
    `${JSON.stringify({ ok, ...summary, totalSeconds: (Date.now() - t0) / 1000, services: perService, faults, blocksLostPerChainKill: lost, checks }, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`,
  );
  console.log(`summary: ${path.relative(root, summaryFile)}; logs: ${path.relative(root, dirs.logs)}/`);
  process.exit(ok ? 0 : 1);
}

// ------------------------------------------------------------------ chain reads for the checks

async function readChain(client: PublicClient, d: Deployment) {
  const gov = d.contracts.HomeostatGovernor;
  const ctl = d.contracts.PolicyController;
  const fromBlock = BigInt(d.startBlock);
  const read = <T>(address: Address, abi: readonly unknown[], functionName: string, args: unknown[] = []) =>
    client.readContract({ address, abi, functionName, args } as never) as Promise<T>;
  const [decided, created, escalations, supplyLogs] = await Promise.all([
    client.getContractEvents({ address: gov, abi: homeostatGovernorAbi, eventName: 'DecisionProposed', fromBlock }),
    client.getContractEvents({ address: gov, abi: homeostatGovernorAbi, eventName: 'ProposalCreated', fromBlock }),
    client.getContractEvents({ address: gov, abi: homeostatGovernorAbi, eventName: 'ProposalEscalated', fromBlock }),
    client.getContractEvents({ address: ctl, abi: policyControllerAbi, eventName: 'SupplyChanged', fromBlock }),
  ]);
  const times = new Map<bigint, number>();
  for (const l of supplyLogs) {
    if (!times.has(l.blockNumber))
      times.set(l.blockNumber, Number((await client.getBlock({ blockNumber: l.blockNumber })).timestamp));
  }
  const supplyChanges: SupplyChange[] = supplyLogs.map((l) => ({
    at: times.get(l.blockNumber)!,
    delta: l.args.delta!,
    oldSupply: l.args.oldSupply!,
    blockNumber: l.blockNumber,
  }));
  const ids = [0, 1, 2, 3, 4, 5];
  const params = await Promise.all(ids.map((id) => read<bigint>(ctl, policyControllerAbi, 'parameter', [id])));
  const guardrails = await Promise.all(
    ids.map((id) => read<{ min: bigint; max: bigint }>(ctl, policyControllerAbi, 'guardrail', [id])),
  );
  const outcomes: ProposalOutcome[] = [];
  for (const l of created) {
    const id = l.args.proposalId!;
    const [state, votes, snapshot, lane] = await Promise.all([
      read<number>(gov, homeostatGovernorAbi, 'state', [id]),
      read<readonly [bigint, bigint, bigint]>(gov, homeostatGovernorAbi, 'proposalVotes', [id]),
      read<bigint>(gov, homeostatGovernorAbi, 'proposalSnapshot', [id]),
      read<number>(gov, homeostatGovernorAbi, 'proposalLane', [id]),
    ]);
    // A snapshot still in the future (a pending proposal) has no thresholds yet; it cannot have executed.
    const [vetoThreshold, quorum] = await Promise.all([
      read<bigint>(gov, homeostatGovernorAbi, 'vetoThreshold', [snapshot]).catch(() => null),
      read<bigint>(gov, homeostatGovernorAbi, 'quorum', [snapshot]).catch(() => null),
    ]);
    const [against, pro, abstain] = votes;
    const optimistic = lane === 1;
    outcomes.push({
      id,
      lane: optimistic ? 'optimistic' : 'full',
      executed: proposalStates[state] === 'Executed',
      canceled: proposalStates[state] === 'Canceled',
      votes: { against, for: pro, abstain },
      vetoThreshold,
      quorum,
      vetoCast: optimistic ? vetoThreshold !== null && against >= vetoThreshold : against > 0n && against >= pro,
    });
  }
  return {
    decisions: decided.map((l) => ({
      decisionId: l.args.decisionId as Hex,
      proposalId: l.args.proposalId!,
      blockNumber: l.blockNumber,
    })),
    created: created.map((l) => l.args.proposalId!),
    escalated: escalations.map((l) => l.args.escalatedProposalId!),
    supplyChanges,
    windowSeconds: Number(await read<bigint>(ctl, policyControllerAbi, 'supplyWindowLength')),
    budgetBps: await read<bigint>(ctl, policyControllerAbi, 'supplyBudgetBps'),
    params,
    guardrails,
    outcomes,
  };
}

function summariseAgentLog(entries: readonly LogEntry[]) {
  const byType: Record<string, number> = {};
  for (const e of entries) byType[e.type] = (byType[e.type] ?? 0) + 1;
  return byType;
}

function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const fmtMs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
const fmtHome = (wei: bigint) => `${(Number(wei / 10n ** 18n) / 1e6).toFixed(1)}M HOME`;

main().catch((e: unknown) => {
  console.error(`chaos: ${(e as Error)?.stack ?? e}`);
  process.exit(1);
});
