// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {IERC6372} from "@openzeppelin/contracts/interfaces/IERC6372.sol";
import {BaseTest} from "./utils/BaseTest.sol";
import {HomeostatGovernor} from "../src/HomeostatGovernor.sol";
import {PolicyParams} from "../src/PolicyParams.sol";
import {IHomeostatGovernor} from "../src/interfaces/IHomeostatGovernor.sol";
import {IHomeostatToken} from "../src/interfaces/IHomeostatToken.sol";
import {IPolicyController} from "../src/interfaces/IPolicyController.sol";

contract GovernorProposeTest is BaseTest {
    function test_proposeDecision_emitsCommitments() public {
        Proposal memory p = _single(_setParamData(PolicyParams.TRANSFER_FEE, 30, 32));
        p.description = "decision #x";
        uint256 expectedId =
            governor.hashProposal(p.targets, p.values, p.calldatas, keccak256(bytes(p.description)));
        IHomeostatGovernor.DecisionMetadata memory m = _meta();
        vm.expectEmit(address(governor));
        emit IHomeostatGovernor.DecisionProposed(
            expectedId,
            m.decisionId,
            IHomeostatGovernor.Lane.Optimistic,
            m.modelHash,
            m.inputHash,
            m.justificationHash,
            m.justificationURI
        );
        vm.prank(agent);
        uint256 id = governor.proposeDecision(p.targets, p.values, p.calldatas, p.description, m);
        assertEq(id, expectedId);
        assertEq(uint8(governor.state(id)), uint8(IGovernor.ProposalState.Pending));
        assertEq(governor.proposalProposer(id), agent);
    }

    function test_proposeDecision_smallChangeIsOptimistic() public {
        Proposal memory p = _proposeSmall();
        assertEq(uint8(governor.proposalLane(p.id)), uint8(IHomeostatGovernor.Lane.Optimistic));
    }

    function test_proposeDecision_largeChangeIsFull() public {
        Proposal memory p = _proposeLarge();
        assertEq(uint8(governor.proposalLane(p.id)), uint8(IHomeostatGovernor.Lane.Full));
    }

    function test_proposeDecision_mixedBatchIsFull() public {
        Proposal memory p = _single(_setParamData(PolicyParams.TRANSFER_FEE, 30, 32));
        p.targets = new address[](2);
        p.targets[0] = address(controller);
        p.targets[1] = address(controller);
        p.values = new uint256[](2);
        p.calldatas = new bytes[](2);
        p.calldatas[0] = _setParamData(PolicyParams.TRANSFER_FEE, 30, 32);
        p.calldatas[1] = _setParamData(PolicyParams.REWARD_RATE, 0.5e18, 1e18);
        _submit(p);
        assertEq(uint8(governor.proposalLane(p.id)), uint8(IHomeostatGovernor.Lane.Full));
    }

    function test_RevertWhen_ProposerIsNotAgent() public {
        Proposal memory p = _single(_setParamData(PolicyParams.TRANSFER_FEE, 30, 32));
        vm.expectRevert(
            abi.encodeWithSelector(IHomeostatGovernor.HomeostatGovernor_UnauthorizedProposer.selector, whaleA)
        );
        vm.prank(whaleA);
        governor.proposeDecision(p.targets, p.values, p.calldatas, "x", _meta());
    }

    /// The standard `propose` is the holders' lane (see GovernanceReach.t.sol): the agent, holding no votes, cannot
    /// use it to skip its decision commitments.
    function test_RevertWhen_AgentUsesTheHoldersPropose() public {
        Proposal memory p = _single(_setParamData(PolicyParams.TRANSFER_FEE, 30, 32));
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorInsufficientProposerVotes.selector, agent, 0, governor.proposalThreshold()
            )
        );
        vm.prank(agent);
        governor.propose(p.targets, p.values, p.calldatas, "x");
    }

    function test_RevertWhen_MetadataMissing() public {
        Proposal memory p = _single(_setParamData(PolicyParams.TRANSFER_FEE, 30, 32));
        IHomeostatGovernor.DecisionMetadata memory m = _meta();
        m.modelHash = 0;
        vm.expectRevert(IHomeostatGovernor.HomeostatGovernor_InvalidMetadata.selector);
        vm.prank(agent);
        governor.proposeDecision(p.targets, p.values, p.calldatas, "x", m);
    }

    function test_RevertWhen_TargetIsNotController() public {
        Proposal memory p = _single(_setParamData(PolicyParams.TRANSFER_FEE, 30, 32));
        p.targets[0] = address(token);
        vm.expectRevert(
            abi.encodeWithSelector(
                IHomeostatGovernor.HomeostatGovernor_InvalidTarget.selector, 0, address(token)
            )
        );
        vm.prank(agent);
        governor.proposeDecision(p.targets, p.values, p.calldatas, "x", _meta());
    }

    function test_RevertWhen_ValueIsSent() public {
        Proposal memory p = _single(_setParamData(PolicyParams.TRANSFER_FEE, 30, 32));
        p.values[0] = 1;
        vm.expectRevert(
            abi.encodeWithSelector(IHomeostatGovernor.HomeostatGovernor_InvalidValue.selector, 0, 1)
        );
        vm.prank(agent);
        governor.proposeDecision(p.targets, p.values, p.calldatas, "x", _meta());
    }

    function test_RevertWhen_SelectorNotAllowed() public {
        Proposal memory p = _single(abi.encodeCall(IPolicyController.pause, ()));
        vm.expectRevert(
            abi.encodeWithSelector(
                IHomeostatGovernor.HomeostatGovernor_InvalidSelector.selector,
                0,
                IPolicyController.pause.selector
            )
        );
        vm.prank(agent);
        governor.proposeDecision(p.targets, p.values, p.calldatas, "x", _meta());
    }

    function test_RevertWhen_EmptyProposal() public {
        address[] memory t;
        uint256[] memory v;
        bytes[] memory c;
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorInvalidProposalLength.selector, 0, 0, 0));
        vm.prank(agent);
        governor.proposeDecision(t, v, c, "x", _meta());
    }

    function test_RevertWhen_DuplicateProposal() public {
        // The same calls while the first is pending: refused as a live copy (review M-1), before the
        // standard id collision would be.
        Proposal memory p = _proposeSmall();
        bytes32 key = governor.actionsHash(p.targets, p.values, p.calldatas);
        vm.expectRevert(
            abi.encodeWithSelector(
                IHomeostatGovernor.HomeostatGovernor_ActionsAlreadyLive.selector, key, p.id
            )
        );
        vm.prank(agent);
        governor.proposeDecision(p.targets, p.values, p.calldatas, p.description, _meta());
    }

    function test_RevertWhen_ZeroAddressInConstructor() public {
        vm.expectRevert(IHomeostatGovernor.HomeostatGovernor_ZeroAddress.selector);
        new HomeostatGovernor(
            IHomeostatToken(address(token)),
            timelock,
            address(0),
            agent,
            guardian,
            1 hours,
            3 days,
            2000,
            1000
        );
    }

    function test_RevertWhen_ThresholdOutOfRange() public {
        vm.expectRevert(
            abi.encodeWithSelector(IHomeostatGovernor.HomeostatGovernor_InvalidThreshold.selector, 10_001)
        );
        new HomeostatGovernor(
            IHomeostatToken(address(token)),
            timelock,
            address(controller),
            agent,
            guardian,
            1 hours,
            3 days,
            10_001,
            1000
        );
    }

    function test_supportsStandardInterfaces() public view {
        assertTrue(governor.supportsInterface(type(IGovernor).interfaceId));
        assertTrue(governor.supportsInterface(type(IERC165).interfaceId));
        assertEq(governor.CLOCK_MODE(), "mode=timestamp");
        assertEq(governor.clock(), block.timestamp);
        assertEq(IERC6372(address(token)).clock(), governor.clock());
        assertEq(governor.COUNTING_MODE(), "support=bravo&quorum=for,abstain");
    }
}

