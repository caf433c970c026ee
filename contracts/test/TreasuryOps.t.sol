// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {BaseTest} from "./utils/BaseTest.sol";
import {PolicyParams} from "../src/PolicyParams.sol";
import {ITreasury} from "../src/interfaces/ITreasury.sol";
import {IPolicyController} from "../src/interfaces/IPolicyController.sol";
import {IUniswapV2Router02Minimal, IUniswapV2PairMinimal} from "../src/interfaces/IUniswapV2Minimal.sol";

/// Shared helpers: governed budgets set through the controller (its guardrails apply), a trader moving the pool.
abstract contract TreasuryOpsBase is BaseTest {
    uint256 internal constant USD = 1e6; // TestStable: 6 decimals
    address internal trader = makeAddr("trader");

    /// Sets `id` to `target` through the controller in allowed steps (max step, min delay between changes).
    function _setTo(uint8 id, uint256 target) internal {
        IPolicyController.Guardrail memory g = controller.guardrail(id);
        uint256 v = controller.parameter(id);
        while (v != target) {
            uint256 next = target > v
                ? (target - v > g.maxStep ? v + g.maxStep : target)
                : (v - target > g.maxStep ? v - g.maxStep : target);
            uint256 allowed = controller.nextChangeAllowedAt(id);
            if (block.timestamp < allowed) vm.warp(allowed);
            _set(id, next);
            v = next;
        }
    }

    function _pair() internal view returns (address) {
        return d.pair;
    }

    /// Pool price in stable units per whole HOME, as the treasury reads it.
    function _price() internal view returns (uint256) {
        return treasury.spotPrice();
    }

    function _reserves() internal view returns (uint256 rHome, uint256 rStable) {
        (uint112 r0, uint112 r1,) = IUniswapV2PairMinimal(d.pair).getReserves();
        bool homeIs0 = IUniswapV2PairMinimal(d.pair).token0() == address(token);
        (rHome, rStable) = homeIs0 ? (uint256(r0), uint256(r1)) : (uint256(r1), uint256(r0));
    }

    /// The trader sells `homeIn` HOME (fee paid) into the pool: the price falls.
    function _traderSells(uint256 homeIn) internal {
        vm.prank(address(treasury));
        IERC20(address(token)).transfer(trader, homeIn);
        address[] memory path = new address[](2);
        path[0] = address(token);
        path[1] = address(stable);
        vm.startPrank(trader);
        IERC20(address(token)).approve(d.router, homeIn);
        IUniswapV2Router02Minimal(d.router)
            .swapExactTokensForTokensSupportingFeeOnTransferTokens(homeIn, 0, path, trader, block.timestamp);
        vm.stopPrank();
    }

    /// The trader buys HOME with `stableIn` fresh stable: the price rises.
    function _traderBuys(uint256 stableIn) internal {
        stable.mint(trader, stableIn);
        address[] memory path = new address[](2);
        path[0] = address(stable);
        path[1] = address(token);
        vm.startPrank(trader);
        IERC20(address(stable)).approve(d.router, stableIn);
        IUniswapV2Router02Minimal(d.router)
            .swapExactTokensForTokensSupportingFeeOnTransferTokens(stableIn, 0, path, trader, block.timestamp);
        vm.stopPrank();
    }

    /// Moves the pool price to about `target` (stable units per HOME) with one trade.
    function _pushPriceTo(uint256 target) internal {
        (uint256 rHome, uint256 rStable) = _reserves();
        // New stable reserve for price `target` at constant k (fees ignored: lands within ~0.5 %).
        uint256 k = rHome * rStable;
        uint256 newStable = _sqrt(k / 1e18 * target);
        if (newStable < rStable) {
            uint256 newHome = k / newStable;
            if (newHome > rHome) _traderSells((newHome - rHome) * 1_010 / 1_000);
        } else if (newStable > rStable) {
            _traderBuys((newStable - rStable) * 1_004 / 1_000);
        }
    }

    function _sqrt(uint256 x) internal pure returns (uint256 y) {
        if (x == 0) return 0;
        y = x;
        uint256 z = (x + 1) / 2;
        while (z < y) {
            y = z;
            z = (x / z + z) / 2;
        }
    }

    function _lp(address who) internal view returns (uint256) {
        return IERC20(d.pair).balanceOf(who);
    }

    function _stableOf(address who) internal view returns (uint256) {
        return IERC20(address(stable)).balanceOf(who);
    }
}

