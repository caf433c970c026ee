// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @notice The slice of the Uniswap V2 factory used here (the real bytecode comes from @uniswap/v2-core).
interface IUniswapV2FactoryMinimal {
    /// @notice Creates the pair of `tokenA` and `tokenB`.
    function createPair(address tokenA, address tokenB) external returns (address pair);
    /// @notice The pair of `tokenA` and `tokenB`, or zero.
    function getPair(address tokenA, address tokenB) external view returns (address pair);
    /// @notice Who may set the protocol-fee recipient (and hand this right on).
    function feeToSetter() external view returns (address);
    /// @notice Hands the right to set the protocol-fee recipient to `setter`. Current feeToSetter only.
    function setFeeToSetter(address setter) external;
}

/// @notice The slice of the Uniswap V2 pair used here.
interface IUniswapV2PairMinimal {
    /// @notice Reserves of token0 and token1 and the last update time.
    function getReserves()
        external
        view
        returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast);
    /// @notice The lower-sorted token.
    function token0() external view returns (address);
    /// @notice Sum over time of token0's price in token1 (UQ112x112 × seconds), as of the last reserve update.
    function price0CumulativeLast() external view returns (uint256);
    /// @notice Sum over time of token1's price in token0 (UQ112x112 × seconds), as of the last reserve update.
    function price1CumulativeLast() external view returns (uint256);
}

/// @notice The slice of the Uniswap V2 Router02 used here (the real bytecode comes from @uniswap/v2-periphery).
interface IUniswapV2Router02Minimal {
    /// @notice Adds liquidity to the `tokenA`/`tokenB` pair.
    function addLiquidity(
        address tokenA,
        address tokenB,
        uint256 amountADesired,
        uint256 amountBDesired,
        uint256 amountAMin,
        uint256 amountBMin,
        address to,
        uint256 deadline
    ) external returns (uint256 amountA, uint256 amountB, uint256 liquidity);

    /// @notice Removes liquidity from the `tokenA`/`tokenB` pair.
    function removeLiquidity(
        address tokenA,
        address tokenB,
        uint256 liquidity,
        uint256 amountAMin,
        uint256 amountBMin,
        address to,
        uint256 deadline
    ) external returns (uint256 amountA, uint256 amountB);

    /// @notice Swaps an exact input along `path`.
    function swapExactTokensForTokens(
        uint256 amountIn,
        uint256 amountOutMin,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external returns (uint256[] memory amounts);

    /// @notice Swaps an exact input along `path`, for tokens that take a fee on transfer.
    function swapExactTokensForTokensSupportingFeeOnTransferTokens(
        uint256 amountIn,
        uint256 amountOutMin,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external;

    /// @notice The factory.
    function factory() external pure returns (address);
    /// @notice WETH.
    // solhint-disable-next-line func-name-mixedcase
    function WETH() external pure returns (address);
}
