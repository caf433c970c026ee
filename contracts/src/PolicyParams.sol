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
    /// @dev Number of parameters.
    uint8 internal constant COUNT = 6;
}
