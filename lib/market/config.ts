import { chainHistoryBlocksFrom, indexerUrlFrom, nonEmpty, number } from '../env';
import { ConfigError } from '../errors';
import { parseScenario, type Scenario } from './scenarios';

/**
 * The market driver's configuration, from environment variables (validated at start; a bad
 * value stops the driver with a message naming the variable).
 *
 * | variable | default | meaning |
 * | --- | --- | --- |
 * | RPC_URL | http://127.0.0.1:8545 | the local anvil chain (the driver refuses other chains) |
 * | DEPLOYMENTS_FILE (or DEPLOYMENTS) | deployments/31337.json | addresses from the deploy script |
 * | MARKET_MODEL | economy | economy: lib/sim's settled agents trade on the chain, orders netted to one swap, one stake move and one LP move per account and hour; the replayed path is only their market factor, so an approved proposal changes the market (lib/market/economy-plan.ts); replay: the older actors plus an arbitrageur that pins the pool to the replayed path (governance cannot move the price) |
 * | MARKET_SCENARIO | default | default, calm, crash, liquidity-drain, staking-bank-run, bank-run, death-spiral (the start date picks the market factor's path; under economy liquidity-drain makes the LP agents withdraw, staking-bank-run panics holders, bank-run does both, death-spiral adds panic and LP exit that grow with the token's fall: lib/sim/scenarios.ts SIM_STRESS, Scenario.economy) |
 * | MARKET_START | the scenario's date | replay start on the real path, ISO date (e.g. 2022-05-01) |
 * | MARKET_SPEED | 0.1 | simulated hours per real second (0.01–1000); see DEFAULT_MARKET_SPEED |
 * | MARKET_SEED | homeostat | seed of all random choices (same seed, same market) |
 * | MARKET_HOURS | unlimited | stop after this many simulated hours |
 * | MARKET_PRICE_FILE | data/prices/btcusd_1h_2018-05_2023-03.csv | hourly price path |
 * | MARKET_SENTIMENT_FILE | data/sentiment/twitter_financial_news_train.csv | labelled posts |
 * | MARKET_POSTS_DIR | .homeostat/posts | where the raw posts of each hour are appended (JSON lines) |
 */
export const MARKET_MODELS = ['replay', 'economy'] as const;
export type MarketModel = (typeof MARKET_MODELS)[number];

export type MarketConfig = {
  rpcUrl: string;
  model: MarketModel;
  deploymentsFile: string;
  scenario: Scenario;
  start: string;
  speed: number;
  seed: string;
  hours: number | undefined;
  priceFile: string;
  sentimentFile: string;
  postsDir: string;
  /** The node answers logs only for its last CHAIN_HISTORY_BLOCKS blocks (set by `npm start`); older ones come from the indexer. */
  historyBlocks: number | undefined;
  /** The indexer, the archive of older logs (INDEXER_URL, else INDEXER_PORT on this machine). */
  indexerUrl: string;
};

type Source = Record<string, string | undefined>;

/**
 * Simulated hours per real second on the embedded default: one simulated hour every 10 s, so the
 * governor's 3-day voting period lasts 12 real minutes and its 1-day timelock 4 (governance at human
 * speed: a holder who opens a live proposal has time to read, verify and vote), while a real hour
 * still replays 15 days of market history. Faster speeds are for tests and benchmarks.
 */
export const DEFAULT_MARKET_SPEED = 0.1;

export function parseMarketConfig(source: Source = process.env): MarketConfig {
  const rpcUrl = nonEmpty(source, 'RPC_URL') ?? `http://127.0.0.1:${nonEmpty(source, 'ANVIL_PORT') ?? '8545'}`;
  try {
    const u = new URL(rpcUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
  } catch {
    throw new ConfigError('RPC_URL', `"${rpcUrl}" is not an http(s) URL`);
  }
  const modelRaw = nonEmpty(source, 'MARKET_MODEL') ?? 'economy';
  if (!(MARKET_MODELS as readonly string[]).includes(modelRaw)) {
    throw new ConfigError('MARKET_MODEL', `"${modelRaw}" is not one of ${MARKET_MODELS.join(', ')}`);
  }
  const model = modelRaw as MarketModel;
  const scenario = parseScenario(source.MARKET_SCENARIO);
  const start = nonEmpty(source, 'MARKET_START') ?? scenario.start;
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?Z?)?$/.test(start) && !/^\d+$/.test(start)) {
    throw new ConfigError('MARKET_START', `"${start}" is not an ISO date such as 2022-05-01 (or unix seconds)`);
  }
  const hoursRaw = nonEmpty(source, 'MARKET_HOURS');
  let hours: number | undefined;
  if (hoursRaw !== undefined) {
    if (!/^\d+$/.test(hoursRaw) || Number(hoursRaw) < 1) {
      throw new ConfigError('MARKET_HOURS', `"${hoursRaw}" is not a positive whole number of hours`);
    }
    hours = Number(hoursRaw);
  }
  return {
    rpcUrl: rpcUrl.replace(/\/$/, ''),
    model,
    deploymentsFile:
      nonEmpty(source, 'DEPLOYMENTS_FILE') ?? nonEmpty(source, 'DEPLOYMENTS') ?? 'deployments/31337.json',
    scenario,
    start,
    speed: number(source, 'MARKET_SPEED', DEFAULT_MARKET_SPEED, 0.01, 1000),
    seed: nonEmpty(source, 'MARKET_SEED') ?? 'homeostat',
    hours,
    priceFile: nonEmpty(source, 'MARKET_PRICE_FILE') ?? 'data/prices/btcusd_1h_2018-05_2023-03.csv',
    sentimentFile: nonEmpty(source, 'MARKET_SENTIMENT_FILE') ?? 'data/sentiment/twitter_financial_news_train.csv',
    postsDir: nonEmpty(source, 'MARKET_POSTS_DIR') ?? '.homeostat/posts',
    historyBlocks: chainHistoryBlocksFrom(source),
    indexerUrl: indexerUrlFrom(source),
  };
}