contract TreasuryLiquidityTest is TreasuryOpsBase {
    function setUp() public override {
        super.setUp();
        _setTo(PolicyParams.POL_BUDGET, 100_000 * USD);
    }

    function test_RevertWhen_DefaultBudgetsAreZero() public {
        // A fresh deployment: POL and range budgets are 0.
        BaseTest.setUp();
        assertEq(treasury.remainingPolBudget(), 0);
        assertEq(treasury.remainingRangeBuyBudget(), 0);
        assertEq(treasury.remainingRangeSellBudget(), 0);
        vm.expectRevert(abi.encodeWithSelector(ITreasury.Treasury_PolBudgetExceeded.selector, 1 * USD, 0));
        vm.prank(agent);
        treasury.addLiquidity(1 * USD, type(uint256).max, 0, block.timestamp);
    }

    function test_addLiquidity_atPoolRatio_lpKeptByTreasury() public {
        (uint256 rHome, uint256 rStable) = _reserves();
        uint256 lpBefore = _lp(address(treasury));
        uint256 stableBefore = _stableOf(address(treasury));
        uint256 epoch = treasury.currentEpoch();
        vm.prank(agent);
        (uint256 homeIn, uint256 liquidity) =
            treasury.addLiquidity(50_000 * USD, type(uint256).max, 1, block.timestamp);
        (uint256 rHome2, uint256 rStable2) = _reserves();
        assertEq(rStable2 - rStable, 50_000 * USD, "all the stable went in");
        assertEq(rHome2 - rHome, homeIn);
        // The ratio (price) is unchanged up to rounding.
        assertApproxEqRel(rStable2 * 1e18 / rHome2, rStable * 1e18 / rHome, 1e9);
        assertEq(_lp(address(treasury)) - lpBefore, liquidity);
        assertEq(stableBefore - _stableOf(address(treasury)), 50_000 * USD);
        assertEq(treasury.epochOps(epoch).polStable, 50_000 * USD);
        assertEq(treasury.remainingPolBudget(), 50_000 * USD);
    }

    function test_addLiquidity_emits() public {
        vm.recordLogs();
        vm.prank(agent);
        (uint256 homeIn, uint256 liquidity) =
            treasury.addLiquidity(10_000 * USD, type(uint256).max, 0, block.timestamp);
        // Re-run the expectation on the next add with the same size (same ratio: the same numbers up to rounding).
        vm.expectEmit(true, false, false, false, address(treasury));
        emit ITreasury.LiquidityAdded(treasury.currentEpoch(), 10_000 * USD, homeIn, liquidity, 0);
        vm.prank(agent);
        treasury.addLiquidity(10_000 * USD, type(uint256).max, 0, block.timestamp);
    }

    function test_removeLiquidity_returnsAssets_countsStableInBudget() public {
        uint256 lp = _lp(address(treasury)) / 200; // 0.5 % of the pool: about 50k stable
        uint256 stableBefore = _stableOf(address(treasury));
        uint256 homeBefore = _home(address(treasury));
        vm.prank(agent);
        (uint256 stableOut, uint256 homeOut) = treasury.removeLiquidity(lp, 1, 1, block.timestamp);
        assertEq(_stableOf(address(treasury)) - stableBefore, stableOut);
        assertEq(_home(address(treasury)) - homeBefore, homeOut, "no fee on the pair -> treasury transfer");
        assertApproxEqRel(stableOut, 49_750 * USD, 0.01e18);
        assertEq(treasury.epochOps(treasury.currentEpoch()).polStable, stableOut);
    }

    function test_RevertWhen_PolBudgetExceeded_thenNextEpochResets() public {
        vm.prank(agent);
        treasury.addLiquidity(60_000 * USD, type(uint256).max, 0, block.timestamp);
        vm.expectRevert(
            abi.encodeWithSelector(ITreasury.Treasury_PolBudgetExceeded.selector, 40_001 * USD, 40_000 * USD)
        );
        vm.prank(agent);
        treasury.addLiquidity(40_001 * USD, type(uint256).max, 0, block.timestamp);
        // Removes count too: the stable side of a remove of ~45k exceeds the 40k left.
        uint256 lp = _lp(address(treasury)) * 45 / 10_000;
        vm.prank(agent);
        vm.expectPartialRevert(ITreasury.Treasury_PolBudgetExceeded.selector);
        treasury.removeLiquidity(lp, 0, 0, block.timestamp);

        vm.warp((treasury.currentEpoch() + 1) * treasury.epochLength());
        assertEq(treasury.remainingPolBudget(), 100_000 * USD);
        vm.prank(agent);
        treasury.addLiquidity(100_000 * USD, type(uint256).max, 0, block.timestamp);
    }

    function test_RevertWhen_PoolShareAboveCap() public {
        // Governance moves half the treasury's LP out (e.g. to a partner): the treasury holds ~50 % of the pool.
        uint256 half = _lp(address(treasury)) / 2;
        vm.prank(address(timelock));
        treasury.withdraw(d.pair, holders[3], half);
        uint256 share = treasury.poolShareBps();
        assertApproxEqAbs(share, 5_000, 1);
        _setTo(PolicyParams.POL_MAX_SHARE, 5_010);
        // 100k stable on ~10M deepens the pool ~1 %: the share would pass 50.1 %.
        vm.prank(agent);
        vm.expectPartialRevert(ITreasury.Treasury_PoolShareExceeded.selector);
        treasury.addLiquidity(100_000 * USD, type(uint256).max, 0, block.timestamp);
        // A small add stays under the cap.
        vm.prank(agent);
        treasury.addLiquidity(10_000 * USD, type(uint256).max, 0, block.timestamp);
        assertLe(treasury.poolShareBps(), 5_010);
        // Removing is always allowed by the cap (it only lowers the share).
        uint256 lp = _lp(address(treasury)) / 1_000;
        vm.prank(agent);
        treasury.removeLiquidity(lp, 0, 0, block.timestamp);
    }

    function test_RevertWhen_TooMuchHomeInOrTooFewLp() public {
        (uint256 rHome, uint256 rStable) = _reserves();
        uint256 needed = (10_000 * USD * rHome + rStable - 1) / rStable;
        vm.expectRevert(abi.encodeWithSelector(ITreasury.Treasury_TooMuchIn.selector, needed, needed - 1));
        vm.prank(agent);
        treasury.addLiquidity(10_000 * USD, needed - 1, 0, block.timestamp);
        vm.prank(agent);
        vm.expectPartialRevert(ITreasury.Treasury_Slippage.selector);
        treasury.addLiquidity(10_000 * USD, needed, type(uint256).max, block.timestamp);
        vm.prank(agent);
        vm.expectPartialRevert(ITreasury.Treasury_Slippage.selector);
        treasury.removeLiquidity(1e18, type(uint256).max, 0, block.timestamp);
    }

    function test_RevertWhen_Paused() public {
        vm.prank(guardian);
        controller.pause();
        uint256 lp = _lp(address(treasury));
        vm.startPrank(agent);
        vm.expectRevert(ITreasury.Treasury_Paused.selector);
        treasury.addLiquidity(1 * USD, type(uint256).max, 0, block.timestamp);
        vm.expectRevert(ITreasury.Treasury_Paused.selector);
        treasury.removeLiquidity(1e18, 0, 0, block.timestamp);
        vm.expectRevert(ITreasury.Treasury_Paused.selector);
        treasury.rangeBuy(1 * USD, 0, block.timestamp);
        vm.expectRevert(ITreasury.Treasury_Paused.selector);
        treasury.rangeSell(1e18, 0, block.timestamp);
        vm.stopPrank();
        assertEq(_lp(address(treasury)), lp);
    }

    function test_RevertWhen_NotOperatorOrZero() public {
        vm.expectRevert(abi.encodeWithSelector(ITreasury.Treasury_Unauthorized.selector, whaleA));
        vm.prank(whaleA);
        treasury.addLiquidity(1 * USD, type(uint256).max, 0, block.timestamp);
        vm.expectRevert(abi.encodeWithSelector(ITreasury.Treasury_Unauthorized.selector, whaleA));
        vm.prank(whaleA);
        treasury.removeLiquidity(1, 0, 0, block.timestamp);
        vm.expectRevert(ITreasury.Treasury_ZeroAmount.selector);
        vm.prank(agent);
        treasury.addLiquidity(0, type(uint256).max, 0, block.timestamp);
        // The timelock (governance) may act too.
        vm.prank(address(timelock));
        treasury.addLiquidity(1 * USD, type(uint256).max, 0, block.timestamp);
    }

    /// Any sequence of adds and removes: each succeeds exactly when its stable fits in what is left of the epoch's
    /// budget (the rest revert with the budget error), and the epoch's total never passes the budget.
    function testFuzz_polBudget(uint256[6] memory amounts, bool[6] memory removes) public {
        uint256 budget = controller.parameter(PolicyParams.POL_BUDGET);
        uint256 epoch = treasury.currentEpoch();
        uint256 moved;
        for (uint256 i; i < 6; ++i) {
            uint256 remaining = budget - moved;
            uint256 stableBefore = _stableOf(address(treasury));
            if (removes[i]) {
                // LP worth up to ~80k stable.
                uint256 lp = bound(amounts[i], 1e15, _lp(address(treasury)) * 8 / 1_000);
                vm.prank(agent);
                try treasury.removeLiquidity(lp, 0, 0, block.timestamp) returns (uint256 out, uint256) {
                    assertLe(out, remaining, "removed past budget");
                    assertEq(_stableOf(address(treasury)) - stableBefore, out);
                    moved += out;
                } catch (bytes memory err) {
                    assertEq(bytes4(err), ITreasury.Treasury_PolBudgetExceeded.selector);
                }
            } else {
                uint256 amount = bound(amounts[i], 1, 80_000 * USD);
                vm.prank(agent);
                try treasury.addLiquidity(amount, type(uint256).max, 0, block.timestamp) {
                    assertLe(amount, remaining, "added past budget");
                    moved += amount;
                } catch (bytes memory err) {
                    assertGt(amount, remaining, "valid add refused");
                    assertEq(bytes4(err), ITreasury.Treasury_PolBudgetExceeded.selector);
                }
            }
            assertEq(treasury.epochOps(epoch).polStable, moved);
            assertLe(moved, budget);
        }
    }

    function test_gas_liquidity() public {
        vm.cool(address(treasury));
        vm.cool(d.pair);
        vm.prank(agent);
        treasury.addLiquidity(10_000 * USD, type(uint256).max, 0, block.timestamp);
        vm.snapshotGasLastCall("Treasury", "addLiquidity");
        uint256 lp = _lp(address(treasury)) / 1_000;
        vm.cool(address(treasury));
        vm.cool(d.pair);
        vm.prank(agent);
        treasury.removeLiquidity(lp, 0, 0, block.timestamp);
        vm.snapshotGasLastCall("Treasury", "removeLiquidity");
    }
}

