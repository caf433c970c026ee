/**
 * Which treasury-operation levers (controller parameters 6–11) are worth proposing: re-centring
 * the range bands on a slow reference price, and raising or lowering the protocol-owned
 * liquidity (POL) budget as the pool's depth falls below or recovers to its reference. Pure:
 * every number comes in as an argument; guardrails are the controller's, read by the caller.
 *
 * Units: prices and bands are stable per whole HOME, the POL budget is stable per treasury
 * epoch, depths are the pool's stable-side reserve (stable), times are unix seconds.
 */
import type {
  AnyParameterChange,
  Decision,
  Forecasts,
  Guardrail,
  ObjectiveMode,
  Proposal,
  TreasuryParameter,
  TreasuryParameterChange,
} from './types';

/** The governed treasury-operation values, in units a person reads (same shape as the agent's snapshot reader). */
export type TreasuryLeverValues = {
  polBudget: number;
  polMaxShareBps: number;
  rangeLowerBand: number;
  rangeUpperBand: number;
  rangeBuyBudget: number;
  rangeSellBudget: number;
};

/**
 * The levers this module may move. The POL share cap (polMaxShareBps) is left to holders: it is a
 * risk limit on how much of the pool the treasury may own, not an operating setting, and no
 * reading the agent has tells when owning more of the pool is the safer choice.
 */
export type TreasuryLever = Extract<
  TreasuryParameter,
  'polBudget' | 'rangeLowerBand' | 'rangeUpperBand' | 'rangeBuyBudget' | 'rangeSellBudget'
>;
export const TREASURY_LEVERS = [
  'polBudget',
  'rangeLowerBand',
  'rangeUpperBand',
  'rangeBuyBudget',
  'rangeSellBudget',
] as const satisfies readonly TreasuryLever[];

export type TreasuryLeverInputs = {
  now: number;
  /** Pool price now, stable per HOME. */
  price: number;
  /** Slow reference price (e.g. 30-day EMA of the pool price, `emaPrice`), stable per HOME. */
  referencePrice: number;
  /** Pool's stable-side reserve now, stable. */
  depthNow: number;
  /** Reference depth (e.g. the 30-day average stable-side reserve), stable. */
  depthReference: number;
  current: TreasuryLeverValues;
  /** The treasury's stable and HOME now, and the pool's HOME reserve (range budgets are sized from them). */
  treasuryStable: number;
  treasuryHome: number;
  poolHome: number;
  /** The controller's guardrails for each lever, in the same units as the values. */
  guardrails: Record<TreasuryLever, Guardrail>;
  /** When each lever last changed on-chain (unix seconds). */
  lastChangedAt: Record<TreasuryLever, number>;
  objective: ObjectiveMode;
};

export type TreasuryLeverChange = {
  parameter: TreasuryLever;
  /** Current on-chain value. */
  from: number;
  /** Proposed value after maxStep/min/max. */
  to: number;
  /** Where the rule wanted the value to go before the guardrails. */
  target: number;
  /** One plain-language line with units. */
  reason: string;
};

export type TreasuryLeverDecision =
  | { kind: 'changes'; changes: TreasuryLeverChange[] }
  | { kind: 'none'; reasons: string[] };

/**
 * Half-widths of the range around the reference, as fractions of it. Olympus's range-bound
 * stability puts its "walls" roughly 15–20 % around a 30-day moving average; the treasury here
 * has one band per side (no separate cushion), so it sits inside that, at 6–15 %: wide enough that
 * a day's ordinary noise (this token's realised daily volatility is a few %) does not trigger
 * operations, narrow enough that a sustained deviation of about 10 % does. Stability is the
 * narrowest and symmetric (±8 %: the holders asked for a steadier price), growth widens the upper
 * side (+15 %: sell later into a rally), scarcity raises the lower side (−6 %: buy and burn sooner).
 */
export const RANGE_SPREADS: Record<ObjectiveMode, { below: number; above: number }> = {
  stability: { below: 0.08, above: 0.08 },
  growth: { below: 0.1, above: 0.15 },
  scarcity: { below: 0.06, above: 0.12 },
};

/**
 * The bands are "materially off" when their midpoint is more than this fraction from the
 * reference, or the reference is outside the range. Below that, re-centring would be churn: each proposal costs holders a vote.
 */
export const RECENTRE_TOLERANCE = 0.05;

/** The 30-day span of the reference EMA, in hourly samples. */
export const REFERENCE_EMA_HOURS = 30 * 24;

