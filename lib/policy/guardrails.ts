import {
  type Guardrail,
  type GuardrailRule,
  type Guardrails,
  type Headroom,
  LEVEL_PARAMETERS,
  type LevelParameter,
  type ParameterChange,
  type PolicyParameters,
  type SupplyWindowUsage,
} from './types';

const HOUR = 3600;

/**
 * Default guardrails for an economy of `totalSupply` tokens priced near `price` stable.
 * The agent never uses these: it reads the controller. They parameterise the simulator and tests.
 */
export function defaultGuardrails(totalSupply: number, price = 1): Guardrails {
  // Buyback budget (stable/day) is capped at what the 2%/24h burn budget could absorb at the start price.
  const maxBuyback = 0.02 * totalSupply * price;
  // Reward rate cap: 10% of supply per year paid out (tokens/s).
  const maxRate = (0.1 * totalSupply) / 31_536_000;
  return {
    params: {
      burnShareBps: { min: 0, max: 10_000, maxStep: 2_500, minDelay: 6 * HOUR },
      transferFeeBps: { min: 0, max: 100, maxStep: 25, minDelay: 6 * HOUR },
      stakingRewardRate: { min: 0, max: maxRate, maxStep: maxRate / 4, minDelay: 6 * HOUR },
      buybackBudget: { min: 0, max: maxBuyback, maxStep: maxBuyback / 4, minDelay: 6 * HOUR },
    },
    supplyChange: {
      min: -0.005 * totalSupply,
      max: 0.005 * totalSupply,
      maxStep: 0.005 * totalSupply,
      minDelay: 24 * HOUR,
    },
    supplyWindowSeconds: 24 * HOUR,
    maxNetSupplyChangeBps: 200,
    objectiveModeMinDelay: 7 * 24 * HOUR,
  };
}

export type ProposedChanges = Partial<PolicyParameters> & { supplyChange?: number | undefined };

export type ClampResult = {
  /** Parameters after the clamp (unchanged ones copied from `current`). */
  params: PolicyParameters;
  /** Clamped one-off supply change in tokens (0 if none or fully blocked). */
  supplyChange: number;
  /** Every requested change, with what it became and which rules bound it (including no-ops that were blocked). */
  changes: ParameterChange[];
  headroom: Headroom;
};

/**
 * The net-supply budget in tokens for the current window and what is left in each direction. As
 * the controller: a fraction of the supply now less the window's mints, so consecutive mints do not
 * compound it; a burn shrinks the supply it is measured on, so a burn stays within the budget left
 * after it. `pending` (tokens, signed) is a supply change proposed but not yet executed: it uses
 * budget without having moved the supply yet.
 */
export function supplyBudget(guardrails: Guardrails, window: SupplyWindowUsage, pending = 0) {
  const bps = guardrails.maxNetSupplyChangeBps / 10_000;
  const budget = bps * (window.totalSupply - window.minted);
  const windowNet = window.minted - window.burned + pending;
  return {
    budget,
    windowNet,
    mintable: Math.max(0, budget - windowNet),
    burnable: Math.max(0, (budget + windowNet) / (1 + bps)),
  };
}

/**
 * Clamps a proposed set of changes to the guardrails, as the controller would check them:
 * min delay since the last change, max step from the current value, min/max, and the rolling
 * net-supply budget for one-off mints/burns. Pure; the agent calls it with values read on-chain.
 * A change that cannot move at all is reported with `to === from` and the rules that blocked it.
 */
