// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {BaseTest} from "./utils/BaseTest.sol";
import {ISignalOracle} from "../src/interfaces/ISignalOracle.sol";

/// The signal oracle's market-price feed (issue 11): the market factor's hourly close, posted by the reporter,
/// rounds in order, staleness visible on-chain, zero and absurd prices refused.
contract MarketPriceFeedTest is BaseTest {
    uint256 internal constant BTC = 67_123.45e18;

    function _post(uint64 round, uint48 at, uint256 price) internal {
        vm.prank(reporter);
        oracle.postMarketPrice(round, at, price);
    }

    function test_postMarketPrice_storesAndEmits() public {
        vm.expectEmit(address(oracle));
        emit ISignalOracle.MarketPricePosted(1, uint48(block.timestamp - 10), BTC);
        _post(1, uint48(block.timestamp - 10), BTC);
        ISignalOracle.MarketPrice memory p = oracle.latestMarketPrice();
        assertEq(p.round, 1);
        assertEq(p.observedAt, block.timestamp - 10);
        assertEq(p.postedAt, block.timestamp);
        assertEq(p.price, BTC);
        assertEq(oracle.latestMarketPriceRound(), 1);
        assertEq(oracle.marketPriceAge(), 0);
        assertFalse(oracle.isMarketPriceStale());
        // The sentiment feed is a separate sequence: still empty.
        assertEq(oracle.latestRound(), 0);
    }

    function test_marketPriceAt_keepsEveryRound() public {
        _post(1, uint48(block.timestamp), BTC);
        vm.warp(block.timestamp + 1 hours);
        _post(2, uint48(block.timestamp), BTC / 2);
        assertEq(oracle.marketPriceAt(1).price, BTC);
        assertEq(oracle.marketPriceAt(2).price, BTC / 2);
        assertEq(oracle.latestMarketPrice().round, 2);
    }

    function test_isMarketPriceStale_beforeFirstAndAfterMaxAge() public {
        assertTrue(oracle.isMarketPriceStale());
        assertEq(oracle.marketPriceAge(), type(uint256).max);
        _post(1, uint48(block.timestamp), BTC);
        vm.warp(block.timestamp + oracle.maxAge());
        assertFalse(oracle.isMarketPriceStale());
        vm.warp(block.timestamp + 1);
        assertTrue(oracle.isMarketPriceStale());
        // A fresh sentiment signal does not refresh the price feed.
        vm.prank(reporter);
        oracle.postSignal(1, uint48(block.timestamp), 0, 0, 0, bytes32(uint256(1)));
        assertFalse(oracle.isStale());
        assertTrue(oracle.isMarketPriceStale());
    }

    function test_RevertWhen_PriceIsZero() public {
        vm.expectRevert(abi.encodeWithSelector(ISignalOracle.SignalOracle_MarketPriceOutOfRange.selector, 0));
        _post(1, uint48(block.timestamp), 0);
    }

    function test_RevertWhen_PriceAboveMax() public {
        uint256 tooHigh = oracle.MAX_MARKET_PRICE() + 1;
        vm.expectRevert(
            abi.encodeWithSelector(ISignalOracle.SignalOracle_MarketPriceOutOfRange.selector, tooHigh)
        );
        _post(1, uint48(block.timestamp), tooHigh);
        _post(1, uint48(block.timestamp), oracle.MAX_MARKET_PRICE());
    }

    function test_RevertWhen_RoundOutOfOrderOrDuplicated() public {
        vm.expectRevert(abi.encodeWithSelector(ISignalOracle.SignalOracle_OutOfOrderRound.selector, 2, 1));
        _post(2, uint48(block.timestamp), BTC);
        _post(1, uint48(block.timestamp - 1), BTC);
        vm.expectRevert(abi.encodeWithSelector(ISignalOracle.SignalOracle_OutOfOrderRound.selector, 1, 2));
        _post(1, uint48(block.timestamp), BTC);
    }

    function test_RevertWhen_ObservationNotNewer() public {
        _post(1, uint48(block.timestamp), BTC);
        vm.warp(block.timestamp + 1 hours);
        uint48 last = uint48(block.timestamp - 1 hours);
        vm.expectRevert(
            abi.encodeWithSelector(ISignalOracle.SignalOracle_StaleObservation.selector, last, last)
        );
        _post(2, last, BTC);
    }

    function test_RevertWhen_ObservationInFuture() public {
        uint48 future = uint48(block.timestamp + 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                ISignalOracle.SignalOracle_FutureObservation.selector, future, block.timestamp
            )
        );
        _post(1, future, BTC);
    }

    function test_RevertWhen_PostedByStranger() public {
        vm.expectRevert(abi.encodeWithSelector(ISignalOracle.SignalOracle_Unauthorized.selector, agent));
        vm.prank(agent);
        oracle.postMarketPrice(1, uint48(block.timestamp), BTC);
    }

    function test_RevertWhen_NoPriceYet() public {
        vm.expectRevert(abi.encodeWithSelector(ISignalOracle.SignalOracle_NoMarketPrice.selector, 0));
        oracle.latestMarketPrice();
        vm.expectRevert(abi.encodeWithSelector(ISignalOracle.SignalOracle_NoMarketPrice.selector, 7));
        oracle.marketPriceAt(7);
    }

    /// Any price in (0, MAX] round-trips exactly; anything else is refused with the named error.
    function testFuzz_priceRange(uint256 price) public {
        if (price == 0 || price > oracle.MAX_MARKET_PRICE()) {
            vm.expectRevert(
                abi.encodeWithSelector(ISignalOracle.SignalOracle_MarketPriceOutOfRange.selector, price)
            );
            _post(1, uint48(block.timestamp), price);
            assertEq(oracle.latestMarketPriceRound(), 0);
        } else {
            _post(1, uint48(block.timestamp), price);
            assertEq(oracle.latestMarketPrice().price, price);
        }
    }

    /// Staleness is exactly "posted more than maxAge ago", whatever the gap.
    function testFuzz_staleness(uint32 gap) public {
        _post(1, uint48(block.timestamp), BTC);
        vm.warp(block.timestamp + gap);
        assertEq(oracle.marketPriceAge(), gap);
        assertEq(oracle.isMarketPriceStale(), uint256(gap) > oracle.maxAge());
    }

    /// The reporter pays this once an hour beside postSignal.
    function test_gas_postMarketPrice() public {
        vm.cool(address(oracle));
        vm.prank(reporter);
        oracle.postMarketPrice(1, uint48(block.timestamp), BTC);
        vm.snapshotGasLastCall("SignalOracle", "postMarketPriceFirst");
        vm.warp(block.timestamp + 1 hours);
        vm.cool(address(oracle));
        vm.prank(reporter);
        oracle.postMarketPrice(2, uint48(block.timestamp), BTC / 2);
        vm.snapshotGasLastCall("SignalOracle", "postMarketPrice");
        vm.cool(address(oracle));
        vm.prank(reporter);
        oracle.postSignal(1, uint48(block.timestamp), 0, 0, 1e18, bytes32(uint256(1)));
        vm.snapshotGasLastCall("SignalOracle", "postSignalFirst");
    }
}