/** Depth below this fraction of its reference is a deficit: raise the POL budget. */
export const DEPTH_DEFICIT_RATIO = 0.8;
/** Depth at or above this fraction of its reference is healthy: lower the POL budget. */
export const DEPTH_HEALTHY_RATIO = 1.0;
/**
 * POL budget the rule aims for, as a fraction of the reference depth per epoch: in deficit,
 * enough to restore the missing depth over about 10 epochs; when healthy, a small standing
 * budget (1 % of reference depth) so the operator can still trim excess.
 */
export const POL_RESTORE_EPOCHS = 10;
export const POL_HEALTHY_BUDGET_SHARE = 0.01;
/** A budget change smaller than this fraction of the current budget is not worth a vote. */
export const POL_BUDGET_TOLERANCE = 0.1;

const fmt = (x: number, digits = 4) => Number(x.toPrecision(digits)).toLocaleString('en-US');
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const finitePositive = (x: number) => Number.isFinite(x) && x > 0;

/**
 * Exponential moving average of a price series with an N-sample span (α = 2 / (N + 1)), as
 * commonly defined; non-finite or non-positive samples are skipped. NaN when nothing usable.
 */
export function emaPrice(prices: readonly number[], span = REFERENCE_EMA_HOURS): number {
  const alpha = 2 / (span + 1);
  let ema = Number.NaN;
  for (const p of prices) {
    if (!finitePositive(p)) continue;
    ema = Number.isNaN(ema) ? p : ema + alpha * (p - ema);
  }
  return ema;
}

/** The step a guardrail allows from `from` toward `target`: within maxStep and [min, max]. */
export function stepToward(from: number, target: number, g: Guardrail): number {
  const stepped = Math.min(from + g.maxStep, Math.max(from - g.maxStep, target));
  return Math.min(g.max, Math.max(g.min, stepped));
}

const delayLeft = (lever: TreasuryLever, x: TreasuryLeverInputs) =>
  x.lastChangedAt[lever] + x.guardrails[lever].minDelay - x.now;

function validGuardrail(g: Guardrail | undefined): g is Guardrail {
  return (
    !!g &&
    [g.min, g.max, g.maxStep, g.minDelay].every(Number.isFinite) &&
    g.min <= g.max &&
    g.maxStep >= 0 &&
    g.minDelay >= 0
  );
}

/** Range re-centring: zero, one or two band changes (never leaving lower ≥ upper). */
function recentreBands(x: TreasuryLeverInputs, reasons: string[]): TreasuryLeverChange[] {
  const ref = x.referencePrice;
  const { rangeLowerBand: lo, rangeUpperBand: hi } = x.current;
  if (!(Number.isFinite(lo) && Number.isFinite(hi)) || lo < 0 || hi <= lo) {
    reasons.push(`range bands ${fmt(lo)}–${fmt(hi)} stable per HOME are not a valid range; left to holders`);
    return [];
  }
  const spread = RANGE_SPREADS[x.objective];
  const targetLo = ref * (1 - spread.below);
  const targetHi = ref * (1 + spread.above);
  const mid = (lo + hi) / 2;
  const midOff = Math.abs(mid - ref) / ref;
  const wrongSide = lo >= ref || hi <= ref;
  // Only the centre counts, not the width: a range holders set wider or narrower than the
  // spreads (the deploy's 0.08–0.125 around 0.10) is their choice until it drifts off-centre.
  if (midOff <= RECENTRE_TOLERANCE && !wrongSide) {
    reasons.push(
      `range ${fmt(lo)}–${fmt(hi)} stable per HOME is centred within ${pct(RECENTRE_TOLERANCE)} of the reference ${fmt(ref)} (off by ${pct(midOff)}); no re-centring`,
    );
    return [];
  }
  const gLo = x.guardrails.rangeLowerBand;
  const gHi = x.guardrails.rangeUpperBand;
  const waitLo = delayLeft('rangeLowerBand', x);
  const waitHi = delayLeft('rangeUpperBand', x);
  let newLo = waitLo > 0 ? lo : stepToward(lo, targetLo, gLo);
  let newHi = waitHi > 0 ? hi : stepToward(hi, targetHi, gHi);
  // The controller rejects crossed bands, and a zero-width range means nothing: keep lower < upper.
  if (newLo >= newHi) {
    // Hold one band where it is (the lower first, the upper if that does not help).
    if (lo < newHi) newLo = lo;
    else if (newLo < hi) newHi = hi;
  }
  if (newLo >= newHi) {
    reasons.push('range re-centring would cross the bands within the guardrails; left to holders');
    return [];
  }
  const why = wrongSide
    ? `the reference price ${fmt(ref)} stable per HOME is outside the range ${fmt(lo)}–${fmt(hi)}`
    : `the range ${fmt(lo)}–${fmt(hi)} stable per HOME is centred ${pct(midOff)} away from the reference ${fmt(ref)} (tolerance ${pct(RECENTRE_TOLERANCE)})`;
  const out: TreasuryLeverChange[] = [];
  if (newLo !== lo)
    out.push({
      parameter: 'rangeLowerBand',
      from: lo,
      to: newLo,
      target: targetLo,
      reason: `Move the buy band ${fmt(lo)} → ${fmt(newLo)} stable per HOME (target ${fmt(targetLo)}, ${pct(spread.below)} below the reference): ${why}.`,
    });
  else if (waitLo > 0)
    reasons.push(`the lower band changed too recently (${Math.ceil(waitLo)} s of its minimum delay left)`);
  if (newHi !== hi)
    out.push({
      parameter: 'rangeUpperBand',
      from: hi,
      to: newHi,
      target: targetHi,
      reason: `Move the sell band ${fmt(hi)} → ${fmt(newHi)} stable per HOME (target ${fmt(targetHi)}, ${pct(spread.above)} above the reference): ${why}.`,
    });
  else if (waitHi > 0)
    reasons.push(`the upper band changed too recently (${Math.ceil(waitHi)} s of its minimum delay left)`);
  if (out.length === 0 && waitLo <= 0 && waitHi <= 0)
    reasons.push('the range is off, but the guardrails allow no step toward the target');
  return orderBandChanges(out, lo, hi);
}