export function clampToGuardrails(
  current: PolicyParameters,
  proposed: ProposedChanges,
  guardrails: Guardrails,
  lastChangedAt: Record<LevelParameter | 'supplyChange', number>,
  now: number,
  supplyWindowUsed: SupplyWindowUsage,
): ClampResult {
  const params: PolicyParameters = { ...current };
  const changes: ParameterChange[] = [];
  for (const name of LEVEL_PARAMETERS) {
    const requested = proposed[name];
    if (requested === undefined || !Number.isFinite(requested) || requested === current[name]) continue;
    const g = guardrails.params[name];
    const { value, clampedBy } = clampLevel(current[name], requested, g, lastChangedAt[name], now);
    params[name] = value;
    changes.push({ parameter: name, from: current[name], to: value, requested, clampedBy });
  }

  let supplyChange = 0;
  const requestedSupply = proposed.supplyChange;
  if (requestedSupply !== undefined && Number.isFinite(requestedSupply) && requestedSupply !== 0) {
    const clampedBy: GuardrailRule[] = [];
    const g = guardrails.supplyChange;
    let v = requestedSupply;
    if (now - lastChangedAt.supplyChange < g.minDelay) {
      v = 0;
      clampedBy.push('minDelay');
    } else {
      if (v > g.max) {
        v = g.max;
        clampedBy.push('max');
      }
      if (v < g.min) {
        v = g.min;
        clampedBy.push('min');
      }
      const { mintable, burnable } = supplyBudget(guardrails, supplyWindowUsed);
      if (v > mintable) {
        v = mintable;
        clampedBy.push('supplyBudget');
      } else if (-v > burnable) {
        v = -burnable;
        clampedBy.push('supplyBudget');
      }
    }
    supplyChange = v;
    changes.push({ parameter: 'supplyChange', from: 0, to: v, requested: requestedSupply, clampedBy });
  }

  return {
    params,
    supplyChange,
    changes,
    headroom: headroom(params, guardrails, lastChangedAt, now, supplyWindowUsed, supplyChange),
  };
}

function clampLevel(
  current: number,
  requested: number,
  g: Guardrail,
  lastChangedAt: number,
  now: number,
): { value: number; clampedBy: GuardrailRule[] } {
  if (now - lastChangedAt < g.minDelay) return { value: current, clampedBy: ['minDelay'] };
  const clampedBy: GuardrailRule[] = [];
  let v = requested;
  if (v > current + g.maxStep) {
    v = current + g.maxStep;
    clampedBy.push('maxStep');
  } else if (v < current - g.maxStep) {
    v = current - g.maxStep;
    clampedBy.push('maxStep');
  }
  if (v > g.max) {
    v = g.max;
    clampedBy.push('max');
  }
  if (v < g.min) {
    v = g.min;
    clampedBy.push('min');
  }
  // Guardrails tightened below the current value: a move into range larger than maxStep is
  // not allowed on-chain either, so stay put.
  if (Math.abs(v - current) > g.maxStep * (1 + 1e-12)) return { value: current, clampedBy };
  return { value: v, clampedBy };
}

/** Headroom of every parameter after applying `params` (and a pending one-off supply change). */
export function headroom(
  params: PolicyParameters,
  guardrails: Guardrails,
  lastChangedAt: Record<LevelParameter | 'supplyChange', number>,
  now: number,
  window: SupplyWindowUsage,
  pendingSupplyChange = 0,
): Headroom {
  const out = {} as Headroom['params'];
  for (const name of LEVEL_PARAMETERS) {
    const g = guardrails.params[name];
    out[name] = {
      value: params[name],
      toMin: params[name] - g.min,
      toMax: g.max - params[name],
      maxStep: g.maxStep,
      secondsUntilChangeAllowed: Math.max(0, lastChangedAt[name] + g.minDelay - now),
    };
  }
  const s = supplyBudget(guardrails, window, pendingSupplyChange);
  return { params: out, supply: s };
}

/**
 * Checks a parameter change as the controller would at execution, returning the first broken
 * rule (or undefined). The simulator uses it to prove no guardrail is ever exceeded.
 */
export function violatedRule(
  name: LevelParameter,
  from: number,
  to: number,
  guardrails: Guardrails,
  lastChangedAt: number,
  now: number,
): GuardrailRule | undefined {
  const g = guardrails.params[name];
  const eps = 1e-9 * Math.max(1, Math.abs(g.max));
  if (now - lastChangedAt < g.minDelay) return 'minDelay';
  if (to < g.min - eps) return 'min';
  if (to > g.max + eps) return 'max';
  if (Math.abs(to - from) > g.maxStep + eps) return 'maxStep';
  return undefined;
}
