import { fromUnits, getAmountOut, inputForPriceMultiplier, toUnits, UNISWAP_V2_FEE } from '../metrics';

/**
 * Closed-form arbitrage toward a target price on a token/stable constant-product pool.
 *
 * Price = R_stable / R_token (stable per token, human units). To reach `target` the arbitrageur
 * trades the amount that moves the quoted price by exactly target/price, fee included
 * (`inputForPriceMultiplier` in lib/metrics/liquidity.ts):
 *   target > price: pay stable in,  stableIn = f(R_stable, target / price)
 *   target < price: sell token in,  tokenIn  = f(R_token,  price / target)
 * A token with a transfer fee delivers only (1 − fee) of what is sent to the pair, so the
 * token leg is grossed up by 1 / (1 − fee).
 */
export type Pool = {
  reserveToken: bigint;
  reserveStable: bigint;
  tokenDecimals: number;
  stableDecimals: number;
};

export type ArbitrageTrade = {
  side: 'buy' | 'sell';
  /** Raw amount sent: stable for a buy, token for a sell (grossed up for the transfer fee). */
  amountIn: bigint;
  /** Pool price before, and the price the trade is sized to reach. */
  priceBefore: number;
  target: number;
};

export function poolPrice(pool: Pool): number {
  return toUnits(pool.reserveStable, pool.stableDecimals) / toUnits(pool.reserveToken, pool.tokenDecimals);
}

export function planArbitrage(
  pool: Pool,
  target: number,
  options: { deadband?: number; swapFee?: number; tokenTransferFeeBps?: number } = {},
): ArbitrageTrade | null {
  if (!(Number.isFinite(target) && target > 0)) throw new RangeError(`target price ${target} must be > 0`);
  if (pool.reserveToken <= 0n || pool.reserveStable <= 0n) return null;
  const deadband = options.deadband ?? 0.001;
  const swapFee = options.swapFee ?? UNISWAP_V2_FEE;
  const price = poolPrice(pool);
  if (Math.abs(target / price - 1) < deadband) return null;
  if (target > price) {
    const stableIn = inputForPriceMultiplier(toUnits(pool.reserveStable, pool.stableDecimals), target / price, swapFee);
    const amountIn = fromUnits(stableIn, pool.stableDecimals);
    return amountIn > 0n ? { side: 'buy', amountIn, priceBefore: price, target } : null;
  }
  const net = inputForPriceMultiplier(toUnits(pool.reserveToken, pool.tokenDecimals), price / target, swapFee);
  const feeBps = BigInt(options.tokenTransferFeeBps ?? 0);
  const netRaw = fromUnits(net, pool.tokenDecimals);
  const amountIn = feeBps === 0n ? netRaw : ceilDiv(netRaw * 10_000n, 10_000n - feeBps);
  return amountIn > 0n ? { side: 'sell', amountIn, priceBefore: price, target } : null;
}

/** The pool after a swap of `amountIn` (raw) that reaches the pool in full minus `transferFeeBps`. */
export function applySwap(pool: Pool, side: 'buy' | 'sell', amountIn: bigint, transferFeeBps = 0): Pool {
  if (amountIn <= 0n) return pool;
  if (side === 'buy') {
    const out = getAmountOut(amountIn, pool.reserveStable, pool.reserveToken);
    return { ...pool, reserveStable: pool.reserveStable + amountIn, reserveToken: pool.reserveToken - out };
  }
  const arriving = amountIn - (amountIn * BigInt(transferFeeBps)) / 10_000n;
  if (arriving <= 0n) return pool;
  const out = getAmountOut(arriving, pool.reserveToken, pool.reserveStable);
  return { ...pool, reserveToken: pool.reserveToken + arriving, reserveStable: pool.reserveStable - out };
}

function ceilDiv(a: bigint, b: bigint) {
  return (a + b - 1n) / b;
}
