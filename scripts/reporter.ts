/**
 * The reporter (long-running): `npm run reporter` (`-- --once` for one period and exit), started
 * by `npm start` on every chain but the local one, where the market driver posts its replayed feed
 * in each chain hour's block. Each period it reads its sources (lib/reporter/config.ts), labels the
 * period's posts with the sentiment model (public/models), and posts to the SignalOracle the
 * signal (sentiment index, content hash of the posts, off-chain volume, anomaly score) and the
 * market factor's price (lib/reporter/plan.ts says what and when). Each posted signal's posts are
 * appended to `.homeostat/posts/<chainId>.jsonl` (the dashboard counts them; anyone can recompute
 * the hash from a line).
 *
 * - A stale source: nothing is posted from it, and the log says so each period.
 * - A malformed source: a named error (file, line, field), nothing of that period is posted; the
 *   reporter tries again next period, so a team can fix the file without restarting anything.
 * - Bad configuration, or a key that is not the oracle's reporter: one line naming the variable,
 *   exit 1. With --once, a data error exits 2.
 */
import { appendFileSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { createPublicClient, createWalletClient, type Hex, http } from 'viem';
import { createLogger } from '../agent/log';
import { writeAndWait } from '../lib/chain/gas';
import { signalOracleAbi } from '../lib/contracts/abis';
import { readDeployment } from '../lib/contracts/deployments-node';
import { ConfigError, DataError, HomeostatError } from '../lib/errors';
import type { SentimentLabel } from '../lib/metrics';
import { readCurrentArtifact } from '../lib/ml/artifacts-node';
import { classifyTexts, loadSentimentModel } from '../lib/ml/sentiment/model';
import { parseReporterConfig, type ReporterConfig } from '../lib/reporter/config';
import { type OracleState, planReport, type ReportPlan } from '../lib/reporter/plan';
import { type FeedObservation, parseFeed, parsePostsJsonl, type TimedPost } from '../lib/reporter/sources';
import { localAccounts } from './lib/accounts';

const log = createLogger(undefined, 'reporter');
const FEED_TIMEOUT_MS = 10_000;
/** A posts directory or file larger than this is refused rather than read into memory each period. */
const MAX_POSTS_BYTES = 256 * 1024 * 1024;

/** Model labels (data/sentiment) → the oracle's post labels (lib/metrics). */
const TO_POST_LABEL: Record<string, SentimentLabel> = { negative: 'bearish', positive: 'bullish', neutral: 'neutral' };

function readPosts(location: string): TimedPost[] {
  const st = statSync(location);
  const files = st.isDirectory()
    ? readdirSync(location)
        .filter((f) => f.endsWith('.jsonl'))
        .sort()
        .map((f) => path.join(location, f))
    : [location];
  let bytes = 0;
  const posts: TimedPost[] = [];
  for (const file of files) {
    bytes += statSync(file).size;
    if (bytes > MAX_POSTS_BYTES) {
      throw new DataError(`more than ${MAX_POSTS_BYTES >> 20} MiB of posts; move older files out`, { file: location });
    }
    posts.push(...parsePostsJsonl(readFileSync(file, 'utf8'), file, path.basename(file)));
  }
  return posts;
}

async function readFeed(feed: NonNullable<ReporterConfig['feed']>): Promise<FeedObservation> {
  if (feed.kind === 'file') return parseFeed(readFileSync(feed.location, 'utf8'), feed.location);
  let res: Response;
  try {
    res = await fetch(feed.location, { signal: AbortSignal.timeout(FEED_TIMEOUT_MS) });
  } catch (e) {
    throw new DataError(`could not be fetched (${(e as Error).message})`, { file: `REPORTER_FEED ${feed.location}` });
  }
  if (!res.ok) throw new DataError(`answered HTTP ${res.status}`, { file: `REPORTER_FEED ${feed.location}` });
  return parseFeed(await res.text(), `REPORTER_FEED ${feed.location}`);
}

async function main() {
  const once = process.argv.includes('--once');
  const config = parseReporterConfig(process.env, () => localAccounts.reporter.privateKey);
  const { env, account } = config;
  const deployment = readDeployment(path.resolve(env.deploymentsFile), env.chainId);
  const oracle = deployment.contracts.SignalOracle;
  const client = createPublicClient({ transport: http(env.rpcUrl, { timeout: 15_000, retryCount: 2 }) });
  const wallet = createWalletClient({ account, transport: http(env.rpcUrl, { timeout: 15_000, retryCount: 0 }) });
  const chainId = await client.getChainId();
  if (chainId !== env.chainId) {
    throw new ConfigError('CHAIN_ID', `is ${env.chainId} but the node at RPC_URL is chain ${chainId}`);
  }
  const reporter = (await client.readContract({
    address: oracle,
    abi: signalOracleAbi,
    functionName: 'reporter',
  })) as Hex;
  if (reporter.toLowerCase() !== account.address.toLowerCase()) {
    const variable = config.keySource === 'keystore' ? 'REPORTER_KEYSTORE' : 'REPORTER_PRIVATE_KEY';
    throw new ConfigError(variable, `its account ${account.address} is not the oracle's reporter (${reporter})`);
  }
  const artifact = config.posts === undefined ? undefined : readCurrentArtifact('sentiment');
  if (config.posts !== undefined && !artifact) {
    throw new ConfigError('REPORTER_POSTS', 'needs the sentiment model in public/models (npm run train -- sentiment)');
  }
  if (artifact) {
    // As the agent does: the plain CPU backend, without TF.js's "install tfjs-node" banner on stdout.
    const tf = await import('@tensorflow/tfjs');
    tf.env().set('PROD', true);
    if (tf.getBackend() !== 'cpu') await tf.setBackend('cpu');
    await tf.ready();
  }
  const model = artifact ? await loadSentimentModel(artifact) : null;
  const classify = (texts: string[]) =>
    model ? classifyTexts(model, texts).map((r) => TO_POST_LABEL[r.label] ?? 'neutral') : [];
  const { postsLog } = config;
  log.info('start', {
    oracle,
    reporter: account.address,
    posts: config.posts ?? null,
    feed: config.feed?.location ?? null,
    periodSeconds: config.periodSeconds,
    maxSourceAgeHours: config.maxSourceAgeSeconds / 3600,
    sentimentModel: artifact?.version ?? null,
  });

  const read = <T>(functionName: string, args: unknown[] = []) =>
    client.readContract({ address: oracle, abi: signalOracleAbi, functionName, args } as never) as Promise<T>;

  async function oracleState(): Promise<OracleState> {
    const [latestRound, latestPriceRound] = await Promise.all([
      read<bigint>('latestRound'),
      read<bigint>('latestMarketPriceRound'),
    ]);
    const [signal, price] = await Promise.all([
      latestRound > 0n ? read<{ observedAt: number }>('latestSignal') : null,
      latestPriceRound > 0n ? read<{ observedAt: number }>('latestMarketPrice') : null,
    ]);
    return {
      latestRound: Number(latestRound),
      lastObservedAt: signal ? Number(signal.observedAt) : 0,
      latestPriceRound: Number(latestPriceRound),
      lastPriceObservedAt: price ? Number(price.observedAt) : 0,
    };
  }

  async function send(functionName: 'postSignal' | 'postMarketPrice', args: readonly unknown[]): Promise<Hex | null> {
    try {
      const { hash, ok } = await writeAndWait(client, wallet, account, {
        address: oracle,
        abi: signalOracleAbi,
        functionName,
        args,
      });
      if (!ok) {
        log.error(functionName, { error: `reverted in ${hash}` });
        return null;
      }
      return hash;
    } catch (e) {
      const err = e as { shortMessage?: string; message?: string };
      log.error(functionName, { error: err.shortMessage ?? err.message ?? String(e) });
      return null;
    }
  }

  let lastNotes = '';
  /** One period: read, plan, post. Returns the plan, or the data error that stopped it. */
  async function tick(): Promise<{ plan: ReportPlan | null; error: DataError | null }> {
    const now = Number((await client.getBlock()).timestamp);
    let plan: ReportPlan;
    try {
      const oracle = await oracleState();
      // The reporter wakes once a minute: the posts are read (and parsed) only when this period's
      // signal is still to be posted; otherwise the plan only needs to know that it is on-chain.
      const due = Math.floor(now / config.periodSeconds) * config.periodSeconds > oracle.lastObservedAt;
      const posts = config.posts === undefined ? null : due ? readPosts(config.posts) : [];
      const feed = config.feed === undefined ? null : await readFeed(config.feed);
      plan = planReport({
        now,
        periodSeconds: config.periodSeconds,
        maxSourceAgeSeconds: config.maxSourceAgeSeconds,
        oracle,
        posts,
        feed,
        classify,
      });
    } catch (e) {
      if (e instanceof DataError) {
        // Said once per distinct problem, not once a minute until someone fixes the file.
        if (e.message !== lastNotes) log.error('source', { error: e.message, posted: 'nothing this period' });
        lastNotes = e.message;
        return { plan: null, error: e };
      }
      throw e;
    }
    const posted: Record<string, unknown> = {};
    if (plan.signal) {
      const s = plan.signal;
      const hash = await send('postSignal', [
        BigInt(s.round),
        s.observedAt,
        s.sentimentBps,
        s.anomalyBps,
        s.volume,
        s.record.contentHash,
      ]);
      if (hash) {
        mkdirSync(path.dirname(postsLog), { recursive: true });
        appendFileSync(postsLog, `${JSON.stringify(s.record)}\n`);
        posted.signal = {
          round: s.round,
          observedAt: s.observedAt,
          sentimentBps: s.sentimentBps,
          posts: s.record.count,
          anomalyBps: s.anomalyBps,
          contentHash: s.record.contentHash,
          tx: hash,
        };
      }
    }
    if (plan.price) {
      const p = plan.price;
      const hash = await send('postMarketPrice', [BigInt(p.round), p.observedAt, p.price]);
      if (hash) posted.marketPrice = { round: p.round, observedAt: p.observedAt, usd: p.priceUsd, tx: hash };
    }
    // Once a minute the same "already on-chain" notes would repeat: log what changed.
    const said = JSON.stringify(plan.notes);
    if (Object.keys(posted).length > 0 || said !== lastNotes) {
      log.info('period', { observedAt: plan.observedAt, ...posted, notes: plan.notes });
    }
    lastNotes = said;
    return { plan, error: null };
  }

  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => (stopping = true));
  if (once) {
    const { error } = await tick();
    process.exit(error ? 2 : 0);
  }
  while (!stopping) {
    await tick().catch((e: unknown) => log.error('tick', { error: (e as Error)?.message ?? String(e) }));
    // Wake shortly after the next period closes (chain time ≈ wall time on a live chain), at
    // least once a minute so a stopped reporter notices SIGTERM and a fixed source soon.
    const now = Date.now() / 1000;
    const next = (Math.floor(now / config.periodSeconds) + 1) * config.periodSeconds + 5;
    const waitMs = Math.min(60_000, Math.max(1_000, (next - now) * 1000));
    const until = Date.now() + waitMs;
    while (!stopping && Date.now() < until) await new Promise((r) => setTimeout(r, 250));
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    const message =
      e instanceof HomeostatError ? e.message.replace(/\s*\n\s*/g, ' ') : String((e as Error)?.stack ?? e);
    console.error(`reporter: ${message}`);
    process.exit(1);
  },
);
