import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { POLICY_PARAM_COUNT, PolicyParam } from './params';

describe('PolicyParam ids', () => {
  it('match contracts/src/PolicyParams.sol', () => {
    const sol = readFileSync(new URL('../../contracts/src/PolicyParams.sol', import.meta.url), 'utf8');
    const constants = Object.fromEntries(
      [...sol.matchAll(/uint8 internal constant (\w+) = (\d+);/g)].map((m) => [m[1], Number(m[2])]),
    );
    expect(constants).toEqual({
      SUPPLY: PolicyParam.Supply,
      BURN_SHARE: PolicyParam.BurnShare,
      TRANSFER_FEE: PolicyParam.TransferFee,
      REWARD_RATE: PolicyParam.RewardRate,
      BUYBACK_BUDGET: PolicyParam.BuybackBudget,
      OBJECTIVE_MODE: PolicyParam.ObjectiveMode,
      POL_BUDGET: PolicyParam.PolBudget,
      POL_MAX_SHARE: PolicyParam.PolMaxShare,
      RANGE_LOWER_BAND: PolicyParam.RangeLowerBand,
      RANGE_UPPER_BAND: PolicyParam.RangeUpperBand,
      RANGE_BUY_BUDGET: PolicyParam.RangeBuyBudget,
      RANGE_SELL_BUDGET: PolicyParam.RangeSellBudget,
      COUNT: POLICY_PARAM_COUNT,
    });
  });
});