/// The whole path a holder sees: the agent proposes a POL budget, it passes the governor's optimistic lane and the
/// timelock, and the agent's add then deepens the pool on-chain.
contract TreasuryOpsGovernanceTest is TreasuryOpsBase {
    function test_polProposal_executes_thenAgentDeepensThePool() public {
        Proposal memory p = _propose(_setParamData(PolicyParams.POL_BUDGET, 0, 25_000 * USD));
        assertEq(uint8(governor.proposalLane(p.id)), 1, "25k is a small step: optimistic lane");
        _toEnd(p);
        _queueAndExecute(p);
        assertEq(controller.parameter(PolicyParams.POL_BUDGET), 25_000 * USD);

        (uint256 rHome, uint256 rStable) = _reserves();
        vm.prank(agent);
        treasury.addLiquidity(25_000 * USD, type(uint256).max, 1, block.timestamp);
        (uint256 rHome2, uint256 rStable2) = _reserves();
        assertEq(rStable2, rStable + 25_000 * USD, "pool depth grew by the approved budget");
        assertGt(rHome2, rHome);
        vm.expectPartialRevert(ITreasury.Treasury_PolBudgetExceeded.selector);
        vm.prank(agent);
        treasury.addLiquidity(1, type(uint256).max, 0, block.timestamp);
    }

    function test_rangeProposal_fullLane_bandsAndBudgetTogether() public {
        Proposal memory p = _single(_setParamData(PolicyParams.RANGE_BUY_BUDGET, 0, 10_000 * USD));
        p.targets = new address[](2);
        p.targets[0] = address(controller);
        p.targets[1] = address(controller);
        p.values = new uint256[](2);
        bytes[] memory calls = new bytes[](2);
        calls[0] = p.calldatas[0];
        calls[1] = _setParamData(PolicyParams.RANGE_LOWER_BAND, 80_000, 95_000);
        p.calldatas = calls;
        _submit(p);
        assertEq(uint8(governor.proposalLane(p.id)), 0, "10k > 2.5k small step: full vote");
        _passFullVote(p);
        _queueAndExecute(p);
        // The pool (0.10) is still above the new band (0.095): no buy yet.
        vm.expectPartialRevert(ITreasury.Treasury_PriceNotBelowBand.selector);
        vm.prank(agent);
        treasury.rangeBuy(1_000 * USD, 0, block.timestamp);
        _pushPriceTo(90_000);
        vm.prank(agent);
        treasury.rangeBuy(1_000 * USD, 0, block.timestamp);
    }
}

