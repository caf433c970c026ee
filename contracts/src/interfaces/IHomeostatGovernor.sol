// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title IHomeostatGovernor
/// @notice Governance of AI-proposed policy changes. The agent proposes calls to the policy controller,
/// each with on-chain commitments (decision id, model hash, input-data hash, justification URI + hash). Holders vote
/// For = approve, Against = veto, Abstain. Small changes take the optimistic lane (pass unless Against reaches the veto
/// threshold of votable supply); large ones take the full lane (quorum of votable supply and For > Against). A vetoed
/// optimistic proposal can be escalated to a full vote. The guardian can cancel any proposal before execution.
/// Holders with at least {proposalThreshold} votes propose through the standard `propose`, always on the full lane,
/// calls from an allow-list of (target, selector) pairs that governance keeps: withdrawing the treasury's assets,
/// rotating every role (agent, guardian, operator, reporter, recorder, timelock roles), fee exemptions, unpausing.
interface IHomeostatGovernor {
    /// @notice A call holders may propose: `selector` on `target`.
    struct HolderCall {
        address target;
        bytes4 selector;
    }

    /// @notice Commitments an agent decision carries.
    /// @param decisionId The agent's id for the decision (non-zero).
    /// @param modelHash Hash of the model version that produced it (non-zero).
    /// @param inputHash Hash of the input data it saw (non-zero).
    /// @param justificationHash Hash of the justification document.
    /// @param justificationURI Where the justification document can be read.
    struct DecisionMetadata {
        bytes32 decisionId;
        bytes32 modelHash;
        bytes32 inputHash;
        bytes32 justificationHash;
        string justificationURI;
    }

    /// @notice Which voting rule applies to a proposal.
    enum Lane {
        Full,
        Optimistic
    }

    /// @notice The caller does not hold the proposer role.
    error HomeostatGovernor_UnauthorizedProposer(address caller);
    /// @notice Decision id, model hash or input hash was zero.
    error HomeostatGovernor_InvalidMetadata();
    /// @notice Action `index` targets something other than the policy controller.
    error HomeostatGovernor_InvalidTarget(uint256 index, address target);
    /// @notice Action `index` sends value.
    error HomeostatGovernor_InvalidValue(uint256 index, uint256 value);
    /// @notice Action `index` calls a controller function governance may not call.
    error HomeostatGovernor_InvalidSelector(uint256 index, bytes4 selector);
    /// @notice A required address was zero.
    error HomeostatGovernor_ZeroAddress();
    /// @notice A threshold in basis points was 0 or above 10 000.
    error HomeostatGovernor_InvalidThreshold(uint256 bps);
    /// @notice The proposal is not in the optimistic lane.
    error HomeostatGovernor_NotOptimistic(uint256 proposalId);
    /// @notice Only a vetoed (Defeated) optimistic proposal can be escalated.
    error HomeostatGovernor_NotVetoed(uint256 proposalId);
    /// @notice The proposal was already escalated to `escalatedId`.
    error HomeostatGovernor_AlreadyEscalated(uint256 proposalId, uint256 escalatedId);
    /// @notice The vote signature was already used (its nonce is spent).
    error HomeostatGovernor_SignatureReplayed(address voter, uint256 nonce);
    /// @notice The same action set (targets, values, calldatas) was vetoed or defeated in `rejectedProposalId`; it
    /// may not be proposed again (except by escalation) until `refusedUntil` (a timestamp) has passed.
    error HomeostatGovernor_RecentlyRejected(
        bytes32 actionsHash, uint256 rejectedProposalId, uint256 refusedUntil
    );
    /// @notice The same action set is already pending or being voted on in `liveProposalId`: one vote at a time, so
    /// parallel copies cannot outlast the holders' vetoes.
    error HomeostatGovernor_ActionsAlreadyLive(bytes32 actionsHash, uint256 liveProposalId);
    /// @notice A governed setting was out of its allowed range.
    error HomeostatGovernor_InvalidSetting(uint256 value);
    /// @notice Action `index` of a holder proposal calls `selector` on `target`, which is not on the allow-list.
    error HomeostatGovernor_CallNotAllowed(uint256 index, address target, bytes4 selector);
    /// @notice Only the deployer may set the first allow-list, once.
    error HomeostatGovernor_AllowListSet();

    /// @notice A decision was proposed; `proposalId` matches the standard ProposalCreated event.
    event DecisionProposed(
        uint256 indexed proposalId,
        bytes32 indexed decisionId,
        Lane lane,
        bytes32 modelHash,
        bytes32 inputHash,
        bytes32 justificationHash,
        string justificationURI
    );
    /// @notice A vetoed optimistic proposal was re-proposed as a full vote.
    event ProposalEscalated(uint256 indexed proposalId, uint256 indexed escalatedProposalId);
    /// @notice Governance changed how long a vetoed or defeated action set is refused (seconds).
    event RejectionCooldownUpdated(uint256 oldSeconds, uint256 newSeconds);
    /// @notice A (target, selector) pair was added to or removed from the holders' allow-list.
    event HolderCallUpdated(address indexed target, bytes4 indexed selector, bool allowed);
    /// @notice Governance replaced the agent (the account that proposes decisions).
    event ProposerUpdated(address oldProposer, address newProposer);
    /// @notice Governance replaced the guardian.
    event GuardianUpdated(address oldGuardian, address newGuardian);

