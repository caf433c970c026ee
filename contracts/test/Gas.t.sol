// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {BaseTest} from "./utils/BaseTest.sol";
import {StockGovernor} from "./reference/StockGovernor.sol";
import {PolicyController} from "../src/PolicyController.sol";
import {PolicyParams} from "../src/PolicyParams.sol";
import {IPolicyController} from "../src/interfaces/IPolicyController.sol";

/// Gas of the Homeostat governor beside a stock OpenZeppelin governor, running the same action (a full-lane
/// objective-mode change on a policy controller) with the same voters. Storage is cooled before each measured call
/// (as in a fresh transaction); the token account is kept warm for both so neither is charged its first access.
contract GasTest is BaseTest {
    string internal constant MNEMONIC = "test test test test test test test test test test test junk";
    bytes32 internal constant BALLOT_TYPEHASH =
        keccak256("Ballot(uint256 proposalId,uint8 support,address voter,uint256 nonce)");

    StockGovernor internal stock;
    TimelockController internal stockTimelock;
    PolicyController internal stockController;
    uint256 internal sigVoterKey;
    address internal sigVoter;

    function setUp() public override {
        super.setUp();
        stockTimelock =
            new TimelockController(cfg.timelockDelay, new address[](0), new address[](0), address(this));
        // 4 % of total supply (40M) so the same two voters (80M) reach quorum on both governors.
        stock = new StockGovernor(IVotes(address(token)), stockTimelock, cfg.votingDelay, cfg.votingPeriod, 4);
        stockTimelock.grantRole(stockTimelock.PROPOSER_ROLE(), address(stock));
        stockTimelock.grantRole(stockTimelock.CANCELLER_ROLE(), address(stock));
        stockTimelock.grantRole(stockTimelock.EXECUTOR_ROLE(), address(stock));
        (IPolicyController.Guardrail[] memory g, uint256[] memory initial) = script.defaultGuardrails(1e6);
        stockController =
            new PolicyController(address(token), address(stockTimelock), guardian, 1 days, 200, g, initial);
        sigVoterKey = vm.deriveKey(MNEMONIC, 6);
        sigVoter = vm.addr(sigVoterKey);
        assertEq(sigVoter, holders[2]);
    }

    function _cool() internal {
        vm.cool(address(governor));
        vm.cool(address(stock));
        vm.cool(address(token));
        vm.cool(address(timelock));
        vm.cool(address(stockTimelock));
        vm.cool(address(controller));
        vm.cool(address(stockController));
        // vm.cool does not reliably cool account access; touch the token so both governors see it warm.
        token.clock();
    }

    function _sig(address gov, string memory name, uint256 id) internal view returns (bytes memory) {
        bytes32 domain = keccak256(
            abi.encode(
                keccak256(
                    "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
                ),
                keccak256(bytes(name)),
                keccak256("1"),
                block.chainid,
                gov
            )
        );
        bytes32 structHash = keccak256(abi.encode(BALLOT_TYPEHASH, id, uint8(1), sigVoter, uint256(0)));
        (uint8 v, bytes32 r, bytes32 s) =
            vm.sign(sigVoterKey, keccak256(abi.encodePacked("\x19\x01", domain, structHash)));
        return abi.encodePacked(r, s, v);
    }

    function test_gas_homeostatLifecycle() public {
        Proposal memory p = _single(_setParamData(PolicyParams.OBJECTIVE_MODE, 0, 1));
        p.description = "decision #gas";
        _cool();
        vm.prank(agent);
        p.id = governor.proposeDecision(p.targets, p.values, p.calldatas, p.description, _meta());
        uint256 propose = vm.snapshotGasLastCall("HomeostatGovernor", "propose");

        _toActive(p);
        _cool();
        vm.prank(whaleA);
        governor.castVote(p.id, 1);
        uint256 castVote = vm.snapshotGasLastCall("HomeostatGovernor", "castVote");

        bytes memory sig = _sig(address(governor), "HomeostatGovernor", p.id);
        _cool();
        governor.castVoteBySig(p.id, 1, sigVoter, sig);
        uint256 bySig = vm.snapshotGasLastCall("HomeostatGovernor", "castVoteBySig");

        _toEnd(p);
        _cool();
        governor.queue(p.targets, p.values, p.calldatas, keccak256(bytes(p.description)));
        uint256 queue = vm.snapshotGasLastCall("HomeostatGovernor", "queue");

        vm.warp(governor.proposalEta(p.id));
        _cool();
        governor.execute(p.targets, p.values, p.calldatas, keccak256(bytes(p.description)));
        uint256 execute = vm.snapshotGasLastCall("HomeostatGovernor", "execute");
        assertEq(controller.parameter(PolicyParams.OBJECTIVE_MODE), 1);

        vm.snapshotValue("HomeostatGovernor", "lifecycle", propose + castVote + bySig + queue + execute);
    }

    function test_gas_stockLifecycle() public {
        Proposal memory p = _single(_setParamData(PolicyParams.OBJECTIVE_MODE, 0, 1));
        p.targets[0] = address(stockController);
        p.description = "decision #gas";
        _cool();
        vm.prank(agent);
        p.id = stock.propose(p.targets, p.values, p.calldatas, p.description);
        uint256 propose = vm.snapshotGasLastCall("StockGovernor", "propose");

        vm.warp(stock.proposalSnapshot(p.id) + 1);
        _cool();
        vm.prank(whaleA);
        stock.castVote(p.id, 1);
        uint256 castVote = vm.snapshotGasLastCall("StockGovernor", "castVote");

        bytes memory sig = _sig(address(stock), "StockGovernor", p.id);
        _cool();
        stock.castVoteBySig(p.id, 1, sigVoter, sig);
        uint256 bySig = vm.snapshotGasLastCall("StockGovernor", "castVoteBySig");

        vm.warp(stock.proposalDeadline(p.id) + 1);
        _cool();
        stock.queue(p.targets, p.values, p.calldatas, keccak256(bytes(p.description)));
        uint256 queue = vm.snapshotGasLastCall("StockGovernor", "queue");

        vm.warp(stock.proposalEta(p.id));
        _cool();
        stock.execute(p.targets, p.values, p.calldatas, keccak256(bytes(p.description)));
        uint256 execute = vm.snapshotGasLastCall("StockGovernor", "execute");
        assertEq(stockController.parameter(PolicyParams.OBJECTIVE_MODE), 1);

        vm.snapshotValue("StockGovernor", "lifecycle", propose + castVote + bySig + queue + execute);
    }

    function test_gas_optimisticLifecycle() public {
        Proposal memory p = _single(_setParamData(PolicyParams.TRANSFER_FEE, 30, 32));
        p.description = "decision #gas-optimistic";
        _cool();
        vm.prank(agent);
        p.id = governor.proposeDecision(p.targets, p.values, p.calldatas, p.description, _meta());
        uint256 propose = vm.snapshotGasLastCall("HomeostatGovernor", "proposeOptimistic");
        _toEnd(p);
        _cool();
        governor.queue(p.targets, p.values, p.calldatas, keccak256(bytes(p.description)));
        uint256 queue = vm.snapshotGasLastCall("HomeostatGovernor", "queueOptimistic");
        vm.warp(governor.proposalEta(p.id));
        _cool();
        governor.execute(p.targets, p.values, p.calldatas, keccak256(bytes(p.description)));
        uint256 execute = vm.snapshotGasLastCall("HomeostatGovernor", "executeOptimistic");
        vm.snapshotValue("HomeostatGovernor", "lifecycleOptimistic", propose + queue + execute);
    }

    function test_gas_transferWithFee() public {
        address to = holders[3];
        _cool();
        vm.prank(holders[5]);
        IERC20(address(token)).transfer(to, 1_000e18);
        vm.snapshotGasLastCall("HomeostatToken", "transferWithFee");
        assertEq(token.transferFeeBps(), 30);
    }

    function test_gas_transferExempt() public {
        _cool();
        vm.prank(address(treasury));
        IERC20(address(token)).transfer(holders[3], 1_000e18);
        vm.snapshotGasLastCall("HomeostatToken", "transferExempt");
    }
}
