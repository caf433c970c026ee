// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Test} from "forge-std/Test.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {TestStable} from "../src/TestStable.sol";
import {Treasury} from "../src/Treasury.sol";
import {PolicyController} from "../src/PolicyController.sol";
import {PolicyParams} from "../src/PolicyParams.sol";
import {IUniswapV2Router02Minimal} from "../src/interfaces/IUniswapV2Minimal.sol";
import {TreasuryOpsBase} from "./TreasuryOps.t.sol";

/// Drives the treasury's market operations (liquidity adds and removes, range buys and sells) with random sizes,
/// between random trades that move the pool across the bands, pauses and unpauses, and time jumps across epochs;
/// records what moved in ghost variables.
contract TreasuryOpsHandler is Test {
    Treasury internal treasury;
    PolicyController internal controller;
    IERC20 internal home;
    TestStable internal stable;
    IERC20 internal lpToken;
    address internal router;
    address internal agent;
    address internal guardian;
    address internal timelock;
    address internal trader;

    uint256 public currentTime;

    modifier useTime() {
        if (currentTime == 0) currentTime = block.timestamp;
        vm.warp(currentTime);
        _;
        currentTime = block.timestamp;
    }

    mapping(uint256 epoch => uint256) public ghostPol;
    mapping(uint256 epoch => uint256) public ghostBuy;
    mapping(uint256 epoch => uint256) public ghostSell;
    uint256[] public epochs;
    mapping(uint256 epoch => bool) internal seen;
    uint256 public ghostMovedWhilePaused;
    uint256 public ghostPausedAttempts;
    uint256 public ghostShareOverCap;
    uint256 public adds;
    uint256 public removes;
    uint256 public buys;
    uint256 public sells;

    constructor(
        Treasury treasury_,
        PolicyController controller_,
        address home_,
        address stable_,
        address pair_,
        address router_,
        address agent_,
        address guardian_,
        address timelock_,
        address trader_
    ) {
        treasury = treasury_;
        controller = controller_;
        home = IERC20(home_);
        stable = TestStable(stable_);
        lpToken = IERC20(pair_);
        router = router_;
        agent = agent_;
        guardian = guardian_;
        timelock = timelock_;
        trader = trader_;
    }

    function epochCount() external view returns (uint256) {
        return epochs.length;
    }

    function _touch(uint256 epoch) internal {
        if (!seen[epoch]) {
            seen[epoch] = true;
            epochs.push(epoch);
        }
    }

    function _balances() internal view returns (uint256 s, uint256 h, uint256 lp) {
        s = stable.balanceOf(address(treasury));
        h = home.balanceOf(address(treasury));
        lp = lpToken.balanceOf(address(treasury));
    }

    /// Counts any movement of the treasury's assets during a call made while paused.
    function _pausedCheck(uint256 s0, uint256 h0, uint256 lp0) internal {
        (uint256 s1, uint256 h1, uint256 lp1) = _balances();
        if (s1 != s0 || h1 != h0 || lp1 != lp0) ghostMovedWhilePaused++;
    }

    function addLiquidity(uint256 amount) external useTime {
        amount = bound(amount, 1, 150_000e6);
        bool paused = controller.paused();
        (uint256 s0, uint256 h0, uint256 lp0) = _balances();
        uint256 epoch = treasury.currentEpoch();
        vm.prank(agent);
        try treasury.addLiquidity(amount, type(uint256).max, 0, block.timestamp) {
            _touch(epoch);
            ghostPol[epoch] += s0 - stable.balanceOf(address(treasury));
            if (treasury.poolShareBps() > controller.parameter(PolicyParams.POL_MAX_SHARE)) {
                ghostShareOverCap++;
            }
            adds++;
        } catch {}
        if (paused) {
            ghostPausedAttempts++;
            _pausedCheck(s0, h0, lp0);
        }
    }

    function removeLiquidity(uint256 amount) external useTime {
        uint256 lpHeld = lpToken.balanceOf(address(treasury));
        amount = bound(amount, 1, lpHeld / 50 + 1);
        bool paused = controller.paused();
        (uint256 s0, uint256 h0, uint256 lp0) = _balances();
        uint256 epoch = treasury.currentEpoch();
        vm.prank(agent);
        try treasury.removeLiquidity(amount, 0, 0, block.timestamp) {
            _touch(epoch);
            ghostPol[epoch] += stable.balanceOf(address(treasury)) - s0;
            removes++;
        } catch {}
        if (paused) {
            ghostPausedAttempts++;
            _pausedCheck(s0, h0, lp0);
        }
    }

    function rangeBuy(uint256 amount) external useTime {
        amount = bound(amount, 1, 15_000e6);
        bool paused = controller.paused();
        (uint256 s0, uint256 h0, uint256 lp0) = _balances();
        uint256 epoch = treasury.currentEpoch();
        vm.prank(agent);
        try treasury.rangeBuy(amount, 0, block.timestamp) {
            _touch(epoch);
            ghostBuy[epoch] += s0 - stable.balanceOf(address(treasury));
            buys++;
        } catch {}
        if (paused) {
            ghostPausedAttempts++;
            _pausedCheck(s0, h0, lp0);
        }
    }

    function rangeSell(uint256 amount) external useTime {
        amount = bound(amount, 1e15, 1_500_000e18);
        bool paused = controller.paused();
        (uint256 s0, uint256 h0, uint256 lp0) = _balances();
        uint256 epoch = treasury.currentEpoch();
        vm.prank(agent);
        try treasury.rangeSell(amount, 0, block.timestamp) {
            _touch(epoch);
            ghostSell[epoch] += h0 - home.balanceOf(address(treasury));
            sells++;
        } catch {}
        if (paused) {
            ghostPausedAttempts++;
            _pausedCheck(s0, h0, lp0);
        }
    }

    /// A trader moves the pool: sells HOME (price down) or buys it with fresh stable (price up).
    function trade(bool sell, uint256 size) external useTime {
        address[] memory path = new address[](2);
        vm.startPrank(trader);
        if (sell) {
            uint256 amount = bound(size, 1e18, 30_000_000e18);
            if (amount > home.balanceOf(trader)) amount = home.balanceOf(trader);
            if (amount == 0) {
                vm.stopPrank();
                return;
            }
            path[0] = address(home);
            path[1] = address(stable);
            home.approve(router, amount);
            IUniswapV2Router02Minimal(router)
                .swapExactTokensForTokensSupportingFeeOnTransferTokens(
                    amount, 0, path, trader, block.timestamp
                );
        } else {
            uint256 amount = bound(size, 1e6, 4_000_000e6);
            stable.mint(trader, amount);
            path[0] = address(stable);
            path[1] = address(home);
            IERC20(address(stable)).approve(router, amount);
            IUniswapV2Router02Minimal(router)
                .swapExactTokensForTokensSupportingFeeOnTransferTokens(
                    amount, 0, path, trader, block.timestamp
                );
        }
        vm.stopPrank();
    }

    /// Pauses one time in four it is picked (else the run would spend half its calls paused).
    function pause(uint256 seed) external useTime {
        if (controller.paused() || seed % 4 != 0) return;
        vm.prank(guardian);
        controller.pause();
    }

    function unpause() external useTime {
        if (!controller.paused()) return;
        vm.prank(timelock);
        controller.unpause();
    }

    function warp(uint256 hours_) external useTime {
        vm.warp(block.timestamp + bound(hours_, 1, 30) * 1 hours);
    }
}

