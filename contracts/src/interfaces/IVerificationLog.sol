// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title IVerificationLog
/// @notice The public record of the AI agent's Verify step. Once a decision's horizon has passed, the agent compares
/// what it forecast (and, for executed proposals, the effect it expected) with what happened, seals the verdict into
/// a hash-chained off-chain record, and posts that record's hash here with the numbers needed to score the model:
/// forecast, interval bounds, realised value and hit flags. One record per (decision id, kind), never overwritten, so
/// the model's track record (hit rate, interval coverage) can be computed from the chain alone.
/// @dev Volatility figures are annualised fractions in fixed point: `VALUE_SCALE` (1e9) = 1.0, i.e. 60 %/yr = 6e8.
interface IVerificationLog {
    /// @notice What was verified: the volatility forecast of a decision, or the effect of an executed proposal.
    enum Kind {
        Forecast,
        Effect
    }

    /// @notice The part of a record common to both kinds.
    /// @param decisionId The agent's decision id (the same id the governor's DecisionProposed carries).
    /// @param contentHash keccak256 of the canonical JSON of the off-chain verification record.
    /// @param prevHash Hash of the agent's previous verification record (zero for the first): the off-chain chain.
    /// @param windowFrom Start of the verified window (unix seconds, chain time).
    /// @param windowTo End of the verified window (exclusive).
    /// @param verifiedAt Chain time the agent made the verdict; not before the window's end.
    struct Header {
        bytes32 decisionId;
        bytes32 contentHash;
        bytes32 prevHash;
        uint48 windowFrom;
        uint48 windowTo;
        uint48 verifiedAt;
    }

    /// @notice The numbers of a forecast verdict (fixed point, `VALUE_SCALE` = 1.0).
    /// @param hit80 The realised value lies inside [lower80, upper80].
    /// @param hit95 The realised value lies inside [lower95, upper95].
    struct ForecastNumbers {
        uint64 forecast;
        uint64 lower80;
        uint64 upper80;
        uint64 lower95;
        uint64 upper95;
        uint64 realised;
        bool hit80;
        bool hit95;
    }

    /// @notice A forecast committed before its outcome: the hash of its numbers (see {forecastHash}) and its window,
    /// fixed no later than a tenth of the way into the window.
    struct ForecastCommitment {
        bytes32 numbersHash;
        uint48 windowFrom;
        uint48 windowTo;
        uint48 committedAt;
    }

    /// @notice A stored record. Forecast numbers are zero for `Kind.Effect`; effect counts are zero for
    /// `Kind.Forecast`.
    /// @param recordedAt Block time the record was posted.
    /// @param effectsChecked Expected effects with a direction that were checked.
    /// @param effectsMatched Of those, how many moved in the expected direction.
    struct Record {
        bytes32 contentHash;
        bytes32 prevHash;
        Kind kind;
        uint48 windowFrom;
        uint48 windowTo;
        uint48 verifiedAt;
        uint48 recordedAt;
        bool hit80;
        bool hit95;
        uint8 effectsChecked;
        uint8 effectsMatched;
        uint64 forecast;
        uint64 lower80;
        uint64 upper80;
        uint64 lower95;
        uint64 upper95;
        uint64 realised;
    }

    /// @notice Running totals over every record (one storage slot): the model's hit rate and interval coverage
    /// without reading a single event. Per-record detail (e.g. the forecast error) is in the records' events.
    /// @param forecasts Forecast records.
    /// @param hits80 Of those, realised inside the 80 % interval.
    /// @param hits95 Of those, realised inside the 95 % interval.
    /// @param effects Effect records.
    /// @param effectsChecked Sum of the effect records' `effectsChecked`.
    /// @param effectsMatched Sum of their `effectsMatched`.
    struct TrackRecord {
        uint40 forecasts;
        uint40 hits80;
        uint40 hits95;
        uint40 effects;
        uint48 effectsChecked;
        uint48 effectsMatched;
    }

