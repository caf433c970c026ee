/**
 * The registry of policies: every policy by name, with the settings each was tuned to
 * (./tuned.ts). The simulator (lib/sim/backtest.ts), the agent (agent/run.ts) and the CLIs take
 * their strategy from here.
 */
import { createAdaptiveStrategy } from './strategies/adaptive';
import { createFixedSupplyStrategy } from './strategies/fixed-supply';
import { createLearnedStrategy } from './strategies/learned';
import { currentLearnedNetwork } from './strategies/learned-load';
import { createPidStrategy } from './strategies/pid';
import { createPidFfStrategy } from './strategies/pid-ff';
import { createRangeStrategy } from './strategies/range';
import { createRebaseStrategy } from './strategies/rebase';
import { createStaticStrategy } from './strategies/static';
import { TUNED, TUNED_FIELD } from './tuned';
import type { Strategy } from './types';

/** Every policy a backtest can run by name: ours (adaptive) and the field's, side by side. */
export const POLICY_NAMES = [
  'static',
  'fixed-supply',
  'rebase',
  'pid',
  'pid-ff',
  'range',
  'adaptive',
  'learned',
] as const;
export type PolicyName = (typeof POLICY_NAMES)[number];

/** The strategy of a policy by name, at its tuned settings. */
export function strategyFor(name: PolicyName): Strategy {
  switch (name) {
    case 'static':
      return createStaticStrategy(TUNED.static);
    case 'fixed-supply':
      return createFixedSupplyStrategy(TUNED_FIELD['fixed-supply']);
    case 'rebase':
      return createRebaseStrategy(TUNED_FIELD.rebase);
    case 'pid':
      return createPidStrategy(TUNED.pid);
    case 'pid-ff':
      return createPidFfStrategy(TUNED_FIELD['pid-ff']);
    case 'range':
      return createRangeStrategy(TUNED_FIELD.range);
    case 'adaptive':
      return createAdaptiveStrategy(TUNED.adaptive);
    case 'learned':
      // The committed network (public/models/policy, checked against its hash when first loaded).
      return createLearnedStrategy(currentLearnedNetwork());
  }
}
