/**
 * Named stress scenarios of the simulator (`backtest:compare --scenario NAME`). A stress acts on
 * lib/sim's agents from the first hour of the evaluation window, on top of the market path, under
 * every policy and the same guardrails. The hooks are Economy's own (withdrawLiquidity,
 * panicHolders), the ones the live market's MARKET_SCENARIO uses (lib/market/scenarios.ts), so a
 * scenario means the same on both executors.
 *
 * `death-spiral` has two parts. The seigniorage coupling (an algorithmic stable redeemed for newly
 * minted token) needs a stable and a mint path this economy and the chain do not have; it runs in
 * lib/sim/death-spiral.ts (backtest:compare --scenario death-spiral prints its guarded-vs-unbounded
 * table). The stress below is what the Economy and the live chain can express of it: a trigger
 * (panic and LP exit) and then panic and LP exit that grow with the token's fall, so the fall feeds
 * itself (the reflexive loop without the mint).
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
  /**
   * The fixed terms (lpDrainPerHour, panicShare) act in the first `triggerHours` only (default: all
   * `hours`); the reflexive terms below act for all `hours`.
   */
  triggerHours?: number;
  /** Reflexive: extra share of holders in panic per unit of drawdown (the token's fall from its high since the stress began). */
  panicPerDrawdown?: number;
  /** Reflexive: extra fraction of the pool the LPs withdraw each hour per unit of drawdown. */
  lpDrainPerDrawdown?: number;
};

/** What a stress did in one hour (for logs and tests). */
export type StressHour = {
  /** The token's fall from its high since the stress began, 0..1. */
  drawdown: number;
  /** Fraction of the pool withdrawn this hour, and share of holders pushed into panic. */
  lpDrain: number;
  panicShare: number;
};

/** Most of the pool a stress withdraws in one hour, and the most of the holders it panics. */
export const MAX_STRESS_LP_DRAIN = 0.1;

export const SIM_SCENARIOS = ['none', 'bank-run', 'liquidity-drain', 'staking-bank-run', 'death-spiral'] as const;
export type SimScenario = (typeof SIM_SCENARIOS)[number];

/** The stresses on the Economy (none has no stress; death-spiral's seigniorage coupling has its own model). */
export const SIM_STRESS: Readonly<Record<Exclude<SimScenario, 'none'>, SimStress>> = {
  // A run on the staking pool and on the pool's liquidity at once: 60 % of holders panic (unstake
  // all, sell) and LPs pull 2 % of the pool an hour for 72 h (as in June 2022: Celsius froze
  // withdrawals on the 12th while liquidity left the DEX pools).
  'bank-run': { hours: 72, lpDrainPerHour: 0.02, panicShare: 0.6 },
  'liquidity-drain': { hours: 72, lpDrainPerHour: 0.02 },
  'staking-bank-run': { hours: 24, panicShare: 0.6 },
  // The spiral without the stable: a 24 h trigger (a fifth of holders panic, LPs pull 1 %/h, as
  // the first day of May 2022's run), then for 120 h each 10 % of fall puts another 15 % of holders
  // into panic and pulls another 0.5 % of the pool an hour (Terra's pools lost most of their depth
  // within days as LUNA fell: Briola et al. 2023).
  'death-spiral': {
    hours: 120,
    triggerHours: 24,
    panicShare: 0.2,
    lpDrainPerHour: 0.01,
    panicPerDrawdown: 1.5,
    lpDrainPerDrawdown: 0.05,
  },
};

export function parseSimScenario(value: string | undefined): SimScenario {
  const name = (value ?? '').trim() || 'none';
  if (!(SIM_SCENARIOS as readonly string[]).includes(name)) {
    throw new ConfigError('--scenario', `"${name}" is not one of ${SIM_SCENARIOS.join(', ')}`);
  }
  return name as SimScenario;
}

/**
 * Applies hour `h` (0 = the window's first hour) of a stress to the economy, before its step; the
 * same function for the in-memory backtest and the live chain's planner (lib/market/economy-plan.ts).
 * The drawdown is the economy's pool price against its highest close since the hour before the
 * stress began (the window's last close before it) up to now.
 */
export function applyStress(econ: Economy, stress: SimStress | undefined, h: number): StressHour | undefined {
  if (!stress || h < 0 || h >= stress.hours) return undefined;
  const price = econ.price;
  let high = price;
  const hist = econ.priceHistory;
  for (let i = Math.max(0, hist.length - 1 - h); i < hist.length; i++) high = Math.max(high, hist[i] ?? 0);
  const drawdown = high > 0 ? Math.max(0, 1 - price / high) : 0;
  const trigger = h < (stress.triggerHours ?? stress.hours);
  const lpDrain = Math.min(
    MAX_STRESS_LP_DRAIN,
    (trigger ? (stress.lpDrainPerHour ?? 0) : 0) + (stress.lpDrainPerDrawdown ?? 0) * drawdown,
  );
  const panicShare = Math.min(1, (trigger ? (stress.panicShare ?? 0) : 0) + (stress.panicPerDrawdown ?? 0) * drawdown);
  if (lpDrain > 0) econ.withdrawLiquidity(lpDrain);
  if (panicShare > 0) econ.panicHolders(panicShare);
  return { drawdown, lpDrain, panicShare };
}
