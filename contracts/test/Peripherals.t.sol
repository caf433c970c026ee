// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {BaseTest} from "./utils/BaseTest.sol";
import {HomeostatToken} from "../src/HomeostatToken.sol";
import {Staking} from "../src/Staking.sol";
import {Treasury} from "../src/Treasury.sol";
import {PolicyParams} from "../src/PolicyParams.sol";
import {IHomeostatToken} from "../src/interfaces/IHomeostatToken.sol";
import {IStaking} from "../src/interfaces/IStaking.sol";
import {ITreasury} from "../src/interfaces/ITreasury.sol";
import {ISignalOracle} from "../src/interfaces/ISignalOracle.sol";
import {IPolicyController} from "../src/interfaces/IPolicyController.sol";
import {IUniswapV2Router02Minimal} from "../src/interfaces/IUniswapV2Minimal.sol";

/// A token whose transfer hook calls back into a target: the re-entrancy vector of hooked tokens (ERC777-like).
contract HookToken is ERC20 {
    address public target;
    bytes public payload;
    bytes public lastRevert;

    constructor() ERC20("Hook", "HOOK") {
        _mint(msg.sender, 1e30);
    }

    function arm(address target_, bytes calldata payload_) external {
        target = target_;
        payload = payload_;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        address t = target;
        if (t != address(0)) {
            target = address(0);
            (bool ok, bytes memory ret) = t.call(payload);
            if (!ok) {
                assembly {
                    revert(add(ret, 0x20), mload(ret))
                }
            }
        }
    }
}

contract HomeostatTokenTest is BaseTest {
    function test_transfer_chargesFeeSplitBetweenBurnAndTreasury() public {
        address from = holders[5];
        address to = holders[6];
        uint256 supply = token.totalSupply();
        uint256 treasuryBefore = _home(address(treasury));
        uint256 toBefore = _home(to);
        vm.expectEmit(address(token));
        emit IHomeostatToken.FeeCharged(from, to, 1.5e18, 1.5e18);
        vm.prank(from);
        IERC20(address(token)).transfer(to, 1_000e18);
        assertEq(_home(to) - toBefore, 997e18);
        assertEq(_home(address(treasury)) - treasuryBefore, 1.5e18);
        assertEq(supply - token.totalSupply(), 1.5e18);
    }

    function test_transfer_exemptPaysNoFee() public {
        uint256 before = _home(holders[6]);
        vm.prank(address(treasury));
        IERC20(address(token)).transfer(holders[6], 1_000e18);
        assertEq(_home(holders[6]) - before, 1_000e18);
    }

    function test_transfer_feeBurnReducesVotableSupply() public {
        uint256 votesBefore = token.totalVotes();
        vm.prank(holders[5]);
        IERC20(address(token)).transfer(holders[6], 1_000e18);
        assertEq(votesBefore - token.totalVotes(), 3e18);
    }

    function testFuzz_transfer_conservesValue(uint256 amount) public {
        amount = bound(amount, 0, 20_000_000e18);
        uint256 supply = token.totalSupply();
        uint256 sum = _home(holders[5]) + _home(holders[6]) + _home(address(treasury));
        vm.prank(holders[5]);
        IERC20(address(token)).transfer(holders[6], amount);
        uint256 burned = supply - token.totalSupply();
        assertEq(_home(holders[5]) + _home(holders[6]) + _home(address(treasury)) + burned, sum);
        assertLe(burned, amount * 30 / 10_000);
    }

    function test_RevertWhen_MintByNonController() public {
        vm.expectRevert(abi.encodeWithSelector(IHomeostatToken.HomeostatToken_Unauthorized.selector, agent));
        vm.prank(agent);
        token.mint(agent, 1);
    }

    function test_RevertWhen_BurnByNonController() public {
        vm.expectRevert(abi.encodeWithSelector(IHomeostatToken.HomeostatToken_Unauthorized.selector, agent));
        vm.prank(agent);
        token.burn(address(treasury), 1);
    }

    function test_RevertWhen_BindTwice() public {
        vm.expectRevert(IHomeostatToken.HomeostatToken_AlreadyBound.selector);
        vm.prank(address(script));
        token.bind(address(controller), address(treasury), new address[](0));
    }

    function test_RevertWhen_TokenInitialHolderZero() public {
        vm.expectRevert(IHomeostatToken.HomeostatToken_ZeroAddress.selector);
        new HomeostatToken("H", "H", address(0), 1);
    }

    function test_RevertWhen_FeeAboveHundredPercent() public {
        vm.expectRevert(abi.encodeWithSelector(IHomeostatToken.HomeostatToken_InvalidFee.selector, 10_001, 0));
        vm.prank(address(controller));
        token.setFeeParams(10_001, 0);
    }

    function test_clock_isTimestamp() public view {
        assertEq(token.clock(), block.timestamp);
        assertEq(token.CLOCK_MODE(), "mode=timestamp");
    }
}

