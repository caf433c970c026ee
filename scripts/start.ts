/**
 * `npm start`: the whole product on one machine, one command.
 *
 * Local default (no RPC_URL): anvil on ANVIL_PORT → forge build → forge deploy script
 * (writes deployments/31337.json) → typed ABIs regenerated → indexer, market driver and
 * agent (each when present) → the Next.js app on APP_PORT.
 * With RPC_URL + CHAIN_ID: no local chain; the deployments file must exist.
 *
 * Ctrl-C (SIGINT) or SIGTERM stops every child process group.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createPublicClient, http } from 'viem';
import { parseAgentConfig } from '../agent/config';
import { connectPostgres } from '../lib/agent/pg-journal';
import { homeostatGovernorAbi, signalOracleAbi } from '../lib/contracts/abis';
import { readDeployment } from '../lib/contracts/deployments-node';
import { nonEmpty, parseEnv } from '../lib/env';
import { HomeostatError } from '../lib/errors';
import { parseReporterConfig } from '../lib/reporter/config';
import { copyWasm } from './copy-wasm';
import { forgeBuild } from './forge-build';
import { localAccounts } from './lib/accounts';
import {
  assertPortFree,
  bin,
  indexerLag,
  requireBinary,
  root,
  rpcChainId,
  run,
  type Service,
  StartError,
  startService,
  waitFor,
} from './lib/proc';

const services: Service[] = [];
let shuttingDown = false;

async function shutdown(code: number) {
  if (shuttingDown) return;
  shuttingDown = true;
  // The app, indexer and agents together (each group gets its grace period at once, so the whole
  // stop takes one grace period, not one per service), then the chain they were reading.
  const chain = services.filter((s) => s.name === 'anvil');
  await Promise.all(services.filter((s) => s.name !== 'anvil').map((s) => s.stop()));
  await Promise.all(chain.map((s) => s.stop()));
  process.exit(code);
}

process.on('SIGINT', () => {
  console.log('\nstopping…');
  void shutdown(0);
});
process.on('SIGTERM', () => void shutdown(0));

/**
 * Critical services (chain, app) take everything down when they exit. The others (indexer,
 * market driver, agent) are restarted with backoff: each is built to resume where it stopped.
 */
function supervise(service: Service, critical: boolean, restart?: () => Service, attempt = 0) {
  services.push(service);
  const startedAt = Date.now();
  void service.exited.then(async (code) => {
    if (shuttingDown) return;
    services.splice(services.indexOf(service), 1);
    if (critical || !restart) {
      console.error(`[start] ${service.name} exited (code ${code}); stopping everything`);
      void shutdown(1);
      return;
    }
    // A run that lasted a minute resets the backoff.
    const next = Date.now() - startedAt > 60_000 ? 0 : attempt + 1;
    const delay = Math.min(1000 * 2 ** next, 30_000);
    console.error(`[start] ${service.name} exited (code ${code}); restarting in ${delay / 1000} s`);
    await new Promise((r) => setTimeout(r, delay));
    if (!shuttingDown) supervise(restart(), false, restart, next);
  });
}

