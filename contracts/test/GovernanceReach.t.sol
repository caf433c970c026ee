// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {BaseTest} from "./utils/BaseTest.sol";
import {PolicyParams} from "../src/PolicyParams.sol";
import {Treasury} from "../src/Treasury.sol";
import {SignalOracle} from "../src/SignalOracle.sol";
import {VerificationLog} from "../src/VerificationLog.sol";
import {IHomeostatGovernor} from "../src/interfaces/IHomeostatGovernor.sol";
import {IPolicyController} from "../src/interfaces/IPolicyController.sol";

/// Review finding M-3: the timelock owns the treasury, oracle, verification log, the token's settings and its own
/// roles, but proposals could only call the controller, so none of it was reachable, and a lost agent key deadlocked
/// a paused system. Every test here goes through a real holder proposal (propose, vote, queue, timelock delay,
/// execute); none pranks the timelock.
contract GovernanceReachTest is BaseTest {
    /// @dev A holder's full-lane proposal of `calls` on `target`, voted through and executed.
    function _holderPasses(address target, bytes memory data) internal returns (Proposal memory p) {
        p = _holderProposes(target, data);
        assertEq(uint8(governor.proposalLane(p.id)), uint8(IHomeostatGovernor.Lane.Full));
        _passFullVote(p);
        assertEq(uint8(governor.state(p.id)), uint8(IGovernor.ProposalState.Succeeded));
        _queueAndExecute(p);
        assertEq(uint8(governor.state(p.id)), uint8(IGovernor.ProposalState.Executed));
    }

    function _holderProposes(address target, bytes memory data) internal returns (Proposal memory p) {
        p.targets = new address[](1);
        p.targets[0] = target;
        p.values = new uint256[](1);
        p.calldatas = new bytes[](1);
        p.calldatas[0] = data;
        ++proposalNonce;
        p.description = string.concat("holder proposal #", vm.toString(proposalNonce));
        vm.prank(whaleB);
        p.id = governor.propose(p.targets, p.values, p.calldatas, p.description);
    }

    function test_holders_withdrawTheTreasurysAssets() public {
        uint256 held = stable.balanceOf(address(treasury));
        assertGt(held, 0);
        address grantee = makeAddr("grantee");
        _holderPasses(
            address(treasury), abi.encodeCall(Treasury.withdraw, (address(stable), grantee, 1_000e6))
        );
        assertEq(stable.balanceOf(grantee), 1_000e6);
        assertEq(stable.balanceOf(address(treasury)), held - 1_000e6);
    }

    function test_holders_rotateTheTreasuryOperator() public {
        address next = makeAddr("operator2");
        _holderPasses(address(treasury), abi.encodeCall(Treasury.setOperator, (next)));
        assertEq(treasury.operator(), next);
    }

    function test_holders_rotateTheOracleReporterAndTheRecorder() public {
        address reporter2 = makeAddr("reporter2");
        _holderPasses(address(oracle), abi.encodeCall(SignalOracle.setReporter, (reporter2)));
        assertEq(oracle.reporter(), reporter2);
        VerificationLog log = d.verificationLog;
        address recorder2 = makeAddr("recorder2");
        _holderPasses(address(log), abi.encodeCall(VerificationLog.setRecorder, (recorder2)));
        assertEq(log.recorder(), recorder2);
    }

    function test_holders_setAFeeExemptionThroughTheController() public {
        address market = makeAddr("market-maker");
        assertFalse(token.isFeeExempt(market));
        _holderPasses(address(controller), abi.encodeCall(IPolicyController.setFeeExempt, (market, true)));
        assertTrue(token.isFeeExempt(market));
    }

    function test_holders_rotateBothGuardians() public {
        address guardian2 = makeAddr("guardian2");
        _holderPasses(address(controller), abi.encodeCall(IPolicyController.setGuardian, (guardian2)));
        _holderPasses(address(governor), abi.encodeCall(IHomeostatGovernor.setGuardian, (guardian2)));
        assertEq(controller.guardian(), guardian2);
        assertEq(governor.guardian(), guardian2);
        // The old guardian can no longer pause; the new one can.
        vm.prank(guardian);
        vm.expectRevert(
            abi.encodeWithSelector(IPolicyController.PolicyController_Unauthorized.selector, guardian)
        );
        controller.pause();
        vm.prank(guardian2);
        controller.pause();
        assertTrue(controller.paused());
    }

    function test_holders_rotateTheTimelocksRoles() public {
        bytes32 canceller = timelock.CANCELLER_ROLE();
        address watcher = makeAddr("second-canceller");
        _holderPasses(address(timelock), abi.encodeCall(timelock.grantRole, (canceller, watcher)));
        assertTrue(timelock.hasRole(canceller, watcher));
        _holderPasses(address(timelock), abi.encodeCall(timelock.revokeRole, (canceller, watcher)));
        assertFalse(timelock.hasRole(canceller, watcher));
    }

    /// The deadlock the review found: paused by the guardian, agent key lost. Holders unpause and replace the agent.
    function test_lostAgentKey_afterAPause_holdersUnpauseAndReplaceTheAgent() public {
        vm.prank(guardian);
        controller.pause();
        _holderPasses(address(controller), abi.encodeCall(IPolicyController.unpause, ()));
        assertFalse(controller.paused());

        address agent2 = makeAddr("agent2");
        _holderPasses(address(governor), abi.encodeCall(IHomeostatGovernor.setProposer, (agent2)));
        assertEq(governor.proposer(), agent2);
        Proposal memory p = _single(_setParamData(PolicyParams.TRANSFER_FEE, 30, 32));
        vm.prank(agent);
        vm.expectRevert(
            abi.encodeWithSelector(IHomeostatGovernor.HomeostatGovernor_UnauthorizedProposer.selector, agent)
        );
        governor.proposeDecision(p.targets, p.values, p.calldatas, "old key", _meta());
        vm.prank(agent2);
        governor.proposeDecision(p.targets, p.values, p.calldatas, "new key", _meta());
    }

    function test_holders_changeAParameterOnTheFullLaneEvenWhenSmall() public {
        Proposal memory p =
            _holderPasses(address(controller), _setParamData(PolicyParams.TRANSFER_FEE, 30, 32));
        assertEq(uint8(governor.proposalLane(p.id)), uint8(IHomeostatGovernor.Lane.Full));
        assertEq(controller.parameter(PolicyParams.TRANSFER_FEE), 32);
    }

    function test_RevertWhen_aHolderCallIsNotOnTheAllowList() public {
        // The token's `mint` is the controller's alone; the timelock calling it would be refused anyway, but the
        // governor must refuse it at proposal time.
        address[] memory targets = new address[](1);
        targets[0] = address(token);
        uint256[] memory values = new uint256[](1);
        bytes[] memory calldatas = new bytes[](1);
        calldatas[0] = abi.encodeWithSignature("mint(address,uint256)", whaleB, 1e24);
        vm.expectRevert(
            abi.encodeWithSelector(
                IHomeostatGovernor.HomeostatGovernor_CallNotAllowed.selector,
                0,
                address(token),
                bytes4(calldatas[0])
            )
        );
        vm.prank(whaleB);
        governor.propose(targets, values, calldatas, "mint to me");
    }

    function test_RevertWhen_aHolderProposalSendsValue() public {
        address[] memory targets = new address[](1);
        targets[0] = address(treasury);
        uint256[] memory values = new uint256[](1);
        values[0] = 1;
        bytes[] memory calldatas = new bytes[](1);
        calldatas[0] = abi.encodeCall(Treasury.setOperator, (whaleB));
        vm.expectRevert(
            abi.encodeWithSelector(IHomeostatGovernor.HomeostatGovernor_InvalidValue.selector, 0, 1)
        );
        vm.prank(whaleB);
        governor.propose(targets, values, calldatas, "x");
    }

    function test_RevertWhen_theProposerHoldsTooFewVotes() public {
        address small = makeAddr("small-holder");
        vm.prank(whaleB);
        IERC20(address(token)).transfer(small, 1e18);
        vm.prank(small);
        token.delegate(small);
        vm.warp(block.timestamp + 2);
        Proposal memory p = _single(_setParamData(PolicyParams.TRANSFER_FEE, 30, 32));
        uint256 threshold = governor.proposalThreshold();
        uint256 votes = token.getVotes(small);
        assertGt(votes, 0);
        assertLt(votes, threshold);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorInsufficientProposerVotes.selector, small, votes, threshold
            )
        );
        vm.prank(small);
        governor.propose(p.targets, p.values, p.calldatas, "x");
    }

    function test_allowListChangesOnlyThroughGovernance() public {
        vm.expectRevert();
        vm.prank(whaleB);
        governor.setHolderCall(address(token), bytes4(0x40c10f19), true);
        vm.expectRevert(IHomeostatGovernor.HomeostatGovernor_AllowListSet.selector);
        governor.initHolderCalls(new IHomeostatGovernor.HolderCall[](0));

        bytes4 sel = Treasury.withdraw.selector;
        assertTrue(governor.isHolderCallAllowed(address(treasury), sel));
        _holderPasses(
            address(governor),
            abi.encodeCall(IHomeostatGovernor.setHolderCall, (address(treasury), sel, false))
        );
        assertFalse(governor.isHolderCallAllowed(address(treasury), sel));
    }

    /// M-1 holds for holders too: a defeated holder proposal does not come back with a new description.
    function test_defeatedHolderProposal_isRefusedWithinTheCooldown() public {
        Proposal memory p = _holderProposes(address(treasury), abi.encodeCall(Treasury.setOperator, (whaleB)));
        _toActive(p);
        _vote(p, whaleA, 0);
        _toEnd(p);
        assertEq(uint8(governor.state(p.id)), uint8(IGovernor.ProposalState.Defeated));
        bytes32 key = governor.actionsHash(p.targets, p.values, p.calldatas);
        vm.expectRevert(
            abi.encodeWithSelector(
                IHomeostatGovernor.HomeostatGovernor_RecentlyRejected.selector,
                key,
                p.id,
                governor.proposalDeadline(p.id) + governor.rejectionCooldown()
            )
        );
        vm.prank(whaleB);
        governor.propose(p.targets, p.values, p.calldatas, "again, reworded");
    }
}
