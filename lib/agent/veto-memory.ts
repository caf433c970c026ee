/**
 * Veto memory: the agent does not put a change to holders again after they rejected it (vetoed
 * on the optimistic lane, or defeated in a full vote) unless the state the rejected decision was
 * based on has materially changed since. Pure; the loop (agent/loop.ts) gathers the rejections
 * from its decision log and records the verdict in the decision.
 *
 * "The same change" is a parameter moved in the same direction by at least the rejected step (a
 * fee rise of 25 bps or more after a vetoed 25 bps rise). A rejection binds a candidate that
 * repeats every change of the rejected proposal (the candidate may add others): holders said no
 * to that set. So a strictly smaller step, or one part of a rejected bundle on its own, is a new
 * question holders have not answered; once it is rejected too, it binds in turn (and binds every
 * bundle that contains it).
 *
 * "Materially changed" is any one of (thresholds in DEFAULT_MATERIALITY, why each):
 * - the price moved more than 10 % (log distance) since the rejected decision: about three daily
 *   standard deviations of the replayed market (60–80 %/yr → 3–4 %/day), a move holders notice
 *   and one that changes what fees and buybacks do;
 * - the volatility forecast moved more than 50 % (a 1.5× rise or a fall to 2/3): the forecast's own
 *   80 % interval spans about ±30–45 % around its point value, and in a 1,232-hour run of the
 *   local market it moved 26–186 % between decisions three days apart (14 of 14 beyond 25 %),
 *   so smaller moves are its ordinary noise, not news;
 * - the objective mode changed (holders themselves changed what the policy is for);
 * - the anomaly state changed band (calm < 0.4 ≤ elevated < 0.8; at 0.8 the input gate refuses);
 * - the parameter's current value is no longer what the rejected proposal started from (another
 *   change went through: it would be a different proposal from a different base);
 * - 72 chain hours have passed since the rejection (one full default voting period: a verdict
 *   is taken to stand about as long as it took to reach it; AGENT_VETO_COOLDOWN_HOURS).
 */
import type { Hex } from 'viem';
import type { ObjectiveMode } from '../policy/types';

/** What a decision was based on, recorded with every decision so a later one can compare. */
export type DecisionBasis = {
  /** Chain time of the decision (unix seconds). */
  at: number;
  /** Token price (stable per token). */
  price: number;
  /** Point volatility forecast (annualised fraction). */
  rvNext: number;
  objective: ObjectiveMode;
  /** Anomaly score 0..1 (detector and oracle, the larger). */
  anomalyScore: number;
};

/**
 * One parameter moved in one direction; `from` is its raw value then (null for supply), `step`
 * the raw |new − old| (absent in records written before steps were recorded: any step matches).
 */
export type ChangeKey = { parameter: string; direction: 'up' | 'down'; from: string | null; step?: string | undefined };

export type Rejection = {
  proposalId: string;
  decisionId: Hex;
  /** vetoed: optimistic lane, Against ≥ threshold; defeated: full vote lost (quorum or majority). */
  outcome: 'vetoed' | 'defeated';
  /** Chain time the agent saw the proposal rejected (its vote had closed). */
  at: number;
  changes: ChangeKey[];
  /** Absent for decisions logged before bases were recorded: only the time and base rules apply. */
  basis?: DecisionBasis | undefined;
};

export type Materiality = {
  /** Relative price move (fraction) that counts as material. */
  priceMove: number;
  /** Relative move of the volatility forecast (fraction). */
  volMove: number;
  /** Anomaly score band edges. */
  anomalyBands: readonly number[];
  /** Chain hours after the rejection when it stops binding. */
  cooldownHours: number;
};

export const DEFAULT_MATERIALITY: Materiality = {
  priceMove: 0.1,
  volMove: 0.5,
  anomalyBands: [0.4, 0.8],
  cooldownHours: 72,
};

type RejectionRef = Pick<Rejection, 'proposalId' | 'decisionId' | 'outcome' | 'at'>;

