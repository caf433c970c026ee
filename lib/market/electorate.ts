/**
 * The electorate: how a simulated holder votes on a governance proposal, as a pure function of
 * what the proposal changes, who the voter is (role, holdings, recent P&L), the market's recent
 * move and a seeded random stream. The market driver (scripts/market-driver.ts) executes it: it
 * reads open proposals, asks `decideBallot` for each holder and sends castVoteWithReason from the
 * holder's own account once the ballot's time in the voting period has come.
 *
 * The rule is interest, not script: each change moves a voter's utility by how much that lever
 * helps or hurts their position (traders pay the transfer fee, stakers earn the reward rate,
 * holders are diluted by mints and helped by buybacks and burns when the price falls, LPs are
 * arbitraged against less when transfers cost more), scaled by the change's size. Turnout rises
 * with the size of the change and with how much is at stake for the voter; idiosyncratic noise
 * (seeded by MARKET_SEED through the caller's Rng) keeps a population of one role from voting
 * as a block. Inputs are generic (role, holdings, P&L) so the same holder agents can later come
 * from the simulator's economy.
 */
import { type ControllerState, type DecodedChange, ratio } from '../governance/decode';
import type { Role } from './actors';
import type { Rng } from './prng';

/** The policy levers a proposal can move, as a voter thinks of them. */
export type Lever =
  | 'transferFee'
  | 'burnShare'
  | 'rewardRate'
  | 'buybackBudget'
  | 'supply'
  | 'objective'
  | 'polBudget'
  | 'rangeBuyBudget'
  | 'rangeSellBudget'
  | 'other';

export type ChangeView = {
  lever: Lever;
  /** up = the value rises (for supply: a mint), down = it falls (a burn). */
  direction: 'up' | 'down' | 'none';
  /**
   * Size of the change: its share of the largest step the guardrails allow in one change
   * (0..1; a full-step change is 1). Null when unknown (treated as 0.5).
   */
  size: number | null;
  /** The change in words with units, for ballot reasons ("Transfer fee 0.30% → 0.55%"). */
  text: string;
};

export type VoterView = {
  role: Role;
  /** Voting power at the proposal's snapshot (HOME). */
  votes: number;
  /** HOME exposure now: liquid + staked + the HOME side of LP tokens (HOME). */
  homeHeld: number;
  /** Staked HOME. */
  staked: number;
  /** Value of the HOME exposure at the current price (stable units). */
  homeValue: number;
  /** Total wealth at the current price (stable units): homeValue + stable + LP's stable side. */
  wealth: number;
  /** Mark-to-market P&L of the HOME position over the last 24 h, as a fraction of wealth. */
  pnl24h: number;
};

export type MarketView = {
  /** Log return of the token price over the last 24 h. */
  recentReturn: number;
};

export type Support = 'for' | 'against' | 'abstain';

export type Ballot =
  | {
      support: Support;
      /** One sentence, in the voter's words, naming the change that decided it. */
      reason: string;
      /** When to vote, as a fraction of the voting period (0 = at its start, < 1). */
      at: number;
      /** The voter's net utility (signed, ~ -2..2) behind the choice, for logs and tests. */
      utility: number;
    }
  | { support: 'none'; reason: string; utility: number };

/** GovernorCountingSimple's support values. */
export const SUPPORT_VALUE: Readonly<Record<Support, 0 | 1 | 2>> = { against: 0, for: 1, abstain: 2 };

/**
 * Per role, how much one full-step rise of each lever is worth (signed; a fall is the negative).
 * "holder" levers (buyback, burn, supply) are further scaled by the voter's HOME exposure.
 * Why each sign:
 * - transferFee: traders and the arbitrage desk pay it on every round trip; the whale sells in
 *   size; LPs gain from less arbitrage (loss-versus-rebalancing) and churn against the pool.
 * - rewardRate: stakers earn it; emissions are sold into the market, which the whale and LPs
 *   (long HOME) dislike a little.
 * - buybackBudget, burnShare: treasury demand and burns support the price of what holders hold.
 * - supply: a mint dilutes holders, a burn concentrates them.
 * - polBudget (the treasury adds its own liquidity): a deeper pool means less slippage for
 *   traders and for the whale's size; LPs share their fees with the protocol's position; the
 *   arbitrage desk earns less per mispricing.
 * - rangeBuyBudget (the treasury buys below its range): price support, like a buyback.
 * - rangeSellBudget (the treasury sells its HOME above its range): caps holders' upside and adds
 *   tokens to the market; LPs gain the volume.
 * The range's bands themselves (re-centred on the 30-day average) and the POL share cap are
 * technical: voters weigh them as neutral ('other').
 */
