export { DEFAULT_INPUT_GATE, type DecideOptions, decide, type InputGate } from './decide';
export {
  type ClampResult,
  clampToGuardrails,
  defaultGuardrails,
  headroom,
  supplyBudget,
  violatedRule,
} from './guardrails';
export {
  type ClampedOperation,
  clampOperation,
  EMPTY_LEDGER,
  ledgerAt,
  type OperationLedger,
  type OperationRule,
  recordOperation,
} from './operations';
export { type AdaptiveConfig, createAdaptiveStrategy, DEFAULT_ADAPTIVE_CONFIG } from './strategies/adaptive';
export { OBJECTIVE_BASELINES } from './strategies/common';
export { createFixedSupplyStrategy, type FixedSupplyConfig, fixedSupplyParams } from './strategies/fixed-supply';
export { createPidStrategy, DEFAULT_PID_CONFIG, type PidConfig } from './strategies/pid';
export { createPidFfStrategy, DEFAULT_PID_FF_CONFIG, type PidFfConfig } from './strategies/pid-ff';
export { createRangeStrategy, DEFAULT_RANGE_CONFIG, type RangeConfig } from './strategies/range';
export { createRebaseStrategy, DEFAULT_REBASE_CONFIG, type RebaseConfig, rebasePercentage } from './strategies/rebase';
export { createStaticStrategy } from './strategies/static';
export * from './types';