/**
 * Orders the band changes so each intermediate state the controller sees has lower < upper (it
 * checks each setParameter alone): the lower band first unless its new value reaches the old upper
 * band (a big move up), then the upper band first.
 */
export function orderBandChanges(changes: TreasuryLeverChange[], lo: number, hi: number): TreasuryLeverChange[] {
  if (changes.length < 2) return changes;
  const lower = changes.find((c) => c.parameter === 'rangeLowerBand')!;
  const upper = changes.find((c) => c.parameter === 'rangeUpperBand')!;
  // Lower first is valid iff newLo < hi; otherwise the upper must go first (then lo < newHi holds as newLo < newHi).
  const lowerFirstOk = lower.to < hi;
  const upperFirstOk = upper.to > lo;
  if (lowerFirstOk) return [lower, upper];
  if (upperFirstOk) return [upper, lower];
  return [lower, upper]; // unreachable when newLo < newHi and lo < hi
}

/** POL budget from the pool depth against its reference. */
function polBudget(x: TreasuryLeverInputs, reasons: string[]): TreasuryLeverChange[] {
  const cur = x.current.polBudget;
  const g = x.guardrails.polBudget;
  if (!finitePositive(x.depthNow) || !finitePositive(x.depthReference) || !Number.isFinite(cur) || cur < 0) {
    reasons.push('pool depth or its reference is missing or not positive; POL budget left as it is');
    return [];
  }
  const ratio = x.depthNow / x.depthReference;
  let target: number;
  let why: string;
  if (ratio < DEPTH_DEFICIT_RATIO) {
    target = (x.depthReference - x.depthNow) / POL_RESTORE_EPOCHS;
    if (target <= cur) {
      reasons.push(
        `pool depth is ${pct(ratio)} of its reference, and the POL budget ${fmt(cur)} stable per epoch already covers it`,
      );
      return [];
    }
    why = `pool depth ${fmt(x.depthNow)} stable is ${pct(ratio)} of its reference ${fmt(x.depthReference)} stable (deficit below ${pct(DEPTH_DEFICIT_RATIO)}); restoring the gap over about ${POL_RESTORE_EPOCHS} epochs`;
  } else if (ratio >= DEPTH_HEALTHY_RATIO) {
    target = x.depthReference * POL_HEALTHY_BUDGET_SHARE;
    if (target >= cur) {
      reasons.push(`pool depth is healthy (${pct(ratio)} of its reference) and the POL budget is already low`);
      return [];
    }
    why = `pool depth ${fmt(x.depthNow)} stable is ${pct(ratio)} of its reference ${fmt(x.depthReference)} stable (healthy); a standing ${pct(POL_HEALTHY_BUDGET_SHARE)} of the reference depth is enough`;
  } else {
    reasons.push(`pool depth is ${pct(ratio)} of its reference, within the no-change zone; POL budget unchanged`);
    return [];
  }
  if (cur > 0 && Math.abs(target - cur) / cur <= POL_BUDGET_TOLERANCE) {
    reasons.push(
      `POL budget ${fmt(cur)} stable per epoch is within ${pct(POL_BUDGET_TOLERANCE)} of its target ${fmt(target)}`,
    );
    return [];
  }
  const wait = delayLeft('polBudget', x);
  if (wait > 0) {
    reasons.push(`the POL budget changed too recently (${Math.ceil(wait)} s of its minimum delay left)`);
    return [];
  }
  const to = stepToward(cur, target, g);
  if (to === cur) {
    reasons.push('the POL budget is off target, but the guardrails allow no step toward it');
    return [];
  }
  return [
    {
      parameter: 'polBudget',
      from: cur,
      to,
      target,
      reason: `${to > cur ? 'Raise' : 'Lower'} the POL budget ${fmt(cur)} → ${fmt(to)} stable per epoch (target ${fmt(target)}): ${why}.`,
    },
  ];
}

