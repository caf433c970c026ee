/**
 * en-US number formatting without Intl, byte for byte what Intl.NumberFormat('en-US') prints for
 * the two styles the app uses (checked against it by property tests). The first Intl.NumberFormat a
 * page builds loads ICU's locale data: about 30 ms of main thread on a fast machine, 120 ms on a
 * phone, inside the task that first renders a number. These are a few string operations.
 *
 * Like ICU, they round the shortest decimal that reads back as the double (1.005 → "1.01", where
 * toFixed's exact binary value gives "1.00"), half away from zero.
 */

/** |x| as decimal digits and a power of ten: |x| = digits × 10^exp (digits without leading zeros). */
type Decimal = { digits: string; exp: number };

function toDecimal(x: number): Decimal {
  const s = String(Math.abs(x)); // shortest round-trip form: "123.45", "1e-7", "1.5e+21"
  const [mantissa = '0', e = '0'] = s.split('e');
  const [int = '', frac = ''] = mantissa.split('.');
  let digits = (int + frac).replace(/^0+/, '');
  let exp = Number(e) - frac.length;
  if (digits === '') return { digits: '0', exp: 0 };
  const trailing = digits.length - digits.replace(/0+$/, '').length;
  digits = digits.slice(0, digits.length - trailing);
  exp += trailing;
  return { digits, exp };
}

const magnitude = (d: Decimal) => (d.digits === '0' ? 0 : d.digits.length - 1 + d.exp);

/** Rounds to `maxFrac` fraction digits, half away from zero. */
function roundTo(d: Decimal, maxFrac: number): Decimal {
  if (d.exp >= -maxFrac) return d;
  const drop = -d.exp - maxFrac;
  const keep = d.digits.length - drop;
  if (keep < 0) return { digits: '0', exp: 0 };
  const up = (d.digits[keep] ?? '0') >= '5';
  let kept = d.digits.slice(0, keep);
  if (up) {
    // Increment the kept digits as a decimal string ("" + 1 → "1", "199" → "200").
    const chars = kept.split('');
    let i = chars.length - 1;
    while (i >= 0 && chars[i] === '9') {
      chars[i] = '0';
      i--;
    }
    if (i < 0) chars.unshift('1');
    else chars[i] = String(Number(chars[i]) + 1);
    kept = chars.join('');
  }
  return normalise({ digits: kept || '0', exp: -maxFrac });
}

function normalise(d: Decimal): Decimal {
  const digits = d.digits.replace(/^0+/, '');
  if (digits === '') return { digits: '0', exp: 0 };
  const stripped = digits.replace(/0+$/, '');
  return { digits: stripped, exp: d.exp + (digits.length - stripped.length) };
}

const shift = (d: Decimal, by: number): Decimal => (d.digits === '0' ? d : { digits: d.digits, exp: d.exp + by });

/**
 * "1234567.8" with grouping: "1,234,567.8". Compact notation groups only from five integer digits
 * ("1000T", "10,000T": ICU's minimum grouping digits of 2 there).
 */
function render(d: Decimal, negative: boolean, minGrouping: 1 | 2 = 1): string {
  let int: string;
  let frac = '';
  if (d.exp >= 0) int = d.digits + '0'.repeat(d.exp);
  else {
    const point = d.digits.length + d.exp;
    int = point > 0 ? d.digits.slice(0, point) : '0';
    frac = point > 0 ? d.digits.slice(point) : '0'.repeat(-point) + d.digits;
  }
  const grouped = minGrouping === 2 && int.length < 5 ? int : int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}

const nonFinite = (x: number) => (Number.isNaN(x) ? 'NaN' : x > 0 ? '∞' : '-∞');
const isNegative = (x: number) => x < 0 || Object.is(x, -0);

/** Intl.NumberFormat('en-US', { maximumFractionDigits }).format(x): 1234567.891 → "1,234,567.89". */
export function formatDecimal(x: number, maximumFractionDigits = 3): string {
  if (!Number.isFinite(x)) return nonFinite(x);
  return render(roundTo(toDecimal(x), maximumFractionDigits), isNegative(x));
}

/** en-US compact suffixes by the power of ten they stand for. */
const compactSuffix: Record<number, string> = { 0: '', 3: 'K', 6: 'M', 9: 'B', 12: 'T' };
/** The power of ten a number of this magnitude is shown in (1234 → 3, "1.23K"; 1e16 → 12, "10,000T"). */
const compactPower = (mag: number) => Math.max(0, Math.min(12, Math.floor(mag / 3) * 3));

/**
 * Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits }).format(x):
 * 1234567 → "1.23M", 999999 → "1M" (rounding that reaches the next unit moves to it, as ICU does).
 */
export function formatCompactNumber(x: number, maximumFractionDigits = 2): string {
  if (!Number.isFinite(x)) return nonFinite(x);
  const d = toDecimal(x);
  const mag = magnitude(d);
  let power = compactPower(mag);
  let r = roundTo(shift(d, -power), maximumFractionDigits);
  if (r.digits !== '0' && magnitude(r) !== mag - power) {
    const next = compactPower(mag + 1);
    if (next !== power) {
      power = next;
      r = roundTo(shift(d, -power), maximumFractionDigits);
    }
  }
  return `${render(r, isNegative(x), 2)}${r.digits === '0' ? '' : (compactSuffix[power] ?? '')}`;
}
