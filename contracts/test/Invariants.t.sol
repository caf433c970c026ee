// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Test} from "forge-std/Test.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {BaseTest} from "./utils/BaseTest.sol";
import {HomeostatGovernor} from "../src/HomeostatGovernor.sol";
import {HomeostatToken} from "../src/HomeostatToken.sol";
import {PolicyController} from "../src/PolicyController.sol";
import {PolicyParams} from "../src/PolicyParams.sol";
import {IHomeostatGovernor} from "../src/interfaces/IHomeostatGovernor.sol";
import {IPolicyController} from "../src/interfaces/IPolicyController.sol";

/// Drives the real governor/timelock/controller with random proposals, votes, vetoes, cancels, pauses, time jumps
/// and early execution attempts, and records what happened in ghost variables.
contract GovernanceHandler is Test {
    HomeostatGovernor internal governor;
    PolicyController internal controller;
    HomeostatToken internal token;
    address internal agent;
    address internal guardian;
    address[] internal voters;

    struct Prop {
        address[] targets;
        uint256[] values;
        bytes[] calldatas;
        bytes32 descriptionHash;
        uint256 id;
    }

    Prop[] internal props;
    uint256 internal nonce;
    /// @dev The fuzzer does not carry vm.warp from one call to the next; the handler keeps its own clock.
    uint256 public currentTime;

    modifier useTime() {
        if (currentTime == 0) currentTime = block.timestamp;
        vm.warp(currentTime);
        _;
        currentTime = block.timestamp;
    }

    // ghosts
    mapping(uint256 id => bool) public ghostEverDefeated;
    mapping(uint256 id => bool) public ghostCanceled;
    mapping(uint256 id => bool) public ghostExecuted;
    uint256 public ghostExecutions;
    uint256 public ghostVetoes;
    uint256 public ghostExecutedWhileBlocked;
    uint256 public ghostExecutedBeforeEta;
    uint256 public ghostChangedWhilePaused;
    uint256 public ghostNonAgentProposals;
    uint256 public ghostDisallowedHolderCalls;
    uint256 public ghostProposeAttemptsByOthers;
    /// @dev Executions of an action set proposed after another proposal of the same set was vetoed/defeated and
    /// within the cooldown after that proposal's deadline (escalation of it excepted).
    uint256 public ghostRejectedCameBack;
    uint256 public ghostRepeatsProposed;
    uint256 public ghostExecutedAfterGrace;
    uint256 public ghostLateExecuteAttempts;

    struct SupplyChange {
        uint256 at;
        int256 delta;
        uint256 budget;
    }

    SupplyChange[] internal supplyChanges;

    constructor(
        HomeostatGovernor governor_,
        PolicyController controller_,
        HomeostatToken token_,
        address agent_,
        address guardian_,
        address[] memory voters_
    ) {
        governor = governor_;
        controller = controller_;
        token = token_;
        agent = agent_;
        guardian = guardian_;
        voters = voters_;
    }

    // ------------------------------------------------------------------ actions

    function propose(uint256 kind, uint256 size) external useTime {
        (address[] memory t, uint256[] memory v, bytes[] memory c) = _action(kind, size);
        string memory description = string.concat("fuzz #", vm.toString(++nonce));
        vm.prank(agent);
        try governor.proposeDecision(t, v, c, description, _meta()) returns (uint256 id) {
            props.push(Prop(t, v, c, keccak256(bytes(description)), id));
        } catch {}
    }

    /// The agent re-submitting an earlier proposal's exact action set under a new description (the M-1 attack).
    function repropose(uint256 which) external useTime {
        if (props.length == 0) return;
        Prop memory p = props[_pick(which)];
        string memory description = string.concat("repeat #", vm.toString(++nonce));
        vm.prank(agent);
        try governor.proposeDecision(p.targets, p.values, p.calldatas, description, _meta()) returns (
            uint256 id
        ) {
            props.push(Prop(p.targets, p.values, p.calldatas, keccak256(bytes(description)), id));
            ++ghostRepeatsProposed;
        } catch {}
    }

    /// Anyone but the agent trying to propose.
    function proposeAsStranger(uint256 who, uint256 kind, uint256 size) external useTime {
        address caller = voters[who % voters.length];
        (address[] memory t, uint256[] memory v, bytes[] memory c) = _action(kind, size);
        ++ghostProposeAttemptsByOthers;
        vm.prank(caller);
        try governor.proposeDecision(t, v, c, string.concat("stranger #", vm.toString(++nonce)), _meta()) {
            ++ghostNonAgentProposals;
        } catch {}
        // Holders' own lane (review finding M-3) takes only allow-listed calls: a direct mint never gets in.
        t[0] = address(token);
        c[0] = abi.encodeWithSignature("mint(address,uint256)", caller, 1e24);
        vm.prank(caller);
        try governor.propose(t, v, c, string.concat("mint #", vm.toString(++nonce))) {
            ++ghostDisallowedHolderCalls;
        } catch {}
    }

    function vote(uint256 which, uint256 who, uint8 support) external useTime {
        if (props.length == 0) return;
        Prop storage p = props[_pick(which)];
        vm.prank(voters[who % voters.length]);
        try governor.castVote(p.id, support % 3) {} catch {}
    }

    function queue(uint256 which) external useTime {
        if (props.length == 0) return;
        Prop storage p = props[_pick(which)];
        _observe(p.id);
        try governor.queue(p.targets, p.values, p.calldatas, p.descriptionHash) {} catch {}
    }

    function execute(uint256 which) external useTime {
        if (props.length == 0) return;
        _execute(props[_pick(which)]);
    }

    /// Someone pushes a proposal through as fast as the rules allow: to the deadline, queue, to the eta, execute.
    function pushThrough(uint256 which) external useTime {
        if (props.length == 0) return;
        Prop storage p = props[_pick(which)];
        IGovernor.ProposalState s = governor.state(p.id);
        if (s == IGovernor.ProposalState.Pending || s == IGovernor.ProposalState.Active) {
            vm.warp(governor.proposalDeadline(p.id) + 1);
        }
        _observe(p.id);
        try governor.queue(p.targets, p.values, p.calldatas, p.descriptionHash) {} catch {}
        uint256 eta = governor.proposalEta(p.id);
        if (eta > block.timestamp) vm.warp(eta);
        _execute(p);
    }

    function _execute(Prop storage p) internal {
        _observe(p.id);
        bool blocked = ghostEverDefeated[p.id] || ghostCanceled[p.id];
        uint256 eta = governor.proposalEta(p.id);
        uint256 before = _paramsHash();
        bool wasPaused = controller.paused();
        uint256 supplyBefore = token.totalSupply();
        (, uint256 budget) = controller.supplyWindow();
        try governor.execute(p.targets, p.values, p.calldatas, p.descriptionHash) {
            ghostExecuted[p.id] = true;
            ++ghostExecutions;
            if (blocked) ++ghostExecutedWhileBlocked;
            if (_cameBackWithinCooldown(p)) ++ghostRejectedCameBack;
            if (eta == 0 || block.timestamp < eta) ++ghostExecutedBeforeEta;
            if (eta != 0 && block.timestamp > eta + governor.gracePeriod()) ++ghostExecutedAfterGrace;
            if (wasPaused && _paramsHash() != before) ++ghostChangedWhilePaused;
            uint256 supplyAfter = token.totalSupply();
            if (supplyAfter != supplyBefore) {
                supplyChanges.push(
                    SupplyChange(block.timestamp, int256(supplyAfter) - int256(supplyBefore), budget)
                );
            }
        } catch {}
    }

    function _cameBackWithinCooldown(Prop storage p) internal view returns (bool) {
        bytes32 key = keccak256(abi.encode(p.targets, p.values, p.calldatas));
        uint256 proposedAt = governor.proposalSnapshot(p.id) - governor.votingDelay();
        uint256 cooldown = governor.rejectionCooldown();
        for (uint256 i; i < props.length; ++i) {
            Prop storage q = props[i];
            if (q.id == p.id || keccak256(abi.encode(q.targets, q.values, q.calldatas)) != key) continue;
            if (governor.state(q.id) != IGovernor.ProposalState.Defeated) continue;
            if (governor.escalatedTo(q.id) == p.id) continue;
            uint256 deadline = governor.proposalDeadline(q.id);
            if (proposedAt > deadline && proposedAt <= deadline + cooldown) return true;
        }
        return false;
    }

    /// A queued proposal left past its grace period (a sleeper, review M-2) and then executed.
    function executeLate(uint256 which, uint256 extra) external useTime {
        if (props.length == 0) return;
        Prop storage p = props[_pick(which)];
        if (governor.state(p.id) != IGovernor.ProposalState.Queued) return;
        vm.warp(governor.proposalEta(p.id) + governor.gracePeriod() + bound(extra, 1, 30 days));
        ++ghostLateExecuteAttempts;
        _execute(p);
    }

    function cancel(uint256 which) external useTime {
        if (props.length == 0) return;
        Prop storage p = props[_pick(which)];
        vm.prank(guardian);
        try governor.cancel(p.targets, p.values, p.calldatas, p.descriptionHash) {
            ghostCanceled[p.id] = true;
        } catch {}
    }

    /// Pausing is rare (1 in 16 calls) so runs also cover long unpaused stretches with executions.
    function pause(uint256 seed) external useTime {
        if (seed % 16 != 0) return;
        vm.prank(guardian);
        try controller.pause() {} catch {}
    }

    /// Jumps to the proposal's next milestone (snapshot, deadline, eta) so lifecycles complete within one run.
    function fastForward(uint256 which) external useTime {
        if (props.length == 0) return;
        uint256 id = props[_pick(which)].id;
        IGovernor.ProposalState s = governor.state(id);
        if (s == IGovernor.ProposalState.Pending) vm.warp(governor.proposalSnapshot(id) + 1);
        else if (s == IGovernor.ProposalState.Active) vm.warp(governor.proposalDeadline(id) + 1);
        else if (s == IGovernor.ProposalState.Queued) vm.warp(governor.proposalEta(id));
        for (uint256 i; i < props.length; ++i) {
            _observe(props[i].id);
        }
    }

    function warp(uint256 seconds_) external useTime {
        vm.warp(block.timestamp + bound(seconds_, 1, 3 days));
        for (uint256 i; i < props.length; ++i) {
            _observe(props[i].id);
        }
    }

    // ------------------------------------------------------------------ views for invariants

    function propCount() external view returns (uint256) {
        return props.length;
    }

    function propId(uint256 i) external view returns (uint256) {
        return props[i].id;
    }

    function supplyChangeCount() external view returns (uint256) {
        return supplyChanges.length;
    }

    function supplyChange(uint256 i) external view returns (SupplyChange memory) {
        return supplyChanges[i];
    }

    // ------------------------------------------------------------------ internals

    /// Two in three calls act on the newest proposal, so single lifecycles get driven to the end.
    function _pick(uint256 which) internal view returns (uint256) {
        return which % 3 == 0 ? (which / 3) % props.length : props.length - 1;
    }

    function _observe(uint256 id) internal {
        IGovernor.ProposalState s = governor.state(id);
        if (s == IGovernor.ProposalState.Defeated && !ghostEverDefeated[id]) {
            ghostEverDefeated[id] = true;
            ++ghostVetoes;
        }
    }

    function _paramsHash() internal view returns (uint256) {
        return uint256(
            keccak256(
                abi.encode(
                    controller.parameter(1),
                    controller.parameter(2),
                    controller.parameter(3),
                    controller.parameter(4),
                    controller.parameter(5),
                    token.totalSupply()
                )
            )
        );
    }

    function _meta() internal view returns (IHomeostatGovernor.DecisionMetadata memory m) {
        m.decisionId = keccak256(abi.encode(nonce));
        m.modelHash = keccak256("model");
        m.inputHash = keccak256("input");
        m.justificationHash = keccak256("why");
        m.justificationURI = "ipfs://x";
    }

    /// Random controller call: mostly small or in-bounds changes (so lifecycles complete), sometimes wild ones
    /// (out of bounds, too large a step, too much supply), sometimes unpause.
    function _action(uint256 kind, uint256 size)
        internal
        view
        returns (address[] memory t, uint256[] memory v, bytes[] memory c)
    {
        t = new address[](1);
        v = new uint256[](1);
        c = new bytes[](1);
        t[0] = address(controller);
        uint256 k = kind % 8;
        uint256 mode = (size >> 128) % 4;
        if (k < 5) {
            uint8 id = uint8(k + 1);
            IPolicyController.Guardrail memory g = controller.guardrail(id);
            uint256 current = controller.parameter(id);
            uint256 span = mode < 2 ? g.smallStep : (mode == 2 ? g.maxStep : uint256(g.max) + g.maxStep);
            uint256 delta = span == 0 ? 1 : bound(size, 1, span);
            uint256 next = (size & 1 == 0 || current < delta) ? current + delta : current - delta;
            c[0] = abi.encodeCall(IPolicyController.setParameter, (id, current, next));
        } else if (k < 7) {
            uint256 span = mode < 2 ? 2_500_000e18 : 15_000_000e18;
            int256 delta = int256(bound(size, 1, span));
            if (size & 1 == 1) delta = -delta;
            c[0] = abi.encodeCall(IPolicyController.changeSupply, (delta, controller.supplyNonce()));
        } else {
            c[0] = abi.encodeCall(IPolicyController.unpause, ());
        }
    }
}

