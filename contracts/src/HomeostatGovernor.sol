// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IGovernor, Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {
    GovernorCountingSimple
} from "@openzeppelin/contracts/governance/extensions/GovernorCountingSimple.sol";
import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
import {
    GovernorTimelockControl
} from "@openzeppelin/contracts/governance/extensions/GovernorTimelockControl.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {IHomeostatGovernor} from "./interfaces/IHomeostatGovernor.sol";
import {IHomeostatToken} from "./interfaces/IHomeostatToken.sol";
import {IPolicyController} from "./interfaces/IPolicyController.sol";

/// @title HomeostatGovernor
/// @notice OpenZeppelin Governor (bravo counting, timestamp clock, timelock control) with an agent-only proposer,
/// policy-controller-only actions, decision commitments, two lanes and escalation. See IHomeostatGovernor.
/// @dev Quorum and veto threshold are fractions of the *delegated* supply at the proposal's snapshot, so a
/// proposal's own mint or burn (executed after the snapshot) cannot move its own thresholds.
contract HomeostatGovernor is
    Governor,
    GovernorCountingSimple,
    GovernorVotes,
    GovernorTimelockControl,
    IHomeostatGovernor
{
    uint256 private constant BPS = 10_000;
    /// @dev Default refusal of a vetoed/defeated action set: 3 days, the agent's own default veto memory (72 h).
    uint256 private constant DEFAULT_REJECTION_COOLDOWN = 3 days;
    uint256 private constant MAX_SETTING = 365 days;
    /// @dev A queued proposal may be executed for this long after its eta, then it is Expired (review finding M-2:
    /// a proposal that reverted StaleValue/TooSoon/Paused must not wait, queued, until the chain matches it again).
    uint256 private constant GRACE_PERIOD = 7 days;
    /// @dev Votes a holder needs to propose (review finding M-3: holders, not only the agent, must be able to rotate
    /// roles and unpause), basis points of the delegated supply one second before the proposal.
    uint256 private constant PROPOSAL_THRESHOLD_BPS = 100;
    /// @dev Floors under the thresholds, basis points of the *total* supply at the snapshot (review hardening): with
    /// little or nothing delegated (a fresh deploy on a real chain, before holders delegate), quorum would be 0 and one
    /// wei of delegated votes would veto every optimistic proposal.
    uint256 private constant QUORUM_FLOOR_BPS = 200;
    uint256 private constant VETO_FLOOR_BPS = 100;

    address private immutable i_controller;
    address private immutable i_deployer;
    uint48 private immutable i_votingDelay;
    uint32 private immutable i_votingPeriod;
    uint16 private immutable i_quorumBps;
    uint16 private immutable i_vetoBps;

    /// @dev Only optimistic proposals are recorded; absence means the full lane (saves a write on large changes).
    mapping(uint256 proposalId => bool) private s_optimistic;
    mapping(uint256 proposalId => uint256) private s_escalatedTo;
    /// @dev Newest proposal per action set. Proposals of one action set never overlap in voting (a live one refuses
    /// copies), so the newest is the one whose veto or defeat decides whether the set is refused.
    mapping(bytes32 actionsHash => uint256 proposalId) private s_latestProposalFor;
    uint256 private s_rejectionCooldown;
    /// @dev The agent and the guardian: rotatable by governance (M-3), so a lost or compromised key can be replaced.
    address private s_proposer;
    address private s_guardian;
    bool private s_holderCallsInitialized;
    /// @dev What holders' proposals may call (M-3): the timelock's other contracts, their role setters, itself.
    mapping(address target => mapping(bytes4 selector => bool)) private s_holderCalls;

    /// @param token_ The HOME token (ERC20Votes, timestamp clock).
    /// @param timelock_ The timelock that owns the policy controller.
    /// @param controller The only contract proposals may call.
    /// @param proposer_ The agent.
    /// @param guardian_ May cancel any proposal before execution.
    /// @param votingDelay_ Seconds between proposal and snapshot (voting starts right after the snapshot).
    /// @param votingPeriod_ Seconds of voting.
    /// @param quorumBps_ Full-lane quorum (For + Abstain), basis points of delegated supply at the snapshot.
    /// @param vetoBps_ Optimistic-lane veto threshold (Against), basis points of delegated supply at the snapshot.
    constructor(
        IHomeostatToken token_,
        TimelockController timelock_,
        address controller,
        address proposer_,
        address guardian_,
        uint48 votingDelay_,
        uint32 votingPeriod_,
        uint16 quorumBps_,
        uint16 vetoBps_
    )
        Governor("HomeostatGovernor")
        GovernorVotes(IVotes(address(token_)))
        GovernorTimelockControl(timelock_)
    {
        if (
            address(token_) == address(0) || address(timelock_) == address(0) || controller == address(0)
                || proposer_ == address(0) || guardian_ == address(0)
        ) revert HomeostatGovernor_ZeroAddress();
        if (quorumBps_ == 0 || quorumBps_ > BPS) revert HomeostatGovernor_InvalidThreshold(quorumBps_);
        if (vetoBps_ == 0 || vetoBps_ > BPS) revert HomeostatGovernor_InvalidThreshold(vetoBps_);
        if (votingPeriod_ == 0) revert GovernorInvalidVotingPeriod(0);
        i_controller = controller;
        i_deployer = msg.sender;
        s_proposer = proposer_;
        s_guardian = guardian_;
        i_votingDelay = votingDelay_;
        i_votingPeriod = votingPeriod_;
        i_quorumBps = quorumBps_;
        i_vetoBps = vetoBps_;
        s_rejectionCooldown = DEFAULT_REJECTION_COOLDOWN;
    }

    // ------------------------------------------------------------------ proposing

    /// @inheritdoc IHomeostatGovernor
    function proposeDecision(
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata calldatas,
        string calldata description,
        DecisionMetadata calldata metadata
    ) external returns (uint256 proposalId) {
        if (msg.sender != s_proposer) {
            revert HomeostatGovernor_UnauthorizedProposer(msg.sender);
        }
        if (metadata.decisionId == 0 || metadata.modelHash == 0 || metadata.inputHash == 0) {
            revert HomeostatGovernor_InvalidMetadata();
        }
        bool small = _validateActions(targets, values, calldatas);
        bytes32 key = _refuseRepeat(actionsHash(targets, values, calldatas), false);
        proposalId = _propose(targets, values, calldatas, description, msg.sender);
        s_latestProposalFor[key] = proposalId;
        if (small) s_optimistic[proposalId] = true;
        emit DecisionProposed(
            proposalId,
            metadata.decisionId,
            small ? Lane.Optimistic : Lane.Full,
            metadata.modelHash,
            metadata.inputHash,
            metadata.justificationHash,
            metadata.justificationURI
        );
    }

    /// @notice A holder's proposal: always the full lane (quorum and For > Against), only calls on the allow-list
    /// ({isHolderCallAllowed}), without value, by an account with at least {proposalThreshold} votes. Repeats of a
    /// live, vetoed or defeated action set are refused as for the agent's decisions.
    function propose(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        string memory description
    ) public override returns (uint256 proposalId) {
        if (targets.length != values.length || targets.length != calldatas.length || targets.length == 0) {
            revert GovernorInvalidProposalLength(targets.length, calldatas.length, values.length);
        }
        for (uint256 i; i < targets.length; ++i) {
            if (values[i] != 0) revert HomeostatGovernor_InvalidValue(i, values[i]);
            bytes4 selector = bytes4(calldatas[i]);
            if (!s_holderCalls[targets[i]][selector]) {
                revert HomeostatGovernor_CallNotAllowed(i, targets[i], selector);
            }
        }
        bytes32 key = _refuseRepeat(keccak256(abi.encode(targets, values, calldatas)), false);
        proposalId = super.propose(targets, values, calldatas, description);
        s_latestProposalFor[key] = proposalId;
    }

    /// @notice {PROPOSAL_THRESHOLD_BPS} of the delegated supply one second ago (the agent's decisions need none).
    function proposalThreshold() public view override returns (uint256) {
        return IHomeostatToken(address(token())).getPastTotalVotes(clock() - 1) * PROPOSAL_THRESHOLD_BPS / BPS;
    }

    /// @inheritdoc IHomeostatGovernor
    function proposalThresholdBps() external pure returns (uint256) {
        return PROPOSAL_THRESHOLD_BPS;
    }

    /// @inheritdoc IHomeostatGovernor
    function escalate(
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata calldatas,
        string calldata description
    ) external returns (uint256 escalatedProposalId) {
        if (msg.sender != s_proposer) {
            revert HomeostatGovernor_UnauthorizedProposer(msg.sender);
        }
        uint256 proposalId = getProposalId(targets, values, calldatas, keccak256(bytes(description)));
        if (!s_optimistic[proposalId]) revert HomeostatGovernor_NotOptimistic(proposalId);
        uint256 existing = s_escalatedTo[proposalId];
        if (existing != 0) revert HomeostatGovernor_AlreadyEscalated(proposalId, existing);
        if (state(proposalId) != ProposalState.Defeated) revert HomeostatGovernor_NotVetoed(proposalId);
        // Escalation is the full vote on the vetoed set itself, so the veto does not refuse it; a live copy does.
        bytes32 key = _refuseRepeat(actionsHash(targets, values, calldatas), true);

        escalatedProposalId =
            _propose(targets, values, calldatas, escalatedDescription(description, proposalId), msg.sender);
        s_latestProposalFor[key] = escalatedProposalId;
        s_escalatedTo[proposalId] = escalatedProposalId;
        emit ProposalEscalated(proposalId, escalatedProposalId);
    }

    /// @inheritdoc IHomeostatGovernor
    function escalatedDescription(string calldata description, uint256 proposalId)
        public
        pure
        returns (string memory)
    {
        return string.concat(description, "\n\nEscalated from proposal ", Strings.toString(proposalId));
    }

    // ------------------------------------------------------------------ voting

    /// @notice Casts a vote by EIP-712 signature. A signature whose nonce is already spent reverts with
    /// {HomeostatGovernor_SignatureReplayed}; one for another chain, governor or signer with GovernorInvalidSignature.
    function castVoteBySig(uint256 proposalId, uint8 support, address voter, bytes memory signature)
        public
        override
        returns (uint256)
    {
        if (!_validateVoteSig(proposalId, support, voter, signature)) {
            // _validateVoteSig spent nonce n = nonces(voter) - 1; a signature valid for n - 1 is a replay.
            uint256 used = nonces(voter) - 1;
            if (used != 0 && _isBallotSignedFor(proposalId, support, voter, used - 1, signature)) {
                revert HomeostatGovernor_SignatureReplayed(voter, used - 1);
            }
            revert GovernorInvalidSignature(voter);
        }
        return _castVote(proposalId, voter, support, "");
    }

    // ------------------------------------------------------------------ lanes and thresholds

    /// @inheritdoc IHomeostatGovernor
    function proposalLane(uint256 proposalId) external view returns (Lane) {
        return s_optimistic[proposalId] ? Lane.Optimistic : Lane.Full;
    }

    /// @inheritdoc IHomeostatGovernor
    function escalatedTo(uint256 proposalId) external view returns (uint256) {
        return s_escalatedTo[proposalId];
    }

    /// @inheritdoc IHomeostatGovernor
    function rejectionCooldown() external view returns (uint256) {
        return s_rejectionCooldown;
    }

    /// @inheritdoc IHomeostatGovernor
    function setRejectionCooldown(uint256 seconds_) external onlyGovernance {
        if (seconds_ > MAX_SETTING) revert HomeostatGovernor_InvalidSetting(seconds_);
        emit RejectionCooldownUpdated(s_rejectionCooldown, seconds_);
        s_rejectionCooldown = seconds_;
    }

    /// @inheritdoc IHomeostatGovernor
    function isHolderCallAllowed(address target, bytes4 selector) external view returns (bool) {
        return s_holderCalls[target][selector];
    }

    /// @inheritdoc IHomeostatGovernor
    function initHolderCalls(HolderCall[] calldata calls) external {
        if (msg.sender != i_deployer || s_holderCallsInitialized) revert HomeostatGovernor_AllowListSet();
        s_holderCallsInitialized = true;
        for (uint256 i; i < calls.length; ++i) {
            _setHolderCall(calls[i].target, calls[i].selector, true);
        }
    }

    /// @inheritdoc IHomeostatGovernor
    function setHolderCall(address target, bytes4 selector, bool allowed) external onlyGovernance {
        _setHolderCall(target, selector, allowed);
    }

    /// @inheritdoc IHomeostatGovernor
    function setProposer(address newProposer) external onlyGovernance {
        if (newProposer == address(0)) revert HomeostatGovernor_ZeroAddress();
        emit ProposerUpdated(s_proposer, newProposer);
        s_proposer = newProposer;
    }

    /// @inheritdoc IHomeostatGovernor
    function setGuardian(address newGuardian) external onlyGovernance {
        if (newGuardian == address(0)) revert HomeostatGovernor_ZeroAddress();
        emit GuardianUpdated(s_guardian, newGuardian);
        s_guardian = newGuardian;
    }

    /// @inheritdoc IHomeostatGovernor
    function actionsHash(address[] calldata targets, uint256[] calldata values, bytes[] calldata calldatas)
        public
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(targets, values, calldatas));
    }

    /// @inheritdoc IHomeostatGovernor
    function latestProposalFor(bytes32 actionsHash_) external view returns (uint256) {
        return s_latestProposalFor[actionsHash_];
    }

    /// @notice Full-lane quorum: `quorumBps` of the delegated supply at `timepoint`, and at least
    /// {QUORUM_FLOOR_BPS} of the total supply then.
    function quorum(uint256 timepoint) public view override returns (uint256) {
        uint256 q = IHomeostatToken(address(token())).getPastTotalVotes(timepoint) * i_quorumBps / BPS;
        uint256 floor = token().getPastTotalSupply(timepoint) * QUORUM_FLOOR_BPS / BPS;
        return q > floor ? q : floor;
    }

    /// @inheritdoc IHomeostatGovernor
    function vetoThreshold(uint256 timepoint) public view returns (uint256) {
        uint256 votable = IHomeostatToken(address(token())).getPastTotalVotes(timepoint);
        uint256 threshold = (votable * i_vetoBps + BPS - 1) / BPS;
        uint256 floor = token().getPastTotalSupply(timepoint) * VETO_FLOOR_BPS / BPS;
        if (threshold < floor) threshold = floor;
        return threshold == 0 ? 1 : threshold;
    }

    /// @inheritdoc IHomeostatGovernor
    function thresholdFloorsBps() external pure returns (uint256 quorumFloorBps, uint256 vetoFloorBps) {
        return (QUORUM_FLOOR_BPS, VETO_FLOOR_BPS);
    }

    /// @inheritdoc IHomeostatGovernor
    function isVetoed(uint256 proposalId) public view returns (bool) {
        (uint256 againstVotes,,) = proposalVotes(proposalId);
        return againstVotes >= vetoThreshold(proposalSnapshot(proposalId));
    }

    /// @inheritdoc IHomeostatGovernor
    function vetoThresholdBps() external view returns (uint256) {
        return i_vetoBps;
    }

    /// @inheritdoc IHomeostatGovernor
    function quorumBps() external view returns (uint256) {
        return i_quorumBps;
    }

    /// @inheritdoc IHomeostatGovernor
    function proposer() external view returns (address) {
        return s_proposer;
    }

    /// @inheritdoc IHomeostatGovernor
    function guardian() external view returns (address) {
        return s_guardian;
    }

    /// @inheritdoc IHomeostatGovernor
    function policyController() external view returns (address) {
        return i_controller;
    }

    /// @inheritdoc IGovernor
    function votingDelay() public view override returns (uint256) {
        return i_votingDelay;
    }

    /// @inheritdoc IGovernor
    function votingPeriod() public view override returns (uint256) {
        return i_votingPeriod;
    }

    /// @notice ERC-6372 clock: block timestamp (the token uses the same clock), read without a call to the token.
    function clock() public view override(Governor, GovernorVotes) returns (uint48) {
        return uint48(block.timestamp);
    }

    /// @notice ERC-6372 clock mode.
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override(Governor, GovernorVotes) returns (string memory) {
        return "mode=timestamp";
    }

    // ------------------------------------------------------------------ OpenZeppelin plumbing

    /// @inheritdoc IHomeostatGovernor
    function gracePeriod() external pure returns (uint256) {
        return GRACE_PERIOD;
    }

    /// @notice OpenZeppelin's states, plus Expired for a queued proposal not executed within {gracePeriod} of its eta
    /// (it can then never execute; the timelock's executor is this governor alone).
    function state(uint256 proposalId)
        public
        view
        override(Governor, GovernorTimelockControl)
        returns (ProposalState)
    {
        ProposalState s = super.state(proposalId);
        if (s == ProposalState.Queued && block.timestamp > proposalEta(proposalId) + GRACE_PERIOD) {
            return ProposalState.Expired;
        }
        return s;
    }

    /// @inheritdoc IGovernor
    function proposalNeedsQueuing(uint256 proposalId)
        public
        view
        override(Governor, GovernorTimelockControl)
        returns (bool)
    {
        return super.proposalNeedsQueuing(proposalId);
    }

    /// @dev Optimistic proposals need no quorum; full ones need For + Abstain >= quorum.
    function _quorumReached(uint256 proposalId)
        internal
        view
        override(Governor, GovernorCountingSimple)
        returns (bool)
    {
        if (s_optimistic[proposalId]) return true;
        return super._quorumReached(proposalId);
    }

    /// @dev Optimistic proposals pass unless vetoed; full ones need For > Against.
    function _voteSucceeded(uint256 proposalId)
        internal
        view
        override(Governor, GovernorCountingSimple)
        returns (bool)
    {
        if (s_optimistic[proposalId]) return !isVetoed(proposalId);
        return super._voteSucceeded(proposalId);
    }

    /// @dev The guardian may cancel in any state before execution; the proposer while Pending.
    function _validateCancel(uint256 proposalId, address caller) internal view override returns (bool) {
        return caller == s_guardian || super._validateCancel(proposalId, caller);
    }

    function _queueOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint48) {
        return super._queueOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _executeOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) {
        super._executeOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _cancel(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint256) {
        return super._cancel(targets, values, calldatas, descriptionHash);
    }

    function _executor() internal view override(Governor, GovernorTimelockControl) returns (address) {
        return super._executor();
    }

    // ------------------------------------------------------------------ internals

    /// @dev Only calls to the controller, without value, with an allowed selector. Returns whether all are small.
    function _validateActions(
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata calldatas
    ) private view returns (bool small) {
        if (targets.length != values.length || targets.length != calldatas.length || targets.length == 0) {
            revert GovernorInvalidProposalLength(targets.length, calldatas.length, values.length);
        }
        small = true;
        for (uint256 i; i < targets.length; ++i) {
            if (targets[i] != i_controller) revert HomeostatGovernor_InvalidTarget(i, targets[i]);
            if (values[i] != 0) revert HomeostatGovernor_InvalidValue(i, values[i]);
            bytes calldata data = calldatas[i];
            bytes4 selector = data.length >= 4 ? bytes4(data[:4]) : bytes4(0);
            if (
                selector != IPolicyController.setParameter.selector
                    && selector != IPolicyController.changeSupply.selector
                    && selector != IPolicyController.unpause.selector
            ) revert HomeostatGovernor_InvalidSelector(i, selector);
            if (small && !IPolicyController(i_controller).isSmallChange(data)) small = false;
        }
    }

    function _setHolderCall(address target, bytes4 selector, bool allowed) private {
        if (target == address(0)) revert HomeostatGovernor_ZeroAddress();
        s_holderCalls[target][selector] = allowed;
        emit HolderCallUpdated(target, selector, allowed);
    }

    /// @dev Refuses the action set `key` ({actionsHash}) while a copy is pending or active, and (unless `escalation`)
    /// while its newest proposal is vetoed/defeated and within the cooldown after that proposal's deadline.
    function _refuseRepeat(bytes32 key, bool escalation) private view returns (bytes32) {
        uint256 previous = s_latestProposalFor[key];
        if (previous == 0) return key;
        ProposalState s = state(previous);
        if (s == ProposalState.Pending || s == ProposalState.Active) {
            revert HomeostatGovernor_ActionsAlreadyLive(key, previous);
        }
        if (s == ProposalState.Defeated && !escalation) {
            uint256 until = proposalDeadline(previous) + s_rejectionCooldown;
            if (block.timestamp <= until) revert HomeostatGovernor_RecentlyRejected(key, previous, until);
        }
        return key;
    }

    function _isBallotSignedFor(
        uint256 proposalId,
        uint8 support,
        address voter,
        uint256 nonce,
        bytes memory sig
    ) private view returns (bool) {
        bytes32 digest = _hashTypedDataV4(
            keccak256(abi.encode(BALLOT_TYPEHASH, proposalId, support, voter, nonce))
        );
        return SignatureChecker.isValidSignatureNow(voter, digest, sig);
    }
}
