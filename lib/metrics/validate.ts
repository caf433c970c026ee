import { HomeostatError } from '../errors';

/**
 * A metric was given an argument it cannot use (NaN, ±Infinity, a negative amount, a window
 * of zero...). Names the argument so the caller can find the bad input. Metrics throw this
 * rather than return NaN: NaN/Inf never leave `lib/metrics`.
 */
export class MetricInputError extends HomeostatError {
  override name = 'MetricInputError';
  readonly argument: string;

  constructor(argument: string, problem: string) {
    super(`${argument}: ${problem}`);
    this.argument = argument;
  }
}

export type Amount = number | bigint;

export function assertFinite(value: number, argument: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new MetricInputError(argument, `expected a finite number, got ${String(value)}`);
  }
  return value;
}

export function assertNonNegative(value: number, argument: string): number {
  assertFinite(value, argument);
  if (value < 0) throw new MetricInputError(argument, `expected a value >= 0, got ${value}`);
  return value;
}

export function assertPositive(value: number, argument: string): number {
  assertFinite(value, argument);
  if (value <= 0) throw new MetricInputError(argument, `expected a value > 0, got ${value}`);
  return value;
}

export function assertNonNegativeBigint(value: bigint, argument: string): bigint {
  if (typeof value !== 'bigint') throw new MetricInputError(argument, `expected a bigint, got ${typeof value}`);
  if (value < 0n) throw new MetricInputError(argument, `expected a value >= 0, got ${value}`);
  return value;
}

export function assertPositiveInteger(value: number, argument: string): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new MetricInputError(argument, `expected a positive integer, got ${String(value)}`);
  }
  return value;
}

/** 0 <= value < 1 (a fraction such as a fee or a decay that must leave something). */
export function assertFraction(value: number, argument: string, { allowZero = true } = {}): number {
  assertFinite(value, argument);
  if (value < 0 || value >= 1 || (!allowZero && value === 0)) {
    throw new MetricInputError(argument, `expected a fraction in ${allowZero ? '[0' : '(0'}, 1), got ${value}`);
  }
  return value;
}

/**
 * A non-negative amount as a number. Bigints (raw on-chain amounts) are converted with
 * `Number()`: exact up to 2^53 and within ~1e-16 relative error above, which is far below
 * what any ratio metric can show; the magnitude never overflows (bigints up to ~1.8e308).
 */
export function nonNegativeAmount(value: Amount, argument: string): number {
  if (typeof value === 'bigint') return Number(assertNonNegativeBigint(value, argument));
  return assertNonNegative(value, argument);
}

export function nonNegativeAmounts(values: readonly Amount[], argument: string): number[] {
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as Amount;
    // Fast path without building the argument name; the slow path names the bad index.
    if (typeof v === 'bigint' ? v >= 0n : Number.isFinite(v) && v >= 0) out[i] = Number(v);
    else out[i] = nonNegativeAmount(v, `${argument}[${i}]`);
  }
  return out;
}

/** Last line of defence: a computed result that overflowed is reported, never returned. */
export function finiteResult(value: number, what: string): number {
  if (!Number.isFinite(value)) {
    throw new MetricInputError(what, `the inputs are too large to compute a finite result (got ${value})`);
  }
  return value;
}