/**
 * Range budgets: how many treasury epochs (days) of buying at the lower band the treasury's stable
 * should last, by objective. Olympus sizes its range operations' capacity as a share of its
 * reserves; here a band defended every day for this many days uses up the stable, so a crash that
 * lasts weeks finds the treasury still buying (stability: a month), scarcity spends faster (buys
 * and burns are its goal), growth keeps more in reserve.
 */
export const RANGE_DEFENSE_EPOCHS: Record<ObjectiveMode, number> = { stability: 30, growth: 45, scarcity: 20 };
/**
 * Largest range sell per epoch, as a share of the pool's HOME reserve: selling 1 % of the reserve
 * into a constant-product pool moves its price about 2 %, within a day's ordinary noise.
 */
export const RANGE_SELL_POOL_SHARE = 0.01;
/** A range budget within this fraction of its target is left alone (each change costs holders a vote). */
export const RANGE_BUDGET_TOLERANCE = 0.25;

/** The range budgets from the treasury's reserves and the pool's depth. */
function rangeBudgets(x: TreasuryLeverInputs, reasons: string[]): TreasuryLeverChange[] {
  const epochs = RANGE_DEFENSE_EPOCHS[x.objective];
  if (![x.treasuryStable, x.treasuryHome, x.poolHome].every((v) => Number.isFinite(v) && v >= 0)) {
    reasons.push("the treasury's balances or the pool's HOME reserve are missing; range budgets left as they are");
    return [];
  }
  const sellByReserve = x.treasuryHome / epochs;
  const sellByPool = x.poolHome * RANGE_SELL_POOL_SHARE;
  const rules: [lever: 'rangeBuyBudget' | 'rangeSellBudget', target: number, unit: string, why: string][] = [
    [
      'rangeBuyBudget',
      x.treasuryStable / epochs,
      'stable',
      `the treasury's ${fmt(x.treasuryStable)} stable lasts ${epochs} epochs of buying at the lower band (${x.objective})`,
    ],
    [
      'rangeSellBudget',
      Math.min(sellByReserve, sellByPool),
      'HOME',
      sellByPool < sellByReserve
        ? `${pct(RANGE_SELL_POOL_SHARE)} of the pool's ${fmt(x.poolHome)} HOME a day, which moves its price about ${pct(2 * RANGE_SELL_POOL_SHARE)}`
        : `the treasury's ${fmt(x.treasuryHome)} HOME lasts ${epochs} epochs of selling at the upper band (${x.objective})`,
    ],
  ];
  const out: TreasuryLeverChange[] = [];
  const name = { rangeBuyBudget: 'range buy budget', rangeSellBudget: 'range sell budget' } as const;
  for (const [lever, target, unit, why] of rules) {
    const cur = x.current[lever];
    if (!Number.isFinite(cur) || cur < 0) {
      reasons.push(`the ${name[lever]} ${cur} is not a valid value; left to holders`);
      continue;
    }
    const off = cur > 0 ? Math.abs(target - cur) / cur : target > 0 ? Number.POSITIVE_INFINITY : 0;
    if (off <= RANGE_BUDGET_TOLERANCE) {
      reasons.push(
        `the ${name[lever]} ${fmt(cur)} ${unit} per epoch is within ${pct(RANGE_BUDGET_TOLERANCE)} of its target ${fmt(target)}`,
      );
      continue;
    }
    const wait = delayLeft(lever, x);
    if (wait > 0) {
      reasons.push(`the ${name[lever]} changed too recently (${Math.ceil(wait)} s of its minimum delay left)`);
      continue;
    }
    const to = stepToward(cur, target, x.guardrails[lever]);
    if (to === cur) {
      reasons.push(`the ${name[lever]} is off target, but the guardrails allow no step toward it`);
      continue;
    }
    out.push({
      parameter: lever,
      from: cur,
      to,
      target,
      reason: `${to > cur ? 'Raise' : 'Lower'} the ${name[lever]} ${fmt(cur)} → ${fmt(to)} ${unit} per epoch (target ${fmt(target)}: ${why}).`,
    });
  }
  return out;
}