    /// @notice The caller may not do this (not the recorder; not the owner or guardian for admin).
    error VerificationLog_Unauthorized(address caller);
    /// @notice A required address was zero.
    error VerificationLog_ZeroAddress();
    /// @notice The decision id was zero.
    error VerificationLog_EmptyDecisionId();
    /// @notice The content hash was zero.
    error VerificationLog_EmptyContentHash();
    /// @notice This decision already has a record of this kind (records are never overwritten).
    error VerificationLog_AlreadyRecorded(bytes32 decisionId, Kind kind);
    /// @notice The window is empty or reversed.
    error VerificationLog_InvalidWindow(uint48 windowFrom, uint48 windowTo);
    /// @notice The verdict claims a time before its window ended (nothing to compare yet).
    error VerificationLog_VerifiedBeforeWindowEnd(uint48 verifiedAt, uint48 windowTo);
    /// @notice The verdict claims a time after the current block.
    error VerificationLog_FutureVerification(uint48 verifiedAt, uint256 nowTs);
    /// @notice An interval's lower bound is above its upper bound.
    error VerificationLog_InvertedInterval(uint64 lower, uint64 upper);
    /// @notice A hit flag contradicts the numbers (`level` is 80 or 95).
    error VerificationLog_InconsistentHit(uint8 level, bool hit);
    /// @notice More effects matched than were checked.
    error VerificationLog_TooManyMatches(uint8 effectsChecked, uint8 effectsMatched);
    /// @notice No record of this kind for the decision.
    error VerificationLog_NotRecorded(bytes32 decisionId, Kind kind);
    /// @notice The decision's forecast was already committed.
    error VerificationLog_AlreadyCommitted(bytes32 decisionId);
    /// @notice A forecast commitment came at `nowTs`, after `deadline` (a tenth of the way into its window): part of
    /// the outcome was already known.
    error VerificationLog_CommitTooLate(uint256 nowTs, uint256 deadline);
    /// @notice A forecast verdict for a decision whose forecast was never committed: self-reported after the fact.
    error VerificationLog_NotCommitted(bytes32 decisionId);
    /// @notice A forecast verdict whose numbers or window differ from the ones committed before the outcome.
    error VerificationLog_CommitmentMismatch(bytes32 decisionId);

    /// @notice A verification was recorded.
    event VerificationRecorded(
        bytes32 indexed decisionId, Kind indexed kind, address indexed recorder, Record record
    );
    /// @notice The recorder changed (`by` is the owner, or the guardian revoking it).
    /// @notice A decision's forecast was committed before its outcome.
    event ForecastCommitted(
        bytes32 indexed decisionId, bytes32 numbersHash, uint48 windowFrom, uint48 windowTo
    );
    event RecorderUpdated(address indexed oldRecorder, address indexed newRecorder, address by);

    /// @notice Records the verdict on a decision's forecast. Recorder only; once per decision.
    /// @dev Flags are checked against the numbers: a hit needs lower <= realised <= upper; a miss needs the realised
    /// value at or beyond a bound (non-strict, so honest round-to-nearest of the off-chain values always passes).
    function recordForecast(Header calldata header, ForecastNumbers calldata numbers) external;

    /// @notice Commits a decision's forecast before its outcome (recorder only, once per decision, no later than a
    /// tenth of the way into [windowFrom, windowTo)). {recordForecast} then accepts only these numbers and window:
    /// the track record is not self-reported after the outcome.
    /// @param numbersHash {forecastHash} of the forecast and its 80 % and 95 % intervals.
    function commitForecast(bytes32 decisionId, uint48 windowFrom, uint48 windowTo, bytes32 numbersHash)
        external;

    /// @notice The commitment of a decision's forecast (all zero when none).
    function forecastCommitment(bytes32 decisionId) external view returns (ForecastCommitment memory);

    /// @notice keccak256(abi.encode(forecast, lower80, upper80, lower95, upper95)): what {commitForecast} takes.
    function forecastHash(uint64 forecast, uint64 lower80, uint64 upper80, uint64 lower95, uint64 upper95)
        external
        pure
        returns (bytes32);

    /// @notice Records the verdict on an executed proposal's expected effects. Recorder only; once per decision.
    function recordEffect(Header calldata header, uint8 effectsChecked, uint8 effectsMatched) external;

    /// @notice Replaces the recorder (e.g. a rotated agent key). Owner (the timelock) only.
    function setRecorder(address newRecorder) external;

    /// @notice Stops recording at once (recorder becomes the zero address, so no account can record) until the owner
    /// names a new recorder. Owner or guardian: the guardian can stop a compromised key, never name one.
    function revokeRecorder() external;

    /// @notice True when the decision has a record of `kind`.
    function isRecorded(bytes32 decisionId, Kind kind) external view returns (bool);

    /// @notice The record of `kind` for the decision; reverts with VerificationLog_NotRecorded when there is none.
    function verification(bytes32 decisionId, Kind kind) external view returns (Record memory);

    /// @notice Number of records of both kinds. Enumerate them from the VerificationRecorded events.
    function count() external view returns (uint256);

    /// @notice Running totals over every record.
    function trackRecord() external view returns (TrackRecord memory);

    /// @notice The authorised recorder (the agent).
    function recorder() external view returns (address);

    /// @notice Fixed-point scale of the forecast numbers (1e9 = 1.0).
    function VALUE_SCALE() external view returns (uint64);
}
