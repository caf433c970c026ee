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

    /// @notice A signal was posted.
    event SignalPosted(
        uint64 indexed round,
        uint48 observedAt,
        int32 sentimentBps,
        uint32 anomalyBps,
        uint256 offchainVolume,
        bytes32 contentHash
    );
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

    /// @notice Age in seconds beyond which a signal counts as stale.
    function maxAge() external view returns (uint256);

    /// @notice The authorised reporter.
    function reporter() external view returns (address);
}
