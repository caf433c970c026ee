/**
 * Wiring and the forever-loop: config → clients → store → Agent; polls the chain head every
 * AGENT_POLL_MS and backs off exponentially (0.5 s … 30 s) while the RPC or indexer is down.
 */
import path from 'node:path';
import { createPublicClient, createWalletClient, http } from 'viem';
import { lead, PgJournal } from '../lib/agent/pg-journal';
import { claimDataDir } from '../lib/agent/stamp';
import { withHistory } from '../lib/chain/archive';
import { homeostatGovernorAbi, verificationLogAbi } from '../lib/contracts/abis';
import { readDeployment } from '../lib/contracts/deployments-node';
import { ConfigError } from '../lib/errors';
import { createIndexerClient } from '../lib/indexer';
import { strategyFor } from '../lib/policy/registry';
import { currentLearnedNetwork } from '../lib/policy/strategies/learned-load';
import { createChainBoundary, isTransportError } from './chain';
import type { AgentConfig } from './config';
import { createHarFallback, createMlForecaster, findVolatilityArtifact } from './forecast';
import { createLogger, type Logger } from './log';
import { Agent } from './loop';
import { createOperatorChain, TreasuryOperator } from './operator';
import { createRetrainer } from './retrain';
import { AgentStore } from './store';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Builds the agent. With DATABASE_URL it first waits to be the deployment's one acting replica
 * (lib/agent/pg-journal.ts `lead`; null if `shouldStop` ends the wait) and restores its files from the
 * database's journal.
 */
export async function buildAgent(
  config: AgentConfig,
  log: Logger = createLogger(),
  shouldStop: () => boolean = () => false,
): Promise<Agent | null> {
  const { env } = config;
  const deployment = readDeployment(path.resolve(env.deploymentsFile), env.chainId);
  const transport = http(env.rpcUrl, { batch: { batchSize: 100, wait: 0 }, retryCount: 1, timeout: 10_000 });
  const client = createPublicClient({ transport });
  const wallet = createWalletClient({ account: config.account, transport });

  const verificationLog = deployment.contracts.VerificationLog;
  let recorder: string | null = null;
  // Start-up checks wait out an RPC that is not up yet, but a wrong chain or key is fatal.
  for (let delay = 500; ; delay = Math.min(30_000, delay * 2)) {
    try {
      const chainId = await client.getChainId();
      if (chainId !== env.chainId)
        throw new ConfigError('CHAIN_ID', `is ${env.chainId} but ${env.rpcUrl} reports chain ${chainId}`);
      if (config.keySource === 'anvil-default') {
        const version = String(await client.request({ method: 'web3_clientVersion' as never }));
        if (!/anvil/i.test(version)) {
          throw new ConfigError(
            'AGENT_PRIVATE_KEY',
            `required: ${env.rpcUrl} is not anvil (${version}), so the dev key is not a default`,
          );
        }
      }
      const proposer = await client.readContract({
        address: deployment.contracts.HomeostatGovernor,
        abi: homeostatGovernorAbi,
        functionName: 'proposer',
      });
      if (proposer.toLowerCase() !== config.account.address.toLowerCase()) {
        throw new ConfigError(
          config.keySource === 'keystore' ? 'AGENT_KEYSTORE' : 'AGENT_PRIVATE_KEY',
          `account ${config.account.address} is not the governor's proposer (${proposer})`,
        );
      }
      // Verify records go on-chain when the deployment has a VerificationLog and this key may record
      // there; otherwise they stay in the local log (said once here; each refused post is logged too).
      if (verificationLog) {
        recorder = await client.readContract({
          address: verificationLog,
          abi: verificationLogAbi,
          functionName: 'recorder',
        });
      }
      break;
    } catch (e) {
      if (!isTransportError(e)) throw e;
      log.warn('startup', { waitingFor: env.rpcUrl, retryInMs: delay, error: (e as Error).message.split('\n')[0] });
      await sleep(delay);
    }
  }

  if (!verificationLog) {
    log.warn('startup', {
      verificationLog: null,
      why: 'no VerificationLog in the deployments file: verify records stay local',
    });
  } else if (recorder?.toLowerCase() !== config.account.address.toLowerCase()) {
    log.warn('startup', {
      verificationLog,
      recorder,
      agent: config.account.address,
      why: 'this account is not the VerificationLog recorder: posts will revert until governance sets it',
    });
  }
  // The folder is this deployment's: another deployment's log (an earlier local chain, another
  // chain) moves to previous/ and the agent starts afresh (lib/agent/stamp.ts).
  const startBlock = await client.getBlock({ blockNumber: BigInt(deployment.startBlock) }).catch(() => null);
  if (!startBlock?.hash) {
    throw new ConfigError(
      'DEPLOYMENTS_FILE',
      `its startBlock ${deployment.startBlock} is not on the chain at ${env.rpcUrl}: a deployments file of another chain?`,
    );
  }
  const moved = claimDataDir(config.dataDir, {
    chainId: env.chainId,
    governor: deployment.contracts.HomeostatGovernor,
    startBlock: deployment.startBlock,
    startBlockHash: startBlock.hash,
  });
  if (moved) log.warn('startup', { dataDir: config.dataDir, movedTo: moved, why: "it held another deployment's log" });
  let journal: PgJournal | undefined;
  if (env.databaseUrl) {
    const key = {
      chainId: env.chainId,
      governor: deployment.contracts.HomeostatGovernor,
      startBlockHash: startBlock.hash,
    };
    const pollMs = Math.max(500, Math.min(5_000, config.pollMs * 5));
    const leadership = await lead(env.databaseUrl, key, {
      pollMs,
      shouldStop,
      onWait: () =>
        log.info('standby', {
          why: "another replica holds this deployment's agent lock in the database; taking over when it stops",
          pollMs,
        }),
      onLost: (why) => {
        // Another replica may take the lead from here on: stop acting at once (the supervisor
        // starts this process again, as a standby).
        log.error('lead', { lost: true, why });
        process.exit(1);
      },
    });
    if (leadership === null) return null;
    journal = await PgJournal.open(env.databaseUrl, key);
    const restored = await journal.restore(config.dataDir, config.justificationsDir);
    log.info('lead', { journal: 'postgres', deployment: journal.deployment, restored });
  }
  const store = new AgentStore(config.dataDir, config.justificationsDir, journal);
  const roots = [config.modelsDir, 'public/models'];
  const artifact = findVolatilityArtifact(roots);
  let primary: Awaited<ReturnType<typeof createMlForecaster>> | undefined;
  if (artifact) {
    try {
      primary = await createMlForecaster(artifact);
    } catch (e) {
      log.error('startup', {
        model: artifact.version,
        error: `volatility model failed to load: ${(e as Error).message}`,
      });
    }
  }
  // AGENT_POLICY=learned: the committed network, refused at start if its file does not match its hash.
  const strategy = strategyFor(config.policy);
  const policyHash = config.policy === 'learned' ? currentLearnedNetwork().hash : null;
  const agent = new Agent({
    chain: createChainBoundary({
      client,
      // A local node that keeps only recent blocks (CHAIN_HISTORY_BLOCKS): older logs from the indexer.
      history: withHistory(client, { keepBlocks: env.chainHistoryBlocks, indexerUrl: env.indexerUrl }),
      wallet,
      account: config.account,
      deployment,
    }),
    store,
    indexer: createIndexerClient(env.indexerUrl, { timeoutMs: 2000 }),
    forecasters: { primary, fallback: createHarFallback() },
    strategy,
    log,
    config: {
      chainId: env.chainId,
      governor: deployment.contracts.HomeostatGovernor,
      controller: deployment.contracts.PolicyController,
      intervalSeconds: config.intervalSeconds,
      horizonHours: config.horizonHours,
      minHistoryHours: config.minHistoryHours,
      execute: config.execute,
      vetoCooldownHours: config.vetoCooldownHours,
      fault: config.fault,
    },
    retrain: createRetrainer({ store, log, modelsDir: config.modelsDir, roots, everySeconds: config.retrainSeconds }),
  });
  log.info('start', {
    chainId: env.chainId,
    rpcUrl: env.rpcUrl,
    indexerUrl: env.indexerUrl,
    governor: deployment.contracts.HomeostatGovernor,
    proposer: config.account.address,
    keySource: config.keySource,
    policy: config.policy,
    policyHash,
    model: primary?.version ?? null,
    modelHash: primary?.modelHash ?? null,
    intervalHours: config.intervalSeconds / 3600,
    horizonHours: config.horizonHours,
    dataDir: config.dataDir,
    verificationLog: verificationLog ?? null,
    decisionsLogged: store.decisions().size,
  });
  return agent;
}

