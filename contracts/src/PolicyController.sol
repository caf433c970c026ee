// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IPolicyController} from "./interfaces/IPolicyController.sol";
import {IHomeostatToken} from "./interfaces/IHomeostatToken.sol";
import {IStaking} from "./interfaces/IStaking.sol";
import {PolicyParams} from "./PolicyParams.sol";

/// @title PolicyController
/// @notice The guardrails, as data, checked in one place. Owned by the timelock (so by governance); the guardian can
/// pause at once; the rolling supply budget covers every mint and burn the controller performs.
contract PolicyController is IPolicyController {
    uint256 private constant BPS = 10_000;
    /// @dev Supply changes remembered for the rolling window. More than this inside one window reverts.
    uint256 private constant RING_SIZE = 32;
    /// @dev Buyback burns merge per 1/16 of the window (90 min of a 24 h window). At most 17 buckets touch one window
    /// and each governance change splits at most one more, so with G governance changes in the window buybacks hold
    /// at most 17 + G slots and all changes 17 + 2G: below 32 while G <= 7 (a 6 h supply minDelay allows 5).
    uint256 private constant BUYBACK_BUCKETS = 16;

    struct ParamState {
        uint208 value;
        uint48 lastChangedAt;
    }

    /// @dev One remembered supply change. Buyback burns in the same bucket merge into one entry (see
    /// {_applySupplyChange}): `at` is then the newest burn's time, `delta` their sum.
    struct SupplyEntry {
        uint48 at;
        int200 delta;
        bool buyback;
    }

    IHomeostatToken private immutable i_token;
    address private immutable i_owner;
    address private immutable i_deployer;
    uint256 private immutable i_windowLength;
    uint256 private immutable i_budgetBps;

    /// @dev Rotatable by governance (review finding M-3): a lost or compromised guardian key can be replaced.
    address private s_guardian;
    address private s_staking;
    address private s_treasury;
    bool private s_paused;
    uint64 private s_supplyNonce;
    uint64 private s_supplyCount;

    mapping(uint8 id => Guardrail) private s_guardrails;
    mapping(uint8 id => ParamState) private s_params;
    SupplyEntry[RING_SIZE] private s_ring;

    modifier onlyOwner() {
        if (msg.sender != i_owner) revert PolicyController_Unauthorized(msg.sender);
        _;
    }

    modifier whenNotPaused() {
        if (s_paused) revert PolicyController_Paused();
        _;
    }

    /// @param token_ The HOME token.
    /// @param owner_ The timelock.
    /// @param guardian_ May pause at once.
    /// @param windowLength Rolling supply window, seconds (24 h in production).
    /// @param budgetBps Net supply change allowed within one window, basis points of total supply (200 = 2 %).
    /// @param guardrails Guardrail per parameter id (index = id).
    /// @param initialValues Initial value per parameter id (SUPPLY's entry is ignored: it is the token's supply).
    constructor(
        address token_,
        address owner_,
        address guardian_,
        uint256 windowLength,
        uint256 budgetBps,
        Guardrail[] memory guardrails,
        uint256[] memory initialValues
    ) {
        if (token_ == address(0) || owner_ == address(0) || guardian_ == address(0)) {
            revert PolicyController_ZeroAddress();
        }
        if (guardrails.length != PolicyParams.COUNT || initialValues.length != PolicyParams.COUNT) {
            revert PolicyController_InvalidGuardrail(uint8(guardrails.length));
        }
        if (windowLength == 0 || budgetBps == 0 || budgetBps > BPS) {
            revert PolicyController_InvalidGuardrail(PolicyParams.SUPPLY);
        }
        i_token = IHomeostatToken(token_);
        i_owner = owner_;
        s_guardian = guardian_;
        i_deployer = msg.sender;
        i_windowLength = windowLength;
        i_budgetBps = budgetBps;
        for (uint8 id; id < PolicyParams.COUNT; ++id) {
            Guardrail memory g = guardrails[id];
            if (g.min > g.max || g.smallStep > g.maxStep) revert PolicyController_InvalidGuardrail(id);
            if (id != PolicyParams.SUPPLY) {
                uint256 v = initialValues[id];
                if (v < g.min || v > g.max) revert PolicyController_InvalidGuardrail(id);
                s_params[id].value = uint208(v);
            }
            s_guardrails[id] = g;
        }
        uint256 maxBps = BPS;
        if (
            guardrails[PolicyParams.BURN_SHARE].max > maxBps
                || guardrails[PolicyParams.TRANSFER_FEE].max > maxBps
        ) {
            revert PolicyController_InvalidGuardrail(PolicyParams.TRANSFER_FEE);
        }
        if (guardrails[PolicyParams.POL_MAX_SHARE].max > maxBps) {
            revert PolicyController_InvalidGuardrail(PolicyParams.POL_MAX_SHARE);
        }
        if (initialValues[PolicyParams.RANGE_LOWER_BAND] >= initialValues[PolicyParams.RANGE_UPPER_BAND]) {
            revert PolicyController_InvalidGuardrail(PolicyParams.RANGE_UPPER_BAND);
        }
    }

    /// @inheritdoc IPolicyController
    function connect(address staking_, address treasury_) external {
        if (msg.sender != i_deployer) revert PolicyController_Unauthorized(msg.sender);
        if (s_staking != address(0)) revert PolicyController_AlreadyConnected();
        if (staking_ == address(0) || treasury_ == address(0)) revert PolicyController_ZeroAddress();
        s_staking = staking_;
        s_treasury = treasury_;
        emit Connected(staking_, treasury_);
        IStaking(staking_).setRewardRate(s_params[PolicyParams.REWARD_RATE].value);
    }

    /// @inheritdoc IPolicyController
    function setParameter(uint8 id, uint256 expectedCurrent, uint256 newValue)
        external
        onlyOwner
        whenNotPaused
    {
        if (id >= PolicyParams.COUNT) revert PolicyController_UnknownParameter(id);
        if (id == PolicyParams.SUPPLY) revert PolicyController_NotSettable(id);
        ParamState memory p = s_params[id];
        if (p.value != expectedCurrent) revert PolicyController_StaleValue(id, expectedCurrent, p.value);
        _validateUpdate(id, p.value, newValue, p.lastChangedAt);
        if (id == PolicyParams.RANGE_LOWER_BAND) {
            uint256 upper = s_params[PolicyParams.RANGE_UPPER_BAND].value;
            if (newValue >= upper) revert PolicyController_BandsCrossed(newValue, upper);
        } else if (id == PolicyParams.RANGE_UPPER_BAND) {
            uint256 lower = s_params[PolicyParams.RANGE_LOWER_BAND].value;
            if (newValue <= lower) revert PolicyController_BandsCrossed(lower, newValue);
        }

        s_params[id] = ParamState({value: uint208(newValue), lastChangedAt: uint48(block.timestamp)});
        emit ParameterUpdated(id, p.value, newValue);

        if (id == PolicyParams.TRANSFER_FEE) {
            i_token.setFeeParams(uint16(newValue), uint16(s_params[PolicyParams.BURN_SHARE].value));
        } else if (id == PolicyParams.BURN_SHARE) {
            i_token.setFeeParams(uint16(s_params[PolicyParams.TRANSFER_FEE].value), uint16(newValue));
        } else if (id == PolicyParams.REWARD_RATE) {
            IStaking(s_staking).setRewardRate(newValue);
        }
    }

    /// @inheritdoc IPolicyController
    function changeSupply(int256 delta, uint256 expectedNonce) external onlyOwner whenNotPaused {
        uint256 nonce = s_supplyNonce;
        if (nonce != expectedNonce) revert PolicyController_StaleSupplyNonce(expectedNonce, nonce);
        if (delta == 0) revert PolicyController_NoChange(PolicyParams.SUPPLY);
        uint256 supply = i_token.totalSupply();
        uint256 newSupply = delta > 0 ? supply + uint256(delta) : supply - _abs(delta);
        uint48 last = s_params[PolicyParams.SUPPLY].lastChangedAt;
        _validateUpdate(PolicyParams.SUPPLY, supply, newSupply, last);

        s_supplyNonce = uint64(nonce + 1);
        s_params[PolicyParams.SUPPLY].lastChangedAt = uint48(block.timestamp);
        _applySupplyChange(delta, supply, false);
    }

    /// @inheritdoc IPolicyController
    function burnBuyback(uint256 amount) external whenNotPaused {
        if (msg.sender != s_treasury) revert PolicyController_Unauthorized(msg.sender);
        if (amount == 0) revert PolicyController_NoChange(PolicyParams.SUPPLY);
        uint256 supply = i_token.totalSupply();
        uint256 min = s_guardrails[PolicyParams.SUPPLY].min;
        if (supply - amount < min) {
            revert PolicyController_BelowMin(PolicyParams.SUPPLY, supply - amount, min);
        }
        _applySupplyChange(-int256(amount), supply, true);
    }

    /// @inheritdoc IPolicyController
    function pause() external {
        if (msg.sender != s_guardian && msg.sender != i_owner) {
            revert PolicyController_Unauthorized(msg.sender);
        }
        if (s_paused) revert PolicyController_Paused();
        s_paused = true;
        emit Paused(msg.sender);
    }

    /// @inheritdoc IPolicyController
    function unpause() external onlyOwner {
        if (!s_paused) revert PolicyController_NotPaused();
        s_paused = false;
        emit Unpaused(msg.sender);
    }

    /// @inheritdoc IPolicyController
    function setGuardian(address newGuardian) external onlyOwner {
        if (newGuardian == address(0)) revert PolicyController_ZeroAddress();
        emit GuardianUpdated(s_guardian, newGuardian);
        s_guardian = newGuardian;
    }

    /// @inheritdoc IPolicyController
    function setFeeExempt(address account, bool exempt) external onlyOwner {
        i_token.setFeeExempt(account, exempt);
    }

    /// @inheritdoc IPolicyController
    function parameter(uint8 id) public view returns (uint256) {
        if (id >= PolicyParams.COUNT) revert PolicyController_UnknownParameter(id);
        if (id == PolicyParams.SUPPLY) return i_token.totalSupply();
        return s_params[id].value;
    }

    /// @inheritdoc IPolicyController
    function guardrail(uint8 id) external view returns (Guardrail memory) {
        if (id >= PolicyParams.COUNT) revert PolicyController_UnknownParameter(id);
        return s_guardrails[id];
    }

    /// @inheritdoc IPolicyController
    function lastChangedAt(uint8 id) external view returns (uint256) {
        if (id >= PolicyParams.COUNT) revert PolicyController_UnknownParameter(id);
        return s_params[id].lastChangedAt;
    }

    /// @inheritdoc IPolicyController
    function nextChangeAllowedAt(uint8 id) public view returns (uint256) {
        if (id >= PolicyParams.COUNT) revert PolicyController_UnknownParameter(id);
        uint256 last = s_params[id].lastChangedAt;
        return last == 0 ? 0 : last + s_guardrails[id].minDelay;
    }

    /// @inheritdoc IPolicyController
    function supplyNonce() external view returns (uint256) {
        return s_supplyNonce;
    }

    /// @inheritdoc IPolicyController
    function supplyWindow() external view returns (int256 netChange, uint256 budget) {
        uint256 cutoff = _cutoff();
        uint256 count = s_supplyCount;
        netChange = _windowNet(cutoff, count);
        budget = _budget(i_token.totalSupply(), _windowMints(cutoff, count));
    }

    /// @inheritdoc IPolicyController
    function supplyWindowLength() external view returns (uint256) {
        return i_windowLength;
    }

    /// @inheritdoc IPolicyController
    function supplyBudgetBps() external view returns (uint256) {
        return i_budgetBps;
    }

    /// @inheritdoc IPolicyController
    function paused() external view returns (bool) {
        return s_paused;
    }

    /// @inheritdoc IPolicyController
    function guardian() external view returns (address) {
        return s_guardian;
    }

    /// @inheritdoc IPolicyController
    function owner() external view returns (address) {
        return i_owner;
    }

    /// @notice The HOME token.
    function token() external view returns (address) {
        return address(i_token);
    }

    /// @notice The staking contract whose reward rate this controller sets.
    function staking() external view returns (address) {
        return s_staking;
    }

    /// @notice The treasury (receives mints, source of burns).
    function treasury() external view returns (address) {
        return s_treasury;
    }

    /// @inheritdoc IPolicyController
    function isSmallChange(bytes calldata data) external view returns (bool) {
        if (data.length < 4) return false;
        bytes4 selector = bytes4(data[:4]);
        if (selector == this.setParameter.selector && data.length == 100) {
            (uint8 id, uint256 expected, uint256 next) = abi.decode(data[4:], (uint8, uint256, uint256));
            if (id >= PolicyParams.COUNT) return false;
            uint256 step = next > expected ? next - expected : expected - next;
            return step <= s_guardrails[id].smallStep;
        }
        if (selector == this.changeSupply.selector && data.length == 68) {
            (int256 delta,) = abi.decode(data[4:], (int256, uint256));
            return _abs(delta) <= s_guardrails[PolicyParams.SUPPLY].smallStep;
        }
        return false;
    }

    /// @dev One error per rule: min, max, step, delay.
    function _validateUpdate(uint8 id, uint256 oldValue, uint256 newValue, uint256 last) private view {
        if (newValue == oldValue) revert PolicyController_NoChange(id);
        Guardrail memory g = s_guardrails[id];
        if (newValue < g.min) revert PolicyController_BelowMin(id, newValue, g.min);
        if (newValue > g.max) revert PolicyController_AboveMax(id, newValue, g.max);
        uint256 step = newValue > oldValue ? newValue - oldValue : oldValue - newValue;
        if (step > g.maxStep) revert PolicyController_StepTooLarge(id, step, g.maxStep);
        if (last != 0 && block.timestamp < last + g.minDelay) {
            revert PolicyController_TooSoon(id, last + g.minDelay);
        }
    }

    /// @dev Checks every window ending now that contains the new change (i.e. every suffix of the remembered
    /// changes still inside the window), so net change over *any* window stays within budget, then records it.
    ///
    /// A buyback burn made in the same bucket (1/16 of the window) as the previous entry, itself a buyback burn, is
    /// merged into it (review hardening: 32 dust buybacks in a day filled the ring and blocked an approved
    /// `changeSupply` with WindowFull). Sound because merged parts share a sign: any real window holding part of a
    /// merged entry nets between the suffix sums with and without the whole entry, both of which are checked; the
    /// merged entry is remembered until its newest part leaves, so the check is at most one bucket conservative.
    function _applySupplyChange(int256 delta, uint256 supply, bool buyback) private {
        uint256 cutoff = _cutoff();
        uint256 count = s_supplyCount;
        bool merge = buyback && count > 0 && _mergesWithLast(count);
        if (!merge && count >= RING_SIZE && s_ring[count % RING_SIZE].at > cutoff) {
            revert PolicyController_WindowFull();
        }
        uint256 budget = _budget(supply, _windowMints(cutoff, count));

        int256 sum = delta;
        if (_abs(sum) > budget) revert PolicyController_SupplyBudgetExceeded(sum, budget);
        int256 windowNet = delta;
        uint256 n = count < RING_SIZE ? count : RING_SIZE;
        for (uint256 i = 1; i <= n; ++i) {
            SupplyEntry memory e = s_ring[(count - i) % RING_SIZE];
            if (e.at <= cutoff) break;
            sum += e.delta;
            if (_abs(sum) > budget) revert PolicyController_SupplyBudgetExceeded(sum, budget);
            windowNet = sum;
        }

        if (merge) {
            SupplyEntry storage last = s_ring[(count - 1) % RING_SIZE];
            last.at = uint48(block.timestamp);
            last.delta += int200(delta);
        } else {
            s_ring[count % RING_SIZE] =
                SupplyEntry({at: uint48(block.timestamp), delta: int200(delta), buyback: buyback});
            s_supplyCount = uint64(count + 1);
        }

        address treasury_ = s_treasury;
        if (delta > 0) i_token.mint(treasury_, uint256(delta));
        else i_token.burn(treasury_, _abs(delta));
        emit SupplyChanged(delta, supply, i_token.totalSupply(), windowNet, buyback);
    }

    /// @dev Whether a buyback burn now merges into the newest entry: a buyback burn in the same bucket.
    function _mergesWithLast(uint256 count) private view returns (bool) {
        SupplyEntry memory last = s_ring[(count - 1) % RING_SIZE];
        uint256 bucket = i_windowLength / BUYBACK_BUCKETS;
        if (bucket == 0) bucket = 1;
        return last.buyback && last.at / bucket == block.timestamp / bucket;
    }

    /// @dev Net policy change (mints − burns) of the changes inside the window: entries newer than `cutoff`.
    function _windowNet(uint256 cutoff, uint256 count) private view returns (int256 net) {
        uint256 n = count < RING_SIZE ? count : RING_SIZE;
        for (uint256 i = 1; i <= n; ++i) {
            SupplyEntry memory e = s_ring[(count - i) % RING_SIZE];
            if (e.at <= cutoff) break;
            net += e.delta;
        }
    }

    /// @dev Policy mints inside the window (mints never merge, so this is exact).
    function _windowMints(uint256 cutoff, uint256 count) private view returns (uint256 minted) {
        uint256 n = count < RING_SIZE ? count : RING_SIZE;
        for (uint256 i = 1; i <= n; ++i) {
            SupplyEntry memory e = s_ring[(count - i) % RING_SIZE];
            if (e.at <= cutoff) break;
            if (e.delta > 0) minted += uint256(int256(e.delta));
        }
    }

    /// @dev The window's budget: `budgetBps` of the supply now less the window's mints (review hardening: of the
    /// supply now, each mint grew the budget, and consecutive mints compounded to 2.0408 % in 24 h). The window's
    /// burns are not added back: a burn still shrinks the budget, as before, so no merged buyback entry (which may
    /// be remembered up to one bucket longer than its oldest part) can ever enlarge it.
    function _budget(uint256 supply, uint256 windowMints) private view returns (uint256) {
        return (supply - windowMints) * i_budgetBps / BPS;
    }

    function _cutoff() private view returns (uint256) {
        return block.timestamp > i_windowLength ? block.timestamp - i_windowLength : 0;
    }

    function _abs(int256 x) private pure returns (uint256) {
        return x >= 0 ? uint256(x) : uint256(-x);
    }
}
