// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {BaseTest} from "./utils/BaseTest.sol";
import {PolicyParams} from "../src/PolicyParams.sol";
import {IPolicyController} from "../src/interfaces/IPolicyController.sol";

/// Review finding M-2: a queued proposal whose execution reverted (StaleValue after a competing change) must not
/// sleep in the queue until governance happens to bring the chain back to its expected value.
contract GracePeriodTest is BaseTest {
    function _expectUnexecutable(Proposal memory p) internal {
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorUnexpectedProposalState.selector,
                p.id,
                IGovernor.ProposalState.Expired,
                bytes32(uint256(1) << uint8(IGovernor.ProposalState.Queued))
            )
        );
        _execute(p);
    }

    /// The issue's sequence: fee 30 -> 32 and 30 -> 28 both queued; the first executes, the second reverts
    /// StaleValue; governance later brings the fee back to 30; the sleeper must not execute then.
    function test_staleSleeper_expiresAfterGracePeriod() public {
        Proposal memory up = _propose(_setParamData(PolicyParams.TRANSFER_FEE, 30, 32));
        Proposal memory down = _propose(_setParamData(PolicyParams.TRANSFER_FEE, 30, 28));
        _toEnd(down);
        _queue(up);
        _queue(down);
        vm.warp(governor.proposalEta(down.id));
        _execute(up);
        vm.expectRevert(
            abi.encodeWithSelector(
                IPolicyController.PolicyController_StaleValue.selector, PolicyParams.TRANSFER_FEE, 30, 32
            )
        );
        _execute(down);
        assertEq(uint8(governor.state(down.id)), uint8(IGovernor.ProposalState.Queued));

        // Weeks later governance brings the fee back to 30.
        vm.warp(block.timestamp + 30 days);
        Proposal memory back = _propose(_setParamData(PolicyParams.TRANSFER_FEE, 32, 30));
        _toEnd(back);
        _queueAndExecute(back);
        assertEq(controller.parameter(PolicyParams.TRANSFER_FEE), 30);

        // The sleeper's value matches again, but it is past its grace period: Expired, not executable.
        assertGt(block.timestamp, governor.proposalEta(down.id) + governor.gracePeriod());
        assertEq(uint8(governor.state(down.id)), uint8(IGovernor.ProposalState.Expired));
        _expectUnexecutable(down);
        assertEq(controller.parameter(PolicyParams.TRANSFER_FEE), 30);
    }

    /// Inside the grace period a queued proposal still executes; one second after it, it cannot.
    function test_gracePeriodBoundary() public {
        Proposal memory p = _proposeSmall();
        _toEnd(p);
        _queue(p);
        uint256 last = governor.proposalEta(p.id) + governor.gracePeriod();
        vm.warp(last);
        assertEq(uint8(governor.state(p.id)), uint8(IGovernor.ProposalState.Queued));
        uint256 snap = vm.snapshotState();
        _execute(p);
        assertEq(controller.parameter(PolicyParams.TRANSFER_FEE), 32);
        vm.revertToState(snap);
        vm.warp(last + 1);
        _expectUnexecutable(p);
        assertEq(controller.parameter(PolicyParams.TRANSFER_FEE), 30);
    }
}