/** The treasury-lever changes worth proposing now, or none with the reasons. */
export function decideTreasuryLevers(x: TreasuryLeverInputs): TreasuryLeverDecision {
  const reasons: string[] = [];
  if (!finitePositive(x.referencePrice) || !finitePositive(x.price) || !Number.isFinite(x.now)) {
    return {
      kind: 'none',
      reasons: ['price or reference price is missing, zero or not a number; no treasury lever moved'],
    };
  }
  for (const l of TREASURY_LEVERS) {
    if (!validGuardrail(x.guardrails[l]) || !Number.isFinite(x.lastChangedAt[l])) {
      return { kind: 'none', reasons: [`guardrail for ${l} is missing or invalid; no treasury lever moved`] };
    }
  }
  const changes = [...recentreBands(x, reasons), ...polBudget(x, reasons), ...rangeBudgets(x, reasons)];
  return changes.length > 0 ? { kind: 'changes', changes } : { kind: 'none', reasons };
}

/** Plain words, before the numbers: what the treasury changes are for. */
export function treasuryLeverLead(changes: readonly TreasuryLeverChange[]): string {
  const parts: string[] = [];
  if (changes.some((c) => c.parameter === 'rangeLowerBand' || c.parameter === 'rangeUpperBand'))
    parts.push(
      "The treasury's buy-and-sell range no longer sits around the token's 30-day average price, so it is moved back around it",
    );
  const pol = changes.find((c) => c.parameter === 'polBudget');
  if (pol)
    parts.push(
      pol.to > pol.from
        ? 'The pool has thinned, so the treasury may add more of its own liquidity each day'
        : 'The pool is deep again, so the treasury needs less of its own liquidity budget',
    );
  if (changes.some((c) => c.parameter === 'rangeBuyBudget' || c.parameter === 'rangeSellBudget'))
    parts.push(
      "The treasury's daily budgets for buying below and selling above its range are resized to what its reserves and the pool can bear",
    );
  return parts.length ? `${parts.join('. ')}.` : '';
}

/** Decision reasons for which the treasury levers may still be proposed (the rest hold every lever). */
const LEVERS_ALLOWED_WHEN: ReadonlySet<string> = new Set(['within-tolerance', 'blocked-by-guardrails']);

/**
 * The decision with the treasury-lever changes added: appended to a proposal's changes, or a
 * proposal of its own when the level policy had nothing to change (within tolerance or held by
 * its guardrails). Any other no-action (untrusted inputs, invalid forecast, a pending proposal,
 * the static policy) holds the treasury levers too. The justification leads with plain words,
 * then each change with its units.
 */
export function withTreasuryLevers(decision: Decision, levers: TreasuryLeverDecision, forecasts: Forecasts): Decision {
  if (levers.kind !== 'changes' || levers.changes.length === 0) return decision;
  if (decision.kind === 'no-action' && !LEVERS_ALLOWED_WHEN.has(decision.reason)) return decision;
  const treasuryChanges: TreasuryParameterChange[] = levers.changes.map((c) => ({
    parameter: c.parameter,
    from: c.from,
    to: c.to,
    requested: c.target,
    clampedBy: c.to === c.target ? [] : ['maxStep'],
  }));
  const lead = treasuryLeverLead(levers.changes);
  const detail = levers.changes.map((c) => c.reason).join(' ');
  if (decision.kind === 'proposal') {
    return {
      ...decision,
      treasuryChanges: [...(decision.treasuryChanges ?? []), ...treasuryChanges],
      justification: `${decision.justification} ${lead} ${detail}`,
    };
  }
  const proposal: Proposal = {
    kind: 'proposal',
    policy: decision.policy,
    objective: decision.objective,
    changes: [],
    treasuryChanges,
    justification: `${lead} ${detail} The fee, burn, reward and buyback settings stay as they are: ${decision.justification}`,
    expectedEffects: [],
    headroom: decision.headroom,
    forecasts,
    memory: decision.memory,
  };
  return proposal;
}

/** Every change a decision would encode: the level changes, then the treasury ones. */
export function allChanges(decision: Decision): AnyParameterChange[] {
  return decision.kind === 'proposal' ? [...decision.changes, ...(decision.treasuryChanges ?? [])] : [];
}
