/**
 * Policy parameter ids and units, mirroring contracts/src/PolicyParams.sol
 * (a unit test checks the two agree).
 */
export const PolicyParam = {
  /** Total supply, token wei; moved only by changeSupply / burnBuyback. */
  Supply: 0,
  /** Share of the transfer fee that is burned, bps of the fee (0..10 000). */
  BurnShare: 1,
  /** Transfer fee, bps of the transferred amount. */
  TransferFee: 2,
  /** Staking reward rate, token wei per second. */
  RewardRate: 3,
  /** Treasury buyback budget, stable-token units per treasury epoch. */
  BuybackBudget: 4,
  /** Objective: 0 stability, 1 growth, 2 scarcity. */
  ObjectiveMode: 5,
  /** Protocol-owned liquidity budget: stable-token units moved into or out of the pool per treasury epoch. */
  PolBudget: 6,
  /** Largest share of the pool's LP tokens the treasury may hold after adding liquidity, bps. */
  PolMaxShare: 7,
  /** Range operations' lower band: stable-token units per whole HOME; the treasury buys (and burns) below it. */
  RangeLowerBand: 8,
  /** Range operations' upper band: stable-token units per whole HOME; the treasury sells its HOME above it. */
  RangeUpperBand: 9,
  /** Stable-token units the treasury may spend on range buys per treasury epoch. */
  RangeBuyBudget: 10,
  /** HOME wei the treasury may sell in range sells per treasury epoch. */
  RangeSellBudget: 11,
} as const;
export type PolicyParamId = (typeof PolicyParam)[keyof typeof PolicyParam];
export const POLICY_PARAM_COUNT = 12;

export const objectiveModes = ['stability', 'growth', 'scarcity'] as const;
export type ObjectiveMode = (typeof objectiveModes)[number];

export const paramLabels: Record<PolicyParamId, { label: string; unit: string }> = {
  0: { label: 'Total supply', unit: 'HOME' },
  1: { label: 'Burn share of fee', unit: 'bps' },
  2: { label: 'Transfer fee', unit: 'bps' },
  3: { label: 'Staking reward rate', unit: 'HOME/s' },
  4: { label: 'Buyback budget', unit: 'stable/epoch' },
  5: { label: 'Objective mode', unit: '' },
  6: { label: 'Protocol-owned liquidity budget', unit: 'stable/epoch' },
  7: { label: 'Treasury pool share cap', unit: 'bps' },
  8: { label: 'Range lower band (treasury buys below)', unit: 'stable/HOME' },
  9: { label: 'Range upper band (treasury sells above)', unit: 'stable/HOME' },
  10: { label: 'Range buy budget', unit: 'stable/epoch' },
  11: { label: 'Range sell budget', unit: 'HOME/epoch' },
};
