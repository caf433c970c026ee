import { MetricInputError } from './validate';

/**
 * Conversions between raw on-chain amounts (bigint, in the token's smallest unit, e.g. wei)
 * and human units (number). Metrics that only compare amounts (ratios, shares) accept raw
 * bigints directly; anything shown to a person goes through `toUnits`.
 */

export const DEFAULT_DECIMALS = 18;

/**
 * Raw amount → human units as a number, correctly rounded from the exact decimal string
 * (no intermediate float multiplication: 123456789n wei with 18 decimals is exactly
 * Number("0.000000000123456789")).
 */
export function toUnits(raw: bigint, decimals = DEFAULT_DECIMALS): number {
  checkDecimals(decimals);
  if (typeof raw !== 'bigint') throw new MetricInputError('raw', `expected a bigint, got ${typeof raw}`);
  const negative = raw < 0n;
  const abs = negative ? -raw : raw;
  const base = 10n ** BigInt(decimals);
  const whole = abs / base;
  const fraction = (abs % base).toString().padStart(decimals, '0');
  const text = decimals === 0 ? whole.toString() : `${whole}.${fraction}`;
  const n = Number(text);
  return negative ? -n : n;
}

/**
 * Human units → raw amount, truncating toward zero below the smallest unit. Accepts a
 * finite number or a decimal string (use a string where the exact decimal matters).
 */
export function fromUnits(amount: number | string, decimals = DEFAULT_DECIMALS): bigint {
  checkDecimals(decimals);
  let text: string;
  if (typeof amount === 'number') {
    if (!Number.isFinite(amount)) throw new MetricInputError('amount', `expected a finite number, got ${amount}`);
    // toFixed is exact for the decimal expansion of the double up to 100 places; avoids "1e-7".
    text = Math.abs(amount) >= 1e21 ? BigInt(Math.trunc(amount)).toString() : amount.toFixed(Math.min(decimals, 100));
  } else if (/[eE]/.test(amount)) {
    // Exponent notation ("1e-18", as Number#toString writes small values): via the number path.
    return fromUnits(Number(amount.trim()), decimals);
  } else {
    text = amount.trim();
  }
  const match = /^(-)?(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) {
    throw new MetricInputError('amount', `"${amount}" is not a decimal number`);
  }
  const [, sign, whole = '', frac = ''] = match;
  const raw =
    BigInt(whole || '0') * 10n ** BigInt(decimals) + BigInt((frac.slice(0, decimals) || '0').padEnd(decimals, '0'));
  return sign ? -raw : raw;
}

function checkDecimals(decimals: number) {
  if (!Number.isSafeInteger(decimals) || decimals < 0 || decimals > 77) {
    throw new MetricInputError('decimals', `expected an integer in [0, 77], got ${decimals}`);
  }
}
