import { assertFinite, assertFraction, assertPositive, finiteResult, MetricInputError } from './validate';

/**
 * Constant-product (Uniswap V2) pool arithmetic.
 *
 * Notation: a swap sends `amountIn` of one token into a pool holding R_in of it and R_out of
 * the other; γ = 1 − fee (0.997 for V2's 0.3 %). The fee stays in the pool, so only γ·in
 * counts against the invariant:
 *
 *     out = γ·in·R_out / (R_in + γ·in)                        (UniswapV2Library.getAmountOut)
 *
 * "Price" of a pool is always *quoted*: how much of the input side one unit of the output
 * side costs at the margin, P = R_in / R_out. After the swap the reserves are
 * (R_in + in, R_out − out), so
 *
 *     P' / P = (R_in + in)(R_in + γ·in) / R_in²                (fee included, exact)
 *
 * Solving P'/P = m (m ≥ 1) for `in` gives the closed form used for depth and for the
 * arbitrage trade to a target price (only R_in matters):
 *
 *     in = R_in · 2(m − 1) / ( (1 + γ) + sqrt((1 + γ)² + 4γ(m − 1)) )
 *
 * (the rationalised root of γ·in² + (1 + γ)R_in·in − (m − 1)R_in² = 0; no cancellation for
 * m near 1). With γ = 1 it is R_in(√m − 1), the textbook fee-less result.
 */

export const UNISWAP_V2_FEE = 0.003;
export const UNISWAP_V2_FEE_BPS = 30n;
/** The ±band the dashboard quotes depth for. */
export const DEPTH_BAND = 0.02;

// ---------------------------------------------------------------------------------------
// Exact integer versions (raw on-chain amounts), identical to UniswapV2Library.

/** Exact UniswapV2Library.getAmountOut with the fee in basis points (30 = 0.3 %). */
export function getAmountOut(amountIn: bigint, reserveIn: bigint, reserveOut: bigint, feeBps = UNISWAP_V2_FEE_BPS) {
  checkBigintSwap(amountIn, reserveIn, reserveOut, feeBps, 'amountIn');
  const amountInWithFee = amountIn * (10_000n - feeBps);
  return (amountInWithFee * reserveOut) / (reserveIn * 10_000n + amountInWithFee);
}

/** Exact UniswapV2Library.getAmountIn: the least input that yields `amountOut` (rounds up). */
export function getAmountIn(amountOut: bigint, reserveIn: bigint, reserveOut: bigint, feeBps = UNISWAP_V2_FEE_BPS) {
  checkBigintSwap(amountOut, reserveIn, reserveOut, feeBps, 'amountOut');
  if (amountOut >= reserveOut) {
    throw new MetricInputError('amountOut', `must be less than the output reserve (${amountOut} >= ${reserveOut})`);
  }
  const numerator = reserveIn * amountOut * 10_000n;
  const denominator = (reserveOut - amountOut) * (10_000n - feeBps);
  return numerator / denominator + 1n;
}

function checkBigintSwap(amount: bigint, reserveIn: bigint, reserveOut: bigint, feeBps: bigint, name: string) {
  if (amount <= 0n) throw new MetricInputError(name, `must be > 0 (Uniswap: INSUFFICIENT_AMOUNT), got ${amount}`);
  if (reserveIn <= 0n || reserveOut <= 0n) {
    throw new MetricInputError('reserves', `must both be > 0 (Uniswap: INSUFFICIENT_LIQUIDITY)`);
  }
  if (feeBps < 0n || feeBps >= 10_000n) throw new MetricInputError('feeBps', `expected 0..9999, got ${feeBps}`);
}

// ---------------------------------------------------------------------------------------
// Real-valued versions (human units) for metrics.

export type SwapQuote = {
  amountIn: number;
  amountOut: number;
  /** Marginal price before the trade: R_in / R_out (input paid per unit of output). */
  midPrice: number;
  /** Average price paid: in / out. */
  executionPrice: number;
  /**
   * Slippage the trader bears against the pre-trade mid price, fee included:
   * 1 − (out/in) / (R_out/R_in) = 1 − γ·R_in / (R_in + γ·in). Tends to the fee as in → 0.
   */
  slippage: number;
  /** The same without the fee: γ·in / (R_in + γ·in). */
  priceImpact: number;
  /** Marginal price after the trade, (R_in + in) / (R_out − out). */
  newMidPrice: number;
  /** Relative move of the marginal price, newMidPrice / midPrice − 1 (> 0). */
  priceMove: number;
};