contract GovernanceInvariantTest is BaseTest {
    GovernanceHandler internal handler;

    function setUp() public override {
        super.setUp();
        handler = new GovernanceHandler(governor, controller, token, agent, guardian, holders);
        targetContract(address(handler));
    }

    /// Shows the handler reaches the interesting states (executions and vetoes), not just reverts.
    function afterInvariant() external {
        uint256 total = vm.envOr("HX_TOTAL_EXEC", uint256(0)) + handler.ghostExecutions();
        vm.setEnv("HX_TOTAL_EXEC", vm.toString(total));
        emit log_named_uint("executions (all runs so far)", total);
        emit log_named_uint("executions", handler.ghostExecutions());
        emit log_named_uint("proposals", handler.propCount());
        emit log_named_uint("defeated/vetoed", handler.ghostVetoes());
        emit log_named_uint("supply changes", handler.supplyChangeCount());
        emit log_named_uint("repeats proposed", handler.ghostRepeatsProposed());
        emit log_named_uint("late execute attempts", handler.ghostLateExecuteAttempts());
    }

    /// Attack ruled out: holders veto (or defeat, or the guardian cancels) an AI proposal and it executes anyway,
    /// e.g. by re-queuing, racing the timelock, or a lane mix-up.
    function invariant_blockedProposalsNeverExecute() public view {
        assertEq(handler.ghostExecutedWhileBlocked(), 0);
        for (uint256 i; i < handler.propCount(); ++i) {
            uint256 id = handler.propId(i);
            if (handler.ghostExecuted(id)) {
                assertFalse(handler.ghostCanceled(id), "cancelled executed");
                assertFalse(handler.ghostEverDefeated(id), "defeated executed");
            }
        }
    }

    /// Attack ruled out (review M-1): a vetoed or defeated action set never executes through a later proposal within
    /// its cooldown (the agent re-proposing the same calldata under a new description until holders tire of vetoing).
    function invariant_rejectedActionsDoNotComeBackWithinCooldown() public view {
        assertEq(handler.ghostRejectedCameBack(), 0);
    }

    /// Attack ruled out (review M-2): a queued proposal that could not execute (StaleValue, TooSoon, Paused) sleeps
    /// until the chain matches it again; no queued proposal executes after its grace period.
    function invariant_nothingExecutesAfterGracePeriod() public view {
        assertEq(handler.ghostExecutedAfterGrace(), 0);
    }

    /// Attack ruled out: a hostile or buggy agent walks a parameter out of its bounds (step by step or in one jump).
    function invariant_parametersWithinBounds() public view {
        for (uint8 id = 1; id < PolicyParams.COUNT; ++id) {
            IPolicyController.Guardrail memory g = controller.guardrail(id);
            uint256 v = controller.parameter(id);
            assertGe(v, g.min);
            assertLe(v, g.max);
        }
        IPolicyController.Guardrail memory s = controller.guardrail(PolicyParams.SUPPLY);
        assertGe(token.totalSupply(), s.min);
        assertLe(token.totalSupply(), s.max);
        assertEq(token.transferFeeBps(), controller.parameter(PolicyParams.TRANSFER_FEE));
        assertEq(token.burnShareBps(), controller.parameter(PolicyParams.BURN_SHARE));
    }

    /// Attack ruled out: inflating or deflating supply faster than the rolling budget by splitting one large change
    /// into many small ones, or by alternating mints and burns so no single window *ending now* looks bad.
    function invariant_supplyWindowWithinBudget() public view {
        uint256 n = handler.supplyChangeCount();
        for (uint256 k; k < n; ++k) {
            GovernanceHandler.SupplyChange memory last = handler.supplyChange(k);
            int256 sum;
            for (uint256 j = k + 1; j > 0; --j) {
                GovernanceHandler.SupplyChange memory c = handler.supplyChange(j - 1);
                if (c.at + cfg.supplyWindow <= last.at) break;
                sum += c.delta;
                assertLe(sum >= 0 ? uint256(sum) : uint256(-sum), last.budget);
            }
        }
    }

    /// Attack ruled out: executing a passed proposal before holders had the timelock delay to react.
    function invariant_nothingExecutesBeforeEta() public view {
        assertEq(handler.ghostExecutedBeforeEta(), 0);
    }

    /// Attack ruled out: a holder (or anyone but the agent's proposer role) pushing decisions through the agent's
    /// lane, or a call off the holders' allow-list through their own lane.
    function invariant_onlyProposerRoleProposes() public view {
        assertEq(handler.ghostNonAgentProposals(), 0);
        assertEq(handler.ghostDisallowedHolderCalls(), 0);
        for (uint256 i; i < handler.propCount(); ++i) {
            assertEq(governor.proposalProposer(handler.propId(i)), agent);
        }
    }

    /// Attack ruled out: changing parameters or supply while the guardian has the controller paused.
    function invariant_noChangesWhilePaused() public view {
        assertEq(handler.ghostChangedWhilePaused(), 0);
    }
}

contract GovernanceHandlerSmokeTest is BaseTest {
    function test_handler_reachesExecution() public {
        GovernanceHandler h = new GovernanceHandler(governor, controller, token, agent, guardian, holders);
        h.propose(1, 31); // transfer fee 30 -> 31: optimistic
        assertEq(h.propCount(), 1);
        h.fastForward(0);
        h.fastForward(0);
        h.queue(0);
        h.fastForward(0);
        h.execute(0);
        assertEq(h.ghostExecutions(), 1);
    }
}
