/**
 * Market depth at ±2% from pool TVL, by the constant-product (x·y = k) approximation.
 *
 * A full-range pool holding value V (USD) has V/2 in each token. Moving the price by a factor
 * k needs Δy = y·(√k − 1) of the quote token in (price up) or Δx·p = x·p·(1/√k − 1) of the base
 * token in (price down). For ±2%: up ≈ 0.497% of TVL, down ≈ 0.508% of TVL.
 * Uniswap v3 liquidity is concentrated around the price, so real depth is larger; this is the
 * full-range equivalent — a lower bound that moves one-for-one with TVL, which is what the
 * data (daily pool TVL from The Graph) can support without tick-level liquidity.
 */
export const DEPTH_BAND = 0.02;

export function depthFromTvl(tvlUsd: number, band = DEPTH_BAND): { up: number; down: number; total: number } {
  const half = tvlUsd / 2;
  const up = half * (Math.sqrt(1 + band) - 1);
  const down = half * (1 / Math.sqrt(1 - band) - 1);
  return { up, down, total: up + down };
}
