// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {BaseTest} from "./utils/BaseTest.sol";

/// @dev The Router02 functions the sweep needs (not in the production minimal interface).
interface IRouterSweep {
    function addLiquidityETH(
        address token,
        uint256 amountTokenDesired,
        uint256 amountTokenMin,
        uint256 amountETHMin,
        address to,
        uint256 deadline
    ) external payable returns (uint256 amountToken, uint256 amountETH, uint256 liquidity);

    function removeLiquidityETHSupportingFeeOnTransferTokens(
        address token,
        uint256 liquidity,
        uint256 amountTokenMin,
        uint256 amountETHMin,
        address to,
        uint256 deadline
    ) external returns (uint256 amountETH);
}

interface IFactoryPair {
    function getPair(address a, address b) external view returns (address);
}

/// Review finding M-4: the router must not be fee-exempt, or anyone can move HOME without the fee by parking it on
/// the router (exempt receiver) and sweeping it out with removeLiquidityETHSupportingFeeOnTransferTokens (exempt
/// sender), which sends the router's whole HOME balance to `to`.
contract FeeBypassTest is BaseTest {
    function test_routerIsNotFeeExempt() public view {
        assertFalse(token.isFeeExempt(d.router), "router exempt");
        assertFalse(token.isFeeExempt(d.pair), "pair exempt");
        // What the system does need stays exempt: buybacks are treasury <-> pair, mints/burns the controller's.
        assertTrue(token.isFeeExempt(address(treasury)));
        assertTrue(token.isFeeExempt(address(staking)));
    }

    /// The sweep through a dust HOME/WETH pool pays the fee on both legs (into the router, out of it).
    function test_routerSweep_paysTheFee() public {
        address attacker = holders[8];
        address recipient = makeAddr("recipient");
        vm.deal(attacker, 1 ether);
        IRouterSweep router = IRouterSweep(d.router);

        vm.startPrank(attacker);
        IERC20(address(token)).approve(d.router, type(uint256).max);
        // A dust pool of HOME/WETH: the attacker's own liquidity, a few wei of LP.
        (,, uint256 lp) =
            router.addLiquidityETH{value: 1e12}(address(token), 1e18, 0, 0, attacker, block.timestamp);
        address ethPair = IFactoryPair(d.factory).getPair(address(token), d.weth);
        uint256 moved = 1_000_000e18;
        uint256 supplyBefore = token.totalSupply();
        uint256 treasuryBefore = _home(address(treasury));
        // Park on the router, then sweep it out with a dust removal of liquidity.
        IERC20(address(token)).transfer(d.router, moved);
        IERC20(ethPair).approve(d.router, lp);
        router.removeLiquidityETHSupportingFeeOnTransferTokens(
            address(token), lp / 2, 0, 0, recipient, block.timestamp
        );
        vm.stopPrank();

        // 30 bps on the way in and again on the way out, half burned, half to the treasury.
        uint256 feeIn = moved * 30 / 10_000;
        uint256 feeOut = (moved - feeIn) * 30 / 10_000;
        assertLe(_home(recipient), moved - feeIn - feeOut + 1e18, "swept without the fee");
        assertGe(_home(address(treasury)) - treasuryBefore, (feeIn + feeOut) / 2, "treasury share");
        assertGe(supplyBefore - token.totalSupply(), (feeIn + feeOut) / 2, "burned share");
    }
}
