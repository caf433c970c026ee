import { assertFinite, MetricInputError } from './validate';

/**
 * Sentiment index: the mean of per-post scores in [−1, 1], with the number of posts behind it.
 * No posts → `{ index: null, count: 0 }` (never NaN, never a fake 0 = "neutral").
 */
export type SentimentIndex = { index: number | null; count: number };

/** The corpus's labels (data/sentiment/twitter_financial_news_train.csv). */
export type SentimentLabel = 'bearish' | 'bullish' | 'neutral';
export const CORPUS_LABELS: Readonly<Record<number, SentimentLabel>> = { 0: 'bearish', 1: 'bullish', 2: 'neutral' };
export const LABEL_SCORES: Readonly<Record<SentimentLabel, number>> = { bullish: 1, bearish: -1, neutral: 0 };

/** Label → score: bullish +1, bearish −1, neutral 0. */
export function labelScore(label: SentimentLabel): number {
  const score = LABEL_SCORES[label];
  if (score === undefined) throw new MetricInputError('label', `unknown sentiment label "${String(label)}"`);
  return score;
}

export function sentimentIndex(scores: readonly number[]): SentimentIndex {
  let sum = 0;
  scores.forEach((s, i) => {
    assertFinite(s, `scores[${i}]`);
    if (s < -1 || s > 1) throw new MetricInputError(`scores[${i}]`, `a sentiment score must be in [-1, 1], got ${s}`);
    sum += s;
  });
  if (scores.length === 0) return { index: null, count: 0 };
  // The mean of values in [−1, 1] is in [−1, 1]; clamp only the last-bit rounding.
  return { index: Math.max(-1, Math.min(1, sum / scores.length)), count: scores.length };
}

/**
 * Fixed-point form for on-chain storage: index × 10^decimals rounded (default 4 decimals, so
 * 0.25 → 2500); null → null. Kept here so reporter and reader agree on the scale.
 */
export function sentimentToFixed(index: number | null, decimals = 4): bigint | null {
  if (index === null) return null;
  assertFinite(index, 'index');
  if (index < -1 || index > 1) throw new MetricInputError('index', `must be in [-1, 1], got ${index}`);
  return BigInt(Math.round(index * 10 ** decimals));
}
