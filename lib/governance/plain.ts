/**
 * The AI's justification in plain language, rendered from the structured fields of the committed
 * document (inputs.state, forecasts, changes, expectedEffects, expectedLane), not from its
 * technical `text`. Rendering here rather than adding a field keeps every document already
 * committed on-chain readable, and leaves what the agent hashes untouched. Every number carries
 * its unit. Pure.
 */
import type { JustificationDoc } from './justification';

const DAY_SECONDS = 86_400;

const num = (x: number, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits });
const pct = (fraction: number, digits = 0) => `${(fraction * 100).toFixed(digits)} %`;
/** A price in the stable token: enough digits for a token worth cents. */
const price = (x: number, stable: string) => `${x.toPrecision(4)} ${stable}`;

type State = {
  price?: number;
  referencePrice?: number;
  realizedVolLongRun?: number;
  realizedVol24h?: number;
  params?: Record<string, number>;
};

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** How far the forecast's upper 80 % bound is above the long-run level before the policy calls it stress. */
const STRESS_RATIO = 1.2;

/** Words for the guardrail rules that limited a change (GuardrailRule in lib/policy/types). */
const limitWords: Record<string, string> = {
  maxStep: 'limited by the largest step allowed in one change',
  max: 'capped at the guardrail maximum',
  min: 'held at the guardrail minimum',
  minDelay: 'limited by the wait required between changes',
  supplyBudget: 'limited by the 24 h budget for minting and burning',
};

/** One parameter change in words, values in the units people read. */
export function plainChange(
  c: { parameter: string; from: number; to: number; clampedBy?: readonly string[] },
  stable = 'TUSD',
): string {
  const up = c.to > c.from;
  let text: string;
  switch (c.parameter) {
    case 'transferFeeBps':
      text = `${up ? 'raise' : 'lower'} the fee on every transfer from ${pct(c.from / 10_000, 2)} to ${pct(c.to / 10_000, 2)}`;
      break;
    case 'burnShareBps':
      text = `${up ? 'burn more' : 'burn less'} of each fee: ${pct(c.from / 10_000)} → ${pct(c.to / 10_000)} destroyed, the rest to the treasury`;
      break;
    case 'stakingRewardRate':
      text = `${up ? 'raise' : 'cut'} staking rewards from ${num(c.from * DAY_SECONDS)} to ${num(c.to * DAY_SECONDS)} HOME a day`;
      break;
    case 'buybackBudget':
      text =
        c.to === 0
          ? `stop buybacks (were ${num(c.from)} ${stable} a day)`
          : `${up ? 'raise' : 'cut'} treasury buybacks from ${num(c.from)} to ${num(c.to)} ${stable} a day`;
      break;
    case 'supplyChange':
      text =
        c.to >= 0
          ? `mint ${num(c.to)} new HOME into the staking rewards budget`
          : `burn ${num(-c.to)} HOME from the treasury`;
      break;
    case 'polBudget':
      text = `${up ? 'raise' : 'cut'} what the treasury may move into or out of the pool from ${num(c.from)} to ${num(c.to)} ${stable} a day`;
      break;
    case 'polMaxShareBps':
      text = `${up ? 'raise' : 'lower'} the largest share of the pool the treasury may own from ${pct(c.from / 10_000, 1)} to ${pct(c.to / 10_000, 1)}`;
      break;
    case 'rangeLowerBand':
      text = `${up ? 'raise' : 'lower'} the price below which the treasury buys HOME from ${price(c.from, stable)} to ${price(c.to, stable)} per HOME`;
      break;
    case 'rangeUpperBand':
      text = `${up ? 'raise' : 'lower'} the price above which the treasury sells HOME from ${price(c.from, stable)} to ${price(c.to, stable)} per HOME`;
      break;
    case 'rangeBuyBudget':
      text = `${up ? 'raise' : 'cut'} the treasury's range buys from ${num(c.from)} to ${num(c.to)} ${stable} a day`;
      break;
    case 'rangeSellBudget':
      text = `${up ? 'raise' : 'cut'} the treasury's range sells from ${num(c.from)} to ${num(c.to)} HOME a day`;
      break;
    default:
      text = `change ${c.parameter} from ${num(c.from, 4)} to ${num(c.to, 4)}`;
  }
  const limits = (c.clampedBy ?? []).map((r) => limitWords[r] ?? r);
  return limits.length ? `${text} (${limits.join(', ')})` : text;
}

