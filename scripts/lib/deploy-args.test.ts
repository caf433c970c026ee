import { describe, expect, it } from 'vitest';
import { checkForChain, parseDeployArgs } from './deploy-args';

const KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
const A = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const roles = ['--agent', A, '--guardian', A, '--reporter', A];

describe('npm run deploy arguments', () => {
  const parse = (argv: string[], env: Record<string, string> = { DEPLOYER_PRIVATE_KEY: KEY }) =>
    parseDeployArgs(['--rpc-url', 'http://127.0.0.1:8545', ...argv], env);

  it('names the flag that is wrong', () => {
    expect(() => parseDeployArgs([], {})).toThrow(/^--rpc-url: required/);
    expect(() => parse(['--bogus'])).toThrow(/^arguments: Unknown option '--bogus'/);
    expect(() => parse([], {})).toThrow(/^--keystore: the deployer key/);
    expect(() => parse(['--keystore', 'k.json', '--password-file', 'p'])).toThrow(/^--keystore: use either/);
    expect(() => parse([], { DEPLOYER_PRIVATE_KEY: '0x1234' })).toThrow(/^DEPLOYER_PRIVATE_KEY: must be 0x/);
    expect(() => parse(['--agent', A])).toThrow(/^--guardian: the three roles are given together/);
    expect(() => parse(['--stable', 'usdc'])).toThrow(/^--stable: "usdc" is not an address/);
    expect(() => parse(['--stable', A, '--test-stable'])).toThrow(/^--stable: use either/);
    expect(() => parse(['--seed-home', '60000000', '--seed-stable', '1'])).toThrow(
      /^--seed-home: "60000000" must be a number in \(0, 50000000\]/,
    );
    expect(() => parse(['--out', '/etc/x.json'])).toThrow(/^--out: .* under deployments\//);
    expect(() => parse(['--out', 'deployments/../x.json'])).toThrow(/^--out:/);
    expect(() => parse(['--chain-id', 'base'])).toThrow(/^--chain-id:/);
  });

  it('reads roles, stable and seed; the local chain may default them, another may not', () => {
    const a = parse([...roles, '--stable', A.toLowerCase(), '--seed-home', '5e6', '--seed-stable', '5e5']);
    expect(a.roles?.agent).toBe(A);
    expect(a.stable).toBe(A);
    expect(a.seed).toEqual({ home: 5_000_000, stable: 500_000 });
    expect(() => checkForChain(a, 8453)).not.toThrow();
    const bare = parse([]);
    expect(() => checkForChain(bare, 31337)).not.toThrow();
    expect(() => checkForChain(bare, 8453)).toThrow(/^--agent: required on chain 8453/);
    expect(() => checkForChain(parse(roles), 8453)).toThrow(/^--stable: required on chain 8453/);
    expect(() => checkForChain(parse([...roles, '--test-stable']), 84532)).not.toThrow();
  });
});
