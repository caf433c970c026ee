// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title ITreasury
/// @notice Holds fee revenue (HOME) and the stable asset; buys HOME back through the Uniswap V2 pool and burns it,
/// within a governed stable budget per epoch.
interface ITreasury {
    /// @notice A required address was zero.
    error Treasury_ZeroAddress();
    /// @notice A zero amount was given.
    error Treasury_ZeroAmount();
    /// @notice The caller lacks the role the function needs.
    error Treasury_Unauthorized(address caller);
    /// @notice The buyback would spend more stable than is left in this epoch's budget.
    error Treasury_BudgetExceeded(uint256 requested, uint256 remaining);
    /// @notice The epoch length given at construction was zero.
    error Treasury_InvalidEpochLength();

    /// @notice `stableIn` stable bought `homeBought` HOME, which was then burned.
    event BuybackExecuted(uint256 indexed epoch, uint256 stableIn, uint256 homeBought);
    /// @notice Governance moved `amount` of `asset` to `to`.
    event Withdrawn(address indexed asset, address indexed to, uint256 amount);
    /// @notice The buyback operator changed.
    event OperatorUpdated(address oldOperator, address newOperator);

    /// @notice Swaps `stableIn` stable for HOME on the pool and burns what it bought. Operator or owner.
    /// @param minHomeOut Slippage bound for the swap.
    /// @param deadline Swap deadline (unix seconds).
    /// @return homeBought HOME bought and burned.
    function buybackAndBurn(uint256 stableIn, uint256 minHomeOut, uint256 deadline)
        external
        returns (uint256 homeBought);

    /// @notice Moves `amount` of `asset` to `to`. Owner (timelock) only.
    function withdraw(address asset, address to, uint256 amount) external;

    /// @notice Sets the buyback operator. Owner (timelock) only.
    function setOperator(address newOperator) external;

    /// @notice Current epoch number (block.timestamp / epochLength).
    function currentEpoch() external view returns (uint256);

    /// @notice Stable spent on buybacks in `epoch`.
    function spentInEpoch(uint256 epoch) external view returns (uint256);

    /// @notice Stable still available for buybacks in the current epoch.
    function remainingBuybackBudget() external view returns (uint256);

    /// @notice Epoch length in seconds.
    function epochLength() external view returns (uint256);

    /// @notice The account allowed to trigger buybacks (the agent).
    function operator() external view returns (address);
}
