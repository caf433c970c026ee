/**
 * Decodes a proposal's calldata (all aimed at the PolicyController) into changes a person can
 * read: current → proposed in units, the guardrail headroom left after the change, and whether
 * the change is "small" (the optimistic lane's test). Pure; the controller's live state is an input.
 */
import { decodeFunctionData, type Hex, toFunctionSelector } from 'viem';
import { policyControllerAbi } from '../contracts/abis';
import { POLICY_PARAM_COUNT, PolicyParam, type PolicyParamId } from '../contracts/params';
import {
  defaultUnits,
  formatParamAmount,
  formatParamDelta,
  formatParamValue,
  paramLabel,
  type UnitContext,
} from './units';

export type GuardrailBounds = { min: bigint; max: bigint; maxStep: bigint; smallStep: bigint; minDelay: bigint };

/** The controller's live state the decoder compares against. */
export type ControllerState = {
  params: Partial<Record<PolicyParamId, bigint>>;
  guardrails: Partial<Record<PolicyParamId, GuardrailBounds>>;
  /** Net supply change in the rolling window (HOME wei, signed) and the window's budget. */
  supplyWindow: { netChange: bigint; budget: bigint } | null;
  supplyNonce?: bigint | undefined;
  paused: boolean;
};

export type Headroom = {
  /** Distance from the new value to min / max, as text in the parameter's unit. */
  toMin: string;
  toMax: string;
  /** |new − old| as a share of the largest step allowed in one change (0..1+). */
  stepShare: number | null;
};

export type DecodedChange =
  | {
      kind: 'setParameter';
      paramId: PolicyParamId;
      label: string;
      /** Value the proposal expects to replace (compare-and-set) and the value it sets. */
      expectedCurrent: bigint;
      proposed: bigint;
      /** Live on-chain value, when known; differs from expectedCurrent if something else changed it. */
      current: bigint | undefined;
      stale: boolean;
      currentText: string;
      proposedText: string;
      deltaText: string;
      small: boolean | null;
      headroom: Headroom | null;
    }
  | {
      kind: 'changeSupply';
      paramId: typeof PolicyParam.Supply;
      label: string;
      /** HOME wei: > 0 mints to the treasury, < 0 burns from it. */
      delta: bigint;
      expectedNonce: bigint;
      stale: boolean;
      deltaText: string;
      small: boolean | null;
      /** Rolling 24 h supply budget left after this change (text), or null when unknown. */
      budgetLeftText: string | null;
      /** Share of the window's budget used after this change (0..1+). */
      budgetShare: number | null;
    }
  | { kind: 'unpause'; label: string; small: false }
  | { kind: 'unknown'; label: string; selector: Hex; small: null };

const abs = (x: bigint) => (x < 0n ? -x : x);

function isParamId(n: number): n is PolicyParamId {
  return Number.isInteger(n) && n >= 0 && n < POLICY_PARAM_COUNT;
}

export function decodeAction(
  calldata: Hex,
  state: ControllerState | null,
  units: UnitContext = defaultUnits,
): DecodedChange {
  let decoded: ReturnType<typeof decodeFunctionData<typeof policyControllerAbi>>;
  try {
    decoded = decodeFunctionData({ abi: policyControllerAbi, data: calldata });
  } catch {
    return { kind: 'unknown', label: 'Unrecognised call', selector: calldata.slice(0, 10) as Hex, small: null };
  }
  if (decoded.functionName === 'setParameter') {
    const [rawId, expectedCurrent, proposed] = decoded.args as readonly [number, bigint, bigint];
    const id = Number(rawId);
    if (!isParamId(id)) {
      return { kind: 'unknown', label: `Unknown parameter ${id}`, selector: calldata.slice(0, 10) as Hex, small: null };
    }
    const current = state?.params[id];
    const g = state?.guardrails[id];
    const delta = proposed - expectedCurrent;
    return {
      kind: 'setParameter',
      paramId: id,
      label: paramLabel(id),
      expectedCurrent,
      proposed,
      current,
      stale: current !== undefined && current !== expectedCurrent,
      currentText: formatParamValue(id, expectedCurrent, units),
      proposedText: formatParamValue(id, proposed, units),
      deltaText: formatParamDelta(id, delta, units),
      small: g ? abs(delta) <= g.smallStep : null,
      headroom: g ? headroomAfter(id, proposed, delta, g, units) : null,
    };
  }
  if (decoded.functionName === 'changeSupply') {
    const [delta, expectedNonce] = decoded.args as readonly [bigint, bigint];
    const g = state?.guardrails[PolicyParam.Supply];
    const window = state?.supplyWindow ?? null;
    const after = window ? abs(window.netChange + delta) : null;
    return {
      kind: 'changeSupply',
      paramId: PolicyParam.Supply,
      label: delta >= 0n ? 'Mint to treasury' : 'Burn from treasury',
      delta,
      expectedNonce,
      stale: state?.supplyNonce !== undefined && state.supplyNonce !== expectedNonce,
      deltaText: formatParamDelta(PolicyParam.Supply, delta, units),
      small: g ? abs(delta) <= g.smallStep : null,
      budgetLeftText:
        window && after !== null
          ? window.budget >= after
            ? formatParamAmount(PolicyParam.Supply, window.budget - after, units)
            : `over budget by ${formatParamAmount(PolicyParam.Supply, after - window.budget, units)}`
          : null,
      budgetShare: window && after !== null && window.budget > 0n ? ratio(after, window.budget) : null,
    };
  }
  if (decoded.functionName === 'unpause')
    return { kind: 'unpause', label: 'Unpause the policy controller', small: false };
  return {
    kind: 'unknown',
    label: `Call ${decoded.functionName}`,
    selector: toFunctionSelector(calldata.slice(0, 10) as Hex),
    small: null,
  };
}

export function headroomAfter(
  id: PolicyParamId,
  proposed: bigint,
  delta: bigint,
  g: GuardrailBounds,
  units: UnitContext = defaultUnits,
): Headroom {
  const toMin = proposed - g.min;
  const toMax = g.max - proposed;
  return {
    toMin: toMin < 0n ? `below min by ${formatParamAmount(id, -toMin, units)}` : formatParamAmount(id, toMin, units),
    toMax: toMax < 0n ? `above max by ${formatParamAmount(id, -toMax, units)}` : formatParamAmount(id, toMax, units),
    stepShare: g.maxStep > 0n ? ratio(abs(delta), g.maxStep) : null,
  };
}

/** a / b as a float without losing precision on large bigints. */
export function ratio(a: bigint, b: bigint): number {
  if (b === 0n) return a === 0n ? 0 : Number.POSITIVE_INFINITY;
  return Number((a * 1_000_000n) / b) / 1_000_000;
}

export function decodeProposal(calldatas: readonly Hex[], state: ControllerState | null, units?: UnitContext) {
  return calldatas.map((c) => decodeAction(c, state, units));
}

/** Short names of the parameters a proposal touches, for list rows. */
export function changedParameters(changes: readonly DecodedChange[]): string[] {
  return [...new Set(changes.map((c) => c.label))];
}

/** Whether any action mints or burns (the UI then explains thresholds do not move). */
export function changesSupply(changes: readonly DecodedChange[]): boolean {
  return changes.some((c) => c.kind === 'changeSupply');
}
