// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ISignalOracle} from "./interfaces/ISignalOracle.sol";

/// @title SignalOracle
/// @notice Hourly off-chain signals from one authorised reporter, each committed to its raw data by a hash, and the
/// market factor's hourly price as a second feed with its own rounds and staleness.
contract SignalOracle is ISignalOracle {
    int32 private constant MAX_SENTIMENT = 10_000;
    uint32 private constant MAX_ANOMALY = 10_000;
    /// @notice Highest market price accepted: 1e10 USD with 18 decimals (fits the stored uint96).
    uint256 public constant MAX_MARKET_PRICE = 1e28;

    address private immutable i_owner;
    uint256 private immutable i_maxAge;

    address private s_reporter;
    uint64 private s_latestRound;
    mapping(uint64 round => Signal) private s_signals;
    uint64 private s_latestPriceRound;
    mapping(uint64 round => MarketPrice) private s_prices;

    /// @param reporter_ The authorised reporter.
    /// @param owner_ The timelock (may replace the reporter).
    /// @param maxAge_ Seconds after which the latest signal counts as stale.
    constructor(address reporter_, address owner_, uint256 maxAge_) {
        if (reporter_ == address(0) || owner_ == address(0)) revert SignalOracle_ZeroAddress();
        s_reporter = reporter_;
        i_owner = owner_;
        i_maxAge = maxAge_;
    }

    /// @inheritdoc ISignalOracle
    function postSignal(
        uint64 round,
        uint48 observedAt,
        int32 sentimentBps,
        uint32 anomalyBps,
        uint256 offchainVolume,
        bytes32 contentHash
    ) external {
        if (msg.sender != s_reporter) revert SignalOracle_Unauthorized(msg.sender);
        uint64 latest = s_latestRound;
        if (round != latest + 1) revert SignalOracle_OutOfOrderRound(round, latest + 1);
        uint48 lastObservedAt = latest == 0 ? 0 : s_signals[latest].observedAt;
        if (observedAt <= lastObservedAt) revert SignalOracle_StaleObservation(observedAt, lastObservedAt);
        if (observedAt > block.timestamp) revert SignalOracle_FutureObservation(observedAt, block.timestamp);
        if (sentimentBps > MAX_SENTIMENT || sentimentBps < -MAX_SENTIMENT) {
            revert SignalOracle_SentimentOutOfRange(sentimentBps);
        }
        if (anomalyBps > MAX_ANOMALY) revert SignalOracle_AnomalyOutOfRange(anomalyBps);
        if (contentHash == bytes32(0)) revert SignalOracle_EmptyContentHash();

        s_latestRound = round;
        s_signals[round] = Signal({
            round: round,
            observedAt: observedAt,
            postedAt: uint48(block.timestamp),
            sentimentBps: sentimentBps,
            anomalyBps: anomalyBps,
            offchainVolume: offchainVolume,
            contentHash: contentHash
        });
        emit SignalPosted(round, observedAt, sentimentBps, anomalyBps, offchainVolume, contentHash);
    }

    /// @inheritdoc ISignalOracle
    function postMarketPrice(uint64 round, uint48 observedAt, uint256 price) external {
        if (msg.sender != s_reporter) revert SignalOracle_Unauthorized(msg.sender);
        uint64 latest = s_latestPriceRound;
        if (round != latest + 1) revert SignalOracle_OutOfOrderRound(round, latest + 1);
        uint48 lastObservedAt = latest == 0 ? 0 : s_prices[latest].observedAt;
        if (observedAt <= lastObservedAt) revert SignalOracle_StaleObservation(observedAt, lastObservedAt);
        if (observedAt > block.timestamp) revert SignalOracle_FutureObservation(observedAt, block.timestamp);
        if (price == 0 || price > MAX_MARKET_PRICE) revert SignalOracle_MarketPriceOutOfRange(price);

        s_latestPriceRound = round;
        s_prices[round] = MarketPrice({
            round: round, observedAt: observedAt, postedAt: uint48(block.timestamp), price: uint96(price)
        });
        emit MarketPricePosted(round, observedAt, price);
    }

    /// @inheritdoc ISignalOracle
    function setReporter(address newReporter) external {
        if (msg.sender != i_owner) revert SignalOracle_Unauthorized(msg.sender);
        if (newReporter == address(0)) revert SignalOracle_ZeroAddress();
        emit ReporterUpdated(s_reporter, newReporter);
        s_reporter = newReporter;
    }

    /// @inheritdoc ISignalOracle
    function latestSignal() external view returns (Signal memory) {
        return signalAt(s_latestRound);
    }

    /// @inheritdoc ISignalOracle
    function signalAt(uint64 round) public view returns (Signal memory s) {
        s = s_signals[round];
        if (s.round == 0) revert SignalOracle_NoSignal(round);
    }

    /// @inheritdoc ISignalOracle
    function latestRound() external view returns (uint64) {
        return s_latestRound;
    }

    /// @inheritdoc ISignalOracle
    function age() public view returns (uint256) {
        uint64 latest = s_latestRound;
        if (latest == 0) return type(uint256).max;
        return block.timestamp - s_signals[latest].postedAt;
    }

    /// @inheritdoc ISignalOracle
    function isStale() external view returns (bool) {
        return age() > i_maxAge;
    }

    /// @inheritdoc ISignalOracle
    function latestMarketPrice() external view returns (MarketPrice memory) {
        return marketPriceAt(s_latestPriceRound);
    }

    /// @inheritdoc ISignalOracle
    function marketPriceAt(uint64 round) public view returns (MarketPrice memory p) {
        p = s_prices[round];
        if (p.round == 0) revert SignalOracle_NoMarketPrice(round);
    }

    /// @inheritdoc ISignalOracle
    function latestMarketPriceRound() external view returns (uint64) {
        return s_latestPriceRound;
    }

    /// @inheritdoc ISignalOracle
    function marketPriceAge() public view returns (uint256) {
        uint64 latest = s_latestPriceRound;
        if (latest == 0) return type(uint256).max;
        return block.timestamp - s_prices[latest].postedAt;
    }

    /// @inheritdoc ISignalOracle
    function isMarketPriceStale() external view returns (bool) {
        return marketPriceAge() > i_maxAge;
    }

    /// @inheritdoc ISignalOracle
    function maxAge() external view returns (uint256) {
        return i_maxAge;
    }

    /// @inheritdoc ISignalOracle
    function reporter() external view returns (address) {
        return s_reporter;
    }

    /// @notice The timelock.
    function owner() external view returns (address) {
        return i_owner;
    }
}