    /// @notice Proposes calls to the policy controller with the decision's commitments. Proposer role only.
    /// @dev `targets` must all be the controller, `values` all zero; allowed selectors: setParameter, changeSupply,
    /// unpause. The lane is chosen here from the size of the change (see IPolicyController.isSmallChange).
    /// @return proposalId The standard OpenZeppelin proposal id (hash of the actions and keccak256(description)).
    function proposeDecision(
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata calldatas,
        string calldata description,
        DecisionMetadata calldata metadata
    ) external returns (uint256 proposalId);

    /// @notice Re-proposes a vetoed optimistic proposal as a full vote. Proposer role only, once per proposal.
    /// @dev The new proposal has the same actions and description `escalatedDescription(description, proposalId)`.
    /// @return escalatedProposalId The id of the new full-lane proposal.
    function escalate(
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata calldatas,
        string calldata description
    ) external returns (uint256 escalatedProposalId);

    /// @notice The description an escalated proposal carries (needed to queue/execute it).
    function escalatedDescription(string calldata description, uint256 proposalId)
        external
        pure
        returns (string memory);

    /// @notice The lane of `proposalId`.
    function proposalLane(uint256 proposalId) external view returns (Lane);

    /// @notice The full-lane proposal a vetoed optimistic proposal was escalated to (0 if none).
    function escalatedTo(uint256 proposalId) external view returns (uint256);

    /// @notice Against votes needed to veto an optimistic proposal whose snapshot is `timepoint`: `vetoThresholdBps`
    /// of the delegated supply, at least the veto floor of the total supply, at least 1.
    function vetoThreshold(uint256 timepoint) external view returns (uint256);

    /// @notice The floors under quorum and veto threshold, basis points of the total supply at the snapshot (2 % and
    /// 1 %): they bind only while little of the supply is delegated.
    function thresholdFloorsBps() external pure returns (uint256 quorumFloorBps, uint256 vetoFloorBps);

    /// @notice Whether the optimistic proposal `proposalId` has been vetoed (Against >= veto threshold).
    function isVetoed(uint256 proposalId) external view returns (bool);

    /// @notice Veto threshold in basis points of votable (delegated) supply at the snapshot.
    function vetoThresholdBps() external view returns (uint256);

    /// @notice Full-lane quorum in basis points of votable (delegated) supply at the snapshot.
    function quorumBps() external view returns (uint256);

    /// @notice The agent: the only account that may propose decisions and escalate.
    function proposer() external view returns (address);

    /// @notice May cancel any proposal before execution.
    function guardian() external view returns (address);

    /// @notice The only contract proposals may call.
    function policyController() external view returns (address);

    /// @notice Seconds after a vetoed or defeated proposal's deadline during which the same action set is refused.
    function rejectionCooldown() external view returns (uint256);

    /// @notice Seconds after its eta a queued proposal may still execute; after that its state is Expired.
    function gracePeriod() external view returns (uint256);

    /// @notice Sets {rejectionCooldown} (at most 365 days). Governance only (a proposal executed by the timelock).
    function setRejectionCooldown(uint256 seconds_) external;

    /// @notice Whether holders may propose calls of `selector` on `target`.
    function isHolderCallAllowed(address target, bytes4 selector) external view returns (bool);

    /// @notice The deployer's one-time first allow-list (before any proposal can have passed). Deployer only, once.
    function initHolderCalls(HolderCall[] calldata calls) external;

    /// @notice Adds or removes one (target, selector) pair of the holders' allow-list. Governance only.
    function setHolderCall(address target, bytes4 selector, bool allowed) external;

    /// @notice Replaces the agent, e.g. after its key is lost or compromised. Governance only.
    function setProposer(address newProposer) external;

    /// @notice Replaces the guardian. Governance only.
    function setGuardian(address newGuardian) external;

    /// @notice Votes a holder needs (at the previous second) to propose: 1 % of the delegated supply.
    function proposalThresholdBps() external pure returns (uint256);

    /// @notice keccak256(abi.encode(targets, values, calldatas)): the key under which rejections are remembered.
    function actionsHash(address[] calldata targets, uint256[] calldata values, bytes[] calldata calldatas)
        external
        pure
        returns (bytes32);

    /// @notice The newest proposal (0 if none) with the action set `actionsHash_`.
    function latestProposalFor(bytes32 actionsHash_) external view returns (uint256);
}