contract TreasuryRangeTest is TreasuryOpsBase {
    uint256 internal lower;
    uint256 internal upper;

    function setUp() public override {
        super.setUp();
        _setTo(PolicyParams.RANGE_BUY_BUDGET, 10_000 * USD);
        _setTo(PolicyParams.RANGE_SELL_BUDGET, 1_000_000e18);
        lower = controller.parameter(PolicyParams.RANGE_LOWER_BAND);
        upper = controller.parameter(PolicyParams.RANGE_UPPER_BAND);
        assertEq(lower, 80_000); // 0.08 TUSD per HOME
        assertEq(upper, 125_000); // 0.125
    }

    function test_rangeBuy_belowBand_buysAndBurns_countsInSupplyBudget() public {
        _pushPriceTo(70_000);
        uint256 price = _price();
        assertLt(price, lower);
        uint256 supply = token.totalSupply();
        uint256 stableBefore = _stableOf(address(treasury));
        vm.expectEmit(true, false, false, false, address(treasury));
        emit ITreasury.RangeBuy(treasury.currentEpoch(), 5_000 * USD, 0, price);
        vm.prank(agent);
        uint256 bought = treasury.rangeBuy(5_000 * USD, 0, block.timestamp);
        assertEq(stableBefore - _stableOf(address(treasury)), 5_000 * USD);
        assertEq(supply - token.totalSupply(), bought, "bought HOME burned");
        (int256 net,) = controller.supplyWindow();
        assertEq(net, -int256(bought), "counted in the rolling supply budget");
        // Average price paid no higher than the lower band.
        assertGe(bought * lower, 5_000 * USD * 1e18);
        assertEq(treasury.epochOps(treasury.currentEpoch()).rangeBuyStable, 5_000 * USD);
        assertEq(treasury.remainingRangeBuyBudget(), 5_000 * USD);
    }

    function test_RevertWhen_RangeBuyNotBelowBand() public {
        uint256 price = _price();
        vm.expectRevert(abi.encodeWithSelector(ITreasury.Treasury_PriceNotBelowBand.selector, price, lower));
        vm.prank(agent);
        treasury.rangeBuy(1_000 * USD, 0, block.timestamp);
    }

    function test_RevertWhen_RangeBuyBudgetExceeded() public {
        _pushPriceTo(70_000);
        vm.prank(agent);
        treasury.rangeBuy(6_000 * USD, 0, block.timestamp);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITreasury.Treasury_RangeBuyBudgetExceeded.selector, 4_001 * USD, 4_000 * USD
            )
        );
        vm.prank(agent);
        treasury.rangeBuy(4_001 * USD, 0, block.timestamp);
    }

    /// Just below the band, a buy whose average price would pass the band is refused by the band's min-out, even
    /// with the caller's min-out at 0 (a sandwich cannot make the treasury pay more than the band).
    function test_RevertWhen_RangeBuyAveragePriceAboveBand() public {
        _pushPriceTo(79_950);
        uint256 price = _price();
        assertLt(price, lower);
        assertGt(price, 79_800);
        vm.prank(agent);
        vm.expectPartialRevert(ITreasury.Treasury_Slippage.selector);
        treasury.rangeBuy(10_000 * USD, 0, block.timestamp);
        // The caller's own min-out binds when it is the higher one.
        _pushPriceTo(70_000);
        vm.prank(agent);
        vm.expectPartialRevert(ITreasury.Treasury_Slippage.selector);
        treasury.rangeBuy(1_000 * USD, type(uint256).max, block.timestamp);
    }

    function test_rangeSell_aboveBand_sellsTreasuryHome() public {
        _pushPriceTo(140_000);
        uint256 price = _price();
        assertGt(price, upper);
        uint256 supply = token.totalSupply();
        uint256 homeBefore = _home(address(treasury));
        uint256 stableBefore = _stableOf(address(treasury));
        vm.prank(agent);
        uint256 stableOut = treasury.rangeSell(500_000e18, 0, block.timestamp);
        assertEq(homeBefore - _home(address(treasury)), 500_000e18);
        assertEq(_stableOf(address(treasury)) - stableBefore, stableOut);
        assertEq(token.totalSupply(), supply, "a sell mints nothing");
        // Average price received no lower than the upper band.
        assertGe(stableOut * 1e18, 500_000e18 * upper);
        assertEq(treasury.remainingRangeSellBudget(), 500_000e18);
    }

    function test_RevertWhen_RangeSellNotAboveBandOverBudgetOrShort() public {
        uint256 price = _price();
        vm.expectRevert(abi.encodeWithSelector(ITreasury.Treasury_PriceNotAboveBand.selector, price, upper));
        vm.prank(agent);
        treasury.rangeSell(1e18, 0, block.timestamp);

        _pushPriceTo(140_000);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITreasury.Treasury_RangeSellBudgetExceeded.selector, 1_000_001e18, 1_000_000e18
            )
        );
        vm.prank(agent);
        treasury.rangeSell(1_000_001e18, 0, block.timestamp);
        vm.prank(agent);
        vm.expectPartialRevert(ITreasury.Treasury_Slippage.selector);
        treasury.rangeSell(1e18, type(uint256).max, block.timestamp);
    }

    function test_RevertWhen_BandsCrossed() public {
        // Lower 0.08 -> 0.10 -> 0.12 (below upper 0.125: fine), then 0.14 would cross.
        _setTo(PolicyParams.RANGE_LOWER_BAND, 120_000);
        vm.warp(controller.nextChangeAllowedAt(PolicyParams.RANGE_LOWER_BAND));
        _setReverts(
            PolicyParams.RANGE_LOWER_BAND,
            125_000,
            abi.encodeWithSelector(IPolicyController.PolicyController_BandsCrossed.selector, 125_000, 125_000)
        );
        _setReverts(
            PolicyParams.RANGE_UPPER_BAND,
            110_000,
            abi.encodeWithSelector(IPolicyController.PolicyController_BandsCrossed.selector, 120_000, 110_000)
        );
    }

    /// Whatever the price and size: a range buy either fails with a named error or pays an average price no higher
    /// than the lower band and burns exactly what it bought.
    function testFuzz_rangeBuy(uint256 target, uint256 stableIn, uint256 callerMin) public {
        target = bound(target, 50_000, 110_000);
        _pushPriceTo(target);
        stableIn = bound(stableIn, 1, 12_000 * USD);
        callerMin = bound(callerMin, 0, stableIn * 1e18 / 40_000);
        uint256 price = _price();
        uint256 supply = token.totalSupply();
        vm.prank(agent);
        try treasury.rangeBuy(stableIn, callerMin, block.timestamp) returns (uint256 bought) {
            assertLt(price, lower);
            assertLe(stableIn, 10_000 * USD);
            assertGe(bought, callerMin);
            assertGe(bought * lower, stableIn * 1e18, "paid above the band");
            assertEq(supply - token.totalSupply(), bought);
        } catch (bytes memory err) {
            bytes4 sel = bytes4(err);
            assertTrue(
                sel == ITreasury.Treasury_PriceNotBelowBand.selector
                    || sel == ITreasury.Treasury_RangeBuyBudgetExceeded.selector
                    || sel == ITreasury.Treasury_Slippage.selector,
                "unnamed failure"
            );
            if (price >= lower) assertEq(sel, ITreasury.Treasury_PriceNotBelowBand.selector);
        }
    }

    /// Whatever the price and size: a range sell either fails with a named error or receives an average price no
    /// lower than the upper band and leaves the supply unchanged.
    function testFuzz_rangeSell(uint256 target, uint256 homeIn) public {
        target = bound(target, 100_000, 180_000);
        _pushPriceTo(target);
        homeIn = bound(homeIn, 1e12, 1_200_000e18);
        uint256 price = _price();
        uint256 supply = token.totalSupply();
        vm.prank(agent);
        try treasury.rangeSell(homeIn, 0, block.timestamp) returns (uint256 out) {
            assertGt(price, upper);
            assertLe(homeIn, 1_000_000e18);
            assertGe(out * 1e18, homeIn * upper, "sold below the band");
            assertEq(token.totalSupply(), supply);
        } catch (bytes memory err) {
            bytes4 sel = bytes4(err);
            assertTrue(
                sel == ITreasury.Treasury_PriceNotAboveBand.selector
                    || sel == ITreasury.Treasury_RangeSellBudgetExceeded.selector
                    || sel == ITreasury.Treasury_Slippage.selector,
                "unnamed failure"
            );
            if (price <= upper) assertEq(sel, ITreasury.Treasury_PriceNotAboveBand.selector);
        }
    }

    function test_gas_range() public {
        _pushPriceTo(70_000);
        vm.cool(address(treasury));
        vm.cool(d.pair);
        vm.cool(address(controller));
        vm.prank(agent);
        treasury.rangeBuy(5_000 * USD, 0, block.timestamp);
        vm.snapshotGasLastCall("Treasury", "rangeBuy");
        _pushPriceTo(140_000);
        vm.cool(address(treasury));
        vm.cool(d.pair);
        vm.cool(address(controller));
        vm.prank(agent);
        treasury.rangeSell(500_000e18, 0, block.timestamp);
        vm.snapshotGasLastCall("Treasury", "rangeSell");
    }

    /// The buyback in steady state: observations already recorded (a buyback overwrites them, it does not create
    /// them), the pool calm, its time-weighted floor in force.
    function test_gas_buyback() public {
        treasury.observePrice();
        vm.warp(block.timestamp + 30 minutes);
        treasury.observePrice();
        vm.warp(block.timestamp + 30 minutes);
        vm.cool(address(treasury));
        vm.cool(d.pair);
        vm.cool(address(controller));
        vm.prank(agent);
        treasury.buybackAndBurn(5_000 * USD, 0, block.timestamp);
        vm.snapshotGasLastCall("Treasury", "buybackAndBurn");
    }
}
