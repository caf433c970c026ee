/**
 * Token-health metrics: pure functions, no I/O, same code in Node and the browser.
 * Each module states its conventions and units at the top; every function throws
 * MetricInputError (a HomeostatError) on NaN/Inf/negative input and never returns NaN/Inf.
 */
export * from './concentration';
export * from './liquidity';
export * from './returns';
export * from './sentiment';
export * from './supply';
export * from './units';
export { type Amount, MetricInputError } from './validate';
export * from './volatility';
