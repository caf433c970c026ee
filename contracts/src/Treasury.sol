// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ITreasury} from "./interfaces/ITreasury.sol";
import {IPolicyController} from "./interfaces/IPolicyController.sol";
import {IUniswapV2Router02Minimal} from "./interfaces/IUniswapV2Minimal.sol";
import {PolicyParams} from "./PolicyParams.sol";

/// @title Treasury
/// @notice Holds fee revenue and the stable asset. Buys HOME back on the Uniswap V2 pool within a governed stable
/// budget per epoch and burns it through the policy controller (so buyback burns count in the supply budget).
contract Treasury is ITreasury, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    IERC20 private immutable i_home;
    IERC20 private immutable i_stable;
    IUniswapV2Router02Minimal private immutable i_router;
    IPolicyController private immutable i_controller;
    address private immutable i_owner;
    uint256 private immutable i_epochLength;

    address private s_operator;
    mapping(uint256 epoch => uint256) private s_spent;

    constructor(
        address home_,
        address stable_,
        address router,
        address controller,
        address operator_,
        address owner_,
        uint256 epochLength_
    ) {
        if (
            home_ == address(0) || stable_ == address(0) || router == address(0) || controller == address(0)
                || operator_ == address(0) || owner_ == address(0)
        ) revert Treasury_ZeroAddress();
        if (epochLength_ == 0) revert Treasury_InvalidEpochLength();
        i_home = IERC20(home_);
        i_stable = IERC20(stable_);
        i_router = IUniswapV2Router02Minimal(router);
        i_controller = IPolicyController(controller);
        i_owner = owner_;
        i_epochLength = epochLength_;
        s_operator = operator_;
    }

    /// @inheritdoc ITreasury
    function buybackAndBurn(uint256 stableIn, uint256 minHomeOut, uint256 deadline)
        external
        nonReentrant
        returns (uint256 homeBought)
    {
        if (msg.sender != s_operator && msg.sender != i_owner) {
            revert Treasury_Unauthorized(msg.sender);
        }
        if (stableIn == 0) revert Treasury_ZeroAmount();
        uint256 epoch = currentEpoch();
        uint256 remaining = _remaining(epoch);
        if (stableIn > remaining) revert Treasury_BudgetExceeded(stableIn, remaining);
        s_spent[epoch] += stableIn;

        address[] memory path = new address[](2);
        path[0] = address(i_stable);
        path[1] = address(i_home);
        uint256 before = i_home.balanceOf(address(this));
        i_stable.forceApprove(address(i_router), stableIn);
        i_router.swapExactTokensForTokens(stableIn, minHomeOut, path, address(this), deadline);
        homeBought = i_home.balanceOf(address(this)) - before;

        emit BuybackExecuted(epoch, stableIn, homeBought);
        i_controller.burnBuyback(homeBought);
    }

    /// @inheritdoc ITreasury
    function withdraw(address asset, address to, uint256 amount) external nonReentrant {
        if (msg.sender != i_owner) revert Treasury_Unauthorized(msg.sender);
        if (asset == address(0) || to == address(0)) revert Treasury_ZeroAddress();
        if (amount == 0) revert Treasury_ZeroAmount();
        emit Withdrawn(asset, to, amount);
        IERC20(asset).safeTransfer(to, amount);
    }

    /// @inheritdoc ITreasury
    function setOperator(address newOperator) external {
        if (msg.sender != i_owner) revert Treasury_Unauthorized(msg.sender);
        if (newOperator == address(0)) revert Treasury_ZeroAddress();
        emit OperatorUpdated(s_operator, newOperator);
        s_operator = newOperator;
    }

    /// @inheritdoc ITreasury
    function currentEpoch() public view returns (uint256) {
        return block.timestamp / i_epochLength;
    }

    /// @inheritdoc ITreasury
    function spentInEpoch(uint256 epoch) external view returns (uint256) {
        return s_spent[epoch];
    }

    /// @inheritdoc ITreasury
    function remainingBuybackBudget() external view returns (uint256) {
        return _remaining(currentEpoch());
    }

    /// @inheritdoc ITreasury
    function epochLength() external view returns (uint256) {
        return i_epochLength;
    }

    /// @inheritdoc ITreasury
    function operator() external view returns (address) {
        return s_operator;
    }

    /// @notice The stable asset.
    function stable() external view returns (address) {
        return address(i_stable);
    }

    /// @notice The HOME token.
    function home() external view returns (address) {
        return address(i_home);
    }

    /// @notice The timelock.
    function owner() external view returns (address) {
        return i_owner;
    }

    function _remaining(uint256 epoch) private view returns (uint256) {
        uint256 budget = i_controller.parameter(PolicyParams.BUYBACK_BUDGET);
        uint256 spent = s_spent[epoch];
        return budget > spent ? budget - spent : 0;
    }
}
