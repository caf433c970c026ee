/**
 * Turns the policy's float changes into controller calls in raw units, re-clamped in integer
 * space against the raw guardrails (so rounding can never push a value one wei past a bound),
 * and the proposal's calldata. Pure; the executor only signs what this returns.
 */
import { type Address, encodeFunctionData, type Hex } from 'viem';
import { policyControllerAbi } from '../contracts/abis';
import { PolicyParam } from '../contracts/params';
import type { AnyParameterChange } from '../policy/types';
import { type ChainSnapshot, paramDecimals, toRaw, treasuryParamDecimals } from './snapshot';

export type RawAction =
  | { kind: 'setParameter'; parameter: string; id: number; expectedCurrent: bigint; newValue: bigint; small: boolean }
  | { kind: 'changeSupply'; parameter: 'supplyChange'; delta: bigint; expectedNonce: bigint; small: boolean };

export type EncodedProposal = {
  actions: RawAction[];
  targets: Address[];
  values: bigint[];
  calldatas: Hex[];
  /** Lane the governor will pick: optimistic iff every action is within its small step. */
  expectedLane: 'optimistic' | 'full';
};

const abs = (x: bigint) => (x < 0n ? -x : x);
const clampBig = (x: bigint, lo: bigint, hi: bigint) => (x < lo ? lo : x > hi ? hi : x);

export function encodeChanges(
  changes: readonly AnyParameterChange[],
  s: ChainSnapshot,
  controller: Address,
): EncodedProposal {
  const dec = { ...paramDecimals(s), ...treasuryParamDecimals(s) };
  const actions: RawAction[] = [];
  for (const c of changes) {
    if (c.parameter === 'supplyChange') {
      const g = s.guardrails[PolicyParam.Supply]!;
      let delta = toRaw(c.to, s.tokenDecimals);
      delta = clampBig(delta, -g.maxStep, g.maxStep);
      if (s.totalSupply + delta > g.max) delta = g.max - s.totalSupply;
      if (s.totalSupply + delta < g.min) delta = g.min - s.totalSupply;
      if (delta === 0n) continue;
      actions.push({
        kind: 'changeSupply',
        parameter: 'supplyChange',
        delta,
        expectedNonce: s.supplyNonce,
        small: abs(delta) <= g.smallStep,
      });
      continue;
    }
    const { id, decimals } = dec[c.parameter];
    const g = s.guardrails[id];
    const cur = s.params[id];
    // An older controller without the treasury parameters: nothing to encode for them.
    if (!g || cur === undefined) continue;
    let next = toRaw(c.to, decimals);
    next = clampBig(next, cur - g.maxStep, cur + g.maxStep);
    next = clampBig(next, g.min, g.max);
    if (abs(next - cur) > g.maxStep || next === cur) continue;
    actions.push({
      kind: 'setParameter',
      parameter: c.parameter,
      id,
      expectedCurrent: cur,
      newValue: next,
      small: abs(next - cur) <= g.smallStep,
    });
  }
  const calldatas = actions.map((a) =>
    a.kind === 'setParameter'
      ? encodeFunctionData({
          abi: policyControllerAbi,
          functionName: 'setParameter',
          args: [a.id, a.expectedCurrent, a.newValue],
        })
      : encodeFunctionData({
          abi: policyControllerAbi,
          functionName: 'changeSupply',
          args: [a.delta, a.expectedNonce],
        }),
  );
  return {
    actions,
    targets: actions.map(() => controller),
    values: actions.map(() => 0n),
    calldatas,
    expectedLane: actions.length > 0 && actions.every((a) => a.small) ? 'optimistic' : 'full',
  };
}
