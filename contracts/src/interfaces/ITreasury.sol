// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title ITreasury
/// @notice Holds fee revenue (HOME) and the stable asset; buys HOME back through the Uniswap V2 pool and burns it,
/// within a governed stable budget per epoch.
interface ITreasury {
    /// @notice A required address was zero.
    error Treasury_ZeroAddress();
    /// @notice A zero amount was given.
    error Treasury_ZeroAmount();
    /// @notice The caller lacks the role the function needs.
    error Treasury_Unauthorized(address caller);
    /// @notice The buyback would spend more stable than is left in this epoch's budget.
    error Treasury_BudgetExceeded(uint256 requested, uint256 remaining);
    /// @notice The epoch length given at construction was zero.
    error Treasury_InvalidEpochLength();
    /// @notice The policy controller is paused: no treasury operation moves anything.
    error Treasury_Paused();
    /// @notice The HOME/stable pool does not exist (or is empty).
    error Treasury_NoPool();
    /// @notice Liquidity moves would take `requested` stable past this epoch's POL budget (`remaining` left).
    error Treasury_PolBudgetExceeded(uint256 requested, uint256 remaining);
    /// @notice After adding liquidity the treasury would hold `shareBps` of the pool's LP tokens, above `maxShareBps`.
    error Treasury_PoolShareExceeded(uint256 shareBps, uint256 maxShareBps);
    /// @notice A range buy was asked while the pool price is not below the lower band.
    error Treasury_PriceNotBelowBand(uint256 price, uint256 lowerBand);
    /// @notice A range sell was asked while the pool price is not above the upper band.
    error Treasury_PriceNotAboveBand(uint256 price, uint256 upperBand);
    /// @notice A range buy would spend more stable than is left in this epoch's range-buy budget.
    error Treasury_RangeBuyBudgetExceeded(uint256 requested, uint256 remaining);
    /// @notice A range sell would sell more HOME than is left in this epoch's range-sell budget.
    error Treasury_RangeSellBudgetExceeded(uint256 requested, uint256 remaining);
    /// @notice The pool's reserves give `amountOut`, less than the minimum `minOut` (the caller's or the band's).
    error Treasury_Slippage(uint256 amountOut, uint256 minOut);
    /// @notice No price observation is between {TWAP_MIN_WINDOW} and {TWAP_MAX_AGE} old, so the buyback has no
    /// time-weighted price to bound its output by; `observedAt` is the newest observation (0: none). Call
    /// {observePrice} and retry after {TWAP_MIN_WINDOW}.
    error Treasury_NoTwap(uint256 observedAt);
    /// @notice Adding liquidity at the pool's ratio would take `amountIn` HOME, more than the caller's `maxIn`.
    error Treasury_TooMuchIn(uint256 amountIn, uint256 maxIn);

    /// @notice A point of the pool's cumulative price of HOME in stable (UQ112x112 × seconds, wrapping).
    struct PriceObservation {
        uint64 at;
        uint256 cumulative;
    }

    /// @notice What the treasury's market operations used in one epoch.
    /// @param polStable Stable moved into or out of the pool by liquidity adds and removes.
    /// @param rangeBuyStable Stable spent on range buys.
    /// @param rangeSellHome HOME sold in range sells.
    struct EpochOps {
        uint128 polStable;
        uint128 rangeBuyStable;
        uint128 rangeSellHome;
    }

    /// @notice `stableIn` stable bought `homeBought` HOME, which was then burned.
    event BuybackExecuted(uint256 indexed epoch, uint256 stableIn, uint256 homeBought);
    /// @notice A new price observation was recorded (the start of the next buyback's time-weighted price).
    event PriceObserved(uint256 at, uint256 cumulative);
    /// @notice Governance moved `amount` of `asset` to `to`.
    event Withdrawn(address indexed asset, address indexed to, uint256 amount);
    /// @notice The buyback operator changed.
    event OperatorUpdated(address oldOperator, address newOperator);
    /// @notice Protocol-owned liquidity added: `stableIn` + `homeIn` for `liquidity` LP tokens; `shareBps` is the
    /// treasury's share of the pool's LP tokens afterwards.
    event LiquidityAdded(
        uint256 indexed epoch, uint256 stableIn, uint256 homeIn, uint256 liquidity, uint256 shareBps
    );
    /// @notice Protocol-owned liquidity removed: `liquidity` LP tokens for `stableOut` + `homeOut`.
    event LiquidityRemoved(
        uint256 indexed epoch, uint256 liquidity, uint256 stableOut, uint256 homeOut, uint256 shareBps
    );
    /// @notice Range buy below the lower band: `stableIn` bought `homeBought` HOME (burned) at pool price `priceBefore`.
    event RangeBuy(uint256 indexed epoch, uint256 stableIn, uint256 homeBought, uint256 priceBefore);
    /// @notice Range sell above the upper band: `homeIn` treasury HOME sold for `stableOut` at pool price
    /// `priceBefore`.
    event RangeSell(uint256 indexed epoch, uint256 homeIn, uint256 stableOut, uint256 priceBefore);

