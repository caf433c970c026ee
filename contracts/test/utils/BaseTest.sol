// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Test} from "forge-std/Test.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {Deploy} from "../../script/Deploy.s.sol";
import {HomeostatToken} from "../../src/HomeostatToken.sol";
import {HomeostatGovernor} from "../../src/HomeostatGovernor.sol";
import {PolicyController} from "../../src/PolicyController.sol";
import {Staking} from "../../src/Staking.sol";
import {Treasury} from "../../src/Treasury.sol";
import {SignalOracle} from "../../src/SignalOracle.sol";
import {TestStable} from "../../src/TestStable.sol";
import {PolicyParams} from "../../src/PolicyParams.sol";
import {IHomeostatGovernor} from "../../src/interfaces/IHomeostatGovernor.sol";
import {IPolicyController} from "../../src/interfaces/IPolicyController.sol";

/// @dev Every suite starts from the deploy script's own deployment (holders #4..#19 self-delegated).
abstract contract BaseTest is Test {
    uint256 internal constant START = 1_700_000_000;

    Deploy internal script;
    Deploy.Config internal cfg;
    Deploy.Deployment internal d;

    HomeostatToken internal token;
    HomeostatGovernor internal governor;
    TimelockController internal timelock;
    PolicyController internal controller;
    Staking internal staking;
    Treasury internal treasury;
    SignalOracle internal oracle;
    TestStable internal stable;

    address internal agent;
    address internal guardian;
    address internal reporter;
    address[] internal holders;
    /// @dev 60M votes each: one alone reaches the 10 % veto threshold (40M of 400M delegated).
    address internal whaleA;
    address internal whaleB;
    uint256 internal proposalNonce;

    function setUp() public virtual {
        vm.warp(START);
        script = new Deploy();
        cfg = script.defaultConfig();
        d = script.deploy(cfg);
        token = d.token;
        governor = d.governor;
        timelock = d.timelock;
        controller = d.controller;
        staking = d.staking;
        treasury = d.treasury;
        oracle = d.oracle;
        stable = TestStable(d.stable);
        agent = cfg.agent;
        guardian = cfg.guardian;
        reporter = cfg.reporter;
        for (uint256 i = 4; i <= 19; ++i) {
            address h = script.anvilAccount(i);
            holders.push(h);
            vm.prank(h);
            token.delegate(h);
        }
        whaleA = holders[0];
        whaleB = holders[1];
        vm.warp(block.timestamp + 1);
    }

    // ------------------------------------------------------------------ proposal helpers

    struct Proposal {
        address[] targets;
        uint256[] values;
        bytes[] calldatas;
        string description;
        uint256 id;
    }

    function _meta() internal view returns (IHomeostatGovernor.DecisionMetadata memory m) {
        m.decisionId = keccak256(abi.encode(proposalNonce));
        m.modelHash = keccak256("model-v1");
        m.inputHash = keccak256("inputs");
        m.justificationHash = keccak256("why");
        m.justificationURI = "ipfs://justification";
    }

    function _single(bytes memory data) internal view returns (Proposal memory p) {
        p.targets = new address[](1);
        p.targets[0] = address(controller);
        p.values = new uint256[](1);
        p.calldatas = new bytes[](1);
        p.calldatas[0] = data;
    }

    function _setParamData(uint8 id, uint256 expected, uint256 next) internal pure returns (bytes memory) {
        return abi.encodeCall(IPolicyController.setParameter, (id, expected, next));
    }

    function _propose(bytes memory data) internal returns (Proposal memory p) {
        p = _single(data);
        _submit(p);
    }

    function _submit(Proposal memory p) internal {
        ++proposalNonce;
        p.description = string.concat("decision #", vm.toString(proposalNonce));
        vm.prank(agent);
        p.id = governor.proposeDecision(p.targets, p.values, p.calldatas, p.description, _meta());
    }

    /// @dev A small fee change (30 -> 32 bps): optimistic lane.
    function _proposeSmall() internal returns (Proposal memory) {
        return _propose(_setParamData(PolicyParams.TRANSFER_FEE, 30, 32));
    }

    /// @dev A large fee change (30 -> 50 bps): full lane.
    function _proposeLarge() internal returns (Proposal memory) {
        return _propose(_setParamData(PolicyParams.TRANSFER_FEE, 30, 50));
    }

    function _toActive(Proposal memory p) internal {
        vm.warp(governor.proposalSnapshot(p.id) + 1);
    }

    function _toEnd(Proposal memory p) internal {
        vm.warp(governor.proposalDeadline(p.id) + 1);
    }

    function _vote(Proposal memory p, address voter, uint8 support) internal {
        vm.prank(voter);
        governor.castVote(p.id, support);
    }

    /// @dev For votes of whale A and one 20M holder: 80M = the 20 % quorum.
    function _passFullVote(Proposal memory p) internal {
        _toActive(p);
        _vote(p, whaleA, 1);
        _vote(p, holders[2], 1);
        _toEnd(p);
    }

    function _queue(Proposal memory p) internal {
        governor.queue(p.targets, p.values, p.calldatas, keccak256(bytes(p.description)));
    }

    function _execute(Proposal memory p) internal {
        governor.execute(p.targets, p.values, p.calldatas, keccak256(bytes(p.description)));
    }

    function _queueAndExecute(Proposal memory p) internal {
        _queue(p);
        vm.warp(governor.proposalEta(p.id));
        _execute(p);
    }

    function _cancelAsGuardian(Proposal memory p) internal {
        vm.prank(guardian);
        governor.cancel(p.targets, p.values, p.calldatas, keccak256(bytes(p.description)));
    }

    // ------------------------------------------------------------------ controller helpers

    function _asTimelock() internal {
        vm.prank(address(timelock));
    }

    function _set(uint8 id, uint256 next) internal {
        uint256 current = controller.parameter(id);
        vm.prank(address(timelock));
        controller.setParameter(id, current, next);
    }

    function _setReverts(uint8 id, uint256 next, bytes memory err) internal {
        uint256 current = controller.parameter(id);
        vm.expectRevert(err);
        vm.prank(address(timelock));
        controller.setParameter(id, current, next);
    }

    function _changeSupplyReverts(int256 delta, bytes memory err) internal {
        uint256 nonce = controller.supplyNonce();
        vm.expectRevert(err);
        vm.prank(address(timelock));
        controller.changeSupply(delta, nonce);
    }

    function _changeSupply(int256 delta) internal {
        uint256 nonce = controller.supplyNonce();
        vm.prank(address(timelock));
        controller.changeSupply(delta, nonce);
    }

    function _home(address account) internal view returns (uint256) {
        return IERC20(address(token)).balanceOf(account);
    }
}
