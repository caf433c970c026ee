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
} as const;
export type PolicyParamId = (typeof PolicyParam)[keyof typeof PolicyParam];
export const POLICY_PARAM_COUNT = 6;

export const objectiveModes = ['stability', 'growth', 'scarcity'] as const;
export type ObjectiveMode = (typeof objectiveModes)[number];

export const paramLabels: Record<PolicyParamId, { label: string; unit: string }> = {
  0: { label: 'Total supply', unit: 'HOME' },
  1: { label: 'Burn share of fee', unit: 'bps' },
  2: { label: 'Transfer fee', unit: 'bps' },
  3: { label: 'Staking reward rate', unit: 'HOME/s' },
  4: { label: 'Buyback budget', unit: 'stable/epoch' },
  5: { label: 'Objective mode', unit: '' },
};
