// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IVerificationLog} from "./interfaces/IVerificationLog.sol";

/// @title VerificationLog
/// @notice The agent's Verify verdicts on-chain: one record per (decision, kind), each committing to the off-chain
/// record by its hash, with running totals so the model's hit rate and coverage are one view call away.
contract VerificationLog is IVerificationLog {
    /// @inheritdoc IVerificationLog
    uint64 public constant VALUE_SCALE = 1e9;

    address private immutable i_owner;
    address private immutable i_guardian;

    address private s_recorder;
    TrackRecord private s_track;
    mapping(bytes32 decisionId => mapping(Kind kind => Record)) private s_records;
    mapping(bytes32 decisionId => ForecastCommitment) private s_commitments;

    /// @param recorder_ The agent's address (the only account that may record).
    /// @param owner_ The timelock (may replace the recorder).
    /// @param guardian_ May revoke the recorder (stop recording at once, e.g. when the agent's key is compromised),
    /// never name one: a guardian that could point the recorder at itself could write permanent records.
    constructor(address recorder_, address owner_, address guardian_) {
        if (recorder_ == address(0) || owner_ == address(0) || guardian_ == address(0)) {
            revert VerificationLog_ZeroAddress();
        }
        s_recorder = recorder_;
        i_owner = owner_;
        i_guardian = guardian_;
    }

    /// @inheritdoc IVerificationLog
    function recordForecast(Header calldata h, ForecastNumbers calldata n) external {
        _checkHeader(h, Kind.Forecast);
        _checkInterval(80, n.lower80, n.upper80, n.realised, n.hit80);
        _checkInterval(95, n.lower95, n.upper95, n.realised, n.hit95);
        // Only the numbers and window committed before the outcome (review hardening).
        ForecastCommitment memory c = s_commitments[h.decisionId];
        if (c.committedAt == 0) revert VerificationLog_NotCommitted(h.decisionId);
        if (
            c.numbersHash != forecastHash(n.forecast, n.lower80, n.upper80, n.lower95, n.upper95)
                || c.windowFrom != h.windowFrom || c.windowTo != h.windowTo
        ) revert VerificationLog_CommitmentMismatch(h.decisionId);

        Record memory r = _header(h, Kind.Forecast);
        r.hit80 = n.hit80;
        r.hit95 = n.hit95;
        r.forecast = n.forecast;
        r.lower80 = n.lower80;
        r.upper80 = n.upper80;
        r.lower95 = n.lower95;
        r.upper95 = n.upper95;
        r.realised = n.realised;
        _store(h.decisionId, r);

        TrackRecord memory t = s_track;
        t.forecasts += 1;
        if (n.hit80) t.hits80 += 1;
        if (n.hit95) t.hits95 += 1;
        s_track = t;
        emit VerificationRecorded(h.decisionId, Kind.Forecast, msg.sender, r);
    }

    /// @inheritdoc IVerificationLog
    function commitForecast(bytes32 decisionId, uint48 windowFrom, uint48 windowTo, bytes32 numbersHash)
        external
    {
        if (msg.sender != s_recorder) revert VerificationLog_Unauthorized(msg.sender);
        if (decisionId == bytes32(0)) revert VerificationLog_EmptyDecisionId();
        if (numbersHash == bytes32(0)) revert VerificationLog_EmptyContentHash();
        if (windowFrom >= windowTo) revert VerificationLog_InvalidWindow(windowFrom, windowTo);
        if (s_commitments[decisionId].committedAt != 0) revert VerificationLog_AlreadyCommitted(decisionId);
        uint256 deadline = uint256(windowFrom) + (windowTo - windowFrom) / 10;
        if (block.timestamp > deadline) revert VerificationLog_CommitTooLate(block.timestamp, deadline);
        s_commitments[decisionId] =
            ForecastCommitment(numbersHash, windowFrom, windowTo, uint48(block.timestamp));
        emit ForecastCommitted(decisionId, numbersHash, windowFrom, windowTo);
    }

    /// @inheritdoc IVerificationLog
    function forecastCommitment(bytes32 decisionId) external view returns (ForecastCommitment memory) {
        return s_commitments[decisionId];
    }

    /// @inheritdoc IVerificationLog
    function forecastHash(uint64 forecast, uint64 lower80, uint64 upper80, uint64 lower95, uint64 upper95)
        public
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(forecast, lower80, upper80, lower95, upper95));
    }

    /// @inheritdoc IVerificationLog
    function recordEffect(Header calldata h, uint8 effectsChecked, uint8 effectsMatched) external {
        _checkHeader(h, Kind.Effect);
        if (effectsMatched > effectsChecked) {
            revert VerificationLog_TooManyMatches(effectsChecked, effectsMatched);
        }

        Record memory r = _header(h, Kind.Effect);
        r.effectsChecked = effectsChecked;
        r.effectsMatched = effectsMatched;
        _store(h.decisionId, r);

        TrackRecord memory t = s_track;
        t.effects += 1;
        t.effectsChecked += effectsChecked;
        t.effectsMatched += effectsMatched;
        s_track = t;
        emit VerificationRecorded(h.decisionId, Kind.Effect, msg.sender, r);
    }

    /// @inheritdoc IVerificationLog
    function setRecorder(address newRecorder) external {
        if (msg.sender != i_owner) revert VerificationLog_Unauthorized(msg.sender);
        if (newRecorder == address(0)) revert VerificationLog_ZeroAddress();
        address old = s_recorder;
        s_recorder = newRecorder;
        emit RecorderUpdated(old, newRecorder, msg.sender);
    }

    /// @inheritdoc IVerificationLog
    function revokeRecorder() external {
        if (msg.sender != i_owner && msg.sender != i_guardian) {
            revert VerificationLog_Unauthorized(msg.sender);
        }
        address old = s_recorder;
        s_recorder = address(0);
        emit RecorderUpdated(old, address(0), msg.sender);
    }

    /// @inheritdoc IVerificationLog
    function isRecorded(bytes32 decisionId, Kind kind) public view returns (bool) {
        return s_records[decisionId][kind].contentHash != bytes32(0);
    }

    /// @inheritdoc IVerificationLog
    function verification(bytes32 decisionId, Kind kind) external view returns (Record memory r) {
        r = s_records[decisionId][kind];
        if (r.contentHash == bytes32(0)) revert VerificationLog_NotRecorded(decisionId, kind);
    }

    /// @inheritdoc IVerificationLog
    function count() external view returns (uint256) {
        TrackRecord memory t = s_track;
        return uint256(t.forecasts) + t.effects;
    }

    /// @inheritdoc IVerificationLog
    function trackRecord() external view returns (TrackRecord memory) {
        return s_track;
    }

    /// @inheritdoc IVerificationLog
    function recorder() external view returns (address) {
        return s_recorder;
    }

    /// @notice The timelock.
    function owner() external view returns (address) {
        return i_owner;
    }

    /// @notice The guardian.
    function guardian() external view returns (address) {
        return i_guardian;
    }

    /// @dev Authorisation and the rules shared by both kinds, one error per rule.
    function _checkHeader(Header calldata h, Kind kind) internal view {
        if (msg.sender != s_recorder) revert VerificationLog_Unauthorized(msg.sender);
        if (h.decisionId == bytes32(0)) revert VerificationLog_EmptyDecisionId();
        if (h.contentHash == bytes32(0)) revert VerificationLog_EmptyContentHash();
        if (isRecorded(h.decisionId, kind)) revert VerificationLog_AlreadyRecorded(h.decisionId, kind);
        if (h.windowFrom >= h.windowTo) revert VerificationLog_InvalidWindow(h.windowFrom, h.windowTo);
        if (h.verifiedAt < h.windowTo) {
            revert VerificationLog_VerifiedBeforeWindowEnd(h.verifiedAt, h.windowTo);
        }
        if (h.verifiedAt > block.timestamp) {
            revert VerificationLog_FutureVerification(h.verifiedAt, block.timestamp);
        }
    }

    /// @dev A hit needs lower <= realised <= upper; a miss needs realised <= lower or realised >= upper. Both are
    /// non-strict so rounding the off-chain doubles to fixed point (monotone) never turns a true flag into a revert.
    function _checkInterval(uint8 level, uint64 lower, uint64 upper, uint64 realised, bool hit)
        internal
        pure
    {
        if (lower > upper) revert VerificationLog_InvertedInterval(lower, upper);
        bool consistent =
            hit ? (realised >= lower && realised <= upper) : (realised <= lower || realised >= upper);
        if (!consistent) revert VerificationLog_InconsistentHit(level, hit);
    }

    function _header(Header calldata h, Kind kind) internal view returns (Record memory r) {
        r.contentHash = h.contentHash;
        r.prevHash = h.prevHash;
        r.kind = kind;
        r.windowFrom = h.windowFrom;
        r.windowTo = h.windowTo;
        r.verifiedAt = h.verifiedAt;
        r.recordedAt = uint48(block.timestamp);
    }

    function _store(bytes32 decisionId, Record memory r) internal {
        s_records[decisionId][r.kind] = r;
    }
}
