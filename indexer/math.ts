/** Pure helpers shared by the indexing functions and the API (no Ponder imports: unit-testable). */

export const HOUR = 3600;

/** Unix second at which the UTC hour containing `timestamp` starts. */
export function hourOf(timestamp: number | bigint): number {
  const t = Number(timestamp);
  return t - (t % HOUR);
}

/** The parts of a Ponder log event the shared helpers use. */
export type LogEvent = {
  block: { number: bigint; timestamp: bigint; hash: `0x${string}` };
  transaction: { hash: `0x${string}` };
  log: { logIndex: number };
};

/** Id of an event row: unique per log. */
export function eventId(event: Pick<LogEvent, 'transaction' | 'log'>): string {
  return `${event.transaction.hash}-${event.log.logIndex}`;
}

/**
 * Pool price in stable per HOME from raw reserves, adjusting for both tokens' decimals.
 * Done in bigint first (18 fractional digits) so large reserves keep their precision.
 * Returns undefined for an empty pool.
 */
export function priceFromReserves(
  reserveHome: bigint,
  reserveStable: bigint,
  homeDecimals: number,
  stableDecimals: number,
): number | undefined {
  if (reserveHome === 0n || reserveStable === 0n) return undefined;
  const scale = 10n ** 18n;
  // price = (rs / 10^sd) / (rh / 10^hd) = rs * 10^hd / (rh * 10^sd)
  const num = reserveStable * 10n ** BigInt(homeDecimals) * scale;
  const den = reserveHome * 10n ** BigInt(stableDecimals);
  const fixed = num / den;
  const whole = fixed / scale;
  const frac = fixed % scale;
  return Number(whole) + Number(frac) / 1e18;
}

/** Splits a V2 pair's (token0, token1) amounts into (home, stable). */
export function orient<T>(homeIsToken0: boolean, amount0: T, amount1: T): { home: T; stable: T } {
  return homeIsToken0 ? { home: amount0, stable: amount1 } : { home: amount1, stable: amount0 };
}
