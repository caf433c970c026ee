import type { PolicyParameters, Strategy } from '../types';

/**
 * Bitcoin-style fixed supply: no mint, no burn, no buyback, no change of any parameter, ever.
 * The transfer fee still exists (Bitcoin has transaction fees) but none of it is burned: all of it
 * goes to the treasury, so the supply never moves; staking rewards are paid at a constant rate
 * from the pre-minted emissions budget (a fixed issuance schedule, like the block subsidy, that
 * never changes the total supply). The policy has no discretion: it proposes only to restore
 * these levels if the chain ever drifted from them.
 */
export type FixedSupplyConfig = {
  /** Transfer fee, bps (none of it burned). */
  transferFeeBps: number;
  /** Staking rewards, tokens per second from the emissions budget. */
  stakingRewardRate: number;
};

export function fixedSupplyParams(c: FixedSupplyConfig): PolicyParameters {
  return {
    burnShareBps: 0,
    transferFeeBps: c.transferFeeBps,
    stakingRewardRate: c.stakingRewardRate,
    buybackBudget: 0,
  };
}

export function createFixedSupplyStrategy(config: FixedSupplyConfig): Strategy {
  const params = fixedSupplyParams(config);
  return {
    name: 'fixed-supply',
    initialParams: () => ({ ...params }),
    run: ({ memory }) => ({
      targets: { ...params },
      rationale: 'Fixed supply: no mint, burn or buyback, and no parameter ever changes.',
      memory: memory ?? {},
    }),
  };
}
