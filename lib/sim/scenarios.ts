/**
 * Named stress scenarios of the simulator (`backtest:compare --scenario NAME`). A stress acts on
 * lib/sim's agents from the first hour of the evaluation window, on top of the market path, under
 * every policy and the same guardrails. The hooks are Economy's own (withdrawLiquidity,
 * panicHolders), the ones the live market's MARKET_SCENARIO uses (lib/market/scenarios.ts), so a
 * scenario means the same on both executors. `death-spiral` is not a stress on this economy: it
 * couples a seigniorage stable to the token and runs in lib/sim/death-spiral.ts.
 */
import { ConfigError } from '../errors';
import type { Economy } from './economy';

export type SimStress = {
  /** Hours from the window's start during which the stress is applied. */
  hours: number;
  /** Fraction of the pool the LPs withdraw each hour (and the depth they aim for falls by as much). */
  lpDrainPerHour?: number;
  /** Share of the holders forced into panic each hour: they unstake everything and sell. */
  panicShare?: number;
};

export const SIM_SCENARIOS = ['none', 'bank-run', 'liquidity-drain', 'staking-bank-run', 'death-spiral'] as const;
export type SimScenario = (typeof SIM_SCENARIOS)[number];

/** The stresses on the Economy (death-spiral has its own model; none has no stress). */
export const SIM_STRESS: Readonly<Record<Exclude<SimScenario, 'none' | 'death-spiral'>, SimStress>> = {
  // A run on the staking pool and on the pool's liquidity at once: 60 % of holders panic (unstake
  // all, sell) and LPs pull 2 % of the pool an hour for 72 h (as in June 2022: Celsius froze
  // withdrawals on the 12th while liquidity left the DEX pools).
  'bank-run': { hours: 72, lpDrainPerHour: 0.02, panicShare: 0.6 },
  'liquidity-drain': { hours: 72, lpDrainPerHour: 0.02 },
  'staking-bank-run': { hours: 24, panicShare: 0.6 },
};

export function parseSimScenario(value: string | undefined): SimScenario {
  const name = (value ?? '').trim() || 'none';
  if (!(SIM_SCENARIOS as readonly string[]).includes(name)) {
    throw new ConfigError('--scenario', `"${name}" is not one of ${SIM_SCENARIOS.join(', ')}`);
  }
  return name as SimScenario;
}

/** Applies hour `h` (0 = the window's first hour) of a stress to the economy, before its step. */
export function applyStress(econ: Economy, stress: SimStress | undefined, h: number): void {
  if (!stress || h < 0 || h >= stress.hours) return;
  if (stress.lpDrainPerHour) econ.withdrawLiquidity(stress.lpDrainPerHour);
  if (stress.panicShare) econ.panicHolders(stress.panicShare);
}