contract StakingTest is BaseTest {
    address internal alice;

    function setUp() public override {
        super.setUp();
        alice = holders[5];
        vm.prank(alice);
        IERC20(address(token)).approve(address(staking), type(uint256).max);
    }

    function test_stake_accruesRewardsAtRate() public {
        vm.prank(alice);
        staking.stake(1_000_000e18);
        vm.warp(block.timestamp + 100);
        assertApproxEqAbs(staking.earned(alice), 50e18, 1e6);
        assertEq(staking.currentAprBps(), uint256(0.5e18) * 365 days * 10_000 / 1_000_000e18);
        vm.prank(alice);
        uint256 paid = staking.claim();
        assertApproxEqAbs(paid, 50e18, 1e6);
    }

    function test_unstake_returnsStake() public {
        vm.prank(alice);
        staking.stake(1_000e18);
        uint256 before = _home(alice);
        vm.prank(alice);
        staking.unstake(1_000e18);
        assertEq(_home(alice) - before, 1_000e18);
        assertEq(staking.totalStaked(), 0);
    }

    function test_stake_rewardsStopWhenBudgetRunsOut() public {
        vm.prank(alice);
        staking.stake(1_000e18);
        vm.warp(block.timestamp + 2_400 days);
        assertLe(staking.earned(alice), 100_000_000e18);
        assertEq(staking.emissionsRemaining(), 0);
        assertEq(staking.currentAprBps(), 0);
    }

    function test_RevertWhen_StakeZero() public {
        vm.expectRevert(IStaking.Staking_ZeroAmount.selector);
        vm.prank(alice);
        staking.stake(0);
    }

    function test_RevertWhen_UnstakeMoreThanStaked() public {
        vm.expectRevert(abi.encodeWithSelector(IStaking.Staking_InsufficientStake.selector, 1, 0));
        vm.prank(alice);
        staking.unstake(1);
    }

    function test_RevertWhen_RateSetByNonController() public {
        vm.expectRevert(abi.encodeWithSelector(IStaking.Staking_Unauthorized.selector, agent));
        vm.prank(agent);
        staking.setRewardRate(1);
    }

    function test_RevertWhen_StakingZeroAddress() public {
        vm.expectRevert(IStaking.Staking_ZeroAddress.selector);
        new Staking(address(0), address(controller));
    }

    /// Re-entrancy through a token transfer hook: the hook calls stake() again mid-transfer.
    function test_RevertWhen_ReenteredThroughTransferHook() public {
        HookToken hook = new HookToken();
        Staking s = new Staking(address(hook), address(controller));
        hook.approve(address(s), type(uint256).max);
        hook.arm(address(s), abi.encodeCall(IStaking.stake, (1)));
        vm.expectRevert(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        s.stake(10);
    }
}

contract TreasuryTest is BaseTest {
    function test_buybackAndBurn_buysAndBurnsWithinBudget() public {
        uint256 supply = token.totalSupply();
        vm.prank(agent);
        uint256 bought = treasury.buybackAndBurn(1_000e6, 0, block.timestamp);
        assertGt(bought, 0);
        assertEq(supply - token.totalSupply(), bought);
        assertEq(treasury.spentInEpoch(treasury.currentEpoch()), 1_000e6);
        assertEq(treasury.remainingBuybackBudget(), 9_000e6);
        (int256 net,) = controller.supplyWindow();
        assertEq(net, -int256(bought));
    }

    function test_RevertWhen_BuybackOverEpochBudget() public {
        vm.prank(agent);
        treasury.buybackAndBurn(9_000e6, 0, block.timestamp);
        vm.expectRevert(abi.encodeWithSelector(ITreasury.Treasury_BudgetExceeded.selector, 2_000e6, 1_000e6));
        vm.prank(agent);
        treasury.buybackAndBurn(2_000e6, 0, block.timestamp);
    }

    function test_buybackAndBurn_budgetResetsNextEpoch() public {
        vm.prank(agent);
        treasury.buybackAndBurn(10_000e6, 0, block.timestamp);
        vm.warp(block.timestamp + 1 days);
        assertEq(treasury.remainingBuybackBudget(), 10_000e6);
    }

    function test_RevertWhen_BuybackWhilePaused() public {
        vm.prank(guardian);
        controller.pause();
        vm.expectRevert(IPolicyController.PolicyController_Paused.selector);
        vm.prank(agent);
        treasury.buybackAndBurn(1_000e6, 0, block.timestamp);
    }

    function test_RevertWhen_BuybackByStranger() public {
        vm.expectRevert(abi.encodeWithSelector(ITreasury.Treasury_Unauthorized.selector, whaleA));
        vm.prank(whaleA);
        treasury.buybackAndBurn(1_000e6, 0, block.timestamp);
    }

    function test_RevertWhen_BuybackZero() public {
        vm.expectRevert(ITreasury.Treasury_ZeroAmount.selector);
        vm.prank(agent);
        treasury.buybackAndBurn(0, 0, block.timestamp);
    }

    function test_withdraw_byTimelock() public {
        vm.prank(address(timelock));
        treasury.withdraw(address(stable), whaleA, 5e6);
        assertEq(stable.balanceOf(whaleA), 100_000e6 + 5e6);
    }

    function test_RevertWhen_WithdrawByAgent() public {
        vm.expectRevert(abi.encodeWithSelector(ITreasury.Treasury_Unauthorized.selector, agent));
        vm.prank(agent);
        treasury.withdraw(address(stable), agent, 1);
    }

    function test_RevertWhen_TreasuryZeroAddress() public {
        vm.expectRevert(ITreasury.Treasury_ZeroAddress.selector);
        new Treasury(
            address(0), address(stable), d.router, address(controller), agent, address(timelock), 1 days
        );
    }

    /// The pool sells HOME to holders with the fee: a router swap with fee-on-transfer support works.
    function test_pool_swapPaysFee() public {
        address buyer = holders[7];
        address[] memory path = new address[](2);
        path[0] = address(stable);
        path[1] = address(token);
        vm.startPrank(buyer);
        stable.approve(d.router, 1_000e6);
        uint256 before = _home(buyer);
        uint256 treasuryBefore = _home(address(treasury));
        IUniswapV2Router02Minimal(d.router)
            .swapExactTokensForTokensSupportingFeeOnTransferTokens(1_000e6, 0, path, buyer, block.timestamp);
        vm.stopPrank();
        assertGt(_home(buyer), before);
        assertGt(_home(address(treasury)), treasuryBefore);
    }
}

contract SignalOracleTest is BaseTest {
    function _post(uint64 round, uint48 at) internal {
        vm.prank(reporter);
        oracle.postSignal(round, at, -2500, 300, 1_000e18, keccak256(abi.encode(round)));
    }

    function test_postSignal_storesAndEmits() public {
        vm.expectEmit(address(oracle));
        emit ISignalOracle.SignalPosted(
            1, uint48(block.timestamp), -2500, 300, 1_000e18, keccak256(abi.encode(1))
        );
        _post(1, uint48(block.timestamp));
        ISignalOracle.Signal memory s = oracle.latestSignal();
        assertEq(s.round, 1);
        assertEq(s.sentimentBps, -2500);
        assertEq(oracle.age(), 0);
        assertFalse(oracle.isStale());
    }

    function test_isStale_afterMaxAge() public {
        _post(1, uint48(block.timestamp));
        vm.warp(block.timestamp + 2 hours + 1);
        assertTrue(oracle.isStale());
    }

    function test_isStale_beforeFirstSignal() public view {
        assertTrue(oracle.isStale());
    }

    function test_RevertWhen_RoundOutOfOrder() public {
        vm.expectRevert(abi.encodeWithSelector(ISignalOracle.SignalOracle_OutOfOrderRound.selector, 2, 1));
        _post(2, uint48(block.timestamp));
    }

    function test_RevertWhen_RoundDuplicated() public {
        _post(1, uint48(block.timestamp - 10));
        vm.expectRevert(abi.encodeWithSelector(ISignalOracle.SignalOracle_OutOfOrderRound.selector, 1, 2));
        _post(1, uint48(block.timestamp));
    }

    function test_RevertWhen_ObservationNotNewer() public {
        _post(1, uint48(block.timestamp));
        vm.expectRevert(
            abi.encodeWithSelector(
                ISignalOracle.SignalOracle_StaleObservation.selector,
                uint48(block.timestamp),
                uint48(block.timestamp)
            )
        );
        _post(2, uint48(block.timestamp));
    }

    function test_RevertWhen_ObservationInFuture() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                ISignalOracle.SignalOracle_FutureObservation.selector,
                uint48(block.timestamp + 1),
                block.timestamp
            )
        );
        _post(1, uint48(block.timestamp + 1));
    }

    function test_RevertWhen_SentimentOutOfRange() public {
        vm.expectRevert(
            abi.encodeWithSelector(ISignalOracle.SignalOracle_SentimentOutOfRange.selector, int32(10_001))
        );
        vm.prank(reporter);
        oracle.postSignal(1, uint48(block.timestamp), 10_001, 0, 0, bytes32(uint256(1)));
    }

    function test_RevertWhen_AnomalyOutOfRange() public {
        vm.expectRevert(
            abi.encodeWithSelector(ISignalOracle.SignalOracle_AnomalyOutOfRange.selector, uint32(10_001))
        );
        vm.prank(reporter);
        oracle.postSignal(1, uint48(block.timestamp), 0, 10_001, 0, bytes32(uint256(1)));
    }

    function test_RevertWhen_ContentHashEmpty() public {
        vm.expectRevert(ISignalOracle.SignalOracle_EmptyContentHash.selector);
        vm.prank(reporter);
        oracle.postSignal(1, uint48(block.timestamp), 0, 0, 0, bytes32(0));
    }

    function test_RevertWhen_PostedByStranger() public {
        vm.expectRevert(abi.encodeWithSelector(ISignalOracle.SignalOracle_Unauthorized.selector, agent));
        vm.prank(agent);
        oracle.postSignal(1, uint48(block.timestamp), 0, 0, 0, bytes32(uint256(1)));
    }

    function test_RevertWhen_NoSignalYet() public {
        vm.expectRevert(abi.encodeWithSelector(ISignalOracle.SignalOracle_NoSignal.selector, 0));
        oracle.latestSignal();
    }

    function test_setReporter_byTimelock() public {
        vm.prank(address(timelock));
        oracle.setReporter(agent);
        assertEq(oracle.reporter(), agent);
    }
}