contract GovernorLanesTest is BaseTest {
    function test_optimistic_passesWithoutVotes() public {
        Proposal memory p = _proposeSmall();
        _toEnd(p);
        assertEq(uint8(governor.state(p.id)), uint8(IGovernor.ProposalState.Succeeded));
        _queueAndExecute(p);
        assertEq(token.transferFeeBps(), 32);
    }

    function test_optimistic_passesBelowVetoThreshold() public {
        Proposal memory p = _proposeSmall();
        _toActive(p);
        _vote(p, holders[2], 0); // 20M against < 40M threshold
        _toEnd(p);
        assertFalse(governor.isVetoed(p.id));
        assertEq(uint8(governor.state(p.id)), uint8(IGovernor.ProposalState.Succeeded));
    }

    function test_optimistic_vetoedAtThreshold() public {
        Proposal memory p = _proposeSmall();
        _toActive(p);
        assertEq(governor.vetoThreshold(governor.proposalSnapshot(p.id)), 40_000_000e18);
        _vote(p, whaleA, 0); // 60M against >= 40M
        _toEnd(p);
        assertTrue(governor.isVetoed(p.id));
        assertEq(uint8(governor.state(p.id)), uint8(IGovernor.ProposalState.Defeated));
    }

    function test_optimistic_forVotesDoNotOverrideVeto() public {
        Proposal memory p = _proposeSmall();
        _toActive(p);
        _vote(p, whaleA, 0);
        _vote(p, whaleB, 1);
        _vote(p, holders[2], 1);
        _toEnd(p);
        assertEq(uint8(governor.state(p.id)), uint8(IGovernor.ProposalState.Defeated));
    }

    function test_full_needsQuorum() public {
        Proposal memory p = _proposeLarge();
        _toActive(p);
        _vote(p, whaleA, 1); // 60M < 80M quorum
        _toEnd(p);
        assertEq(governor.quorum(governor.proposalSnapshot(p.id)), 80_000_000e18);
        assertEq(uint8(governor.state(p.id)), uint8(IGovernor.ProposalState.Defeated));
    }

    function test_full_passesWithQuorumAndMajority() public {
        Proposal memory p = _proposeLarge();
        _passFullVote(p);
        assertEq(uint8(governor.state(p.id)), uint8(IGovernor.ProposalState.Succeeded));
        _queueAndExecute(p);
        assertEq(token.transferFeeBps(), 50);
    }

    function test_full_defeatedByMajorityAgainst() public {
        Proposal memory p = _proposeLarge();
        _toActive(p);
        _vote(p, whaleA, 1);
        _vote(p, holders[2], 2); // abstain counts to quorum
        _vote(p, whaleB, 0);
        _vote(p, holders[3], 0);
        _toEnd(p);
        assertEq(uint8(governor.state(p.id)), uint8(IGovernor.ProposalState.Defeated));
    }

    /// The proposal's own mint (to the non-voting treasury) and later delegations do not move its thresholds.
    function test_ownMintDoesNotMoveOwnThresholds() public {
        Proposal memory p =
            _propose(abi.encodeCall(IPolicyController.changeSupply, (int256(10_000_000e18), 0)));
        uint256 snapshot = governor.proposalSnapshot(p.id);
        _passFullVote(p);
        uint256 quorumBefore = governor.quorum(snapshot);
        uint256 vetoBefore = governor.vetoThreshold(snapshot);
        _queue(p);
        vm.warp(governor.proposalEta(p.id));
        // the minted tokens could be moved to a delegate before execution completes; thresholds stay fixed
        _execute(p);
        vm.prank(address(treasury));
        token.transfer(whaleA, 10_000_000e18);
        assertEq(governor.quorum(snapshot), quorumBefore);
        assertEq(governor.vetoThreshold(snapshot), vetoBefore);
        assertEq(uint8(governor.state(p.id)), uint8(IGovernor.ProposalState.Executed));
    }

    function test_supplyMint_optimisticLaneExecutes() public {
        uint256 supply = token.totalSupply();
        Proposal memory p =
            _propose(abi.encodeCall(IPolicyController.changeSupply, (int256(2_000_000e18), 0)));
        assertEq(uint8(governor.proposalLane(p.id)), uint8(IHomeostatGovernor.Lane.Optimistic));
        _toEnd(p);
        _queueAndExecute(p);
        assertEq(token.totalSupply(), supply + 2_000_000e18);
    }

    function test_unpause_throughFullVote() public {
        vm.prank(guardian);
        controller.pause();
        Proposal memory p = _propose(abi.encodeCall(IPolicyController.unpause, ()));
        assertEq(uint8(governor.proposalLane(p.id)), uint8(IHomeostatGovernor.Lane.Full));
        _passFullVote(p);
        _queueAndExecute(p);
        assertFalse(controller.paused());
    }

    function test_RevertWhen_ExecutingBeforeTimelockEta() public {
        Proposal memory p = _proposeSmall();
        _toEnd(p);
        _queue(p);
        vm.warp(governor.proposalEta(p.id) - 1);
        vm.expectRevert();
        _execute(p);
    }

    function test_RevertWhen_ExecutionHitsGuardrail() public {
        // two proposals built against the same fee: the second is stale once the first executed
        Proposal memory a = _proposeSmall();
        Proposal memory b = _propose(_setParamData(PolicyParams.TRANSFER_FEE, 30, 34));
        _toEnd(b);
        _queueAndExecute(a);
        _queue(b);
        vm.warp(governor.proposalEta(b.id));
        vm.expectRevert(
            abi.encodeWithSelector(
                IPolicyController.PolicyController_StaleValue.selector, PolicyParams.TRANSFER_FEE, 30, 32
            )
        );
        _execute(b);
    }
}

