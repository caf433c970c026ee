/**
 * The technical terms of the agent's own reasoning text (lib/policy/decide.ts and the strategies
 * in lib/policy/strategies), each explained in a sentence, for the disclosure under the plain
 * summary. Pure.
 */

export type GlossaryEntry = { term: string; meaning: string /** Matches the term in a text. */; pattern: RegExp };

export const glossary: readonly GlossaryEntry[] = [
  {
    term: 'volatility (…/yr)',
    meaning:
      'How much the price swings, as the standard deviation of returns scaled to a year: 80 %/yr means a typical day moves about 4 %.',
    pattern: /volatility/i,
  },
  {
    term: 'upper-80% / 80% interval',
    meaning:
      'The forecast says the true value lies in this range 8 times out of 10; the upper bound is the cautious case.',
    pattern: /80%/,
  },
  {
    term: 'long-run level',
    meaning: 'A slow moving average of past volatility: what “normal” looks like for this market.',
    pattern: /long-run/i,
  },
  {
    term: 'stress',
    meaning:
      'How far (0–100 %) the cautious forecast is above 1.2× the long-run level; the policy raises fees, rewards and buybacks with it.',
    pattern: /stress/i,
  },
  {
    term: 'reference price',
    meaning: 'A moving average of the HOME price; the policy leans against moves away from it.',
    pattern: /reference/i,
  },
  {
    term: 'Gap integral',
    meaning:
      'The price’s distance from its reference, accumulated over time (and slowly forgotten): a gap that lasts keeps building support. Shown as a share of the maximum staking reward.',
    pattern: /gap integral/i,
  },
  {
    term: 'PI controller, P, I, output',
    meaning:
      'A proportional-integral controller: P reacts to the current price gap, I to the gap accumulated over time; their sum (the output) sets buybacks and rewards.',
    pattern: /\bPI controller|\bP=|\bI=/,
  },
  {
    term: 'transferFeeBps',
    meaning: 'The fee taken from every HOME transfer, in basis points (1 bps = 0.01 %).',
    pattern: /transferFeeBps/,
  },
  {
    term: 'burnShareBps',
    meaning:
      'The share of each fee that is destroyed, in basis points of the fee (10,000 = all of it); the rest goes to the treasury.',
    pattern: /burnShareBps/,
  },
  {
    term: 'stakingRewardRate',
    meaning: 'HOME paid to stakers per second, shared in proportion to their stake (×86,400 for a day).',
    pattern: /stakingRewardRate/,
  },
  {
    term: 'buybackBudget',
    meaning: 'Stable money (TUSD) the treasury may spend per epoch (one day) buying HOME on the pool and burning it.',
    pattern: /buybackBudget/,
  },
  {
    term: 'supplyChange',
    meaning: 'A one-off mint (> 0) or burn (< 0) of HOME, in tokens, bounded by a rolling 24 h budget.',
    pattern: /supplyChange/,
  },
  {
    term: 'bps',
    meaning: 'Basis points: hundredths of a percent (25 bps = 0.25 %).',
    pattern: /\bbps\b|Bps\b/,
  },
  {
    term: 'TUSD/epoch',
    meaning: 'TUSD (the local test dollar, 1 TUSD ≈ 1 USD) per buyback epoch of one day.',
    pattern: /TUSD\/epoch|\/epoch/,
  },
  {
    term: 'maxStep',
    meaning: 'The largest change a guardrail allows in one proposal; bigger moves take several proposals.',
    pattern: /maxStep/,
  },
  {
    term: 'minDelay',
    meaning: 'The time a guardrail requires between two changes of the same parameter.',
    pattern: /minDelay/,
  },
  {
    term: 'min / max',
    meaning: 'The lowest and highest values a guardrail allows, enforced by the on-chain controller.',
    pattern: /bound by [^)]*\b(min|max)\b/,
  },
  {
    term: 'supplyBudget',
    meaning: 'The cap on net minting and burning within 24 h (a share of total supply).',
    pattern: /supplyBudget/,
  },
  {
    term: 'asked … bound by …',
    meaning: 'What the policy wanted before the guardrails clamped it, and which guardrail did.',
    pattern: /asked .*bound by/,
  },
  {
    term: 'adaptive / pid / static policy',
    meaning:
      'The strategy the agent runs: adaptive reacts to forecast stress and the price gap, pid to the price gap only, static never moves.',
    pattern: /\b(adaptive|pid|static) policy/i,
  },
  {
    term: 'stability / growth / scarcity objective',
    meaning: 'What holders told the agent to aim for: a steady price, more use and staking, or a shrinking supply.',
    pattern: /\b(stability|growth|scarcity) objective/i,
  },
];

/** The entries whose term appears in `text`, in glossary order. */
export function glossaryFor(text: string): GlossaryEntry[] {
  return glossary.filter((g) => g.pattern.test(text));
}
