/**
 * Decodes a proposal's calldata (all aimed at the PolicyController) into changes a person can
 * read: current → proposed in units, the guardrail headroom left after the change, and whether
 * the change is "small" (the optimistic lane's test). Pure; the controller's live state is an input.
 */
import { decodeFunctionData, formatUnits, type Hex, keccak256, toFunctionSelector, toHex } from 'viem';
import {
  homeostatGovernorAbi,
  policyControllerAbi,
  signalOracleAbi,
  timelockControllerAbi,
  treasuryAbi,
  verificationLogAbi,
} from '../contracts/abis';
import { POLICY_PARAM_COUNT, PolicyParam, type PolicyParamId } from '../contracts/params';
import {
  defaultUnits,
  formatDuration,
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
  /** A holders'-lane call outside the policy parameters (treasury withdrawal, role rotation, …): always a full vote. */
  | { kind: 'call'; label: string; detail: string; small: false }
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
    return (
      decodeHolderCall(calldata, units) ?? {
        kind: 'unknown',
        label: 'Unrecognised call',
        selector: calldata.slice(0, 10) as Hex,
        small: null,
      }
    );
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
  if (decoded.functionName === 'pause')
    return {
      kind: 'call',
      label: 'Pause the policy controller',
      detail: 'stop every parameter and supply change',
      small: false,
    };
  if (decoded.functionName === 'setGuardian') {
    const [guardian] = decoded.args as readonly [string];
    return call('Replace the controller guardian', `make ${guardian} the policy controller's guardian (may pause)`);
  }
  if (decoded.functionName === 'setFeeExempt') {
    const [account, exempt] = decoded.args as readonly [string, boolean];
    return exempt
      ? call('Transfer-fee exemption', `exempt ${account} from the transfer fee`)
      : call('Transfer-fee exemption', `make ${account} pay the transfer fee again`);
  }
  return {
    kind: 'unknown',
    label: `Call ${decoded.functionName}`,
    selector: toFunctionSelector(calldata.slice(0, 10) as Hex),
    small: null,
  };
}

const call = (label: string, detail: string): DecodedChange => ({ kind: 'call', label, detail, small: false });

/**
 * The calls holders may propose besides the controller's (the governor's allow-list, set by the
 * deploy script): decoded by selector, since a proposal's calldata does not say which ABI it uses.
 */
const holderCallAbi = [
  ...treasuryAbi.filter((f) => f.type === 'function' && (f.name === 'withdraw' || f.name === 'setOperator')),
  ...signalOracleAbi.filter((f) => f.type === 'function' && f.name === 'setReporter'),
  ...verificationLogAbi.filter(
    (f) => f.type === 'function' && (f.name === 'setRecorder' || f.name === 'revokeRecorder'),
  ),
  ...timelockControllerAbi.filter(
    (f) => f.type === 'function' && (f.name === 'grantRole' || f.name === 'revokeRole' || f.name === 'updateDelay'),
  ),
  ...homeostatGovernorAbi.filter(
    (f) =>
      f.type === 'function' &&
      (f.name === 'setProposer' ||
        f.name === 'setGuardian' ||
        f.name === 'setRejectionCooldown' ||
        f.name === 'setHolderCall'),
  ),
] as const;

/** The timelock's roles by hash (OpenZeppelin: keccak256 of the role's name). */
const timelockRoles: Record<string, string> = Object.fromEntries(
  ['PROPOSER_ROLE', 'EXECUTOR_ROLE', 'CANCELLER_ROLE'].map((r) => [
    keccak256(toHex(r)),
    r.replace('_ROLE', '').toLowerCase(),
  ]),
);
timelockRoles[`0x${'0'.repeat(64)}`] = 'admin';

function decodeHolderCall(calldata: Hex, units: UnitContext): DecodedChange | null {
  let d: ReturnType<typeof decodeFunctionData<typeof holderCallAbi>>;
  try {
    d = decodeFunctionData({ abi: holderCallAbi, data: calldata });
  } catch {
    return null;
  }
  const a = d.args as readonly unknown[];
  switch (d.functionName) {
    case 'withdraw': {
      const [asset, to, amount] = a as [string, string, bigint];
      const stable = units.stableAddress !== undefined && asset.toLowerCase() === units.stableAddress.toLowerCase();
      const what = stable
        ? `${Number(formatUnits(amount, units.stableDecimals)).toLocaleString('en-US')} ${units.stableSymbol}`
        : `${amount.toLocaleString('en-US')} base units of token ${asset}`;
      return call('Treasury withdrawal', `send ${what} from the treasury to ${to}`);
    }
    case 'setOperator':
      return call(
        'Replace the treasury operator',
        `make ${a[0]} the treasury's operator (buybacks, range and liquidity operations)`,
      );
    case 'setReporter':
      return call('Replace the oracle reporter', `make ${a[0]} the signal oracle's reporter`);
    case 'setRecorder':
      return call('Replace the verification recorder', `make ${a[0]} the verification log's recorder`);
    case 'revokeRecorder':
      return call('Revoke the verification recorder', 'leave the verification log without a recorder');
    case 'grantRole':
    case 'revokeRole': {
      const [role, account] = a as [string, string];
      const name = timelockRoles[role.toLowerCase()] ?? `role ${role}`;
      return d.functionName === 'grantRole'
        ? call('Timelock role', `give ${account} the timelock's ${name} role`)
        : call('Timelock role', `take the timelock's ${name} role from ${account}`);
    }
    case 'updateDelay':
      return call('Timelock delay', `set the timelock delay to ${formatDuration(Number(a[0]))}`);
    case 'setProposer':
      return call('Replace the agent', `make ${a[0]} the account that proposes the agent's decisions`);
    case 'setGuardian':
      return call('Replace the governance guardian', `make ${a[0]} the guardian who may cancel proposals`);
    case 'setRejectionCooldown':
      return call('Rejection cooldown', `refuse a vetoed or defeated change for ${formatDuration(Number(a[0]))}`);
    case 'setHolderCall': {
      const [target, selector, allowed] = a as [string, string, boolean];
      return call(
        "Holders' allow-list",
        `${allowed ? 'allow' : 'stop allowing'} holder proposals to call ${selector} on ${target}`,
      );
    }
  }
  return null;
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
