// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IStaking} from "./interfaces/IStaking.sol";

/// @title Staking
/// @notice Stake HOME, earn HOME. Rewards stream at `rewardRate` wei per second shared pro rata, paid from the
/// emissions budget (this contract's HOME balance beyond stakes and promised rewards); they stop when it runs dry.
contract Staking is IStaking, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    uint256 private constant PRECISION = 1e18;

    IERC20 private immutable i_token;
    address private immutable i_controller;

    uint256 private s_totalStaked;
    uint256 private s_rewardRate;
    uint256 private s_rewardPerToken;
    /// @dev Rewards accrued into s_rewardPerToken and not yet paid; rounds up against the budget, never down.
    uint256 private s_owed;
    uint256 private s_lastUpdate;

    mapping(address account => uint256) private s_staked;
    mapping(address account => uint256) private s_paidPerToken;
    mapping(address account => uint256) private s_rewards;

    constructor(address token_, address controller) {
        if (token_ == address(0) || controller == address(0)) revert Staking_ZeroAddress();
        i_token = IERC20(token_);
        i_controller = controller;
        s_lastUpdate = block.timestamp;
    }

    /// @inheritdoc IStaking
    function stake(uint256 amount) external nonReentrant {
        if (amount == 0) revert Staking_ZeroAmount();
        _accrue(msg.sender);
        s_staked[msg.sender] += amount;
        s_totalStaked += amount;
        emit Staked(msg.sender, amount);
        i_token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IStaking
    function unstake(uint256 amount) external nonReentrant {
        if (amount == 0) revert Staking_ZeroAmount();
        uint256 staked = s_staked[msg.sender];
        if (amount > staked) revert Staking_InsufficientStake(amount, staked);
        _accrue(msg.sender);
        s_staked[msg.sender] = staked - amount;
        s_totalStaked -= amount;
        emit Unstaked(msg.sender, amount);
        i_token.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IStaking
    function claim() external nonReentrant returns (uint256 amount) {
        _accrue(msg.sender);
        amount = s_rewards[msg.sender];
        if (amount == 0) revert Staking_ZeroAmount();
        s_rewards[msg.sender] = 0;
        s_owed -= amount;
        emit RewardClaimed(msg.sender, amount);
        i_token.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IStaking
    function setRewardRate(uint256 newRate) external {
        if (msg.sender != i_controller) revert Staking_Unauthorized(msg.sender);
        _accrue(address(0));
        uint256 old = s_rewardRate;
        s_rewardRate = newRate;
        emit RewardRateUpdated(old, newRate);
    }

    /// @inheritdoc IStaking
    function rewardRate() external view returns (uint256) {
        return s_rewardRate;
    }

    /// @inheritdoc IStaking
    function totalStaked() external view returns (uint256) {
        return s_totalStaked;
    }

    /// @inheritdoc IStaking
    function stakedOf(address account) external view returns (uint256) {
        return s_staked[account];
    }

    /// @inheritdoc IStaking
    function earned(address account) external view returns (uint256) {
        (uint256 perToken,) = _pending();
        return s_rewards[account] + s_staked[account] * (perToken - s_paidPerToken[account]) / PRECISION;
    }

    /// @inheritdoc IStaking
    function emissionsRemaining() public view returns (uint256) {
        (, uint256 owed) = _pending();
        uint256 locked = s_totalStaked + owed;
        uint256 balance = i_token.balanceOf(address(this));
        return balance > locked ? balance - locked : 0;
    }

    /// @inheritdoc IStaking
    function currentAprBps() external view returns (uint256) {
        uint256 staked = s_totalStaked;
        if (staked == 0 || emissionsRemaining() == 0) return 0;
        return s_rewardRate * 365 days * 10_000 / staked;
    }

    /// @notice The HOME token.
    function token() external view returns (address) {
        return address(i_token);
    }

    /// @dev Reward per token and owed total as they would be after accruing now.
    function _pending() private view returns (uint256 perToken, uint256 owed) {
        perToken = s_rewardPerToken;
        owed = s_owed;
        uint256 staked = s_totalStaked;
        uint256 elapsed = block.timestamp - s_lastUpdate;
        if (staked == 0 || elapsed == 0 || s_rewardRate == 0) return (perToken, owed);
        uint256 balance = i_token.balanceOf(address(this));
        uint256 available = balance > staked + owed ? balance - staked - owed : 0;
        uint256 reward = s_rewardRate * elapsed;
        if (reward > available) reward = available;
        perToken += reward * PRECISION / staked;
        owed += reward;
    }

    function _accrue(address account) private {
        (uint256 perToken, uint256 owed) = _pending();
        s_rewardPerToken = perToken;
        s_owed = owed;
        s_lastUpdate = block.timestamp;
        if (account != address(0)) {
            s_rewards[account] += s_staked[account] * (perToken - s_paidPerToken[account]) / PRECISION;
            s_paidPerToken[account] = perToken;
        }
    }
}
