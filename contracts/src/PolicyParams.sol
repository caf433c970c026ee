// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title PolicyParams
/// @notice Parameter ids of the policy controller and their units.
library PolicyParams {
    /// @dev Total supply in token wei; moved only by `changeSupply` / `burnBuyback`. Step = |mint or burn| per change.
    uint8 internal constant SUPPLY = 0;
    /// @dev Share of the transfer fee that is burned, basis points of the fee (0..10 000).
    uint8 internal constant BURN_SHARE = 1;
    /// @dev Transfer fee, basis points of the transferred amount.
    uint8 internal constant TRANSFER_FEE = 2;
    /// @dev Staking reward rate, token wei per second.
    uint8 internal constant REWARD_RATE = 3;
    /// @dev Treasury buyback budget, stable-token units (its own decimals) per treasury epoch.
    uint8 internal constant BUYBACK_BUDGET = 4;
    /// @dev Policy objective: 0 stability, 1 growth, 2 scarcity.
    uint8 internal constant OBJECTIVE_MODE = 5;
    /// @dev Protocol-owned liquidity budget: stable-token units the treasury may move into or out of the pool per
    /// treasury epoch (the stable side of every add and remove counts).
    uint8 internal constant POL_BUDGET = 6;
    /// @dev Largest share of the pool's LP tokens the treasury may hold after adding liquidity, basis points.
    uint8 internal constant POL_MAX_SHARE = 7;
    /// @dev Range operations' lower band: the treasury may buy (and burn) HOME while the pool price is below it.
    /// Stable-token units per whole HOME (1e18 wei).
    uint8 internal constant RANGE_LOWER_BAND = 8;
    /// @dev Range operations' upper band: the treasury may sell its HOME for stable while the pool price is above
    /// it. Stable-token units per whole HOME (1e18 wei). Always above the lower band.
    uint8 internal constant RANGE_UPPER_BAND = 9;
    /// @dev Stable-token units the treasury may spend on range buys per treasury epoch.
    uint8 internal constant RANGE_BUY_BUDGET = 10;
    /// @dev HOME wei the treasury may sell in range sells per treasury epoch.
    uint8 internal constant RANGE_SELL_BUDGET = 11;
    /// @dev Number of parameters.
    uint8 internal constant COUNT = 12;
}
