// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {BaseTest} from "./utils/BaseTest.sol";
import {Deploy} from "../script/Deploy.s.sol";
import {PolicyParams} from "../src/PolicyParams.sol";
import {IHomeostatGovernor} from "../src/interfaces/IHomeostatGovernor.sol";
import {IUniswapV2FactoryMinimal} from "../src/interfaces/IUniswapV2Minimal.sol";

/// Review hardening for deployments outside the local demo: with nothing delegated yet, the governor's quorum was 0
/// and a veto needed 1 wei of votes; the Uniswap factory's fee switch stayed with the deployer's key.
contract DeployDefaultsTest is BaseTest {
    /// A deployment as on a real chain: no local seeding, nobody has delegated.
    function _fresh() internal returns (Deploy.Deployment memory f) {
        Deploy.Config memory c = script.defaultConfig();
        c.seedLocal = false;
        f = script.deploy(c);
        vm.warp(block.timestamp + 1);
    }

    function test_nothingDelegated_quorumAndVetoAreFloorsOfTheTotalSupply() public {
        Deploy.Deployment memory f = _fresh();
        uint256 t = block.timestamp - 1;
        assertEq(f.token.getPastTotalVotes(t), 0);
        uint256 supply = IERC20(address(f.token)).totalSupply();
        (uint256 quorumFloor, uint256 vetoFloor) = f.governor.thresholdFloorsBps();
        assertEq(f.governor.quorum(t), supply * quorumFloor / 10_000);
        assertEq(f.governor.vetoThreshold(t), supply * vetoFloor / 10_000);
        assertGt(f.governor.quorum(t), 0);
        assertGt(f.governor.vetoThreshold(t), 1);
    }

    /// Before the fix, one wei delegated vetoed every optimistic proposal of a fresh deployment.
    function test_oneWeiOfVotes_cannotVetoAFreshDeployment() public {
        Deploy.Deployment memory f = _fresh();
        address griefer = makeAddr("griefer");
        // The deploying contract holds the float; one wei of it goes to the griefer, who delegates.
        vm.prank(address(script));
        IERC20(address(f.token)).transfer(griefer, 1);
        vm.prank(griefer);
        f.token.delegate(griefer);
        vm.warp(block.timestamp + 1);

        address[] memory targets = new address[](1);
        targets[0] = address(f.controller);
        uint256[] memory values = new uint256[](1);
        bytes[] memory calldatas = new bytes[](1);
        calldatas[0] = _setParamData(PolicyParams.TRANSFER_FEE, 30, 32);
        vm.prank(agent);
        uint256 id = f.governor.proposeDecision(targets, values, calldatas, "small fee change", _meta());
        assertEq(uint8(f.governor.proposalLane(id)), uint8(IHomeostatGovernor.Lane.Optimistic));
        vm.warp(f.governor.proposalSnapshot(id) + 1);
        vm.prank(griefer);
        f.governor.castVote(id, 0);
        vm.warp(f.governor.proposalDeadline(id) + 1);
        assertFalse(f.governor.isVetoed(id));
        assertEq(uint8(f.governor.state(id)), uint8(IGovernor.ProposalState.Succeeded));
    }

    /// The local deployment's thresholds are set by its delegated supply; the floors do not bind there.
    function test_localDeployment_floorsDoNotBind() public view {
        uint256 t = block.timestamp - 1;
        assertEq(governor.quorum(t), token.getPastTotalVotes(t) * 2000 / 10_000);
        assertEq(governor.vetoThreshold(t), token.getPastTotalVotes(t) * 1000 / 10_000);
    }

    function test_factoryFeeSwitch_belongsToTheTimelock() public view {
        assertEq(IUniswapV2FactoryMinimal(d.factory).feeToSetter(), address(timelock));
    }
}
