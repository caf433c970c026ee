export { DEFAULT_INPUT_GATE, type DecideOptions, decide, type InputGate } from './decide';
export {
  type ClampResult,
  clampToGuardrails,
  defaultGuardrails,
  headroom,
  supplyBudget,
  violatedRule,
} from './guardrails';
export { type AdaptiveConfig, createAdaptiveStrategy, DEFAULT_ADAPTIVE_CONFIG } from './strategies/adaptive';
export { OBJECTIVE_BASELINES } from './strategies/common';
export { createPidStrategy, DEFAULT_PID_CONFIG, type PidConfig } from './strategies/pid';
export { createStaticStrategy } from './strategies/static';
export * from './types';