export const ROLE_PREFERENCES: Readonly<Record<Role, Readonly<Record<Exclude<Lever, 'other'>, number>>>> = {
  arbitrageur: {
    transferFee: -1.5,
    rewardRate: 0,
    buybackBudget: 0.3,
    burnShare: 0,
    supply: -0.3,
    objective: 0,
    polBudget: -0.3,
    rangeBuyBudget: 0.2,
    rangeSellBudget: 0,
  },
  noise: {
    transferFee: -1.0,
    rewardRate: 0,
    buybackBudget: 0.6,
    burnShare: 0.3,
    supply: -1.0,
    objective: 0,
    polBudget: 0.5,
    rangeBuyBudget: 0.4,
    rangeSellBudget: -0.3,
  },
  whale: {
    transferFee: -0.6,
    rewardRate: -0.3,
    buybackBudget: 0.8,
    burnShare: 0.5,
    supply: -1.4,
    objective: 0,
    polBudget: 0.6,
    rangeBuyBudget: 0.6,
    rangeSellBudget: -0.6,
  },
  staker: {
    transferFee: -0.2,
    rewardRate: 1.2,
    buybackBudget: 0.6,
    burnShare: 0.4,
    supply: -1.2,
    objective: 0,
    polBudget: 0.2,
    rangeBuyBudget: 0.4,
    rangeSellBudget: -0.3,
  },
  lp: {
    transferFee: 0.8,
    rewardRate: -0.2,
    buybackBudget: 0.2,
    burnShare: 0,
    supply: -0.4,
    objective: 0,
    polBudget: -0.6,
    rangeBuyBudget: 0.2,
    rangeSellBudget: 0.2,
  },
};

const HOLDER_LEVERS: ReadonlySet<Lever> = new Set([
  'buybackBudget',
  'burnShare',
  'supply',
  'rangeBuyBudget',
  'rangeSellBudget',
]);

export type ElectorateOptions = {
  /** |utility| below this is indifference: the voter abstains if they vote at all. */
  indifference: number;
  /** Standard deviation of the idiosyncratic utility noise. */
  noise: number;
  /** Turnout model: base + perSize × size + perStake × |utility|, times the role's factor, capped. */
  turnout: { base: number; perSize: number; perStake: number; max: number };
};

export const DEFAULT_ELECTORATE: ElectorateOptions = {
  indifference: 0.2,
  noise: 0.3,
  turnout: { base: 0.15, perSize: 0.5, perStake: 0.35, max: 0.95 },
};

/** Professionals watch governance more closely than retail. */
const TURNOUT_FACTOR: Readonly<Record<Role, number>> = {
  arbitrageur: 1.2,
  whale: 1.2,
  lp: 1.1,
  staker: 1,
  noise: 0.8,
};

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/**
 * Price falling over the last day makes buybacks worth more to holders: ×1 flat or rising,
 * up to ×3 after a 10 % fall (linear in the fall).
 */
export function buybackUrgency(recentReturn: number): number {
  return 1 + 2 * clamp(-recentReturn / 0.1, 0, 1);
}

export type InterestTerm = { change: ChangeView; value: number };

/**
 * The voter's utility from the proposal before noise and mood: the sum over its changes of
 * preference × direction × size weight (0.4 + 0.6 × size: even a small change of a lever one
 * cares about counts), with holder levers scaled by HOME exposure and buybacks by urgency.
 */
export function interest(changes: readonly ChangeView[], voter: VoterView, market: MarketView): InterestTerm[] {
  return changes.map((change) => {
    if (change.lever === 'other' || change.direction === 'none') return { change, value: 0 };
    const pref = ROLE_PREFERENCES[voter.role][change.lever];
    const sign = change.direction === 'up' ? 1 : -1;
    const size = change.size === null ? 0.5 : clamp(change.size, 0, 1);
    let value = pref * sign * (0.4 + 0.6 * size);
    if (HOLDER_LEVERS.has(change.lever)) value *= homeShare(voter);
    if (change.lever === 'buybackBudget') value *= buybackUrgency(market.recentReturn);
    // Stakers care about rewards in proportion to how much of their HOME is staked.
    if (change.lever === 'rewardRate' && voter.role === 'staker') {
      value *= voter.homeHeld > 0 ? 0.5 + 0.5 * clamp(voter.staked / voter.homeHeld, 0, 1) : 0.5;
    }
    return { change, value };
  });
}

