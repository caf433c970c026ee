import { type Hex, keccak256, stringToBytes } from 'viem';
import { parseCsv } from '../data/csv';
import { DataError } from '../errors';
import { CORPUS_LABELS, labelScore, type SentimentIndex, type SentimentLabel, sentimentIndex } from '../metrics';
import { checkPost } from '../ml/sentiment/input';
import { poisson } from './actors';
import type { Rng } from './prng';

/**
 * The replayed social feed: each simulated hour some posts from the real labelled corpus
 * (data/sentiment/twitter_financial_news_train.csv), with the bullish/bearish mix following the
 * replayed market's recent returns. The raw posts are stored off-chain; the hourly index goes
 * on-chain with a hash committing to exactly those posts.
 *
 * ## Canonical serialisation (how anyone recomputes `contentHash`)
 *
 *     contentHash = keccak256( UTF-8 bytes of
 *       JSON.stringify({ observedAt, posts: [{ id, label, text }, …] }) )
 *
 * - keys in exactly that order, no whitespace (ECMAScript JSON.stringify; in Python
 *   `json.dumps(obj, separators=(',', ':'), ensure_ascii=False)` gives the same bytes);
 * - `observedAt`: the unix second posted on-chain as the signal's `observedAt`;
 * - `posts` in the order they were picked; `id` = the line of the corpus file the post starts on;
 *   `label` = "bullish" | "bearish" | "neutral"; `text` = the post verbatim.
 *
 * Each line of the stored log (`.homeostat/posts/<chainId>.jsonl`) holds
 * `{ round, observedAt, sentimentBps, count, contentHash, canonical }` where `canonical` is the
 * exact hashed string, so `keccak256(toBytes(line.canonical)) === line.contentHash`.
 */

/** `id`: the corpus line (the replayed feed) or the platform's id / `file:line` (lib/reporter). */
export type Post = { id: number | string; label: SentimentLabel; text: string };

export type Corpus = {
  source: string;
  byLabel: Readonly<Record<SentimentLabel, readonly Post[]>>;
  size: number;
};

/** Parses the labelled corpus (columns text,label; label 0 bearish, 1 bullish, 2 neutral). */
export function parseSentimentCorpus(text: string, source: string): Corpus {
  const table = parseCsv(text, source);
  for (const column of ['text', 'label']) {
    if (!table.columns.includes(column)) {
      throw new DataError(`missing required column "${column}"`, { file: source, line: 1 });
    }
  }
  const byLabel: Record<SentimentLabel, Post[]> = { bearish: [], bullish: [], neutral: [] };
  for (const { line, record } of table.rows) {
    const raw = (record.label ?? '').trim();
    const label = /^[0-2]$/.test(raw) ? CORPUS_LABELS[Number(raw)] : undefined;
    if (!label) {
      throw new DataError(`label "${raw}" is not 0 (bearish), 1 (bullish) or 2 (neutral)`, {
        file: source,
        line,
        column: 'label',
      });
    }
    const postText = record.text ?? '';
    if (postText.trim() === '') throw new DataError('empty post text', { file: source, line, column: 'text' });
    // Oversized, binary or broken text never reaches the stored post log (or its on-chain hash).
    const check = checkPost(postText);
    if (!check.ok) throw new DataError(check.rejection.message, { file: source, line, column: 'text' });
    byLabel[label].push({ id: line, label, text: postText });
  }
  const size = table.rows.length;
  if (size === 0) throw new DataError('no posts after the header', { file: source });
  for (const label of ['bearish', 'bullish', 'neutral'] as const) {
    if (byLabel[label].length === 0) throw new DataError(`no ${label} posts in the corpus`, { file: source });
  }
  return { source, byLabel, size };
}

export type FeedOptions = {
  /** Mean posts per hour in a quiet market (more when it moves). */
  postsPerHour?: number;
  /** Share of neutral posts. */
  neutralShare?: number;
};

/**
 * Probability that a non-neutral post is bullish, from the replayed market's 24 h log return:
 * 0.5 + 0.45·tanh(r / 3 %) — a 3 % rise gives ~84 % bullish, a 10 % fall ~0.5 % … 5 % bullish.
 */
export function bullishShare(recentReturn: number): number {
  const r = Number.isFinite(recentReturn) ? recentReturn : 0;
  return 0.5 + 0.45 * Math.tanh(r / 0.03);
}

/** The posts of one hour: at least one; more in a moving market (|hourly return| adds chatter). */
export function pickPosts(
  rng: Rng,
  corpus: Corpus,
  market: { recentReturn: number; hourReturn: number },
  options: FeedOptions = {},
): Post[] {
  const mean = (options.postsPerHour ?? 6) * (1 + Math.min(4, Math.abs(market.hourReturn) / 0.01));
  const count = Math.max(1, Math.min(60, poisson(rng, mean)));
  const neutralShare = options.neutralShare ?? 0.35;
  const bull = bullishShare(market.recentReturn);
  const posts: Post[] = [];
  for (let i = 0; i < count; i++) {
    const label: SentimentLabel = rng.chance(neutralShare) ? 'neutral' : rng.chance(bull) ? 'bullish' : 'bearish';
    posts.push(rng.pick(corpus.byLabel[label]));
  }
  return posts;
}

/** A post's score in [−1, 1]. The default reads the corpus label; a classifier can replace it. */
export type PostScorer = (post: Post) => number;
export const labelScorer: PostScorer = (post) => labelScore(post.label);

export function scorePosts(posts: readonly Post[], scorer: PostScorer = labelScorer): SentimentIndex {
  return sentimentIndex(posts.map(scorer));
}

/** The index in the oracle's basis points (−10,000 … 10,000); an empty hour is 0 with count 0. */
export function toSentimentBps(index: SentimentIndex): number {
  return index.index === null ? 0 : Math.round(index.index * 10_000);
}

/** The exact string whose UTF-8 bytes are hashed (see the top of this file). */
export function canonicalPosts(observedAt: number, posts: readonly Post[]): string {
  return JSON.stringify({ observedAt, posts: posts.map(({ id, label, text }) => ({ id, label, text })) });
}

export function postsContentHash(canonical: string): Hex {
  return keccak256(stringToBytes(canonical));
}

/** One line of the stored post log. */
export type PostLogRecord = {
  round: number;
  observedAt: number;
  sentimentBps: number;
  count: number;
  contentHash: Hex;
  canonical: string;
};

export function buildPostLogRecord(round: number, observedAt: number, posts: readonly Post[], scorer?: PostScorer) {
  const canonical = canonicalPosts(observedAt, posts);
  const index = scorePosts(posts, scorer);
  return {
    round,
    observedAt,
    sentimentBps: toSentimentBps(index),
    count: index.count,
    contentHash: postsContentHash(canonical),
    canonical,
  } satisfies PostLogRecord;
}
