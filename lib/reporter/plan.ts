import { DataError } from '../errors';
import { buildPostLogRecord, type Post, type PostLogRecord } from '../market/sentiment-feed';
import type { SentimentLabel } from '../metrics';
import type { FeedObservation, TimedPost } from './sources';

/**
 * What the reporter posts this period, decided from its sources and the oracle's state alone (pure:
 * the script reads, classifies and sends). Rules:
 *
 * - The signal of a period is observed at its close, `observedAt = ⌊now / period⌋ · period`, and
 *   summarises the posts published in (observedAt − period, observedAt]: each labelled by the
 *   sentiment model, the index is the mean of +1 (bullish), 0 (neutral), −1 (bearish), and the
 *   content hash commits to exactly those posts with their labels (lib/market/sentiment-feed.ts,
 *   the same canonical form the local market's replayed feed uses). A period with no posts posts
 *   index 0 with count 0 (its hash commits to the empty list), as long as the source is fresh.
 * - Stale source: when the newest post is older than `maxSourceAgeSeconds` at observedAt, nothing
 *   is posted and the note says so; the oracle then ages on-chain and the agent's stale-oracle gate
 *   refuses to act, which is the right answer when nobody is watching the market.
 * - The feed's price is posted at the feed's own `observedAt` when that is newer than the oracle's
 *   last price and not older than `maxSourceAgeSeconds`; its volume and anomaly score ride with the
 *   signal only when the feed is fresh (else 0, said in the notes).
 * - Corrupt input (a post or a feed time in the future) throws a DataError naming the file and
 *   line: nothing of that period is posted.
 */

export type OracleState = {
  latestRound: number;
  /** observedAt of the latest signal (0 when none). */
  lastObservedAt: number;
  latestPriceRound: number;
  /** observedAt of the latest market price (0 when none). */
  lastPriceObservedAt: number;
};

export type ReportInputs = {
  /** Chain time now (the latest block's timestamp), unix seconds. */
  now: number;
  periodSeconds: number;
  maxSourceAgeSeconds: number;
  oracle: OracleState;
  /** All posts from the posts source, or null when none is configured. */
  posts: readonly TimedPost[] | null;
  feed: FeedObservation | null;
  /** The sentiment model: one label per text, in order. */
  classify: (texts: string[]) => SentimentLabel[];
};

export type SignalPlan = {
  round: number;
  observedAt: number;
  sentimentBps: number;
  anomalyBps: number;
  /** Off-chain volume, USD with 18 decimals. */
  volume: bigint;
  record: PostLogRecord;
};

export type PricePlan = { round: number; observedAt: number; priceUsd: number; price: bigint };

export type ReportPlan = { observedAt: number; signal: SignalPlan | null; price: PricePlan | null; notes: string[] };

/** Tolerated clock skew between a source and the chain before a time counts as "in the future". */
export const FUTURE_TOLERANCE_SECONDS = 300;

/** USD with 18 decimals, at micro-dollar precision; null when not a positive finite price. */
export function usdWei(usd: number): bigint | null {
  if (!Number.isFinite(usd) || usd <= 0 || usd > 1e15) return null;
  const micro = BigInt(Math.round(usd * 1e6));
  return micro > 0n ? micro * 10n ** 12n : null;
}

const iso = (t: number) => new Date(t * 1000).toISOString().replace('.000Z', 'Z');
const age = (seconds: number) =>
  seconds >= 3600 ? `${(seconds / 3600).toFixed(1)} h` : `${Math.max(0, Math.round(seconds / 60))} min`;

export function planReport(inputs: ReportInputs): ReportPlan {
  const { now, periodSeconds, maxSourceAgeSeconds, oracle, posts, feed } = inputs;
  const observedAt = Math.floor(now / periodSeconds) * periodSeconds;
  const notes: string[] = [];

  for (const p of posts ?? []) {
    if (p.time > now + FUTURE_TOLERANCE_SECONDS) {
      throw new DataError(`post time ${iso(p.time)} is after the chain's time ${iso(now)}`, {
        ...p.where,
        column: 'time',
      });
    }
  }
  if (feed && feed.observedAt > now + FUTURE_TOLERANCE_SECONDS) {
    throw new DataError(`observedAt ${iso(feed.observedAt)} is after the chain's time ${iso(now)}`, {
      file: feed.source,
      column: 'observedAt',
    });
  }
  const feedAge = feed ? now - feed.observedAt : null;
  const feedFresh = feed !== null && feedAge !== null && feedAge <= maxSourceAgeSeconds;
  if (feed && !feedFresh) {
    notes.push(`feed is stale: observed ${iso(feed.observedAt)}, ${age(feedAge ?? 0)} ago`);
  }

  let signal: SignalPlan | null = null;
  if (posts === null) {
    notes.push('no posts source (REPORTER_POSTS): no sentiment signal');
  } else if (observedAt <= oracle.lastObservedAt) {
    notes.push(`the signal observed at ${iso(observedAt)} is already on-chain`);
  } else {
    let newest = Number.NEGATIVE_INFINITY;
    for (const p of posts) if (p.time <= observedAt && p.time > newest) newest = p.time;
    if (!Number.isFinite(newest)) {
      notes.push(`posts are stale: none published by ${iso(observedAt)}`);
    } else if (observedAt - newest > maxSourceAgeSeconds) {
      notes.push(
        `posts are stale: the newest is from ${iso(newest)}, ${age(observedAt - newest)} before ${iso(observedAt)}`,
      );
    } else {
      const inPeriod = posts
        .filter((p) => p.time > observedAt - periodSeconds && p.time <= observedAt)
        .sort((a, b) => a.time - b.time || String(a.id).localeCompare(String(b.id)));
      const labels = inPeriod.length > 0 ? inputs.classify(inPeriod.map((p) => p.text)) : [];
      if (labels.length !== inPeriod.length) {
        throw new Error(`the sentiment model returned ${labels.length} labels for ${inPeriod.length} posts`);
      }
      const labelled: Post[] = inPeriod.map((p, i) => ({ id: p.id, label: labels[i]!, text: p.text }));
      const round = oracle.latestRound + 1;
      const record = buildPostLogRecord(round, observedAt, labelled);
      const volume = feedFresh && feed.volumeUsd !== null ? (usdWei(feed.volumeUsd) ?? 0n) : 0n;
      const anomalyBps = feedFresh && feed.anomalyScore !== null ? Math.round(feed.anomalyScore * 10_000) : 0;
      if (!feedFresh || feed.volumeUsd === null) notes.push('no fresh volume in the feed: volume 0');
      signal = { round, observedAt, sentimentBps: record.sentimentBps, anomalyBps, volume, record };
    }
  }

  let price: PricePlan | null = null;
  if (feed === null) {
    notes.push('no feed (REPORTER_FEED): no market price');
  } else if (feed.marketPriceUsd === null) {
    notes.push('the feed has no marketPriceUsd: no market price');
  } else if (feedFresh) {
    if (feed.observedAt <= oracle.lastPriceObservedAt) {
      notes.push(`the market price observed at ${iso(feed.observedAt)} is already on-chain`);
    } else {
      const wei = usdWei(feed.marketPriceUsd);
      if (wei !== null) {
        price = {
          round: oracle.latestPriceRound + 1,
          observedAt: feed.observedAt,
          priceUsd: feed.marketPriceUsd,
          price: wei,
        };
      }
    }
  }
  return { observedAt, signal, price, notes };
}
