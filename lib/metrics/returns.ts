import { assertPositive } from './validate';

/**
 * Log returns r_t = ln(p_t / p_{t-1}) of a price series, oldest first; n prices give n - 1
 * returns. Prices must be finite and > 0 (a zero or negative price has no log return):
 * anything else throws MetricInputError naming the index.
 */
export function logReturns(prices: readonly number[]): number[] {
  const out: number[] = [];
  let previous: number | undefined;
  prices.forEach((p, i) => {
    assertPositive(p, `prices[${i}]`);
    if (previous !== undefined) out.push(Math.log(p / previous));
    previous = p;
  });
  return out;
}

/** Simple return p_end / p_start - 1 (both > 0). */
export function simpleReturn(start: number, end: number): number {
  return assertPositive(end, 'end') / assertPositive(start, 'start') - 1;
}
