// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC5805} from "@openzeppelin/contracts/interfaces/IERC5805.sol";

/// @title IHomeostatToken
/// @notice HOME: an ERC20 with permit and timestamp-clocked votes, a transfer fee split between burning and the
/// treasury, and a supply that only the policy controller can mint or burn.
interface IHomeostatToken is IERC20, IERC5805 {
    /// @notice The caller is not the policy controller.
    error HomeostatToken_Unauthorized(address caller);
    /// @notice A required address was zero.
    error HomeostatToken_ZeroAddress();
    /// @notice `bind` was already called.
    error HomeostatToken_AlreadyBound();
    /// @notice A fee setting was out of range (basis points above 10 000).
    error HomeostatToken_InvalidFee(uint256 feeBps, uint256 burnShareBps);

    /// @notice The token was wired to its policy controller and fee treasury (once, at deploy).
    event Bound(address indexed controller, address indexed treasury);
    /// @notice The transfer fee or its burn share changed.
    event FeeParamsUpdated(
        uint256 oldFeeBps, uint256 newFeeBps, uint256 oldBurnShareBps, uint256 newBurnShareBps
    );
    /// @notice An account was added to or removed from the fee-exempt list.
    event FeeExemptionUpdated(address indexed account, bool exempt);
    /// @notice A transfer paid a fee: `toTreasury` went to the treasury and `burned` was destroyed.
    event FeeCharged(address indexed from, address indexed to, uint256 toTreasury, uint256 burned);

    /// @notice Wires the policy controller and treasury and reads the initial fee settings from the controller.
    /// @dev Callable once, by the deployer. Accounts in `exempt` pay no transfer fee (staking, treasury, router).
    function bind(address controller, address treasury, address[] calldata exempt) external;

    /// @notice Sets the transfer fee and the share of it that is burned, both in basis points. Controller only.
    function setFeeParams(uint16 feeBps, uint16 burnShareBps) external;

    /// @notice Adds or removes `account` from the fee-exempt list. Controller only.
    function setFeeExempt(address account, bool exempt) external;

    /// @notice Mints `amount` to `to`. Controller only.
    function mint(address to, uint256 amount) external;

    /// @notice Burns `amount` from `from`. Controller only (the controller only burns treasury-held tokens).
    function burn(address from, uint256 amount) external;

    /// @notice The policy controller allowed to mint, burn and set fees.
    function policyController() external view returns (address);

    /// @notice Where the non-burned part of each transfer fee goes.
    function treasury() external view returns (address);

    /// @notice Transfer fee in basis points of the transferred amount.
    function transferFeeBps() external view returns (uint256);

    /// @notice Share of the fee that is burned, in basis points of the fee.
    function burnShareBps() external view returns (uint256);

    /// @notice Whether `account` is exempt from the transfer fee (as sender or receiver).
    function isFeeExempt(address account) external view returns (bool);

    /// @notice Sum of all delegated voting power now: the supply that can actually vote.
    function totalVotes() external view returns (uint256);

    /// @notice Sum of all delegated voting power at a past `timepoint` (seconds).
    function getPastTotalVotes(uint256 timepoint) external view returns (uint256);
}