/** Quote a swap of `amountIn` on a constant-product pool (closed form, see top of file). */
export function quoteSwap(params: {
  amountIn: number;
  reserveIn: number;
  reserveOut: number;
  fee?: number;
}): SwapQuote {
  const amountIn = assertPositive(params.amountIn, 'amountIn');
  const reserveIn = assertPositive(params.reserveIn, 'reserveIn');
  const reserveOut = assertPositive(params.reserveOut, 'reserveOut');
  const gamma = 1 - assertFraction(params.fee ?? UNISWAP_V2_FEE, 'fee');
  const effectiveIn = gamma * amountIn;
  const amountOut = (effectiveIn * reserveOut) / (reserveIn + effectiveIn);
  const midPrice = reserveIn / reserveOut;
  const newReserveIn = reserveIn + amountIn;
  // R_out − out = R_in·R_out / (R_in + γ·in): computed this way it cannot round to ≤ 0.
  const newReserveOut = (reserveIn * reserveOut) / (reserveIn + effectiveIn);
  const newMidPrice = newReserveIn / newReserveOut;
  return {
    amountIn,
    amountOut: finiteResult(amountOut, 'amountOut'),
    midPrice: finiteResult(midPrice, 'midPrice'),
    executionPrice: finiteResult(amountIn / amountOut, 'executionPrice'),
    slippage: 1 - (gamma * reserveIn) / (reserveIn + effectiveIn),
    priceImpact: effectiveIn / (reserveIn + effectiveIn),
    newMidPrice: finiteResult(newMidPrice, 'newMidPrice'),
    priceMove: finiteResult((newReserveIn * (reserveIn + effectiveIn)) / (reserveIn * reserveIn) - 1, 'priceMove'),
  };
}

/**
 * Input needed to raise the quoted price R_in/R_out by the factor `multiplier` (≥ 1), fee
 * included (closed form at the top of the file). multiplier = 1 → 0.
 */
export function inputForPriceMultiplier(reserveIn: number, multiplier: number, fee = UNISWAP_V2_FEE): number {
  assertPositive(reserveIn, 'reserveIn');
  assertFinite(multiplier, 'multiplier');
  if (multiplier < 1) {
    throw new MetricInputError('multiplier', `a swap can only raise the price of what it buys; got ${multiplier} < 1`);
  }
  const gamma = 1 - assertFraction(fee, 'fee');
  const excess = multiplier - 1;
  const onePlusGamma = 1 + gamma;
  return finiteResult(
    (reserveIn * 2 * excess) / (onePlusGamma + Math.sqrt(onePlusGamma * onePlusGamma + 4 * gamma * excess)),
    'inputForPriceMultiplier',
  );
}

export type LiquidityDepth = {
  /** Pool price of the token in stable units, R_stable / R_token. */
  price: number;
  band: number;
  /** Stable that must be paid in to push the token price up by `band`. */
  upStableIn: number;
  /** Tokens that must be sold in to push the token price down by `band`. */
  downTokenIn: number;
  /** downTokenIn valued at the pre-trade price (so both sides are in stable units). */
  downStableValue: number;
  /** upStableIn + downStableValue: the usual "±2 % depth" figure, in stable units. */
  totalStable: number;
};

/**
 * Liquidity depth for a ±`band` move of a token/stable constant-product pool (human units),
 * fee included.
 *   up:   buying the token with stable raises R_stable/R_token by (1 + band)
 *         → upStableIn  = inputForPriceMultiplier(R_stable, 1 + band)
 *   down: selling the token lowers it by (1 − band), i.e. raises R_token/R_stable by 1/(1 − band)
 *         → downTokenIn = inputForPriceMultiplier(R_token, 1 / (1 − band))
 * Linear in the reserves: doubling both reserves doubles the depth.
 */
export function liquidityDepth(params: {
  reserveToken: number;
  reserveStable: number;
  band?: number;
  fee?: number;
}): LiquidityDepth {
  const reserveToken = assertPositive(params.reserveToken, 'reserveToken');
  const reserveStable = assertPositive(params.reserveStable, 'reserveStable');
  const band = assertFraction(params.band ?? DEPTH_BAND, 'band', { allowZero: false });
  const fee = params.fee ?? UNISWAP_V2_FEE;
  const price = finiteResult(reserveStable / reserveToken, 'price');
  const upStableIn = inputForPriceMultiplier(reserveStable, 1 + band, fee);
  const downTokenIn = inputForPriceMultiplier(reserveToken, 1 / (1 - band), fee);
  const downStableValue = finiteResult(downTokenIn * price, 'downStableValue');
  return {
    price,
    band,
    upStableIn,
    downTokenIn,
    downStableValue,
    totalStable: finiteResult(upStableIn + downStableValue, 'totalStable'),
  };
}