contract GovernorEscalationTest is BaseTest {
    function _vetoed() internal returns (Proposal memory p) {
        p = _proposeSmall();
        _toActive(p);
        _vote(p, whaleA, 0);
        _toEnd(p);
    }

    function _escalate(Proposal memory p) internal returns (Proposal memory e) {
        vm.prank(agent);
        uint256 id = governor.escalate(p.targets, p.values, p.calldatas, p.description);
        e.targets = p.targets;
        e.values = p.values;
        e.calldatas = p.calldatas;
        e.description = governor.escalatedDescription(p.description, p.id);
        e.id = id;
    }

    function test_escalate_createsFullVote() public {
        Proposal memory p = _vetoed();
        Proposal memory e = _escalate(p);
        assertEq(governor.escalatedTo(p.id), e.id);
        assertEq(uint8(governor.proposalLane(e.id)), uint8(IHomeostatGovernor.Lane.Full));
        assertEq(uint8(governor.state(e.id)), uint8(IGovernor.ProposalState.Pending));
        assertEq(
            e.id, governor.hashProposal(e.targets, e.values, e.calldatas, keccak256(bytes(e.description)))
        );
    }

    function test_escalate_fullVoteCanOverturnVeto() public {
        Proposal memory e = _escalate(_vetoed());
        _toActive(e);
        _vote(e, whaleA, 0);
        _vote(e, whaleB, 1);
        _vote(e, holders[2], 1);
        _toEnd(e);
        _queueAndExecute(e);
        assertEq(token.transferFeeBps(), 32);
    }

    function test_escalate_fullVoteCanConfirmVeto() public {
        Proposal memory e = _escalate(_vetoed());
        _toActive(e);
        _vote(e, whaleA, 0);
        _vote(e, holders[2], 1);
        _toEnd(e);
        assertEq(uint8(governor.state(e.id)), uint8(IGovernor.ProposalState.Defeated));
    }

    function test_RevertWhen_EscalatingTwice() public {
        Proposal memory p = _vetoed();
        Proposal memory e = _escalate(p);
        vm.expectRevert(
            abi.encodeWithSelector(IHomeostatGovernor.HomeostatGovernor_AlreadyEscalated.selector, p.id, e.id)
        );
        vm.prank(agent);
        governor.escalate(p.targets, p.values, p.calldatas, p.description);
    }

    function test_RevertWhen_EscalatingNotVetoed() public {
        Proposal memory p = _proposeSmall();
        _toEnd(p);
        vm.expectRevert(abi.encodeWithSelector(IHomeostatGovernor.HomeostatGovernor_NotVetoed.selector, p.id));
        vm.prank(agent);
        governor.escalate(p.targets, p.values, p.calldatas, p.description);
    }

    function test_RevertWhen_EscalatingFullLane() public {
        Proposal memory p = _proposeLarge();
        _toEnd(p);
        vm.expectRevert(
            abi.encodeWithSelector(IHomeostatGovernor.HomeostatGovernor_NotOptimistic.selector, p.id)
        );
        vm.prank(agent);
        governor.escalate(p.targets, p.values, p.calldatas, p.description);
    }

    function test_RevertWhen_EscalatingByStranger() public {
        Proposal memory p = _vetoed();
        vm.expectRevert(
            abi.encodeWithSelector(IHomeostatGovernor.HomeostatGovernor_UnauthorizedProposer.selector, whaleA)
        );
        vm.prank(whaleA);
        governor.escalate(p.targets, p.values, p.calldatas, p.description);
    }
}

