/**
 * Ponder config: which contracts and events the Homeostat indexer follows.
 *
 * Everything comes from the environment that `scripts/indexer.ts` sets (the same variables
 * `lib/env.ts` validates): RPC_URL, CHAIN_ID, DEPLOYMENTS_FILE; DATABASE_URL switches the store
 * from embedded PGlite (INDEXER_PGLITE_DIR, default indexer/.ponder/pglite) to Postgres.
 * Addresses and the first block come from the deployments file the forge deploy script writes.
 */
import { createConfig } from 'ponder';
import { http, zeroAddress } from 'viem';
import {
  homeostatGovernorAbi,
  homeostatTokenAbi,
  policyControllerAbi,
  signalOracleAbi,
  stakingAbi,
  testStableAbi,
  treasuryAbi,
  uniswapV2PairAbi,
  verificationLogAbi,
} from '../lib/contracts/abis';
import { deployment, indexerEnv } from './env';

const env = indexerEnv();
const d = deployment(env);
const network = 'chain' as const;
const startBlock = d.startBlock;
// Deployments written before the VerificationLog existed have no address for it: follow the zero
// address (no logs), so the handlers stay registered and the verification table simply stays empty.
if (!d.contracts.VerificationLog) {
  console.warn(`${env.deploymentsFile}: no VerificationLog address; on-chain verify records will not be indexed`);
}

export default createConfig({
  database: env.databaseUrl
    ? { kind: 'postgres', connectionString: env.databaseUrl }
    : { kind: 'pglite', directory: env.pgliteDir },
  networks: {
    [network]: {
      chainId: env.chainId,
      // eth_getLogs over a busy block range can exceed viem's default 10 MB response cap, and
      // Ponder 1.0 does not split a range on that error: lift the cap (the RPC is trusted).
      transport: http(env.rpcUrl, { maxResponseBodySize: 512 * 1024 * 1024 }),
      // The local chain is fresh on every `npm start`: a cached response from a previous anvil
      // with the same chain id would be wrong, so by default nothing is cached there. When the local
      // node keeps only recent blocks (CHAIN_HISTORY_BLOCKS, set by `npm start` from
      // ANVIL_TX_HISTORY) the embedded database, wiped with each fresh chain (scripts/start.ts),
      // keeps the cache: its raw logs are the archive of older history (lib/chain/archive.ts) and
      // must survive an indexer restart. A Postgres DATABASE_URL outlives chains: never cached.
      disableCache: env.chainId === 31337 && (env.databaseUrl !== undefined || !process.env.CHAIN_HISTORY_BLOCKS),
      pollingInterval: env.pollingIntervalMs,
      maxRequestsPerSecond: env.chainId === 31337 ? 1000 : 50,
    },
  },
  contracts: {
    HomeostatToken: { network, abi: homeostatTokenAbi, address: d.contracts.HomeostatToken, startBlock },
    UniswapV2Pair: { network, abi: uniswapV2PairAbi, address: d.contracts.UniswapV2Pair, startBlock },
    Staking: { network, abi: stakingAbi, address: d.contracts.Staking, startBlock },
    Treasury: { network, abi: treasuryAbi, address: d.contracts.Treasury, startBlock },
    SignalOracle: { network, abi: signalOracleAbi, address: d.contracts.SignalOracle, startBlock },
    PolicyController: { network, abi: policyControllerAbi, address: d.contracts.PolicyController, startBlock },
    HomeostatGovernor: { network, abi: homeostatGovernorAbi, address: d.contracts.HomeostatGovernor, startBlock },
    VerificationLog: {
      network,
      abi: verificationLogAbi,
      address: d.contracts.VerificationLog ?? zeroAddress,
      startBlock,
    },
    // Only the treasury's stable movements matter (its stable balance is a KPI); the pool's
    // stable side is read from Sync.
    StableToken: {
      network,
      abi: testStableAbi,
      address: d.contracts.StableToken,
      startBlock,
      filter: [
        { event: 'Transfer', args: { from: d.contracts.Treasury } },
        { event: 'Transfer', args: { to: d.contracts.Treasury } },
      ],
    },
  },
});