/** Share of the voter's wealth held in HOME (0..1): how much a holder lever matters to them. */
export function homeShare(voter: VoterView): number {
  if (!(voter.wealth > 0)) return 0;
  return clamp(voter.homeValue / voter.wealth, 0, 1);
}

/**
 * Mood from recent P&L: holders who made money lean towards the protocol's agent, those who lost
 * lean against (±0.3 at a ±10 % day and beyond, tanh in between).
 */
export function mood(pnl24h: number): number {
  return 0.3 * Math.tanh(pnl24h / 0.1);
}

/**
 * One voter's ballot on one proposal. Random draws, in this order (a test can script them):
 * 1. turnout: votes iff next() < turnout probability;
 * 2. timing: at = 0.02 + 0.95 × next()^1.3 (front-loaded, with stragglers to the end);
 * 3. noise: normal() × options.noise added to the utility.
 * Same seed (the caller forks per proposal and voter), same ballot.
 */
export function decideBallot(
  changes: readonly ChangeView[],
  voter: VoterView,
  market: MarketView,
  rng: Rng,
  options: ElectorateOptions = DEFAULT_ELECTORATE,
): Ballot {
  const terms = interest(changes, voter, market);
  const base = terms.reduce((s, t) => s + t.value, 0);
  const size = Math.max(0, ...changes.map((c) => (c.size === null ? 0.5 : clamp(c.size, 0, 1))));
  const t = options.turnout;
  const p = clamp(
    (t.base + t.perSize * size + t.perStake * Math.min(1, Math.abs(base))) * TURNOUT_FACTOR[voter.role],
    0,
    t.max,
  );
  const turnoutDraw = rng.next();
  const at = 0.02 + 0.95 * rng.next() ** 1.3;
  const noise = rng.normal() * options.noise;
  const m = mood(voter.pnl24h);
  const utility = base + m + noise;
  if (!(voter.votes > 0)) return { support: 'none', reason: 'no voting power at the snapshot', utility };
  if (turnoutDraw >= p) {
    return { support: 'none', reason: `stayed home (turnout chance ${(p * 100).toFixed(0)} %)`, utility };
  }
  const support: Support =
    utility > options.indifference ? 'for' : utility < -options.indifference ? 'against' : 'abstain';
  return { support, reason: reasonFor(support, voter.role, terms, m), at, utility };
}

const ROLE_NAME: Readonly<Record<Role, string>> = {
  arbitrageur: 'Arbitrage desk',
  noise: 'Trader',
  whale: 'Large holder',
  staker: 'Staker',
  lp: 'Liquidity provider',
};

/** Why a lever's move helps or hurts this role, in the voter's words. */
function why(role: Role, lever: Lever, helps: boolean): string {
  switch (lever) {
    case 'transferFee':
      if (role === 'lp')
        return helps ? 'less arbitrage and churn against my pool position' : 'more arbitrage against my pool position';
      if (role === 'staker') return helps ? 'cheaper to move my tokens' : 'costs me on every transfer';
      return helps ? 'cheaper round trips for my trading' : 'raises what every trade costs me';
    case 'rewardRate':
      if (role === 'staker') return helps ? 'more staking income' : 'less staking income';
      return helps ? 'fewer reward tokens sold into the market' : 'more reward tokens sold into the market';
    case 'buybackBudget':
      return helps ? 'treasury buying supports the price of what I hold' : 'less treasury support for the price';
    case 'burnShare':
      return helps ? 'more of the fee burned, fewer tokens in circulation' : 'less of the fee burned';
    case 'supply':
      return helps ? 'a burn concentrates my share of the supply' : 'a mint dilutes my holding';
    case 'polBudget':
      if (role === 'lp')
        return helps ? 'less protocol liquidity sharing my fees' : 'protocol liquidity dilutes my fees';
      if (role === 'arbitrageur')
        return helps ? 'a thinner pool pays more per mispricing' : 'a deeper pool pays less per mispricing';
      return helps ? 'a deeper pool, less slippage when I trade' : 'a thinner pool, more slippage when I trade';
    case 'rangeBuyBudget':
      return helps ? 'the treasury buys when the price falls below its range' : 'less treasury support below the range';
    case 'rangeSellBudget':
      if (role === 'lp') return helps ? 'treasury sales bring volume to my pool' : 'less volume through my pool';
      return helps ? 'the treasury sells less into a rising price' : 'the treasury sells into my upside';
    default:
      return helps ? 'I see it as an improvement' : 'I see it as a risk';
  }
}

