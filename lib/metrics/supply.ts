import {
  type Amount,
  assertNonNegativeBigint,
  assertPositive,
  finiteResult,
  MetricInputError,
  nonNegativeAmount,
} from './validate';
import { HOURS_PER_YEAR } from './volatility';

/**
 * Supply-side metrics: velocity, staking ratio, net emissions, supply growth. Raw on-chain
 * flows are bigints (wei) and stay exact; ratios come out as numbers.
 */

/**
 * Velocity over a period: transfer volume / average supply during that period (a ratio, no
 * unit; 0.5 over a day = half the supply changed hands). Both in the same unit (raw or human).
 * Zero average supply → null (no supply, no velocity).
 */
export function velocity(transferVolume: Amount, averageSupply: Amount): number | null {
  const volume = nonNegativeAmount(transferVolume, 'transferVolume');
  const supply = nonNegativeAmount(averageSupply, 'averageSupply');
  if (supply === 0) return null;
  return finiteResult(volume / supply, 'velocity');
}

/** Velocity scaled to a year: velocity × (8,760 / periodHours). */
export function annualizedVelocity(transferVolume: Amount, averageSupply: Amount, periodHours: number): number | null {
  assertPositive(periodHours, 'periodHours');
  const v = velocity(transferVolume, averageSupply);
  return v === null ? null : finiteResult((v * HOURS_PER_YEAR) / periodHours, 'annualizedVelocity');
}

/**
 * Time-weighted average of a step function (e.g. total supply after each mint/burn) over
 * [start, end). `points` are (timestamp, value) sorted by time; the value holds until the next
 * point; the first point must be at or before `start`. Units: seconds, any amount unit.
 */
export function timeWeightedAverage(
  points: readonly { timestamp: number; value: Amount }[],
  start: number,
  end: number,
): number {
  if (!(Number.isFinite(start) && Number.isFinite(end)) || end <= start) {
    throw new MetricInputError('end', `the period must be finite and end after start (${start} → ${end})`);
  }
  const first = points[0];
  if (!first || first.timestamp > start) {
    throw new MetricInputError('points', 'need a value at or before the start of the period');
  }
  let area = 0;
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as { timestamp: number; value: Amount };
    const value = nonNegativeAmount(p.value, `points[${i}].value`);
    const next = points[i + 1];
    if (next && next.timestamp < p.timestamp)
      throw new MetricInputError('points', `not sorted by time at index ${i + 1}`);
    const from = Math.max(start, p.timestamp);
    const to = Math.min(end, next ? next.timestamp : end);
    if (to > from) area += value * (to - from);
  }
  return finiteResult(area / (end - start), 'timeWeightedAverage');
}

/**
 * Staking ratio: staked / supply, in [0, 1]. Zero supply → null. Staked above supply is
 * inconsistent input (a stale read) and throws rather than report a ratio above 1.
 */
export function stakingRatio(staked: Amount, supply: Amount): number | null {
  if (typeof staked === 'bigint' && typeof supply === 'bigint') {
    assertNonNegativeBigint(staked, 'staked');
    assertNonNegativeBigint(supply, 'supply');
    if (staked > supply) throw new MetricInputError('staked', `exceeds the supply (${staked} > ${supply})`);
  }
  const s = nonNegativeAmount(staked, 'staked');
  const total = nonNegativeAmount(supply, 'supply');
  if (total === 0) return null;
  if (s > total) throw new MetricInputError('staked', `exceeds the supply (${s} > ${total})`);
  return s / total;
}

export type EmissionFlows = {
  /** Tokens minted by policy/treasury in the period (raw). */
  minted: bigint;
  /** Staking rewards paid out in the period (raw); count them here only if not already in `minted`. */
  rewards: bigint;
  /** Tokens burned in the period (raw), fees burned included. */
  burned: bigint;
};

/** Net emissions = minted + rewards − burned (raw, exact; negative = net deflation). */
export function netEmissions(flows: EmissionFlows): bigint {
  return (
    assertNonNegativeBigint(flows.minted, 'minted') +
    assertNonNegativeBigint(flows.rewards, 'rewards') -
    assertNonNegativeBigint(flows.burned, 'burned')
  );
}

export type SupplyGrowth = {
  /** supplyEnd / supplyStart − 1 over the period. */
  periodRate: number;
  /** Simple (non-compounded) annualization: periodRate × 8,760 / periodHours; stays finite. */
  annualizedRate: number;
};

/** Supply growth between two supply readings `periodHours` apart. Start supply must be > 0. */
export function supplyGrowth(supplyStart: Amount, supplyEnd: Amount, periodHours: number): SupplyGrowth {
  const start = nonNegativeAmount(supplyStart, 'supplyStart');
  const end = nonNegativeAmount(supplyEnd, 'supplyEnd');
  assertPositive(periodHours, 'periodHours');
  if (start === 0) throw new MetricInputError('supplyStart', 'growth from a zero supply is undefined');
  let periodRate: number;
  if (typeof supplyStart === 'bigint' && typeof supplyEnd === 'bigint') {
    // Exact difference first: (end − start) / start loses nothing when end ≈ start.
    periodRate = Number(supplyEnd - supplyStart) / start;
  } else {
    periodRate = (end - start) / start;
  }
  finiteResult(periodRate, 'periodRate');
  return { periodRate, annualizedRate: finiteResult((periodRate * HOURS_PER_YEAR) / periodHours, 'annualizedRate') };
}
