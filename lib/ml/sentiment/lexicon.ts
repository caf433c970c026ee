/**
 * Lexicon baseline: a small finance lexicon written for this project (no package), scored by
 * counting stems with a negation flip. It is what a model has to beat to be worth shipping.
 * Words are matched as prefixes of tokens, so "downgrad" catches downgrade/downgraded/downgrades.
 */
import type { SentimentLabel } from '../../data/sentiment';
import { tokenize } from './featurize';

const POSITIVE = [
  'beat',
  'beats',
  'surg',
  'soar',
  'jump',
  'rall',
  'gain',
  'rise',
  'rises',
  'rising',
  'rose',
  'climb',
  'upgrad',
  'outperform',
  'buy',
  'bull',
  'record',
  'strong',
  'growth',
  'grow',
  'profit',
  'rebound',
  'recover',
  'boost',
  'raise',
  'raises',
  'raised',
  'higher',
  'top',
  'tops',
  'exceed',
  'upbeat',
  'optimis',
  'positive',
  'win',
  'wins',
  'approv',
  'overweight',
  'breakout',
  'high',
  'expand',
  'accelerat',
  'best',
  'advance',
  'up',
  'spike',
  'rocket',
  'moon',
];
const NEGATIVE = [
  'miss',
  'fall',
  'fell',
  'drop',
  'plung',
  'slump',
  'sink',
  'sank',
  'tumbl',
  'declin',
  'down',
  'cut',
  'cuts',
  'lower',
  'loss',
  'lose',
  'weak',
  'bear',
  'sell',
  'underperform',
  'underweight',
  'warn',
  'lawsuit',
  'sue',
  'probe',
  'investigat',
  'fraud',
  'crash',
  'slash',
  'layoff',
  'bankrupt',
  'default',
  'recession',
  'fear',
  'concern',
  'risk',
  'downgrad',
  'negative',
  'worst',
  'low',
  'slow',
  'halt',
  'delay',
  'fine',
  'fined',
  'penalt',
  'dump',
  'short',
  'pressure',
  'disappoint',
  'tank',
  'plummet',
  'crisis',
  'inflation',
];
const NEGATORS = new Set(['not', 'no', 'never', "n't", 'without', 'fails', 'failed']);

const matches = (token: string, stems: string[]) =>
  stems.some((s) => (s.length <= 4 ? token === s || token === `${s}s` || token === `${s}ed` : token.startsWith(s)));

/** Score in [-1, 1]: (pos - neg) / (pos + neg); 0 (neutral) when no lexicon word is present. */
export function lexiconScore(text: string): number {
  const tokens = tokenize(text);
  let pos = 0;
  let neg = 0;
  tokens.forEach((t, i) => {
    const flipped = i > 0 && NEGATORS.has(tokens[i - 1]!);
    if (matches(t, POSITIVE)) flipped ? neg++ : pos++;
    else if (matches(t, NEGATIVE)) flipped ? pos++ : neg++;
  });
  return pos + neg === 0 ? 0 : (pos - neg) / (pos + neg);
}

export function lexiconLabel(text: string): { label: SentimentLabel; score: number } {
  const score = lexiconScore(text);
  return { label: score > 0 ? 'positive' : score < 0 ? 'negative' : 'neutral', score };
}