const effectWords: Record<string, { name: string; format: (x: number, stable: string) => string }> = {
  priceVolatility: { name: 'price swings', format: (x) => `${x > 0 ? '+' : '−'}${pct(Math.abs(x))}` },
  maxDrawdown: {
    name: 'the worst fall from a high',
    format: (x) => `${x > 0 ? '+' : '−'}${pct(Math.abs(x), 1)} of the price`,
  },
  netSupplyChange: { name: 'HOME in circulation', format: (x) => `${x > 0 ? '+' : '−'}${num(Math.abs(x))} HOME` },
  treasuryStable: {
    name: 'the treasury’s stable money',
    format: (x, s) => `${x > 0 ? '+' : '−'}${num(Math.abs(x))} ${s}`,
  },
  stakingRatio: {
    name: 'the yield for stakers',
    format: (x) => `${x > 0 ? '+' : '−'}${pct(Math.abs(x), 1)} a year`,
  },
  volume: { name: 'trading volume', format: (x) => `${x > 0 ? '+' : '−'}${pct(Math.abs(x))}` },
};

export type PlainJustification = {
  /** Sentences, each standing alone. */
  sentences: string[];
};

/** The committed justification in plain sentences; empty when the document has none of the fields. */
export function plainJustification(doc: JustificationDoc, stable = 'TUSD'): PlainJustification {
  const out: string[] = [];
  const state = (doc.inputs?.state ?? {}) as State;
  const f = doc.forecasts?.volatility;
  const horizon = f?.horizonHours ?? 24;
  if (f && isNum(f.rvNext) && isNum(f.upper80)) {
    let s = `The model expects the HOME price to swing about ${pct(f.rvNext)} a year (annualised volatility) over the next ${horizon} h, at most ${pct(f.upper80)} with 80 % confidence`;
    if (isNum(state.realizedVolLongRun) && state.realizedVolLongRun > 0) {
      const ratio = f.upper80 / state.realizedVolLongRun;
      s +=
        ratio > STRESS_RATIO
          ? `; that is ${ratio.toFixed(1)} times its usual ${pct(state.realizedVolLongRun)}, so the market looks stressed.`
          : `; its usual level is ${pct(state.realizedVolLongRun)}, so the market looks ${ratio < 1 ? 'calmer than usual' : 'normal'}.`;
    } else s += '.';
    out.push(s);
  }
  if (isNum(state.price) && isNum(state.referencePrice) && state.referencePrice > 0) {
    const gap = state.price / state.referencePrice - 1;
    out.push(
      Math.abs(gap) < 0.001
        ? `HOME trades at ${price(state.price, stable)}, at its recent reference price.`
        : `HOME trades at ${price(state.price, stable)}, ${pct(Math.abs(gap), 1)} ${gap < 0 ? 'below' : 'above'} its recent reference price of ${price(state.referencePrice, stable)}.`,
    );
  }
  const changes = doc.changes ?? [];
  if (changes.length) {
    const parts = changes.map((c) => plainChange(c, stable));
    out.push(`So the agent proposes to ${parts.join('; and to ')}.`);
  } else if (doc.text) {
    out.push('The agent proposes no change.');
  }
  const effects = doc.expectedEffects ?? [];
  const described = effects
    .filter((e) => effectWords[e.kpi] && e.direction !== 'none' && isNum(e.estimate) && e.estimate !== 0)
    .map((e) => {
      const w = effectWords[e.kpi] as (typeof effectWords)[string];
      return `${w.name} ${w.format(e.estimate, stable)}`;
    });
  if (described.length) out.push(`Expected over ${horizon} h, roughly: ${described.join(', ')}.`);
  if (changes.length && doc.expectedLane) {
    out.push(
      doc.expectedLane === 'optimistic'
        ? 'Every step is small, so it takes the optimistic lane: it passes unless holders veto it.'
        : 'At least one step is large, so it needs a full vote: enough holders must vote, and more must approve than veto.',
    );
  }
  return { sentences: out };
}
