// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title IStaking
/// @notice Stake HOME, earn HOME at a governed reward rate (tokens per second, shared pro rata), paid from an
/// emissions budget held by this contract.
interface IStaking {
    /// @notice A zero amount was given.
    error Staking_ZeroAmount();
    /// @notice A required address was zero.
    error Staking_ZeroAddress();
    /// @notice More was requested than the account has staked.
    error Staking_InsufficientStake(uint256 requested, uint256 staked);
    /// @notice The caller is not the policy controller.
    error Staking_Unauthorized(address caller);

    /// @notice `account` staked `amount`.
    event Staked(address indexed account, uint256 amount);
    /// @notice `account` unstaked `amount`.
    event Unstaked(address indexed account, uint256 amount);
    /// @notice `account` was paid `amount` of rewards.
    event RewardClaimed(address indexed account, uint256 amount);
    /// @notice The reward rate (token wei per second) changed.
    event RewardRateUpdated(uint256 oldRate, uint256 newRate);

    /// @notice Stakes `amount` HOME from the caller (needs an allowance).
    function stake(uint256 amount) external;

    /// @notice Unstakes `amount` HOME to the caller; rewards stay claimable.
    function unstake(uint256 amount) external;

    /// @notice Pays the caller's accrued rewards; returns the amount paid.
    function claim() external returns (uint256);

    /// @notice Sets the reward rate in token wei per second. Policy controller only.
    function setRewardRate(uint256 newRate) external;

    /// @notice Reward rate in token wei per second.
    function rewardRate() external view returns (uint256);

    /// @notice Total HOME staked.
    function totalStaked() external view returns (uint256);

    /// @notice HOME staked by `account`.
    function stakedOf(address account) external view returns (uint256);

    /// @notice Rewards `account` could claim now.
    function earned(address account) external view returns (uint256);

    /// @notice Emissions budget not yet promised to stakers (token wei).
    function emissionsRemaining() external view returns (uint256);

    /// @notice Current APR in basis points: rewardRate * 365 days / totalStaked (0 when nothing is staked).
    function currentAprBps() external view returns (uint256);
}
