import { describe, expect, it } from 'vitest';
import { DataError } from '../errors';
import { contractNames, parseDeployment } from './deployments';

const address = (i: number) => `0x${i.toString(16).padStart(40, '0')}`;
const base = () => ({
  chainId: 31337,
  startBlock: 1,
  contracts: Object.fromEntries(contractNames.map((n, i) => [n, address(i + 1)])),
});

describe('parseDeployment', () => {
  it('reads the VerificationLog address when the file has one', () => {
    const json = base();
    (json.contracts as Record<string, string>).VerificationLog = address(99);
    expect(parseDeployment(json, 'd.json').contracts.VerificationLog).toBe(
      '0x0000000000000000000000000000000000000063',
    );
  });

  it('keeps reading files written before the VerificationLog existed', () => {
    const d = parseDeployment(base(), 'old.json');
    expect(d.contracts.VerificationLog).toBeUndefined();
    expect(d.contracts.HomeostatGovernor).toBe(address(2));
  });

  it('refuses a bad VerificationLog value, naming the file and field', () => {
    const json = base();
    (json.contracts as Record<string, unknown>).VerificationLog = 'nope';
    expect(() => parseDeployment(json, 'bad.json')).toThrowError(DataError);
    expect(() => parseDeployment(json, 'bad.json')).toThrowError(
      'bad.json, column "contracts.VerificationLog": "contracts.VerificationLog" must be an address',
    );
  });

  it('still requires every original contract', () => {
    const json = base();
    delete (json.contracts as Record<string, unknown>).SignalOracle;
    expect(() => parseDeployment(json, 'x.json')).toThrowError('"contracts.SignalOracle" must be an address');
  });
});