/// Veto and guardian cancel from every proposal state.
contract GovernorVetoTest is BaseTest {
    function _expectState(Proposal memory p, IGovernor.ProposalState s) internal view {
        assertEq(uint8(governor.state(p.id)), uint8(s));
    }

    function _expectVoteRejected(Proposal memory p, IGovernor.ProposalState s) internal {
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorUnexpectedProposalState.selector,
                p.id,
                s,
                bytes32(1 << uint8(IGovernor.ProposalState.Active))
            )
        );
        vm.prank(whaleA);
        governor.castVote(p.id, 0);
    }

    function test_veto_whenPending_votingNotOpen() public {
        Proposal memory p = _proposeSmall();
        _expectVoteRejected(p, IGovernor.ProposalState.Pending);
    }

    function test_veto_whenActive_defeats() public {
        Proposal memory p = _proposeSmall();
        _toActive(p);
        _vote(p, whaleA, 0);
        _toEnd(p);
        _expectState(p, IGovernor.ProposalState.Defeated);
    }

    function test_veto_whenSucceeded_tooLate() public {
        Proposal memory p = _proposeSmall();
        _toEnd(p);
        _expectVoteRejected(p, IGovernor.ProposalState.Succeeded);
    }

    function test_veto_whenQueued_tooLate() public {
        Proposal memory p = _proposeSmall();
        _toEnd(p);
        _queue(p);
        _expectVoteRejected(p, IGovernor.ProposalState.Queued);
    }

    function test_veto_whenExecuted_tooLate() public {
        Proposal memory p = _proposeSmall();
        _toEnd(p);
        _queueAndExecute(p);
        _expectVoteRejected(p, IGovernor.ProposalState.Executed);
    }

    function test_veto_whenCanceled_rejected() public {
        Proposal memory p = _proposeSmall();
        _cancelAsGuardian(p);
        _expectVoteRejected(p, IGovernor.ProposalState.Canceled);
    }

    function test_veto_whenDefeated_rejected() public {
        Proposal memory p = _proposeLarge();
        _toEnd(p);
        _expectVoteRejected(p, IGovernor.ProposalState.Defeated);
    }

    function test_cancel_byGuardianWhenPending() public {
        Proposal memory p = _proposeSmall();
        _cancelAsGuardian(p);
        _expectState(p, IGovernor.ProposalState.Canceled);
    }

    function test_cancel_byGuardianWhenActive() public {
        Proposal memory p = _proposeSmall();
        _toActive(p);
        _cancelAsGuardian(p);
        _expectState(p, IGovernor.ProposalState.Canceled);
    }

    function test_cancel_byGuardianWhenSucceeded() public {
        Proposal memory p = _proposeSmall();
        _toEnd(p);
        _cancelAsGuardian(p);
        _expectState(p, IGovernor.ProposalState.Canceled);
    }

    function test_cancel_byGuardianWhenQueued() public {
        Proposal memory p = _proposeSmall();
        _toEnd(p);
        _queue(p);
        bytes32 opId = timelock.hashOperationBatch(
            p.targets, p.values, p.calldatas, 0, bytes20(address(governor)) ^ keccak256(bytes(p.description))
        );
        assertTrue(timelock.isOperationPending(opId));
        _cancelAsGuardian(p);
        _expectState(p, IGovernor.ProposalState.Canceled);
        assertFalse(timelock.isOperation(opId));
        vm.warp(block.timestamp + 2 days);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorUnexpectedProposalState.selector,
                p.id,
                IGovernor.ProposalState.Canceled,
                bytes32(1 << uint8(IGovernor.ProposalState.Queued))
            )
        );
        _execute(p);
    }

    function test_cancel_byGuardianWhenDefeated() public {
        Proposal memory p = _proposeLarge();
        _toEnd(p);
        _cancelAsGuardian(p);
        _expectState(p, IGovernor.ProposalState.Canceled);
    }

    function test_RevertWhen_GuardianCancelsExecuted() public {
        Proposal memory p = _proposeSmall();
        _toEnd(p);
        _queueAndExecute(p);
        vm.expectRevert();
        _cancelAsGuardian(p);
    }

    function test_RevertWhen_StrangerCancels() public {
        Proposal memory p = _proposeSmall();
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorUnableToCancel.selector, p.id, whaleA));
        vm.prank(whaleA);
        governor.cancel(p.targets, p.values, p.calldatas, keccak256(bytes(p.description)));
    }

    function test_cancel_byAgentWhenPending() public {
        Proposal memory p = _proposeSmall();
        vm.prank(agent);
        governor.cancel(p.targets, p.values, p.calldatas, keccak256(bytes(p.description)));
        _expectState(p, IGovernor.ProposalState.Canceled);
    }

    function test_RevertWhen_ExecutingVetoed() public {
        Proposal memory p = _proposeSmall();
        _toActive(p);
        _vote(p, whaleA, 0);
        _toEnd(p);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorUnexpectedProposalState.selector,
                p.id,
                IGovernor.ProposalState.Defeated,
                bytes32(1 << uint8(IGovernor.ProposalState.Succeeded))
            )
        );
        _queue(p);
    }
}

