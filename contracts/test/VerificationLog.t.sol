// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {BaseTest} from "./utils/BaseTest.sol";
import {VerificationLog} from "../src/VerificationLog.sol";
import {IVerificationLog} from "../src/interfaces/IVerificationLog.sol";

/// The agent's on-chain Verify record: one per (decision, kind), recorder-only, flags consistent with the numbers,
/// running totals that give the track record without events. The log comes from the deploy script.
contract VerificationLogTest is BaseTest {
    uint64 internal constant ONE = 1e9;
    uint48 internal constant HOUR = 3600;

    VerificationLog internal vlog;
    address internal stranger = address(0xBEEF);

    function setUp() public override {
        super.setUp();
        vlog = d.verificationLog;
        vm.warp(block.timestamp + 10 days);
    }

    // ------------------------------------------------------------------ helpers

    function _header(bytes32 id) internal view returns (IVerificationLog.Header memory h) {
        uint48 to = uint48(block.timestamp) - HOUR;
        h = IVerificationLog.Header({
            decisionId: id,
            contentHash: keccak256(abi.encode("record", id)),
            prevHash: keccak256("previous"),
            windowFrom: to - 24 * HOUR,
            windowTo: to,
            verifiedAt: uint48(block.timestamp)
        });
    }

    /// @dev Forecast 0.5 with 80 % [0.4, 0.6] and 95 % [0.3, 0.7]; realised 0.55: inside both.
    function _numbers() internal pure returns (IVerificationLog.ForecastNumbers memory n) {
        n = IVerificationLog.ForecastNumbers({
            forecast: ONE / 2,
            lower80: (ONE * 4) / 10,
            upper80: (ONE * 6) / 10,
            lower95: (ONE * 3) / 10,
            upper95: (ONE * 7) / 10,
            realised: (ONE * 55) / 100,
            hit80: true,
            hit95: true
        });
    }

    /// @dev Commits the forecast as the agent does when it decides: at the window's start (then back to now).
    function _commit(IVerificationLog.Header memory h, IVerificationLog.ForecastNumbers memory n) internal {
        uint256 now_ = block.timestamp;
        bytes32 numbersHash = vlog.forecastHash(n.forecast, n.lower80, n.upper80, n.lower95, n.upper95);
        vm.warp(h.windowFrom);
        vm.prank(agent);
        vlog.commitForecast(h.decisionId, h.windowFrom, h.windowTo, numbersHash);
        vm.warp(now_);
    }

    function _recordForecast(IVerificationLog.Header memory h, IVerificationLog.ForecastNumbers memory n)
        internal
    {
        _commit(h, n);
        vm.prank(agent);
        vlog.recordForecast(h, n);
    }

    // ------------------------------------------------------------------ deployment

    function test_deploy_wiresAgentTimelockAndGuardian() public view {
        assertEq(vlog.recorder(), agent);
        assertEq(vlog.owner(), address(timelock));
        assertEq(vlog.guardian(), guardian);
        assertEq(vlog.VALUE_SCALE(), ONE);
        assertEq(vlog.count(), 0);
    }

    function test_RevertWhen_ConstructedWithZeroAddress() public {
        vm.expectRevert(IVerificationLog.VerificationLog_ZeroAddress.selector);
        new VerificationLog(address(0), address(timelock), guardian);
        vm.expectRevert(IVerificationLog.VerificationLog_ZeroAddress.selector);
        new VerificationLog(agent, address(0), guardian);
        vm.expectRevert(IVerificationLog.VerificationLog_ZeroAddress.selector);
        new VerificationLog(agent, address(timelock), address(0));
    }

    // ------------------------------------------------------------------ recordForecast

    /// Review hardening: a forecast verdict needs a commitment made before the outcome. Before the fix the agent could
    /// post any numbers once it knew the realised value.
    function test_RevertWhen_ForecastNeverCommitted() public {
        IVerificationLog.Header memory h = _header(keccak256("uncommitted"));
        vm.expectRevert(
            abi.encodeWithSelector(IVerificationLog.VerificationLog_NotCommitted.selector, h.decisionId)
        );
        vm.prank(agent);
        vlog.recordForecast(h, _numbers());
    }

    /// Numbers widened after the fact (or another window) do not match the commitment.
    function test_RevertWhen_ForecastDiffersFromCommitment() public {
        IVerificationLog.Header memory h = _header(keccak256("moved goalposts"));
        IVerificationLog.ForecastNumbers memory n = _numbers();
        _commit(h, n);
        n.lower80 -= 1;
        vm.expectRevert(
            abi.encodeWithSelector(IVerificationLog.VerificationLog_CommitmentMismatch.selector, h.decisionId)
        );
        vm.prank(agent);
        vlog.recordForecast(h, n);
        n.lower80 += 1;
        h.windowTo += 1;
        h.verifiedAt += 1;
        vm.warp(block.timestamp + 1);
        vm.expectRevert(
            abi.encodeWithSelector(IVerificationLog.VerificationLog_CommitmentMismatch.selector, h.decisionId)
        );
        vm.prank(agent);
        vlog.recordForecast(h, n);
    }

    /// A commitment is due within the first tenth of its window (2.4 h of a 24 h forecast), once, by the recorder.
    function test_commitForecast_onlyEarlyOnceByRecorder() public {
        IVerificationLog.Header memory h = _header(keccak256("late"));
        bytes32 nh = keccak256("numbers");
        uint256 deadline = h.windowFrom + (h.windowTo - h.windowFrom) / 10;
        vm.warp(deadline + 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IVerificationLog.VerificationLog_CommitTooLate.selector, deadline + 1, deadline
            )
        );
        vm.prank(agent);
        vlog.commitForecast(h.decisionId, h.windowFrom, h.windowTo, nh);

        vm.warp(deadline);
        vm.expectRevert(
            abi.encodeWithSelector(IVerificationLog.VerificationLog_Unauthorized.selector, stranger)
        );
        vm.prank(stranger);
        vlog.commitForecast(h.decisionId, h.windowFrom, h.windowTo, nh);

        vm.expectEmit(address(vlog));
        emit IVerificationLog.ForecastCommitted(h.decisionId, nh, h.windowFrom, h.windowTo);
        vm.prank(agent);
        vlog.commitForecast(h.decisionId, h.windowFrom, h.windowTo, nh);
        IVerificationLog.ForecastCommitment memory c = vlog.forecastCommitment(h.decisionId);
        assertEq(c.numbersHash, nh);
        assertEq(c.committedAt, deadline);

        vm.expectRevert(
            abi.encodeWithSelector(IVerificationLog.VerificationLog_AlreadyCommitted.selector, h.decisionId)
        );
        vm.prank(agent);
        vlog.commitForecast(h.decisionId, h.windowFrom, h.windowTo, keccak256("other numbers"));
    }

    function test_forecastHash_isAbiEncodedNumbers() public view {
        assertEq(vlog.forecastHash(1, 2, 3, 4, 5), keccak256(abi.encode(uint64(1), 2, 3, 4, 5)));
    }

    function test_recordForecast_storesRecordAndEmits() public {
        bytes32 id = keccak256("decision 1");
        IVerificationLog.Header memory h = _header(id);
        IVerificationLog.ForecastNumbers memory n = _numbers();
        IVerificationLog.Record memory expected = IVerificationLog.Record({
            contentHash: h.contentHash,
            prevHash: h.prevHash,
            kind: IVerificationLog.Kind.Forecast,
            windowFrom: h.windowFrom,
            windowTo: h.windowTo,
            verifiedAt: h.verifiedAt,
            recordedAt: uint48(block.timestamp),
            hit80: true,
            hit95: true,
            effectsChecked: 0,
            effectsMatched: 0,
            forecast: n.forecast,
            lower80: n.lower80,
            upper80: n.upper80,
            lower95: n.lower95,
            upper95: n.upper95,
            realised: n.realised
        });
        _commit(h, n);
        vm.expectEmit(address(vlog));
        emit IVerificationLog.VerificationRecorded(id, IVerificationLog.Kind.Forecast, agent, expected);
        vm.prank(agent);
        vlog.recordForecast(h, n);

        assertTrue(vlog.isRecorded(id, IVerificationLog.Kind.Forecast));
        assertFalse(vlog.isRecorded(id, IVerificationLog.Kind.Effect));
        assertEq(abi.encode(vlog.verification(id, IVerificationLog.Kind.Forecast)), abi.encode(expected));
        assertEq(vlog.count(), 1);
        IVerificationLog.TrackRecord memory t = vlog.trackRecord();
        assertEq(t.forecasts, 1);
        assertEq(t.hits80, 1);
        assertEq(t.hits95, 1);
        assertEq(t.effectsChecked, 0);
    }

    function test_recordForecast_missCountsInTrackRecord() public {
        IVerificationLog.ForecastNumbers memory n = _numbers();
        n.realised = (ONE * 65) / 100; // outside 80 %, inside 95 %
        n.hit80 = false;
        _recordForecast(_header(keccak256("a")), n);
        n.realised = ONE; // outside both
        n.hit95 = false;
        _recordForecast(_header(keccak256("b")), n);
        IVerificationLog.TrackRecord memory t = vlog.trackRecord();
        assertEq(t.forecasts, 2);
        assertEq(t.hits80, 0);
        assertEq(t.hits95, 1);
    }

    function test_recordForecast_realisedOnABoundIsEitherHitOrMiss() public {
        // Rounding to fixed point can land the realised value exactly on a bound: both verdicts are accepted.
        IVerificationLog.ForecastNumbers memory n = _numbers();
        n.realised = n.upper80;
        _recordForecast(_header(keccak256("hit")), n);
        n.hit80 = false;
        _recordForecast(_header(keccak256("miss")), n);
        assertEq(vlog.trackRecord().hits80, 1);
    }

    function test_RevertWhen_RecordedByNonRecorder() public {
        IVerificationLog.Header memory h = _header(keccak256("x"));
        IVerificationLog.ForecastNumbers memory n = _numbers();
        vm.prank(stranger);
        vm.expectRevert(
            abi.encodeWithSelector(IVerificationLog.VerificationLog_Unauthorized.selector, stranger)
        );
        vlog.recordForecast(h, n);
        // The guardian and the timelock may rotate the recorder, not record.
        vm.prank(guardian);
        vm.expectRevert(
            abi.encodeWithSelector(IVerificationLog.VerificationLog_Unauthorized.selector, guardian)
        );
        vlog.recordEffect(h, 1, 1);
        vm.prank(address(timelock));
        vm.expectRevert(
            abi.encodeWithSelector(IVerificationLog.VerificationLog_Unauthorized.selector, address(timelock))
        );
        vlog.recordForecast(h, n);
    }

    function test_RevertWhen_DecisionIdEmpty() public {
        IVerificationLog.Header memory h = _header(bytes32(0));
        vm.prank(agent);
        vm.expectRevert(IVerificationLog.VerificationLog_EmptyDecisionId.selector);
        vlog.recordForecast(h, _numbers());
    }

    function test_RevertWhen_ContentHashEmpty() public {
        IVerificationLog.Header memory h = _header(keccak256("x"));
        h.contentHash = bytes32(0);
        vm.prank(agent);
        vm.expectRevert(IVerificationLog.VerificationLog_EmptyContentHash.selector);
        vlog.recordEffect(h, 0, 0);
    }

    function test_RevertWhen_AlreadyRecorded() public {
        bytes32 id = keccak256("x");
        IVerificationLog.Header memory h = _header(id);
        _recordForecast(h, _numbers());
        // Same decision and kind, even with another hash: never overwritten.
        h.contentHash = keccak256("tampered");
        vm.prank(agent);
        vm.expectRevert(
            abi.encodeWithSelector(
                IVerificationLog.VerificationLog_AlreadyRecorded.selector, id, IVerificationLog.Kind.Forecast
            )
        );
        vlog.recordForecast(h, _numbers());
        assertEq(vlog.verification(id, IVerificationLog.Kind.Forecast).contentHash, _header(id).contentHash);
    }

    function test_recordEffect_besideForecastOfSameDecision() public {
        bytes32 id = keccak256("x");
        _recordForecast(_header(id), _numbers());
        IVerificationLog.Header memory h = _header(id);
        h.contentHash = keccak256("effect record");
        vm.prank(agent);
        vlog.recordEffect(h, 3, 2);
        IVerificationLog.Record memory r = vlog.verification(id, IVerificationLog.Kind.Effect);
        assertEq(uint8(r.kind), uint8(IVerificationLog.Kind.Effect));
        assertEq(r.effectsChecked, 3);
        assertEq(r.effectsMatched, 2);
        assertEq(r.forecast, 0);
        assertEq(r.contentHash, h.contentHash);
        IVerificationLog.TrackRecord memory t = vlog.trackRecord();
        assertEq(t.forecasts, 1);
        assertEq(t.effects, 1);
        assertEq(t.effectsChecked, 3);
        assertEq(t.effectsMatched, 2);
        assertEq(vlog.count(), 2);
        vm.prank(agent);
        vm.expectRevert(
            abi.encodeWithSelector(
                IVerificationLog.VerificationLog_AlreadyRecorded.selector, id, IVerificationLog.Kind.Effect
            )
        );
        vlog.recordEffect(h, 3, 3);
    }

    function test_RevertWhen_WindowEmptyOrReversed() public {
        IVerificationLog.Header memory h = _header(keccak256("x"));
        h.windowFrom = h.windowTo;
        vm.prank(agent);
        vm.expectRevert(
            abi.encodeWithSelector(
                IVerificationLog.VerificationLog_InvalidWindow.selector, h.windowTo, h.windowTo
            )
        );
        vlog.recordForecast(h, _numbers());
        h.windowFrom = h.windowTo + 1;
        vm.prank(agent);
        vm.expectRevert(
            abi.encodeWithSelector(
                IVerificationLog.VerificationLog_InvalidWindow.selector, h.windowTo + 1, h.windowTo
            )
        );
        vlog.recordEffect(h, 0, 0);
    }

    function test_RevertWhen_VerifiedBeforeWindowEnd() public {
        IVerificationLog.Header memory h = _header(keccak256("x"));
        h.verifiedAt = h.windowTo - 1;
        vm.prank(agent);
        vm.expectRevert(
            abi.encodeWithSelector(
                IVerificationLog.VerificationLog_VerifiedBeforeWindowEnd.selector, h.windowTo - 1, h.windowTo
            )
        );
        vlog.recordForecast(h, _numbers());
    }

    function test_RevertWhen_VerifiedInTheFuture() public {
        IVerificationLog.Header memory h = _header(keccak256("x"));
        h.windowTo = uint48(block.timestamp) + 1;
        h.verifiedAt = uint48(block.timestamp) + 1;
        vm.prank(agent);
        vm.expectRevert(
            abi.encodeWithSelector(
                IVerificationLog.VerificationLog_FutureVerification.selector, h.verifiedAt, block.timestamp
            )
        );
        vlog.recordForecast(h, _numbers());
    }

    function test_RevertWhen_IntervalInverted() public {
        IVerificationLog.ForecastNumbers memory n = _numbers();
        (n.lower95, n.upper95) = (n.upper95, n.lower95);
        vm.prank(agent);
        vm.expectRevert(
            abi.encodeWithSelector(
                IVerificationLog.VerificationLog_InvertedInterval.selector, n.lower95, n.upper95
            )
        );
        vlog.recordForecast(_header(keccak256("x")), n);
    }

    function test_RevertWhen_HitFlagContradictsNumbers() public {
        IVerificationLog.ForecastNumbers memory n = _numbers();
        n.hit80 = false; // realised 0.55 is strictly inside [0.4, 0.6]
        vm.prank(agent);
        vm.expectRevert(
            abi.encodeWithSelector(IVerificationLog.VerificationLog_InconsistentHit.selector, 80, false)
        );
        vlog.recordForecast(_header(keccak256("x")), n);

        n = _numbers();
        n.realised = ONE; // outside [0.3, 0.7]
        n.hit80 = false;
        vm.prank(agent);
        vm.expectRevert(
            abi.encodeWithSelector(IVerificationLog.VerificationLog_InconsistentHit.selector, 95, true)
        );
        vlog.recordForecast(_header(keccak256("x")), n);
    }

    function test_RevertWhen_MoreEffectsMatchedThanChecked() public {
        vm.prank(agent);
        vm.expectRevert(
            abi.encodeWithSelector(IVerificationLog.VerificationLog_TooManyMatches.selector, 2, 3)
        );
        vlog.recordEffect(_header(keccak256("x")), 2, 3);
    }

    function test_RevertWhen_ReadingAMissingRecord() public {
        bytes32 id = keccak256("never");
        vm.expectRevert(
            abi.encodeWithSelector(
                IVerificationLog.VerificationLog_NotRecorded.selector, id, IVerificationLog.Kind.Effect
            )
        );
        vlog.verification(id, IVerificationLog.Kind.Effect);
    }

    // ------------------------------------------------------------------ setRecorder

    function test_setRecorder_byTimelockOrGuardianMovesTheRight() public {
        address next = address(0xA11CE);
        vm.expectEmit(address(vlog));
        emit IVerificationLog.RecorderUpdated(agent, next, address(timelock));
        vm.prank(address(timelock));
        vlog.setRecorder(next);
        assertEq(vlog.recorder(), next);

        // The old key can no longer record; the new one can.
        IVerificationLog.Header memory h = _header(keccak256("x"));
        vm.prank(agent);
        vm.expectRevert(abi.encodeWithSelector(IVerificationLog.VerificationLog_Unauthorized.selector, agent));
        vlog.recordEffect(h, 0, 0);
        vm.prank(next);
        vlog.recordEffect(h, 0, 0);
    }

    /// Hardening (issue 18): the guardian may stop recording at once but never name a recorder, so it cannot point
    /// the recorder at itself and write permanent records. Before: the guardian's setRecorder(guardian) succeeded.
    function test_guardianMayRevokeButNotNameRecorder() public {
        vm.prank(guardian);
        vm.expectRevert(
            abi.encodeWithSelector(IVerificationLog.VerificationLog_Unauthorized.selector, guardian)
        );
        vlog.setRecorder(guardian);
        assertEq(vlog.recorder(), agent);

        vm.expectEmit(address(vlog));
        emit IVerificationLog.RecorderUpdated(agent, address(0), guardian);
        vm.prank(guardian);
        vlog.revokeRecorder();
        assertEq(vlog.recorder(), address(0));
        IVerificationLog.Header memory h = _header(keccak256("x"));
        for (uint256 i = 0; i < 2; ++i) {
            address caller = i == 0 ? agent : guardian;
            vm.prank(caller);
            vm.expectRevert(
                abi.encodeWithSelector(IVerificationLog.VerificationLog_Unauthorized.selector, caller)
            );
            vlog.recordEffect(h, 0, 0);
        }
        vm.prank(stranger);
        vm.expectRevert(
            abi.encodeWithSelector(IVerificationLog.VerificationLog_Unauthorized.selector, stranger)
        );
        vlog.revokeRecorder();
    }

    function test_RevertWhen_SetRecorderByOthers() public {
        for (uint256 i = 0; i < 2; ++i) {
            address caller = i == 0 ? agent : stranger;
            vm.prank(caller);
            vm.expectRevert(
                abi.encodeWithSelector(IVerificationLog.VerificationLog_Unauthorized.selector, caller)
            );
            vlog.setRecorder(caller);
        }
    }

    function test_RevertWhen_SetRecorderToZero() public {
        vm.prank(address(timelock));
        vm.expectRevert(IVerificationLog.VerificationLog_ZeroAddress.selector);
        vlog.setRecorder(address(0));
    }

    // ------------------------------------------------------------------ fuzz

    /// Any consistent forecast record is stored exactly as given, and the totals count it once.
    function testFuzz_recordForecast_roundTrip(
        bytes32 id,
        bytes32 contentHash,
        uint64[6] memory raw,
        uint48 windowLength,
        uint48 lag
    ) public {
        id = id == bytes32(0) ? bytes32(uint256(1)) : id;
        contentHash = contentHash == bytes32(0) ? bytes32(uint256(2)) : contentHash;
        // Nested intervals around the forecast, realised anywhere.
        uint64 lower95 = uint64(bound(raw[0], 0, 10 * ONE));
        uint64 lower80 = uint64(bound(raw[1], lower95, 10 * ONE));
        uint64 forecast = uint64(bound(raw[2], lower80, 10 * ONE));
        uint64 upper80 = uint64(bound(raw[3], forecast, 10 * ONE));
        uint64 upper95 = uint64(bound(raw[4], upper80, 10 * ONE));
        uint64 realised = uint64(bound(raw[5], 0, 12 * ONE));
        IVerificationLog.ForecastNumbers memory n = IVerificationLog.ForecastNumbers({
            forecast: forecast,
            lower80: lower80,
            upper80: upper80,
            lower95: lower95,
            upper95: upper95,
            realised: realised,
            hit80: realised >= lower80 && realised <= upper80,
            hit95: realised >= lower95 && realised <= upper95
        });
        lag = uint48(bound(lag, 0, 30 days));
        windowLength = uint48(bound(windowLength, 1, 30 days));
        IVerificationLog.Header memory h = IVerificationLog.Header({
            decisionId: id,
            contentHash: contentHash,
            prevHash: keccak256(abi.encode(id)),
            windowFrom: uint48(block.timestamp) - lag - windowLength,
            windowTo: uint48(block.timestamp) - lag,
            verifiedAt: uint48(block.timestamp) - lag / 2
        });
        _recordForecast(h, n);

        IVerificationLog.Record memory r = vlog.verification(id, IVerificationLog.Kind.Forecast);
        assertEq(r.contentHash, contentHash);
        assertEq(r.prevHash, h.prevHash);
        assertEq(r.windowFrom, h.windowFrom);
        assertEq(r.windowTo, h.windowTo);
        assertEq(r.verifiedAt, h.verifiedAt);
        assertEq(r.recordedAt, block.timestamp);
        assertEq(r.forecast, forecast);
        assertEq(r.lower80, lower80);
        assertEq(r.upper80, upper80);
        assertEq(r.lower95, lower95);
        assertEq(r.upper95, upper95);
        assertEq(r.realised, realised);
        assertEq(r.hit80, n.hit80);
        assertEq(r.hit95, n.hit95);
        IVerificationLog.TrackRecord memory t = vlog.trackRecord();
        assertEq(t.forecasts, 1);
        assertEq(t.hits80, n.hit80 ? 1 : 0);
        assertEq(t.hits95, n.hit95 ? 1 : 0);
    }

    /// A flag is refused exactly when the numbers strictly contradict it.
    function testFuzz_recordForecast_flagsCheckedAgainstNumbers(
        uint64 lower,
        uint64 upper,
        uint64 realised,
        bool hit80
    ) public {
        lower = uint64(bound(lower, 0, 5 * ONE));
        upper = uint64(bound(upper, lower, 5 * ONE));
        realised = uint64(bound(realised, 0, 6 * ONE));
        IVerificationLog.ForecastNumbers memory n = IVerificationLog.ForecastNumbers({
            forecast: lower,
            lower80: lower,
            upper80: upper,
            lower95: 0,
            upper95: type(uint64).max,
            realised: realised,
            hit80: hit80,
            hit95: true
        });
        bool inside = realised >= lower && realised <= upper;
        bool strictlyInside = realised > lower && realised < upper;
        bool consistent = hit80 ? inside : !strictlyInside;
        _commit(_header(keccak256("fuzz")), n);
        if (!consistent) {
            vm.expectRevert(
                abi.encodeWithSelector(IVerificationLog.VerificationLog_InconsistentHit.selector, 80, hit80)
            );
        }
        vm.prank(agent);
        vlog.recordForecast(_header(keccak256("fuzz")), n);
        assertEq(vlog.isRecorded(keccak256("fuzz"), IVerificationLog.Kind.Forecast), consistent);
    }

    /// Totals equal the sum over the stored records, whatever the sequence.
    function testFuzz_trackRecord_sumsRecords(
        uint8[8] memory checked,
        uint8[8] memory matched,
        uint8 forecasts
    ) public {
        forecasts = uint8(bound(forecasts, 0, 8));
        uint256 sumChecked;
        uint256 sumMatched;
        for (uint256 i = 0; i < 8; ++i) {
            uint8 m = uint8(bound(matched[i], 0, checked[i]));
            IVerificationLog.Header memory h = _header(bytes32(i + 1));
            vm.prank(agent);
            vlog.recordEffect(h, checked[i], m);
            sumChecked += checked[i];
            sumMatched += m;
            if (i < forecasts) _recordForecast(h, _numbers());
        }
        IVerificationLog.TrackRecord memory t = vlog.trackRecord();
        assertEq(t.effectsChecked, sumChecked);
        assertEq(t.effectsMatched, sumMatched);
        assertEq(t.effects, 8);
        assertEq(t.forecasts, forecasts);
        assertEq(t.hits80, forecasts);
        assertEq(vlog.count(), 8 + uint256(forecasts));
    }

    // ------------------------------------------------------------------ gas

    /// The agent pays these once per verified decision (forecast: every decision; effect: executed proposals).
    function test_gas_record() public {
        IVerificationLog.Header memory h = _header(keccak256("gas 1"));
        IVerificationLog.ForecastNumbers memory n = _numbers();
        // The commitment, when the agent decides.
        bytes32 numbersHash = vlog.forecastHash(n.forecast, n.lower80, n.upper80, n.lower95, n.upper95);
        uint256 now_ = block.timestamp;
        vm.warp(h.windowFrom);
        vm.cool(address(vlog));
        vm.prank(agent);
        vlog.commitForecast(h.decisionId, h.windowFrom, h.windowTo, numbersHash);
        vm.snapshotGasLastCall("VerificationLog", "commitForecast");
        vm.warp(now_);
        // Cold storage, as in a fresh transaction; the first record also starts the running totals.
        vm.cool(address(vlog));
        vm.prank(agent);
        vlog.recordForecast(h, n);
        vm.snapshotGasLastCall("VerificationLog", "recordForecastFirst");

        h = _header(keccak256("gas 2"));
        _commit(h, n);
        vm.cool(address(vlog));
        vm.prank(agent);
        vlog.recordForecast(h, n);
        vm.snapshotGasLastCall("VerificationLog", "recordForecast");

        h.contentHash = keccak256("effect");
        vm.cool(address(vlog));
        vm.prank(agent);
        vlog.recordEffect(h, 3, 2);
        vm.snapshotGasLastCall("VerificationLog", "recordEffect");
    }
}
