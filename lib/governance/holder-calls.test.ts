import { encodeFunctionData, getAddress, keccak256, toHex } from 'viem';
import { describe, expect, it } from 'vitest';
import {
  homeostatGovernorAbi,
  policyControllerAbi,
  timelockControllerAbi,
  treasuryAbi,
  verificationLogAbi,
} from '../contracts/abis';
import { decodeAction } from './decode';
import { titleFromChanges } from './title';
import { defaultUnits } from './units';

const stable = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const alice = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const units = { ...defaultUnits, stableAddress: stable };

describe("holders' lane calls read as words (review finding M-3)", () => {
  it('a treasury withdrawal of the stable token names the amount in its unit and the recipient', () => {
    const data = encodeFunctionData({
      abi: treasuryAbi,
      functionName: 'withdraw',
      args: [stable, alice, 1_250_000_000n],
    });
    const c = decodeAction(data, null, units);
    expect(c).toEqual({
      kind: 'call',
      label: 'Treasury withdrawal',
      detail: `send 1,250 TUSD from the treasury to ${alice}`,
      small: false,
    });
  });

  it('another asset is given in base units with its address, never in a guessed unit', () => {
    const other = getAddress('0x0000000000000000000000000000000000000abc');
    const data = encodeFunctionData({ abi: treasuryAbi, functionName: 'withdraw', args: [other, alice, 5n] });
    const c = decodeAction(data, null, units);
    expect(c.kind === 'call' && c.detail).toBe(`send 5 base units of token ${other} from the treasury to ${alice}`);
  });

  it('role rotations name the role and the account', () => {
    const grant = encodeFunctionData({
      abi: timelockControllerAbi,
      functionName: 'grantRole',
      args: [keccak256(toHex('CANCELLER_ROLE')), alice],
    });
    expect(decodeAction(grant, null)).toMatchObject({
      kind: 'call',
      detail: `give ${alice} the timelock's canceller role`,
    });
    const agent = encodeFunctionData({ abi: homeostatGovernorAbi, functionName: 'setProposer', args: [alice] });
    expect(decodeAction(agent, null)).toMatchObject({ kind: 'call', label: 'Replace the agent' });
    const recorder = encodeFunctionData({ abi: verificationLogAbi, functionName: 'setRecorder', args: [alice] });
    expect(decodeAction(recorder, null)).toMatchObject({ kind: 'call', label: 'Replace the verification recorder' });
    const guardian = encodeFunctionData({ abi: policyControllerAbi, functionName: 'setGuardian', args: [alice] });
    expect(decodeAction(guardian, null)).toMatchObject({ kind: 'call', label: 'Replace the controller guardian' });
  });

  it('a fee exemption through the controller, and the title of a proposal made of such calls', () => {
    const data = encodeFunctionData({ abi: policyControllerAbi, functionName: 'setFeeExempt', args: [alice, true] });
    const c = decodeAction(data, null);
    expect(c).toMatchObject({ kind: 'call', detail: `exempt ${alice} from the transfer fee` });
    expect(titleFromChanges([c])).toContain(`xempt ${alice} from the transfer fee`);
  });

  it('a selector nobody allows stays unrecognised', () => {
    expect(decodeAction('0xdeadbeef', null)).toMatchObject({ kind: 'unknown', selector: '0xdeadbeef' });
  });
});
