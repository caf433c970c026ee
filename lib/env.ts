import { ConfigError } from './errors';

/**
 * Runtime configuration from environment variables, validated once at start.
 * Every variable is optional: the defaults run the embedded local stack (anvil on :8545,
 * deployments/31337.json written by the forge deploy script, the app on :3000).
 * `.env.example` documents each variable; errors name the bad variable.
 */
export type Env = {
  /** JSON-RPC endpoint of the chain. Unset → the local anvil started by `npm start`. */
  rpcUrl: string;
  /** Chain id the app and agent expect; checked against the RPC's eth_chainId at start. */
  chainId: number;
  /** Path of the deployments file (addresses written by contracts/script/Deploy.s.sol). */
  deploymentsFile: string;
  /** True when `npm start` should launch anvil and deploy (no RPC_URL given). */
  localChain: boolean;
  anvilPort: number;
  /** States the local anvil keeps for past blocks (`--prune-history`); reads older than that fail. */
  anvilStateHistory: number;
  /**
   * Blocks whose transactions, receipts and logs the local anvil keeps (ANVIL_TX_HISTORY,
   * `--transaction-block-keeper`; older event history is read from the indexer, lib/chain/archive.ts),
   * or 'all' to keep everything.
   */
  anvilTxHistory: number | 'all';
  /**
   * What `npm start` applies of anvilTxHistory: the window in blocks, or undefined when the node keeps
   * everything. Only on the local chain with the embedded database, whose indexer caches the raw logs
   * across restarts (indexer/ponder.config.ts); a Postgres DATABASE_URL outlives chains and never
   * caches a local one, so there the node keeps all history.
   */
  localTxWindow: number | undefined;
  /**
   * How many recent blocks the node answers `eth_getLogs` for (CHAIN_HISTORY_BLOCKS; `npm start` sets
   * it to ANVIL_TX_HISTORY for its services). Unset: the node keeps all history.
   */
  chainHistoryBlocks: number | undefined;
  appPort: number;
  indexerPort: number;
  /** Where the app reads indexed history (Ponder's HTTP API). */
  indexerUrl: string;
  /** Postgres for the indexer; unset → embedded PGlite. */
  databaseUrl: string | undefined;
};

type Source = Record<string, string | undefined>;

export function parseEnv(source: Source = process.env): Env {
  const anvilPort = port(source, 'ANVIL_PORT', 8545);
  const anvilStateHistory = integer(source, 'ANVIL_STATE_HISTORY', 128, 16, 100_000);
  const anvilTxHistory =
    nonEmpty(source, 'ANVIL_TX_HISTORY')?.toLowerCase() === 'all'
      ? 'all'
      : integer(source, 'ANVIL_TX_HISTORY', 256, 128, 10_000_000);
  const chainHistoryBlocks = chainHistoryBlocksFrom(source);
  const appPort = port(source, 'APP_PORT', 3000);
  const indexerPort = port(source, 'INDEXER_PORT', 42069);
  const rpcUrlRaw = nonEmpty(source, 'RPC_URL');
  const rpcUrl = rpcUrlRaw === undefined ? `http://127.0.0.1:${anvilPort}` : url(rpcUrlRaw, 'RPC_URL');
  const chainId = integer(source, 'CHAIN_ID', 31337, 1, 2 ** 53 - 1);
  if (rpcUrlRaw !== undefined && nonEmpty(source, 'CHAIN_ID') === undefined) {
    throw new ConfigError('CHAIN_ID', 'must be set when RPC_URL points at another chain (e.g. CHAIN_ID=8453)');
  }
  const deploymentsFile = nonEmpty(source, 'DEPLOYMENTS_FILE') ?? `deployments/${chainId}.json`;
  const indexerUrl = indexerUrlFrom(source);
  const databaseUrlRaw = nonEmpty(source, 'DATABASE_URL');
  if (databaseUrlRaw !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrlRaw)) {
    throw new ConfigError('DATABASE_URL', 'must be a postgres:// or postgresql:// connection string');
  }
  const localChain = rpcUrlRaw === undefined;
  return {
    rpcUrl,
    chainId,
    deploymentsFile,
    localChain,
    anvilPort,
    anvilStateHistory,
    anvilTxHistory,
    localTxWindow: localChain && databaseUrlRaw === undefined && anvilTxHistory !== 'all' ? anvilTxHistory : undefined,
    chainHistoryBlocks,
    appPort,
    indexerPort,
    indexerUrl,
    databaseUrl: databaseUrlRaw,
  };
}

/** CHAIN_HISTORY_BLOCKS: how many recent blocks the node answers eth_getLogs for; undefined = all. */
export function chainHistoryBlocksFrom(source: Source): number | undefined {
  return nonEmpty(source, 'CHAIN_HISTORY_BLOCKS') === undefined
    ? undefined
    : integer(source, 'CHAIN_HISTORY_BLOCKS', 0, 128, 10_000_000);
}

/** INDEXER_URL, else the indexer on this machine at INDEXER_PORT. */
export function indexerUrlFrom(source: Source): string {
  const raw = nonEmpty(source, 'INDEXER_URL');
  return raw === undefined ? `http://127.0.0.1:${port(source, 'INDEXER_PORT', 42069)}` : url(raw, 'INDEXER_URL');
}

export function nonEmpty(source: Source, name: string): string | undefined {
  const value = source[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

export function integer(source: Source, name: string, fallback: number, min: number, max: number): number {
  const raw = nonEmpty(source, name);
  if (raw === undefined) return fallback;
  if (!/^-?\d+$/.test(raw)) throw new ConfigError(name, `"${raw}" is not an integer`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `${n} is outside ${min}..${max}`);
  return n;
}

export function number(source: Source, name: string, fallback: number, min: number, max: number): number {
  const raw = nonEmpty(source, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new ConfigError(name, `"${raw}" is not a number`);
  if (n < min || n > max) throw new ConfigError(name, `${n} is outside ${min}..${max}`);
  return n;
}

function port(source: Source, name: string, fallback: number) {
  return integer(source, name, fallback, 1, 65535);
}

function url(raw: string, name: string) {
  try {
    const u = new URL(raw);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
    return raw.replace(/\/$/, '');
  } catch {
    throw new ConfigError(name, `"${raw}" is not an http(s) URL`);
  }
}