export type VetoCheck =
  /** No earlier rejection touches these changes. */
  | { verdict: 'clear' }
  /** Held back: a rejection of the same change still binds; retryAfter is when the cooldown lifts. */
  | { verdict: 'held'; blockedBy: RejectionRef; overlap: ChangeKey[]; unchanged: string[]; retryAfter: number }
  /** Allowed again: it repeats a rejected change, and this is what materially changed since. */
  | { verdict: 'changed'; after: RejectionRef; overlap: ChangeKey[]; differences: string[] };

const ref = (r: Rejection): RejectionRef => ({
  proposalId: r.proposalId,
  decisionId: r.decisionId,
  outcome: r.outcome,
  at: r.at,
});

/** `c` repeats `r`: same parameter, same direction, a step at least as large (when both are known). */
export function repeats(c: ChangeKey, r: ChangeKey): boolean {
  if (r.parameter !== c.parameter || r.direction !== c.direction) return false;
  return c.step === undefined || r.step === undefined || BigInt(c.step) >= BigInt(r.step);
}

/** The candidate repeats every change of the rejected proposal (so the rejection speaks to it). */
export function covers(candidate: readonly ChangeKey[], rejected: readonly ChangeKey[]): boolean {
  return rejected.length > 0 && rejected.every((r) => candidate.some((c) => repeats(c, r)));
}

/** Changes of `candidate` that repeat one of `rejected`. */
export function overlapping(candidate: readonly ChangeKey[], rejected: readonly ChangeKey[]): ChangeKey[] {
  return candidate.filter((c) => rejected.some((r) => repeats(c, r)));
}