/// The deployment the invariants and the smoke test share: the treasury holding half the pool under a 51 % cap, the
/// market-operation budgets switched on.
abstract contract TreasuryOpsInvariantSetup is TreasuryOpsBase {
    TreasuryOpsHandler internal handler;
    uint256 internal polBudget;
    uint256 internal buyBudget;
    uint256 internal sellBudget;
    uint256 internal shareCap;

    function setUp() public virtual override {
        super.setUp();
        // The treasury holds half the pool, under a 51 % cap that adds can reach.
        uint256 half = _lp(address(treasury)) / 2;
        vm.startPrank(address(timelock));
        treasury.withdraw(d.pair, holders[3], half);
        treasury.withdraw(address(token), trader, 40_000_000e18);
        vm.stopPrank();
        _setTo(PolicyParams.POL_MAX_SHARE, 5_100);
        _setTo(PolicyParams.POL_BUDGET, 100_000 * USD);
        _setTo(PolicyParams.RANGE_BUY_BUDGET, 10_000 * USD);
        _setTo(PolicyParams.RANGE_SELL_BUDGET, 1_000_000e18);
        polBudget = controller.parameter(PolicyParams.POL_BUDGET);
        buyBudget = controller.parameter(PolicyParams.RANGE_BUY_BUDGET);
        sellBudget = controller.parameter(PolicyParams.RANGE_SELL_BUDGET);
        shareCap = controller.parameter(PolicyParams.POL_MAX_SHARE);
        handler = new TreasuryOpsHandler(
            treasury,
            controller,
            address(token),
            address(stable),
            d.pair,
            d.router,
            agent,
            guardian,
            address(timelock),
            trader
        );
    }
}