function reasonFor(support: Support, role: Role, terms: readonly InterestTerm[], moodTerm: number): string {
  const who = ROLE_NAME[role];
  const ranked = [...terms].filter((t) => t.value !== 0).sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
  if (support === 'abstain') {
    const top = ranked[0];
    return top
      ? `${who}: abstain, mixed or small stake in it (${top.change.text}: ${why(role, top.change.lever, top.value > 0)}).`
      : `${who}: abstain, this change does not touch my position.`;
  }
  const wanted = support === 'for' ? 1 : -1;
  const decisive = ranked.find((t) => Math.sign(t.value) === wanted);
  if (decisive) {
    return `${who}: ${support === 'for' ? 'approve' : 'veto'}, ${decisive.change.text}: ${why(role, decisive.change.lever, decisive.value > 0)}.`;
  }
  if (Math.sign(moodTerm) === wanted && Math.abs(moodTerm) > 0.05) {
    return support === 'for'
      ? `${who}: approve, the policy has served my position well this past day.`
      : `${who}: veto, I lost money this past day and do not trust more changes now.`;
  }
  return `${who}: ${support === 'for' ? 'approve' : 'veto'} on balance, a judgement call.`;
}

// ------------------------------------------------------------------ adapters (pure)

const LEVER_OF: Readonly<Record<number, Lever>> = {
  0: 'supply',
  1: 'burnShare',
  2: 'transferFee',
  3: 'rewardRate',
  4: 'buybackBudget',
  5: 'objective',
  6: 'polBudget',
  10: 'rangeBuyBudget',
  11: 'rangeSellBudget',
};

/**
 * A decoded proposal (lib/governance/decode) as the changes a voter weighs. Sizes are shares of
 * the guardrail's largest step (from the decoder's headroom; for supply from `state`'s guardrail).
 */
export function changesFromDecoded(decoded: readonly DecodedChange[], state?: ControllerState | null): ChangeView[] {
  return decoded.map((d): ChangeView => {
    if (d.kind === 'setParameter') {
      const lever = LEVER_OF[d.paramId] ?? 'other';
      const direction = d.proposed > d.expectedCurrent ? 'up' : d.proposed < d.expectedCurrent ? 'down' : 'none';
      return {
        lever,
        direction: lever === 'objective' ? (direction === 'none' ? 'none' : 'up') : direction,
        size: d.headroom?.stepShare ?? null,
        text: `${d.label} ${d.currentText} → ${d.proposedText}`,
      };
    }
    if (d.kind === 'changeSupply') {
      return {
        lever: 'supply',
        direction: d.delta > 0n ? 'up' : d.delta < 0n ? 'down' : 'none',
        size: supplyStepShare(d.delta, state?.guardrails[0]?.maxStep),
        text: `${d.label} ${d.deltaText}`,
      };
    }
    return { lever: 'other', direction: 'none', size: null, text: d.label };
  });
}

function supplyStepShare(delta: bigint, maxStep: bigint | undefined): number | null {
  if (maxStep === undefined || maxStep === 0n) return null;
  return ratio(delta < 0n ? -delta : delta, maxStep);
}

/** Mark-to-market P&L of a HOME position over a price move, as a fraction of wealth then. */
export function markToMarketPnl(homeHeld: number, priceThen: number, priceNow: number, wealthThen: number): number {
  if (!(wealthThen > 0) || !(priceThen > 0) || !Number.isFinite(priceNow)) return 0;
  return (homeHeld * (priceNow - priceThen)) / wealthThen;
}

/** Votes cast by support, for the driver's hourly log line. */
export type VoteTally = { for: number; against: number; abstain: number };
export const emptyTally = (): VoteTally => ({ for: 0, against: 0, abstain: 0 });