const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`;
const band = (score: number, edges: readonly number[]) => edges.filter((e) => score >= e).length;
const BAND_NAMES = ['calm', 'elevated', 'anomalous'];

/**
 * What materially differs between the rejected decision's basis and now, and what does not
 * (both as sentences for the record). Pure.
 */
export function compareBasis(
  rejection: Rejection,
  candidate: { changes: readonly ChangeKey[]; basis: DecisionBasis },
  m: Materiality = DEFAULT_MATERIALITY,
): { differences: string[]; unchanged: string[] } {
  const differences: string[] = [];
  const unchanged: string[] = [];
  const now = candidate.basis;
  const hours = (now.at - rejection.at) / 3600;
  if (hours >= m.cooldownHours) {
    differences.push(`${hours.toFixed(0)} h since the rejection (cooldown ${m.cooldownHours} h)`);
  } else {
    unchanged.push(`${hours.toFixed(0)} h of the ${m.cooldownHours} h cooldown passed`);
  }
  for (const c of overlapping(candidate.changes, rejection.changes)) {
    const old = rejection.changes.find((r) => repeats(c, r));
    if (old && old.from !== null && c.from !== null && old.from !== c.from) {
      differences.push(`${c.parameter} now starts from ${c.from}, not ${old.from}`);
    }
  }
  const then = rejection.basis;
  if (!then) {
    unchanged.push('the rejected decision recorded no basis to compare with');
    return { differences, unchanged };
  }
  if (then.objective !== now.objective) {
    differences.push(`objective ${then.objective} → ${now.objective}`);
  } else unchanged.push(`objective still ${now.objective}`);
  const priceMove = now.price / then.price - 1;
  if (Math.abs(Math.log(now.price / then.price)) > Math.log(1 + m.priceMove)) {
    differences.push(`price ${pct(priceMove)} (limit ±${m.priceMove * 100} %)`);
  } else unchanged.push(`price ${pct(priceMove)} (limit ±${m.priceMove * 100} %)`);
  const volMove = now.rvNext / then.rvNext - 1;
  if (Math.abs(Math.log(now.rvNext / then.rvNext)) > Math.log(1 + m.volMove)) {
    differences.push(`volatility forecast ${pct(volMove)} (limit ±${m.volMove * 100} %)`);
  } else unchanged.push(`volatility forecast ${pct(volMove)} (limit ±${m.volMove * 100} %)`);
  const b0 = band(then.anomalyScore, m.anomalyBands);
  const b1 = band(now.anomalyScore, m.anomalyBands);
  if (b0 !== b1) differences.push(`anomaly state ${BAND_NAMES[b0]} → ${BAND_NAMES[b1]}`);
  else unchanged.push(`anomaly state still ${BAND_NAMES[b1]}`);
  return { differences, unchanged };
}

/**
 * The verdict on a candidate proposal. Every rejection that overlaps it must have been overtaken
 * by a material change; the most recent binding one is named when it is held back.
 */
export function checkRejections(
  candidate: { changes: readonly ChangeKey[]; basis: DecisionBasis },
  rejections: readonly Rejection[],
  m: Materiality = DEFAULT_MATERIALITY,
): VetoCheck {
  const relevant = rejections
    .filter((r) => r.at <= candidate.basis.at && covers(candidate.changes, r.changes))
    .sort((a, b) => b.at - a.at);
  if (relevant.length === 0) return { verdict: 'clear' };
  for (const r of relevant) {
    const { differences, unchanged } = compareBasis(r, candidate, m);
    if (differences.length === 0) {
      return {
        verdict: 'held',
        blockedBy: ref(r),
        overlap: overlapping(candidate.changes, r.changes),
        unchanged,
        retryAfter: r.at + m.cooldownHours * 3600,
      };
    }
  }
  const latest = relevant[0]!;
  return {
    verdict: 'changed',
    after: ref(latest),
    overlap: overlapping(candidate.changes, latest.changes),
    differences: compareBasis(latest, candidate, m).differences,
  };
}

/** A raw proposal action (as logged: bigints may have become strings) as a change key. */
export function changeKeyOf(
  a:
    | { kind: 'setParameter'; parameter: string; expectedCurrent: bigint | string; newValue: bigint | string }
    | { kind: 'changeSupply'; parameter: string; delta: bigint | string },
): ChangeKey | null {
  if (a.kind === 'changeSupply') {
    const d = BigInt(a.delta);
    if (d === 0n) return null;
    return {
      parameter: a.parameter,
      direction: d > 0n ? 'up' : 'down',
      from: null,
      step: (d < 0n ? -d : d).toString(),
    };
  }
  const from = BigInt(a.expectedCurrent);
  const to = BigInt(a.newValue);
  if (to === from) return null;
  const step = to > from ? to - from : from - to;
  return { parameter: a.parameter, direction: to > from ? 'up' : 'down', from: from.toString(), step: step.toString() };
}

/** Why nothing was proposed, typed, for records that repeat across epochs (the log keeps one). */
export type NoActionNote =
  | { reason: 'pending'; proposalId: string /** Its state when the hold was recorded. */; state: string }
  | {
      reason: 'vetoed-recently';
      proposalId: string;
      outcome: Rejection['outcome'];
      overlap: ChangeKey[];
      /** Chain time when the rejection stops binding whatever else happens. */
      retryAfter: number;
      unchanged: string[];
    }
  | {
      /** The policy wants a move the guardrails do not allow yet (a min delay after the last change, a bound). */
      reason: 'guardrails';
      proposalId?: undefined;
      /** `parameter:rule+rule`, sorted: what is held and by what. */
      bound: string[];
    };

/** Two notes describe the same situation (the later record would add nothing). */
export function sameNote(a: NoActionNote | undefined, b: NoActionNote | undefined): boolean {
  if (!a || !b || a.reason !== b.reason || a.proposalId !== b.proposalId) return false;
  // One record per pending proposal, whatever its state on the way (Pending, Active, Queued).
  if (a.reason === 'pending' && b.reason === 'pending') return true;
  if (a.reason === 'vetoed-recently' && b.reason === 'vetoed-recently') {
    const keys = (o: ChangeKey[]) =>
      o
        .map((c) => `${c.parameter}:${c.direction}`)
        .sort()
        .join(',');
    return keys(a.overlap) === keys(b.overlap);
  }
  // The same parameters held by the same rules: one record until that changes (or a horizon passes).
  if (a.reason === 'guardrails' && b.reason === 'guardrails') return a.bound.join(',') === b.bound.join(',');
  return false;
}
