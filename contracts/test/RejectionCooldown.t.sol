// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {BaseTest} from "./utils/BaseTest.sol";
import {PolicyParams} from "../src/PolicyParams.sol";
import {IHomeostatGovernor} from "../src/interfaces/IHomeostatGovernor.sol";

/// Review finding M-1: a vetoed or defeated action set (targets, values, calldatas) must not come back through a
/// new proposal (same calldata, new description) within the governed cooldown; N copies must not need N vetoes.
contract RejectionCooldownTest is BaseTest {
    function _copy(Proposal memory p) internal returns (Proposal memory q) {
        q.targets = p.targets;
        q.values = p.values;
        q.calldatas = p.calldatas;
        _submit(q);
    }

    function _expectRefused(Proposal memory p) internal {
        ++proposalNonce;
        string memory description = string.concat("decision #", vm.toString(proposalNonce));
        bytes32 key = governor.actionsHash(p.targets, p.values, p.calldatas);
        uint256 previous = governor.latestProposalFor(key);
        IGovernor.ProposalState s = governor.state(previous);
        if (s == IGovernor.ProposalState.Pending || s == IGovernor.ProposalState.Active) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IHomeostatGovernor.HomeostatGovernor_ActionsAlreadyLive.selector, key, previous
                )
            );
        } else {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IHomeostatGovernor.HomeostatGovernor_RecentlyRejected.selector,
                    key,
                    previous,
                    governor.proposalDeadline(previous) + governor.rejectionCooldown()
                )
            );
        }
        vm.prank(agent);
        governor.proposeDecision(p.targets, p.values, p.calldatas, description, _meta());
    }

    function _veto(Proposal memory p) internal {
        _toActive(p);
        _vote(p, whaleA, 0);
        _toEnd(p);
        assertEq(uint8(governor.state(p.id)), uint8(IGovernor.ProposalState.Defeated));
    }

    /// The issue's sequence: vetoed, escalated, defeated in the full vote, then proposed again with a new
    /// description: refused until the cooldown has passed.
    function test_vetoedEscalatedDefeated_doesNotComeBack() public {
        Proposal memory p = _proposeSmall();
        _veto(p);
        vm.prank(agent);
        uint256 escalatedId = governor.escalate(p.targets, p.values, p.calldatas, p.description);
        Proposal memory e = p;
        e.id = escalatedId;
        _toActive(e);
        _vote(e, whaleA, 0);
        _vote(e, whaleB, 0);
        _toEnd(e);
        assertEq(uint8(governor.state(escalatedId)), uint8(IGovernor.ProposalState.Defeated));

        _expectRefused(p);
        // Still refused just before the cooldown ends (measured from the escalated vote's deadline).
        vm.warp(governor.proposalDeadline(escalatedId) + governor.rejectionCooldown());
        _expectRefused(p);
        // After it, the action set may be put to holders again.
        vm.warp(governor.proposalDeadline(escalatedId) + governor.rejectionCooldown() + 1);
        Proposal memory again = _copy(p);
        assertEq(uint8(governor.state(again.id)), uint8(IGovernor.ProposalState.Pending));
    }

    /// A vetoed optimistic proposal cannot be re-proposed (it would go back to the optimistic lane); escalation, the
    /// full vote on the same action set, stays open.
    function test_vetoed_refusedButEscalationStillOpen() public {
        Proposal memory p = _proposeSmall();
        _veto(p);
        _expectRefused(p);
        vm.prank(agent);
        uint256 escalatedId = governor.escalate(p.targets, p.values, p.calldatas, p.description);
        assertEq(uint8(governor.proposalLane(escalatedId)), uint8(IHomeostatGovernor.Lane.Full));
    }

    /// A full-lane proposal defeated (Against > For) is refused the same way.
    function test_defeatedFull_refused() public {
        Proposal memory p = _proposeLarge();
        _toActive(p);
        _vote(p, whaleA, 0);
        _vote(p, whaleB, 0);
        _vote(p, holders[2], 1);
        _toEnd(p);
        assertEq(uint8(governor.state(p.id)), uint8(IGovernor.ProposalState.Defeated));
        _expectRefused(p);
    }

    /// N parallel copies must not need N vetoes: while one copy is pending or active, another is refused.
    function test_parallelCopy_refusedWhileLive() public {
        Proposal memory p = _proposeSmall();
        _expectRefused(p);
        _toActive(p);
        _expectRefused(p);
    }

    /// Not a rejection: a cancelled copy or a different action set (a smaller compromise) may be proposed.
    function test_cancelledOrDifferent_allowed() public {
        Proposal memory p = _proposeSmall();
        _cancelAsGuardian(p);
        Proposal memory again = _copy(p);
        _veto(again);
        Proposal memory compromise = _propose(_setParamData(PolicyParams.TRANSFER_FEE, 30, 31));
        assertEq(uint8(governor.state(compromise.id)), uint8(IGovernor.ProposalState.Pending));
    }

    /// The cooldown is governed: only a proposal executed through the timelock may change it.
    function test_RevertWhen_CooldownSetDirectly() public {
        vm.expectRevert();
        vm.prank(agent);
        governor.setRejectionCooldown(0);
        vm.expectRevert();
        vm.prank(address(timelock));
        governor.setRejectionCooldown(0);
    }
}
