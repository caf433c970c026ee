// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {Votes} from "@openzeppelin/contracts/governance/utils/Votes.sol";
import {IERC6372} from "@openzeppelin/contracts/interfaces/IERC6372.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IHomeostatToken} from "./interfaces/IHomeostatToken.sol";
import {IPolicyController} from "./interfaces/IPolicyController.sol";
import {PolicyParams} from "./PolicyParams.sol";

/// @title HomeostatToken (HOME)
/// @notice ERC20 + permit + votes on a timestamp clock, with a transfer fee split between burning and the treasury.
/// @dev Besides OpenZeppelin's total-supply checkpoints it keeps checkpoints of the total *delegated* voting power,
/// so the governor can size quorum and veto threshold on the supply that can actually vote.
contract HomeostatToken is ERC20, ERC20Permit, ERC20Votes, IHomeostatToken {
    using Checkpoints for Checkpoints.Trace208;

    uint256 private constant BPS = 10_000;

    /// @dev May call `bind` once.
    address private immutable i_binder;

    // One slot: read once per transfer.
    address private s_treasury;
    uint16 private s_feeBps;
    uint16 private s_burnShareBps;

    address private s_controller;
    mapping(address account => bool) private s_feeExempt;
    Checkpoints.Trace208 private s_totalVotes;

    modifier onlyController() {
        if (msg.sender != s_controller) revert HomeostatToken_Unauthorized(msg.sender);
        _;
    }

    constructor(string memory name_, string memory symbol_, address initialHolder, uint256 initialSupply)
        ERC20(name_, symbol_)
        ERC20Permit(name_)
    {
        if (initialHolder == address(0)) revert HomeostatToken_ZeroAddress();
        i_binder = msg.sender;
        _mint(initialHolder, initialSupply);
    }

    /// @inheritdoc IHomeostatToken
    function bind(address controller, address treasury_, address[] calldata exempt) external {
        if (msg.sender != i_binder) revert HomeostatToken_Unauthorized(msg.sender);
        if (s_controller != address(0)) revert HomeostatToken_AlreadyBound();
        if (controller == address(0) || treasury_ == address(0)) revert HomeostatToken_ZeroAddress();
        s_controller = controller;
        s_treasury = treasury_;
        emit Bound(controller, treasury_);
        for (uint256 i; i < exempt.length; ++i) {
            if (exempt[i] == address(0)) revert HomeostatToken_ZeroAddress();
            s_feeExempt[exempt[i]] = true;
            emit FeeExemptionUpdated(exempt[i], true);
        }
        IPolicyController c = IPolicyController(controller);
        _setFeeParams(c.parameter(PolicyParams.TRANSFER_FEE), c.parameter(PolicyParams.BURN_SHARE));
    }

    /// @inheritdoc IHomeostatToken
    function setFeeParams(uint16 feeBps, uint16 burnShareBps_) external onlyController {
        _setFeeParams(feeBps, burnShareBps_);
    }

    /// @inheritdoc IHomeostatToken
    function setFeeExempt(address account, bool exempt) external onlyController {
        if (account == address(0)) revert HomeostatToken_ZeroAddress();
        s_feeExempt[account] = exempt;
        emit FeeExemptionUpdated(account, exempt);
    }

    /// @inheritdoc IHomeostatToken
    function mint(address to, uint256 amount) external onlyController {
        _mint(to, amount);
    }

    /// @inheritdoc IHomeostatToken
    function burn(address from, uint256 amount) external onlyController {
        _burn(from, amount);
    }

    /// @inheritdoc IHomeostatToken
    function policyController() external view returns (address) {
        return s_controller;
    }

    /// @inheritdoc IHomeostatToken
    function treasury() external view returns (address) {
        return s_treasury;
    }

    /// @inheritdoc IHomeostatToken
    function transferFeeBps() external view returns (uint256) {
        return s_feeBps;
    }

    /// @inheritdoc IHomeostatToken
    function burnShareBps() external view returns (uint256) {
        return s_burnShareBps;
    }

    /// @inheritdoc IHomeostatToken
    function isFeeExempt(address account) external view returns (bool) {
        return s_feeExempt[account];
    }

    /// @inheritdoc IHomeostatToken
    function totalVotes() external view returns (uint256) {
        return s_totalVotes.latest();
    }

    /// @inheritdoc IHomeostatToken
    function getPastTotalVotes(uint256 timepoint) external view returns (uint256) {
        return s_totalVotes.upperLookupRecent(_validateTimepoint(timepoint));
    }

    /// @notice ERC-6372 clock: block timestamp.
    function clock() public view override(IERC6372, Votes) returns (uint48) {
        return uint48(block.timestamp);
    }

    /// @notice ERC-6372 clock mode.
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override(IERC6372, Votes) returns (string memory) {
        return "mode=timestamp";
    }

    /// @inheritdoc ERC20Permit
    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }

    function _setFeeParams(uint256 feeBps, uint256 burnShareBps_) private {
        if (feeBps > BPS || burnShareBps_ > BPS) revert HomeostatToken_InvalidFee(feeBps, burnShareBps_);
        uint256 oldFee = s_feeBps;
        uint256 oldShare = s_burnShareBps;
        s_feeBps = uint16(feeBps);
        s_burnShareBps = uint16(burnShareBps_);
        emit FeeParamsUpdated(oldFee, feeBps, oldShare, burnShareBps_);
    }

    /// @dev Charges the fee on plain transfers between non-exempt accounts: part to the treasury, part burned.
    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        address treasury_ = s_treasury;
        uint256 feeBps = s_feeBps;
        if (feeBps != 0 && from != address(0) && to != address(0) && !s_feeExempt[from] && !s_feeExempt[to]) {
            uint256 fee = value * feeBps / BPS;
            if (fee != 0) {
                uint256 burned = fee * s_burnShareBps / BPS;
                uint256 toTreasury = fee - burned;
                if (toTreasury != 0) super._update(from, treasury_, toTreasury);
                if (burned != 0) super._update(from, address(0), burned);
                emit FeeCharged(from, to, toTreasury, burned);
                value -= fee;
            }
        }
        super._update(from, to, value);
    }

    /// @dev Tracks total delegated votes: power moving from "no delegate" to a delegate adds, the reverse subtracts.
    function _moveDelegateVotes(address from, address to, uint256 amount) internal override {
        super._moveDelegateVotes(from, to, amount);
        if (amount == 0 || (from == address(0)) == (to == address(0))) return;
        uint208 current = s_totalVotes.latest();
        uint208 delta = SafeCast.toUint208(amount);
        s_totalVotes.push(clock(), from == address(0) ? current + delta : current - delta);
    }
}
