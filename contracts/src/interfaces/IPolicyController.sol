// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title IPolicyController
/// @notice The guardrails, as data. Every economic parameter has {min, max, maxStep, smallStep, minDelay}; supply
/// changes (policy mint/burn and buyback burns) share a rolling-window budget on net supply change. Owned by the
/// timelock; a guardian can pause at once, only governance can unpause.
interface IPolicyController {
    /// @notice Bounds of one parameter, in that parameter's own unit.
    /// @param min Lowest allowed value (for SUPPLY: lowest total supply).
    /// @param max Highest allowed value (for SUPPLY: highest total supply).
    /// @param maxStep Largest absolute change in one update.
    /// @param smallStep Changes of at most this size may take the governor's optimistic lane.
    /// @param minDelay Seconds that must pass between two updates of the parameter.
    struct Guardrail {
        uint128 min;
        uint128 max;
        uint128 maxStep;
        uint128 smallStep;
        uint64 minDelay;
    }

    /// @notice The caller lacks the role the function needs.
    error PolicyController_Unauthorized(address caller);
    /// @notice A required address was zero.
    error PolicyController_ZeroAddress();
    /// @notice `connect` was already called.
    error PolicyController_AlreadyConnected();
    /// @notice The controller is paused; no parameter or supply change is possible.
    error PolicyController_Paused();
    /// @notice `unpause` was called while not paused.
    error PolicyController_NotPaused();
    /// @notice No such parameter id.
    error PolicyController_UnknownParameter(uint8 id);
    /// @notice The parameter cannot be set with `setParameter` (supply moves through `changeSupply`).
    error PolicyController_NotSettable(uint8 id);
    /// @notice A guardrail or initial value given at construction is inconsistent.
    error PolicyController_InvalidGuardrail(uint8 id);
    /// @notice The update was built against a value that is no longer current (duplicate or out-of-order update).
    error PolicyController_StaleValue(uint8 id, uint256 expected, uint256 actual);
    /// @notice The supply change was built against an older supply-change nonce (duplicate or out of order).
    error PolicyController_StaleSupplyNonce(uint256 expected, uint256 actual);
    /// @notice The update would not change anything.
    error PolicyController_NoChange(uint8 id);
    /// @notice The new value is below the parameter's minimum.
    error PolicyController_BelowMin(uint8 id, uint256 value, uint256 min);
    /// @notice The new value is above the parameter's maximum.
    error PolicyController_AboveMax(uint8 id, uint256 value, uint256 max);
    /// @notice The change is larger than the parameter's max step.
    error PolicyController_StepTooLarge(uint8 id, uint256 step, uint256 maxStep);
    /// @notice The parameter changed too recently; it may change again at `nextAllowedAt`.
    error PolicyController_TooSoon(uint8 id, uint256 nextAllowedAt);
    /// @notice Net supply change over some window ending now would reach `netChange`, beyond `budget` tokens.
    error PolicyController_SupplyBudgetExceeded(int256 netChange, uint256 budget);
    /// @notice Too many supply changes inside one window to track; wait for older ones to leave the window.
    error PolicyController_WindowFull();
    /// @notice The range operations' lower band would not be below the upper band.
    error PolicyController_BandsCrossed(uint256 lowerBand, uint256 upperBand);

    /// @notice A parameter changed from `oldValue` to `newValue`.
    event ParameterUpdated(uint8 indexed id, uint256 oldValue, uint256 newValue);
    /// @notice Total supply moved by `delta` (mint > 0, burn < 0); `buyback` tells a treasury buyback burn apart.
    event SupplyChanged(
        int256 delta, uint256 oldSupply, uint256 newSupply, int256 windowNetChange, bool buyback
    );
    /// @notice The controller was paused by `account` (the guardian or governance).
    event Paused(address indexed account);
    /// @notice The controller was unpaused by governance.
    event Unpaused(address indexed account);
    /// @notice Governance replaced the guardian.
    event GuardianUpdated(address oldGuardian, address newGuardian);
    /// @notice Staking and treasury were wired in (once, at deploy).
    event Connected(address indexed staking, address indexed treasury);

    /// @notice Sets parameter `id` to `newValue`, provided its current value is `expectedCurrent`. Timelock only.
    /// @dev Checks, in order: paused, known and settable id, compare-and-set, no-op, min, max, step, delay, and for
    /// the range bands that the lower band stays below the upper band.
    function setParameter(uint8 id, uint256 expectedCurrent, uint256 newValue) external;

    /// @notice Mints (`delta` > 0, to the treasury) or burns (`delta` < 0, from the treasury). Timelock only.
    /// @param expectedNonce The number of policy supply changes so far; guards against duplicates and reordering.
    function changeSupply(int256 delta, uint256 expectedNonce) external;

    /// @notice Burns HOME the treasury bought back. Treasury only; counted in the rolling supply budget.
    function burnBuyback(uint256 amount) external;

    /// @notice Pauses all parameter and supply changes. Guardian or timelock.
    function pause() external;

    /// @notice Clears the pause. Timelock only (i.e. through a governance proposal).
    function unpause() external;

    /// @notice Wires the staking and treasury contracts and pushes the initial reward rate. Deployer, once.
    function connect(address staking, address treasury) external;

    /// @notice Current value of parameter `id` (for SUPPLY: the token's total supply).
    function parameter(uint8 id) external view returns (uint256);

    /// @notice Guardrail of parameter `id`.
    function guardrail(uint8 id) external view returns (Guardrail memory);

    /// @notice When parameter `id` last changed (0 if never).
    function lastChangedAt(uint8 id) external view returns (uint256);

    /// @notice Earliest time parameter `id` may change again.
    function nextChangeAllowedAt(uint8 id) external view returns (uint256);

    /// @notice Number of policy supply changes executed so far (the nonce `changeSupply` expects).
    function supplyNonce() external view returns (uint256);

    /// @notice Net supply change over the rolling window ending now, and the budget in tokens for a change now:
    /// `supplyBudgetBps` of the supply now less the window's mints (so mints do not compound it). Buyback burns in
    /// one 1/16-window bucket count as one change, remembered until the newest of them leaves the window.
    function supplyWindow() external view returns (int256 netChange, uint256 budget);

    /// @notice Length of the rolling supply window, in seconds.
    function supplyWindowLength() external view returns (uint256);

    /// @notice Budget on net supply change within one window, in basis points of total supply.
    function supplyBudgetBps() external view returns (uint256);

    /// @notice Whether the controller is paused.
    function paused() external view returns (bool);

    /// @notice The guardian allowed to pause.
    function guardian() external view returns (address);

    /// @notice Replaces the guardian. Owner (timelock) only.
    function setGuardian(address newGuardian) external;

    /// @notice Sets `account`'s transfer-fee exemption on the token (which only the controller may change). Owner
    /// (timelock) only: the token's exemptions are reached through governance like every other setting.
    function setFeeExempt(address account, bool exempt) external;

    /// @notice The timelock that owns the controller.
    function owner() external view returns (address);

    /// @notice Whether a call to this controller is small enough for the governor's optimistic lane.
    /// @dev `setParameter` with |new - expected| <= smallStep, `changeSupply` with |delta| <= smallStep; every
    /// other call (unpause, unknown selectors) is large.
    function isSmallChange(bytes calldata data) external view returns (bool);
}
