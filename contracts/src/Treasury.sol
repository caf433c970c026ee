// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ITreasury} from "./interfaces/ITreasury.sol";
import {IPolicyController} from "./interfaces/IPolicyController.sol";
import {
    IUniswapV2FactoryMinimal,
    IUniswapV2PairMinimal,
    IUniswapV2Router02Minimal
} from "./interfaces/IUniswapV2Minimal.sol";
import {PolicyParams} from "./PolicyParams.sol";

/// @title Treasury
/// @notice Holds fee revenue and the stable asset. Buys HOME back on the Uniswap V2 pool within a governed stable
/// budget per epoch and burns it through the policy controller (so buyback burns count in the supply budget).
/// Market operations (issue 13), each within a governed budget per epoch and refused while the controller is paused:
/// protocol-owned liquidity (adds and removes on the pool, LP tokens kept here, pool-share cap) and two-sided range
/// operations (buy and burn below the lower band, sell treasury HOME above the upper band, minimum out from the band
/// and the pool's reserves).
contract Treasury is ITreasury, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    uint256 private constant BPS = 10_000;
    /// @dev Prices are stable-token units per whole HOME (1e18 wei).
    uint256 private constant PRICE_SCALE = 1e18;
    /// @dev 2^112: the pair's UQ112x112 fixed-point one.
    uint256 private constant Q112 = 2 ** 112;
    /// @notice A buyback's time-weighted price covers at least this long (a manipulator must hold the pool there).
    uint256 public constant TWAP_MIN_WINDOW = 30 minutes;
    /// @notice ...and starts no longer ago than this (an older average says little about the pool now).
    uint256 public constant TWAP_MAX_AGE = 2 days;
    /// @notice A buyback receives at least its stable's worth at the time-weighted price less this (bps); the pool's
    /// 0.30 % fee and the trade's own price impact count against it.
    uint256 public constant BUYBACK_MAX_SLIPPAGE_BPS = 500;

    IERC20 private immutable i_home;
    IERC20 private immutable i_stable;
    IUniswapV2Router02Minimal private immutable i_router;
    IPolicyController private immutable i_controller;
    address private immutable i_owner;
    uint256 private immutable i_epochLength;
    IUniswapV2FactoryMinimal private immutable i_factory;
    bool private immutable i_homeIs0;

    address private s_operator;
    mapping(uint256 epoch => uint256) private s_spent;
    mapping(uint256 epoch => EpochOps) private s_ops;
    PriceObservation private s_obsNewest;
    PriceObservation private s_obsPrevious;

    modifier onlyOperatorOrOwner() {
        if (msg.sender != s_operator && msg.sender != i_owner) revert Treasury_Unauthorized(msg.sender);
        _;
    }

    modifier whenControllerLive() {
        if (i_controller.paused()) revert Treasury_Paused();
        _;
    }

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
        i_factory = IUniswapV2FactoryMinimal(IUniswapV2Router02Minimal(router).factory());
        i_homeIs0 = home_ < stable_;
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

        {
            (address pair, uint256 rHome, uint256 rStable) = _pool();
            (uint256 cumulative,,) = _cumulative(pair);
            uint256 floor = _floor(stableIn, _twap(cumulative));
            if (minHomeOut < floor) minHomeOut = floor;
            uint256 quote = _amountOut(stableIn, rStable, rHome);
            if (quote < minHomeOut) revert Treasury_Slippage(quote, minHomeOut);
            _observe(cumulative);
        }
        homeBought = _swap(i_stable, i_home, stableIn, minHomeOut, deadline);

        emit BuybackExecuted(epoch, stableIn, homeBought);
        i_controller.burnBuyback(homeBought);
    }

    /// @inheritdoc ITreasury
    function addLiquidity(uint256 stableAmount, uint256 maxHomeIn, uint256 minLiquidity, uint256 deadline)
        external
        nonReentrant
        onlyOperatorOrOwner
        whenControllerLive
        returns (uint256 homeIn, uint256 liquidity)
    {
        if (stableAmount == 0) revert Treasury_ZeroAmount();
        address pair;
        uint256 homeDesired;
        {
            uint256 rHome;
            uint256 rStable;
            (pair, rHome, rStable) = _pool();
            // At the pool's ratio, rounded up so the whole stable amount goes in (the router then takes the floor).
            homeDesired = Math.mulDiv(stableAmount, rHome, rStable, Math.Rounding.Ceil);
        }
        if (homeDesired > maxHomeIn) revert Treasury_TooMuchIn(homeDesired, maxHomeIn);
        uint256 epoch = currentEpoch();
        _chargePol(epoch, stableAmount);

        (homeIn, liquidity) = _routerAdd(homeDesired, stableAmount, deadline);
        if (liquidity < minLiquidity) revert Treasury_Slippage(liquidity, minLiquidity);

        emit LiquidityAdded(epoch, stableAmount, homeIn, liquidity, _checkShare(pair));
    }

    /// @inheritdoc ITreasury
    function removeLiquidity(uint256 liquidity, uint256 minStableOut, uint256 minHomeOut, uint256 deadline)
        external
        nonReentrant
        onlyOperatorOrOwner
        whenControllerLive
        returns (uint256 stableOut, uint256 homeOut)
    {
        if (liquidity == 0) revert Treasury_ZeroAmount();
        (address pair,,) = _pool();
        (homeOut, stableOut) = _routerRemove(pair, liquidity, deadline);
        if (stableOut < minStableOut) revert Treasury_Slippage(stableOut, minStableOut);
        if (homeOut < minHomeOut) revert Treasury_Slippage(homeOut, minHomeOut);
        uint256 epoch = currentEpoch();
        _chargePol(epoch, stableOut);
        emit LiquidityRemoved(epoch, liquidity, stableOut, homeOut, _share(pair));
    }

    /// @inheritdoc ITreasury
    function rangeBuy(uint256 stableIn, uint256 minHomeOut, uint256 deadline)
        external
        nonReentrant
        onlyOperatorOrOwner
        whenControllerLive
        returns (uint256 homeBought)
    {
        uint256 price;
        uint256 epoch;
        (homeBought, price, epoch) = _rangeTrade(true, stableIn, minHomeOut, deadline);
        emit RangeBuy(epoch, stableIn, homeBought, price);
        i_controller.burnBuyback(homeBought);
    }

    /// @inheritdoc ITreasury
    function rangeSell(uint256 homeIn, uint256 minStableOut, uint256 deadline)
        external
        nonReentrant
        onlyOperatorOrOwner
        whenControllerLive
        returns (uint256 stableOut)
    {
        uint256 price;
        uint256 epoch;
        (stableOut, price, epoch) = _rangeTrade(false, homeIn, minStableOut, deadline);
        emit RangeSell(epoch, homeIn, stableOut, price);
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
    function observePrice() external {
        (address pair,,) = _pool();
        (uint256 cumulative,,) = _cumulative(pair);
        _observe(cumulative);
    }

    /// @inheritdoc ITreasury
    function observations() external view returns (PriceObservation memory, PriceObservation memory) {
        return (s_obsNewest, s_obsPrevious);
    }

    /// @inheritdoc ITreasury
    function twapPrice() external view returns (uint256 price, uint256 window) {
        address pair = pool();
        if (pair == address(0)) return (0, 0);
        (uint256 cumulative, uint256 rHome,) = _cumulative(pair);
        if (rHome == 0) return (0, 0);
        PriceObservation memory o = _reference();
        if (o.at == 0) return (0, 0);
        window = block.timestamp - o.at;
        unchecked {
            price = Math.mulDiv((cumulative - o.cumulative) / window, PRICE_SCALE, Q112);
        }
    }

    /// @inheritdoc ITreasury
    function buybackFloor(uint256 stableIn) external view returns (uint256) {
        (address pair,,) = _pool();
        (uint256 cumulative,,) = _cumulative(pair);
        return _floor(stableIn, _twap(cumulative));
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

    /// @inheritdoc ITreasury
    function epochOps(uint256 epoch) external view returns (EpochOps memory) {
        return s_ops[epoch];
    }

    /// @inheritdoc ITreasury
    function remainingPolBudget() external view returns (uint256) {
        return _left(PolicyParams.POL_BUDGET, s_ops[currentEpoch()].polStable);
    }

    /// @inheritdoc ITreasury
    function remainingRangeBuyBudget() external view returns (uint256) {
        return _left(PolicyParams.RANGE_BUY_BUDGET, s_ops[currentEpoch()].rangeBuyStable);
    }

    /// @inheritdoc ITreasury
    function remainingRangeSellBudget() external view returns (uint256) {
        return _left(PolicyParams.RANGE_SELL_BUDGET, s_ops[currentEpoch()].rangeSellHome);
    }

    /// @inheritdoc ITreasury
    function pool() public view returns (address) {
        return i_factory.getPair(address(i_home), address(i_stable));
    }

    /// @inheritdoc ITreasury
    function poolShareBps() external view returns (uint256) {
        address pair = pool();
        return pair == address(0) ? 0 : _share(pair);
    }

    /// @inheritdoc ITreasury
    function spotPrice() external view returns (uint256) {
        address pair = pool();
        if (pair == address(0)) return 0;
        (uint256 rHome, uint256 rStable) = _reserves(pair);
        return rHome == 0 ? 0 : rStable * PRICE_SCALE / rHome;
    }

    /// @dev The pool's cumulative price of HOME in stable now (UQ112x112 × seconds, wrapping like the pair's own):
    /// the pair's stored sum plus the current price for the time since its last update, as Uniswap's oracle
    /// library computes it. Reserves moved earlier in this block only count from now on.
    function _cumulative(address pair)
        private
        view
        returns (uint256 cumulative, uint256 rHome, uint256 rStable)
    {
        uint32 updatedAt;
        {
            uint112 r0;
            uint112 r1;
            (r0, r1, updatedAt) = IUniswapV2PairMinimal(pair).getReserves();
            (rHome, rStable) = i_homeIs0 ? (uint256(r0), uint256(r1)) : (uint256(r1), uint256(r0));
        }
        cumulative = i_homeIs0
            ? IUniswapV2PairMinimal(pair).price0CumulativeLast()
            : IUniswapV2PairMinimal(pair).price1CumulativeLast();
        uint32 now32 = uint32(block.timestamp);
        if (updatedAt != now32 && rHome != 0) {
            unchecked {
                cumulative += (rStable * Q112 / rHome) * (now32 - updatedAt);
            }
        }
    }

    /// @dev The newest observation at least TWAP_MIN_WINDOW old (the previous one is at least that much older than the
    /// newest), or an empty one.
    function _reference() private view returns (PriceObservation memory o) {
        o = s_obsNewest;
        if (o.at == 0 || block.timestamp - o.at < TWAP_MIN_WINDOW) o = s_obsPrevious;
        if (o.at == 0 || block.timestamp - o.at < TWAP_MIN_WINDOW || block.timestamp - o.at > TWAP_MAX_AGE) {
            o = PriceObservation(0, 0);
        }
    }

    /// @dev The time-weighted price (UQ112x112 stable per HOME, raw units) from the reference observation to now.
    function _twap(uint256 cumulative) private view returns (uint256 price) {
        PriceObservation memory o = _reference();
        if (o.at == 0) revert Treasury_NoTwap(s_obsNewest.at);
        unchecked {
            price = (cumulative - o.cumulative) / (block.timestamp - o.at);
        }
        if (price == 0) revert Treasury_NoTwap(o.at);
    }

    /// @dev What `stableIn` buys at `twap` less the maximum slippage.
    function _floor(uint256 stableIn, uint256 twap) private pure returns (uint256) {
        return Math.mulDiv(stableIn, Q112 * (BPS - BUYBACK_MAX_SLIPPAGE_BPS), twap * BPS);
    }

    /// @dev Records `cumulative` as the newest observation unless the newest is younger than TWAP_MIN_WINDOW.
    function _observe(uint256 cumulative) private {
        PriceObservation memory n = s_obsNewest;
        if (n.at != 0 && block.timestamp - n.at < TWAP_MIN_WINDOW) return;
        s_obsPrevious = n;
        s_obsNewest = PriceObservation(uint64(block.timestamp), cumulative);
        emit PriceObserved(block.timestamp, cumulative);
    }

    function _left(uint8 id, uint256 used) private view returns (uint256) {
        uint256 budget = i_controller.parameter(id);
        return budget > used ? budget - used : 0;
    }

    function _routerAdd(uint256 homeDesired, uint256 stableAmount, uint256 deadline)
        private
        returns (uint256 homeIn, uint256 liquidity)
    {
        i_home.forceApprove(address(i_router), homeDesired);
        i_stable.forceApprove(address(i_router), stableAmount);
        (homeIn,, liquidity) = i_router.addLiquidity(
            address(i_home),
            address(i_stable),
            homeDesired,
            stableAmount,
            0,
            stableAmount,
            address(this),
            deadline
        );
        i_home.forceApprove(address(i_router), 0);
    }

    function _routerRemove(address pair, uint256 liquidity, uint256 deadline)
        private
        returns (uint256 homeOut, uint256 stableOut)
    {
        IERC20(pair).forceApprove(address(i_router), liquidity);
        (homeOut, stableOut) = i_router.removeLiquidity(
            address(i_home), address(i_stable), liquidity, 0, 0, address(this), deadline
        );
    }

    function _share(address pair) private view returns (uint256) {
        uint256 total = IERC20(pair).totalSupply();
        return total == 0 ? 0 : IERC20(pair).balanceOf(address(this)) * BPS / total;
    }

    /// @dev The treasury's pool share after an add, bps (floor); reverts above the POL_MAX_SHARE cap.
    function _checkShare(address pair) private view returns (uint256) {
        uint256 lp = IERC20(pair).balanceOf(address(this));
        uint256 total = IERC20(pair).totalSupply();
        uint256 maxShare = i_controller.parameter(PolicyParams.POL_MAX_SHARE);
        if (lp * BPS > maxShare * total) {
            revert Treasury_PoolShareExceeded(Math.mulDiv(lp, BPS, total, Math.Rounding.Ceil), maxShare);
        }
        return lp * BPS / total;
    }

    /// @dev Counts a range buy's stable (`buy`) or a range sell's HOME against this epoch's budget, or reverts.
    function _chargeRange(uint256 epoch, bool buy, uint256 amount) private {
        EpochOps storage ops = s_ops[epoch];
        uint256 used = buy ? ops.rangeBuyStable : ops.rangeSellHome;
        uint256 budget =
            i_controller.parameter(buy ? PolicyParams.RANGE_BUY_BUDGET : PolicyParams.RANGE_SELL_BUDGET);
        uint256 remaining = budget > used ? budget - used : 0;
        if (amount > remaining) {
            if (buy) revert Treasury_RangeBuyBudgetExceeded(amount, remaining);
            revert Treasury_RangeSellBudgetExceeded(amount, remaining);
        }
        if (buy) ops.rangeBuyStable = uint128(used + amount);
        else ops.rangeSellHome = uint128(used + amount);
    }

    /// @dev A range buy (`buy`: stable in, HOME out) or sell (HOME in, stable out): the band check on the pool's
    /// price, the epoch budget, and a minimum out that keeps the average price on the right side of the band (or the
    /// caller's, if higher), checked against the pool's reserves before the swap.
    function _rangeTrade(bool buy, uint256 amountIn, uint256 callerMin, uint256 deadline)
        private
        returns (uint256 out, uint256 price, uint256 epoch)
    {
        if (amountIn == 0) revert Treasury_ZeroAmount();
        (, uint256 rHome, uint256 rStable) = _pool();
        price = rStable * PRICE_SCALE / rHome;
        uint256 minOut;
        if (buy) {
            uint256 lower = i_controller.parameter(PolicyParams.RANGE_LOWER_BAND);
            if (price >= lower) revert Treasury_PriceNotBelowBand(price, lower);
            // At least amountIn / lower HOME (lower > price >= 0).
            minOut = Math.mulDiv(amountIn, PRICE_SCALE, lower, Math.Rounding.Ceil);
        } else {
            uint256 upper = i_controller.parameter(PolicyParams.RANGE_UPPER_BAND);
            if (price <= upper) revert Treasury_PriceNotAboveBand(price, upper);
            // At least amountIn × upper stable.
            minOut = Math.mulDiv(amountIn, upper, PRICE_SCALE, Math.Rounding.Ceil);
        }
        if (callerMin > minOut) minOut = callerMin;
        epoch = currentEpoch();
        _chargeRange(epoch, buy, amountIn);
        {
            uint256 quote = buy ? _amountOut(amountIn, rStable, rHome) : _amountOut(amountIn, rHome, rStable);
            if (quote < minOut) revert Treasury_Slippage(quote, minOut);
        }
        out = buy
            ? _swap(i_stable, i_home, amountIn, minOut, deadline)
            : _swap(i_home, i_stable, amountIn, minOut, deadline);
    }

    /// @dev Counts `amount` stable against this epoch's POL budget, or reverts.
    function _chargePol(uint256 epoch, uint256 amount) private {
        EpochOps storage ops = s_ops[epoch];
        uint256 used = ops.polStable;
        uint256 budget = i_controller.parameter(PolicyParams.POL_BUDGET);
        uint256 remaining = budget > used ? budget - used : 0;
        if (amount > remaining) revert Treasury_PolBudgetExceeded(amount, remaining);
        ops.polStable = uint128(used + amount);
    }

    function _pool() private view returns (address pair, uint256 rHome, uint256 rStable) {
        pair = pool();
        if (pair == address(0)) revert Treasury_NoPool();
        (rHome, rStable) = _reserves(pair);
        if (rHome == 0 || rStable == 0) revert Treasury_NoPool();
    }

    function _reserves(address pair) private view returns (uint256 rHome, uint256 rStable) {
        (uint112 r0, uint112 r1,) = IUniswapV2PairMinimal(pair).getReserves();
        (rHome, rStable) = i_homeIs0 ? (uint256(r0), uint256(r1)) : (uint256(r1), uint256(r0));
    }

    /// @dev Uniswap V2's output for an exact input (0.3 % pool fee), from the reserves.
    function _amountOut(uint256 amountIn, uint256 reserveIn, uint256 reserveOut)
        private
        pure
        returns (uint256)
    {
        uint256 inWithFee = amountIn * 997;
        return inWithFee * reserveOut / (reserveIn * 1000 + inWithFee);
    }

    /// @dev Swaps an exact `amountIn` of `from` for `to` on the pool; returns what the treasury received.
    function _swap(IERC20 from, IERC20 to, uint256 amountIn, uint256 minOut, uint256 deadline)
        private
        returns (uint256 received)
    {
        address[] memory path = new address[](2);
        path[0] = address(from);
        path[1] = address(to);
        uint256 before = to.balanceOf(address(this));
        from.forceApprove(address(i_router), amountIn);
        i_router.swapExactTokensForTokens(amountIn, minOut, path, address(this), deadline);
        received = to.balanceOf(address(this)) - before;
    }

    function _remaining(uint256 epoch) private view returns (uint256) {
        uint256 budget = i_controller.parameter(PolicyParams.BUYBACK_BUDGET);
        uint256 spent = s_spent[epoch];
        return budget > spent ? budget - spent : 0;
    }
}