    /// @notice Swaps `stableIn` stable for HOME on the pool and burns what it bought. Operator or owner.
    /// The output is at least what `stableIn` buys at the pool's time-weighted average price (over the window since
    /// the newest observation at least {TWAP_MIN_WINDOW} old) less {BUYBACK_MAX_SLIPPAGE_BPS}, whatever the caller
    /// passes: a buyback cannot be steered into a pumped or sandwiched pool. Records a new observation.
    /// @param minHomeOut The caller's slippage bound for the swap (the on-chain floor applies if it is higher).
    /// @param deadline Swap deadline (unix seconds).
    /// @return homeBought HOME bought and burned.
    function buybackAndBurn(uint256 stableIn, uint256 minHomeOut, uint256 deadline)
        external
        returns (uint256 homeBought);

    /// @notice Records the pool's cumulative price as an observation, if the newest is at least {TWAP_MIN_WINDOW}
    /// old (otherwise nothing). Anyone may call it; the operator does so each hour so buybacks always have a window.
    function observePrice() external;

    /// @notice The newest price observation and the one before it.
    function observations()
        external
        view
        returns (PriceObservation memory newest, PriceObservation memory previous);

    /// @notice The pool's time-weighted price of HOME (stable units per whole HOME, 1e18-scaled like {spotPrice})
    /// over `window` seconds up to now, as the next buyback would bound itself by; (0, 0) when none is usable.
    function twapPrice() external view returns (uint256 price, uint256 window);

    /// @notice The least HOME a buyback of `stableIn` may receive now (reverts {Treasury_NoTwap} without a window).
    function buybackFloor(uint256 stableIn) external view returns (uint256 minHomeOut);

    /// @notice Adds `stableAmount` stable and the HOME that matches it at the pool's ratio to the pool; the LP tokens
    /// stay in the treasury. Operator or owner; within the epoch's POL budget (stable side) and the pool-share cap.
    /// @param maxHomeIn Most HOME the add may take (the caller's bound on the pool price).
    /// @param minLiquidity Fewest LP tokens the add must mint.
    function addLiquidity(uint256 stableAmount, uint256 maxHomeIn, uint256 minLiquidity, uint256 deadline)
        external
        returns (uint256 homeIn, uint256 liquidity);

    /// @notice Burns `liquidity` of the treasury's LP tokens for stable + HOME back into the treasury. Operator or
    /// owner; the stable side counts in the epoch's POL budget.
    function removeLiquidity(uint256 liquidity, uint256 minStableOut, uint256 minHomeOut, uint256 deadline)
        external
        returns (uint256 stableOut, uint256 homeOut);

    /// @notice While the pool price is below the lower band, buys HOME with `stableIn` treasury stable and burns it
    /// (counted in the controller's supply budget). The minimum out is the larger of `minHomeOut` and what the
    /// lower band allows (an average price no higher than the band), checked against the pool's reserves.
    function rangeBuy(uint256 stableIn, uint256 minHomeOut, uint256 deadline)
        external
        returns (uint256 homeBought);

    /// @notice While the pool price is above the upper band, sells `homeIn` treasury HOME for stable. The minimum
    /// out is the larger of `minStableOut` and what the upper band allows (an average price no lower than the band).
    function rangeSell(uint256 homeIn, uint256 minStableOut, uint256 deadline)
        external
        returns (uint256 stableOut);

    /// @notice Moves `amount` of `asset` to `to`. Owner (timelock) only.
    function withdraw(address asset, address to, uint256 amount) external;

    /// @notice Sets the buyback operator. Owner (timelock) only.
    function setOperator(address newOperator) external;

    /// @notice Current epoch number (block.timestamp / epochLength).
    function currentEpoch() external view returns (uint256);

    /// @notice Stable spent on buybacks in `epoch`.
    function spentInEpoch(uint256 epoch) external view returns (uint256);

    /// @notice Stable still available for buybacks in the current epoch.
    function remainingBuybackBudget() external view returns (uint256);

    /// @notice Epoch length in seconds.
    function epochLength() external view returns (uint256);

    /// @notice The account allowed to trigger buybacks (the agent).
    function operator() external view returns (address);

    /// @notice What the market operations used in `epoch`.
    function epochOps(uint256 epoch) external view returns (EpochOps memory);

    /// @notice Stable still movable into or out of the pool in the current epoch.
    function remainingPolBudget() external view returns (uint256);

    /// @notice Stable still available for range buys in the current epoch.
    function remainingRangeBuyBudget() external view returns (uint256);

    /// @notice HOME still sellable in range sells in the current epoch.
    function remainingRangeSellBudget() external view returns (uint256);

    /// @notice The HOME/stable Uniswap V2 pair (zero before it exists).
    function pool() external view returns (address);

    /// @notice The treasury's share of the pool's LP tokens, basis points.
    function poolShareBps() external view returns (uint256);

    /// @notice The pool's spot price: stable-token units per whole HOME (1e18 wei), from its reserves.
    function spotPrice() external view returns (uint256);
}