contract GovernorVoteTest is BaseTest {
    bytes32 internal constant BALLOT_TYPEHASH =
        keccak256("Ballot(uint256 proposalId,uint8 support,address voter,uint256 nonce)");
    uint256 internal voterKey;
    address internal voter;

    function setUp() public override {
        super.setUp();
        voterKey = vm.deriveKey("test test test test test test test test test test test junk", 4);
        voter = vm.addr(voterKey);
        assertEq(voter, whaleA);
    }

    function _sign(uint256 id, uint8 support, uint256 nonce, uint256 chainId)
        internal
        view
        returns (bytes memory)
    {
        bytes32 domain = keccak256(
            abi.encode(
                keccak256(
                    "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
                ),
                keccak256("HomeostatGovernor"),
                keccak256("1"),
                chainId,
                address(governor)
            )
        );
        bytes32 structHash = keccak256(abi.encode(BALLOT_TYPEHASH, id, support, voter, nonce));
        (uint8 v, bytes32 r, bytes32 s) =
            vm.sign(voterKey, keccak256(abi.encodePacked("\x19\x01", domain, structHash)));
        return abi.encodePacked(r, s, v);
    }

    function test_castVote_countsWeightAtSnapshot() public {
        Proposal memory p = _proposeLarge();
        _toActive(p);
        _vote(p, whaleA, 1);
        (uint256 against, uint256 forVotes, uint256 abstain) = governor.proposalVotes(p.id);
        assertEq(forVotes, 60_000_000e18);
        assertEq(against + abstain, 0);
        assertTrue(governor.hasVoted(p.id, whaleA));
    }

    function test_castVoteWithReason_emitsReason() public {
        Proposal memory p = _proposeLarge();
        _toActive(p);
        vm.expectEmit(address(governor));
        emit IGovernor.VoteCast(whaleA, p.id, 0, 60_000_000e18, "too fast");
        vm.prank(whaleA);
        governor.castVoteWithReason(p.id, 0, "too fast");
    }

    function test_castVoteBySig_counts() public {
        Proposal memory p = _proposeLarge();
        _toActive(p);
        bytes memory sig = _sign(p.id, 1, governor.nonces(voter), block.chainid);
        governor.castVoteBySig(p.id, 1, voter, sig);
        assertTrue(governor.hasVoted(p.id, voter));
    }

    function test_RevertWhen_SignatureReplayed() public {
        Proposal memory p = _proposeLarge();
        _toActive(p);
        bytes memory sig = _sign(p.id, 1, 0, block.chainid);
        governor.castVoteBySig(p.id, 1, voter, sig);
        vm.expectRevert(
            abi.encodeWithSelector(IHomeostatGovernor.HomeostatGovernor_SignatureReplayed.selector, voter, 0)
        );
        governor.castVoteBySig(p.id, 1, voter, sig);
    }

    function test_RevertWhen_SignatureForOtherChain() public {
        Proposal memory p = _proposeLarge();
        _toActive(p);
        bytes memory sig = _sign(p.id, 1, 0, 1);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorInvalidSignature.selector, voter));
        governor.castVoteBySig(p.id, 1, voter, sig);
    }

    function test_RevertWhen_DoubleVote() public {
        Proposal memory p = _proposeLarge();
        _toActive(p);
        _vote(p, whaleA, 1);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorAlreadyCastVote.selector, whaleA));
        vm.prank(whaleA);
        governor.castVote(p.id, 0);
    }

    function test_RevertWhen_VoteAfterDeadline() public {
        Proposal memory p = _proposeLarge();
        _toEnd(p);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorUnexpectedProposalState.selector,
                p.id,
                IGovernor.ProposalState.Defeated,
                bytes32(1 << uint8(IGovernor.ProposalState.Active))
            )
        );
        vm.prank(whaleA);
        governor.castVote(p.id, 1);
    }

    function test_RevertWhen_InvalidSupport() public {
        Proposal memory p = _proposeLarge();
        _toActive(p);
        vm.expectRevert(IGovernor.GovernorInvalidVoteType.selector);
        vm.prank(whaleA);
        governor.castVote(p.id, 3);
    }

    function test_castVote_votesAfterSnapshotDoNotCount() public {
        Proposal memory p = _proposeLarge();
        _toActive(p);
        // tokens moved to whaleA after the snapshot add no weight to this proposal
        vm.prank(holders[5]);
        token.transfer(whaleA, 1_000_000e18);
        _vote(p, whaleA, 1);
        (, uint256 forVotes,) = governor.proposalVotes(p.id);
        assertEq(forVotes, 60_000_000e18);
    }
}