async function main() {
  const env = parseEnv();
  // The product as users get it: the production server, built once and reused until a source
  // changes. `npm run dev` (APP_MODE=dev) is the developers' hot-reload mode.
  const appMode = parseAppMode(process.env.APP_MODE);
  if (appMode !== 'none') requireBinary(bin.next, 'next');
  if (env.localChain) {
    requireBinary(bin.anvil, 'anvil (@foundry-rs/anvil)');
    requireBinary(bin.forge, 'forge (@foundry-rs/forge)');
    await assertPortFree(env.anvilPort, 'ANVIL_PORT', 'local chain');
  }
  if (appMode !== 'none') await assertPortFree(env.appPort, 'APP_PORT', 'app');
  const wanted = new Set((process.env.SERVICES ?? 'indexer,market,agent,reporter').split(',').map((s) => s.trim()));
  // On the local chain the market driver posts the oracle's signals (its replayed feed); elsewhere
  // the reporter does, when it has a source.
  const reporterSources = nonEmpty(process.env, 'REPORTER_POSTS') ?? nonEmpty(process.env, 'REPORTER_FEED');
  if (env.localChain || reporterSources === undefined) wanted.delete('reporter');
  // Each service's configuration is checked before anything starts: a bad one stops npm start with
  // one line naming the variable, instead of a service crash-looping under a "running" banner.
  const agentConfig = wanted.has('agent') ? parseAgentConfig(process.env, () => localAccounts.agent.privateKey) : null;
  const reporterConfig = wanted.has('reporter')
    ? parseReporterConfig(process.env, () => localAccounts.reporter.privateKey)
    : null;
  // A Postgres that cannot be reached (wrong host, port, password, database) would only show up as
  // the indexer's and the agent's crash loops: say so now, naming the variable.
  if (env.databaseUrl && (wanted.has('indexer') || wanted.has('agent') || appMode !== 'none')) {
    await (await connectPostgres(env.databaseUrl)).end();
  }
  // Before anything is touched: the embedded database folder is named after this port, so a second
  // stack on a taken INDEXER_PORT would wipe and share the first one's database.
  if (wanted.has('indexer') && !process.env.INDEXER_URL) {
    await assertPortFree(env.indexerPort, 'INDEXER_PORT', 'indexer');
  }

  // Local: children derive the RPC URL from ANVIL_PORT (and know the chain is local);
  // otherwise they get RPC_URL itself.
  // The local node keeps the last ANVIL_TX_HISTORY blocks' transactions; the services read older logs
  // from the indexer's sync store (env.localTxWindow says when: the embedded database only).
  const pgliteDir = process.env.INDEXER_PGLITE_DIR ?? path.join(root, '.homeostat', `indexer-${env.indexerPort}`);
  const childEnv: Record<string, string> = {
    INDEXER_PGLITE_DIR: pgliteDir,
    INDEXER_PORT: String(env.indexerPort),
    ...(env.localChain
      ? {
          ANVIL_PORT: String(env.anvilPort),
          ...(env.localTxWindow === undefined ? {} : { CHAIN_HISTORY_BLOCKS: String(env.localTxWindow) }),
        }
      : { RPC_URL: env.rpcUrl }),
    CHAIN_ID: String(env.chainId),
    DEPLOYMENTS_FILE: env.deploymentsFile,
    INDEXER_URL: env.indexerUrl,
    NEXT_TELEMETRY_DISABLED: '1',
    PONDER_TELEMETRY_DISABLED: 'true',
  };

  if (env.localChain) {
    const deployer = localAccounts.deployer;
    supervise(
      startService(
        'anvil',
        bin.anvil,
        [
          '--port',
          String(env.anvilPort),
          '--host',
          '127.0.0.1',
          '--chain-id',
          String(env.chainId),
          '--accounts',
          '40',
          '--balance',
          '1000000',
          // The market driver batches an hour's transactions into one block; they must be
          // mined in the order sent (a transfer before the stake that spends it).
          '--order',
          'fifo',
          // Anvil keeps a full copy of the chain's state for each of its last 500 blocks in memory
          // (older ones on disk): as the state grew (vote checkpoints, holders, oracle posts) the
          // node went from 86 to 439 MiB in a 1-hour soak. Nothing here reads state more than a few
          // blocks old (the app reads at the head, the indexer at the block it indexes, within 5 of
          // the head), so ANVIL_STATE_HISTORY (default 128) states are kept, none on disk.
          '--prune-history',
          String(env.anvilStateHistory),
          // It also keeps every block's transactions, receipts and call traces (about 10 KB per
          // transaction: about 235 MiB an hour under the embedded market). Only the last ANVIL_TX_HISTORY
          // blocks' are kept (default 256: ~30 minutes of the embedded market); the services read older event logs from the
          // indexer (CHAIN_HISTORY_BLOCKS below, lib/chain/archive.ts).
          ...(env.localTxWindow === undefined ? [] : ['--transaction-block-keeper', String(env.localTxWindow)]),
          '--silent',
        ],
        {},
      ),
      true,
    );
    await waitFor('anvil', async () => (await rpcChainId(env.rpcUrl)) === env.chainId, 30_000);
    console.log(`[start] chain ${env.chainId} at ${env.rpcUrl}`);
    await forgeBuild();
    mkdirSync(path.dirname(path.resolve(root, env.deploymentsFile)), { recursive: true });
    await run(
      'deploy',
      bin.forge,
      [
        'script',
        'contracts/script/Deploy.s.sol',
        '--rpc-url',
        env.rpcUrl,
        '--broadcast',
        '--non-interactive',
        '--slow',
        '--private-key',
        deployer.privateKey,
      ],
      { DEPLOYMENTS_FILE: env.deploymentsFile },
    );
    await run('abis', process.execPath, [bin.tsx, 'scripts/gen-abis.ts']);
    // A fresh chain invalidates the indexer's state: each stack (by indexer port) has its own
    // PGlite folder, wiped here, so parallel stacks do not disturb each other.
    rmSync(pgliteDir, { recursive: true, force: true });
  } else {
    const id = await rpcChainId(env.rpcUrl);
    if (id === undefined) throw new StartError(`RPC_URL ${env.rpcUrl} does not answer eth_chainId: check the URL`);
    if (id !== env.chainId) throw new StartError(`RPC_URL reports chain ${id} but CHAIN_ID is ${env.chainId}`);
  }
  if (!existsSync(path.resolve(root, env.deploymentsFile))) {
    throw new StartError(
      `DEPLOYMENTS_FILE: ${env.deploymentsFile} does not exist; deploy the contracts first (README, "Deploying to a real chain"), or point DEPLOYMENTS_FILE at the file the deploy wrote`,
    );
  }
  const deployment = readDeployment(path.resolve(root, env.deploymentsFile), env.chainId);
  console.log(`[start] contracts from ${env.deploymentsFile} (governor ${deployment.contracts.HomeostatGovernor})`);
  if (!env.localChain) {
    // Keys that hold no role would only fail later, one revert at a time: say so now.
    const chain = createPublicClient({ transport: http(env.rpcUrl, { timeout: 10_000 }) });
    const roles: [string, () => Promise<unknown>, string | undefined][] = [
      [
        agentConfig?.keySource === 'keystore' ? 'AGENT_KEYSTORE' : 'AGENT_PRIVATE_KEY',
        () =>
          chain.readContract({
            address: deployment.contracts.HomeostatGovernor,
            abi: homeostatGovernorAbi,
            functionName: 'proposer',
          }),
        agentConfig?.account.address,
      ],
      [
        reporterConfig?.keySource === 'keystore' ? 'REPORTER_KEYSTORE' : 'REPORTER_PRIVATE_KEY',
        () =>
          chain.readContract({
            address: deployment.contracts.SignalOracle,
            abi: signalOracleAbi,
            functionName: 'reporter',
          }),
        reporterConfig?.account.address,
      ],
    ];
    for (const [variable, holder, address] of roles) {
      if (address === undefined) continue;
      const expected = String(await holder());
      if (expected.toLowerCase() !== address.toLowerCase()) {
        throw new StartError(`${variable}: its account ${address} is not the one the contracts expect (${expected})`);
      }
    }
    if (!wanted.has('reporter') && reporterSources === undefined) {
      console.log(
        '[start] no reporter here (REPORTER_POSTS and REPORTER_FEED unset): feed the SignalOracle from elsewhere, or the agent refuses to act on stale signals',
      );
    }
  }

  for (const [name, file] of optionalServices) {
    if (!existsSync(path.join(root, file)) || !wanted.has(name)) continue;
    if (name === 'market' && !env.localChain) continue;
    const launch = () => startService(name, process.execPath, [bin.tsx, file], childEnv);
    supervise(launch(), false, launch);
  }

  if (appMode !== 'none') {
    copyWasm(); // TF.js's wasm binaries, served same-origin from public/tfjs-wasm
    const listen = ['--port', String(env.appPort), '--hostname', '127.0.0.1'];
    // Production: Next's handler plus a fast path for the polled data routes (scripts/app-server.ts).
    const appArgs =
      appMode === 'production' ? [bin.tsx, 'scripts/app-server.ts', ...listen] : [bin.next, 'dev', ...listen];
    if (appMode === 'production') {
      // scripts/build.ts skips the build when the one in NEXT_DIST_DIR was made from these sources.
      await run('build', process.execPath, [bin.tsx, 'scripts/build.ts'], childEnv);
    }
    supervise(startService('app', process.execPath, appArgs, childEnv), true);
    const appUrl = `http://127.0.0.1:${env.appPort}`;
    await waitFor('app', async () => (await fetch(`${appUrl}/api/health`)).ok, 120_000, 500);
  }
  if (wanted.has('indexer')) {
    // Ready means the data is current: the market's first hours (MARKET_MODEL=economy funds its
    // trader accounts and trades from many accounts at once) can put the indexer tens of blocks
    // behind for a minute after start, and the data routes answer 5xx meanwhile.
    // Caught up for 20 s in a row, so a burst right after the market's start is absorbed too.
    let since: number | null = null;
    const caughtUp = async () => {
      const lag = await indexerLag(env.rpcUrl, env.indexerUrl);
      if (lag === undefined || lag > 2) {
        since = null;
        return false;
      }
      since ??= Date.now();
      return Date.now() - since >= 20_000;
    };
    try {
      await waitFor('indexer', caughtUp, 180_000, 1_000);
    } catch {
      console.log('[start] the indexer is still catching up with the chain; the dashboard fills in as it does');
    }
  }
  console.log(
    appMode === 'none'
      ? '[start] Homeostat is running without the app (APP_MODE=none; Ctrl-C stops everything)'
      : `[start] Homeostat is running at http://localhost:${env.appPort} (Ctrl-C stops everything)`,
  );
}

/**
 * production: the built app (the default); dev: Next's hot reload; none: the chain-side services
 * only (indexer, agent, reporter), e.g. on a server whose app runs elsewhere against INDEXER_URL.
 */
function parseAppMode(value: string | undefined): 'production' | 'dev' | 'none' {
  if (value === undefined || value === '' || value === 'production') return 'production';
  if (value === 'dev' || value === 'none') return value;
  throw new StartError(`APP_MODE: "${value}" is not production, dev or none`);
}

/** Long-lived helpers started when their entry file exists and SERVICES names them. */
const optionalServices: [name: string, file: string][] = [
  ['indexer', 'scripts/indexer.ts'],
  ['market', 'scripts/market-driver.ts'],
  ['agent', 'scripts/agent.ts'],
  ['reporter', 'scripts/reporter.ts'],
];

main().catch((e: unknown) => {
  const message = e instanceof StartError || e instanceof HomeostatError ? e.message : String((e as Error)?.stack ?? e);
  console.error(`npm start: ${message}`);
  void shutdown(1);
});
