// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title ISignalOracle
/// @notice An authorised reporter posts hourly off-chain signals with a hash committing to the raw data behind
/// them. Rounds are sequential; staleness is visible on-chain.
interface ISignalOracle {
    /// @notice One posted signal.
    /// @param round Sequential round number, starting at 1.
    /// @param observedAt End of the observation hour (unix seconds).
    /// @param postedAt When it was posted (block timestamp).
    /// @param sentimentBps Sentiment index in basis points, -10 000 (all negative) to 10 000 (all positive).
    /// @param anomalyBps Anomaly score in basis points, 0 to 10 000.
    /// @param offchainVolume Off-chain volume in the hour, in stable units with 18 decimals.
    /// @param contentHash Hash committing to the raw data behind the signal.
    struct Signal {
        uint64 round;
        uint48 observedAt;
        uint48 postedAt;
        int32 sentimentBps;
        uint32 anomalyBps;
        uint256 offchainVolume;
        bytes32 contentHash;
    }

    /// @notice One posted market price (the market factor's close of the hour ending at `observedAt`).
    /// @param round Sequential round number of the price feed, starting at 1.
    /// @param observedAt End of the observation hour (unix seconds).
    /// @param postedAt When it was posted (block timestamp).
    /// @param price The market factor's price in USD with 18 decimals (fixed point, 1e18 = 1.0).
    struct MarketPrice {
        uint64 round;
        uint48 observedAt;
        uint48 postedAt;
        uint96 price;
    }

    /// @notice The caller is not the reporter (or owner, for admin functions).
    error SignalOracle_Unauthorized(address caller);
    /// @notice A required address was zero.
    error SignalOracle_ZeroAddress();
    /// @notice The round is not the next one (duplicate or out of order).
    error SignalOracle_OutOfOrderRound(uint64 round, uint64 expected);
    /// @notice The observation is not newer than the last one.
    error SignalOracle_StaleObservation(uint48 observedAt, uint48 lastObservedAt);
    /// @notice The observation lies in the future.
    error SignalOracle_FutureObservation(uint48 observedAt, uint256 nowTs);
    /// @notice Sentiment outside [-10 000, 10 000].
    error SignalOracle_SentimentOutOfRange(int32 sentimentBps);
    /// @notice Anomaly score above 10 000.
    error SignalOracle_AnomalyOutOfRange(uint32 anomalyBps);
    /// @notice The content hash was zero.
    error SignalOracle_EmptyContentHash();
    /// @notice No signal with that round exists.
    error SignalOracle_NoSignal(uint64 round);
    /// @notice Market price zero or above `MAX_MARKET_PRICE` (1e10 with 18 decimals).
    error SignalOracle_MarketPriceOutOfRange(uint256 price);
    /// @notice No market price with that round exists.
    error SignalOracle_NoMarketPrice(uint64 round);

    /// @notice A signal was posted.
    event SignalPosted(
        uint64 indexed round,
        uint48 observedAt,
        int32 sentimentBps,
        uint32 anomalyBps,
        uint256 offchainVolume,
        bytes32 contentHash
    );
    /// @notice A market price was posted.
    event MarketPricePosted(uint64 indexed round, uint48 observedAt, uint256 price);
    /// @notice The reporter changed.
    event ReporterUpdated(address oldReporter, address newReporter);

    /// @notice Posts the signal for `round` (must be latestRound + 1). Reporter only.
    function postSignal(
        uint64 round,
        uint48 observedAt,
        int32 sentimentBps,
        uint32 anomalyBps,
        uint256 offchainVolume,
        bytes32 contentHash
    ) external;

    /// @notice Posts the market factor's price for `round` (must be latestMarketPriceRound + 1). Reporter only.
    /// @dev Same ordering rules as `postSignal` (observedAt increasing, not in the future); price in (0, 1e28].
    function postMarketPrice(uint64 round, uint48 observedAt, uint256 price) external;

    /// @notice Sets the reporter. Owner (timelock) only.
    function setReporter(address newReporter) external;

    /// @notice The latest signal (reverts with SignalOracle_NoSignal before the first one).
    function latestSignal() external view returns (Signal memory);

    /// @notice The signal of `round`.
    function signalAt(uint64 round) external view returns (Signal memory);

    /// @notice Number of the latest round (0 before the first post).
    function latestRound() external view returns (uint64);

    /// @notice Seconds since the latest signal was posted (type(uint256).max before the first one).
    function age() external view returns (uint256);

    /// @notice Whether the latest signal is older than `maxAge` (true before the first post).
    function isStale() external view returns (bool);

    /// @notice The latest market price (reverts with SignalOracle_NoMarketPrice before the first one).
    function latestMarketPrice() external view returns (MarketPrice memory);

    /// @notice The market price of `round`.
    function marketPriceAt(uint64 round) external view returns (MarketPrice memory);

    /// @notice Number of the latest market-price round (0 before the first post).
    function latestMarketPriceRound() external view returns (uint64);

    /// @notice Seconds since the latest market price was posted (type(uint256).max before the first one).
    function marketPriceAge() external view returns (uint256);

    /// @notice Whether the latest market price is older than `maxAge` (true before the first post).
    function isMarketPriceStale() external view returns (bool);

    /// @notice Age in seconds beyond which a signal or market price counts as stale.
    function maxAge() external view returns (uint256);

    /// @notice The authorised reporter.
    function reporter() external view returns (address);
}