/**
 * The treasury operator (AGENT_OPERATOR), with the agent's key: the deploy makes the agent account
 * the Treasury's operator. Undefined when off.
 */
export function buildOperator(config: AgentConfig, log: Logger): TreasuryOperator | undefined {
  if (!config.operator) return undefined;
  const { env } = config;
  const deployment = readDeployment(path.resolve(env.deploymentsFile), env.chainId);
  const transport = http(env.rpcUrl, { batch: { batchSize: 100, wait: 0 }, retryCount: 1, timeout: 10_000 });
  const client = createPublicClient({ transport });
  const wallet = createWalletClient({ account: config.account, transport });
  log.info('operator', { treasury: deployment.contracts.Treasury, operator: config.account.address, on: true });
  return new TreasuryOperator(createOperatorChain({ client, wallet, account: config.account, deployment }), log);
}

export async function runForever(
  agent: Agent,
  config: AgentConfig,
  log: Logger,
  shouldStop: () => boolean,
  operator?: TreasuryOperator,
) {
  let delay = 0;
  while (!shouldStop()) {
    try {
      // The operator's failures are its own (logged, retried next poll): they never hold up the
      // decision loop, and a failing decision step (an indexer down) never holds up the operator.
      if (operator) {
        await operator.tick().catch((e: unknown) => {
          log.error('operator', {
            error: ((e as Error).message ?? String(e)).split('\n')[0],
            transport: isTransportError(e),
          });
        });
      }
      await agent.tick();
      delay = 0;
      await sleep(config.pollMs);
    } catch (e) {
      agent.recordError('tick', e);
      delay = delay === 0 ? 500 : Math.min(30_000, delay * 2);
      log.error('tick', {
        error: ((e as { shortMessage?: string }).shortMessage ?? (e as Error).message ?? String(e)).split('\n')[0],
        transport: isTransportError(e),
        retryInMs: delay,
      });
      await sleep(delay);
    }
  }
  log.info('stop', { iterations: agent.iterations });
}