contract TreasuryOpsInvariantTest is TreasuryOpsInvariantSetup {
    function setUp() public override {
        super.setUp();
        targetContract(address(handler));
    }

    /// Shows the handler reaches the interesting states (successful operations and paused attempts).
    function afterInvariant() external {
        uint256 ops = vm.envOr("TREASURY_OPS_RANGE_TOTAL", uint256(0)) + handler.buys() + handler.sells();
        vm.setEnv("TREASURY_OPS_RANGE_TOTAL", vm.toString(ops));
        emit log_named_uint("range operations (all runs so far)", ops);
        emit log_named_uint("adds", handler.adds());
        emit log_named_uint("removes", handler.removes());
        emit log_named_uint("range buys", handler.buys());
        emit log_named_uint("range sells", handler.sells());
        emit log_named_uint("calls while paused", handler.ghostPausedAttempts());
    }

    /// Attack ruled out: a hostile or buggy operator (the agent's key) draining the treasury into or out of the pool
    /// faster than governance allowed, by splitting an operation into many small ones, mixing adds and removes, or
    /// acting at an epoch boundary. The treasury's own accounting must equal what actually moved.
    function invariant_neverPastEpochBudgets() public view {
        for (uint256 i; i < handler.epochCount(); ++i) {
            uint256 e = handler.epochs(i);
            assertLe(handler.ghostPol(e), polBudget, "POL budget");
            assertLe(handler.ghostBuy(e), buyBudget, "range-buy budget");
            assertLe(handler.ghostSell(e), sellBudget, "range-sell budget");
            assertEq(treasury.epochOps(e).polStable, handler.ghostPol(e));
            assertEq(treasury.epochOps(e).rangeBuyStable, handler.ghostBuy(e));
            assertEq(treasury.epochOps(e).rangeSellHome, handler.ghostSell(e));
        }
    }

    /// Attack ruled out: the operator making the treasury the pool's dominant LP (concentrating the protocol's risk in
    /// one venue) past the share holders approved, by adds after other LPs left or in many small steps.
    function invariant_poolShareCapHolds() public view {
        assertEq(handler.ghostShareOverCap(), 0);
        assertLe(treasury.poolShareBps(), shareCap);
    }

    /// Attack ruled out: treasury trades or liquidity moves while the guardian has the controller paused (e.g. an
    /// operator key compromised: the pause must stop it at once).
    function invariant_nothingMovesWhilePaused() public view {
        assertEq(handler.ghostMovedWhilePaused(), 0);
    }
}

/// The handler can reach every success path (otherwise the invariants above would hold vacuously).
contract TreasuryOpsHandlerSmokeTest is TreasuryOpsInvariantSetup {
    function test_handler_reachesEveryOperation() public {
        handler.addLiquidity(10_000e6);
        handler.removeLiquidity(1e18);
        handler.trade(true, 12_000_000e18);
        handler.trade(true, 12_000_000e18); // price down below the lower band
        handler.rangeBuy(5_000e6);
        for (uint256 i; i < 5; ++i) {
            handler.trade(false, 1_500_000e6); // price up above the upper band
        }
        handler.rangeSell(500_000e18);
        assertEq(handler.adds(), 1);
        assertEq(handler.removes(), 1);
        assertEq(handler.buys(), 1);
        assertEq(handler.sells(), 1);
        handler.pause(0);
        handler.addLiquidity(10_000e6);
        handler.rangeSell(500_000e18);
        assertEq(handler.ghostPausedAttempts(), 2);
        assertEq(handler.ghostMovedWhilePaused(), 0);
        assertEq(handler.adds(), 1);
    }
}
