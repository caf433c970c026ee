import { parseArgs } from 'node:util';
import { type Address, getAddress, isAddress } from 'viem';
import { ConfigError } from '../../lib/errors';

/**
 * `npm run deploy -- …` arguments (scripts/deploy.ts), validated before anything is sent. Every
 * error names the flag (or variable) and what it needs.
 *
 *   --rpc-url URL            the chain (or RPC_URL)
 *   --chain-id N             checked against the node (optional)
 *   --keystore FILE          the deployer's v3 keystore, with --password-file FILE
 *                            (or DEPLOYER_PRIVATE_KEY in the environment)
 *   --stable ADDRESS         the pool's stable token (STABLE_TOKEN); required off the local chain
 *                            unless --test-stable deploys a test token (testnets only)
 *   --agent, --guardian, --reporter ADDRESS   the roles (AGENT, GUARDIAN, REPORTER); required off
 *                            the local chain, where the defaults are anvil's public dev accounts
 *   --seed-home N --seed-stable N   seed the pool from the deployer's float (≤ 50,000,000 HOME)
 *                            and its own stable, in whole tokens; LP tokens go to the treasury
 *   --out FILE               the deployments file (default deployments/<chainId>.json; under deployments/)
 */
export type DeployArgs = {
  rpcUrl: string;
  chainId: number | undefined;
  key: { kind: 'keystore'; file: string; passwordFile: string } | { kind: 'env'; privateKey: `0x${string}` };
  /** undefined: not given (the local chain then deploys a test stable; elsewhere it is an error). */
  stable: Address | 'test' | undefined;
  roles: { agent: Address; guardian: Address; reporter: Address } | undefined;
  seed: { home: number; stable: number } | undefined;
  out: string | undefined;
};

/** The deployer's float (Deploy.s.sol DEPLOYER_FLOAT): the most HOME a seed can put in the pool. */
export const DEPLOYER_FLOAT_HOME = 50_000_000;

export function parseDeployArgs(argv: string[], env: Record<string, string | undefined>): DeployArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'rpc-url': { type: 'string' },
        'chain-id': { type: 'string' },
        keystore: { type: 'string' },
        'password-file': { type: 'string' },
        stable: { type: 'string' },
        'test-stable': { type: 'boolean' },
        agent: { type: 'string' },
        guardian: { type: 'string' },
        reporter: { type: 'string' },
        'seed-home': { type: 'string' },
        'seed-stable': { type: 'string' },
        out: { type: 'string' },
      },
      strict: true,
    }));
  } catch (e) {
    throw new ConfigError('arguments', (e as Error).message);
  }
  const str = (name: string) => {
    const v = values[name];
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };
  const rpcUrl = str('rpc-url') ?? env.RPC_URL?.trim();
  if (!rpcUrl) throw new ConfigError('--rpc-url', 'required (the chain to deploy to), or set RPC_URL');
  if (!/^https?:\/\//.test(rpcUrl)) throw new ConfigError('--rpc-url', `"${rpcUrl}" is not an http(s) URL`);
  let chainId: number | undefined;
  const chainRaw = str('chain-id');
  if (chainRaw !== undefined) {
    if (!/^\d+$/.test(chainRaw) || Number(chainRaw) < 1)
      throw new ConfigError('--chain-id', `"${chainRaw}" is not a chain id`);
    chainId = Number(chainRaw);
  }

  const keystore = str('keystore');
  const passwordFile = str('password-file');
  const envKey = env.DEPLOYER_PRIVATE_KEY?.trim();
  let key: DeployArgs['key'];
  if (keystore !== undefined) {
    if (envKey) throw new ConfigError('--keystore', 'use either --keystore or DEPLOYER_PRIVATE_KEY, not both');
    // Without it forge asks on a terminal, and with no terminal fails with a misleading "lack of funds".
    if (passwordFile === undefined) throw new ConfigError('--password-file', 'required with --keystore');
    key = { kind: 'keystore', file: keystore, passwordFile };
  } else if (envKey) {
    if (!/^0x[0-9a-fA-F]{64}$/.test(envKey)) {
      throw new ConfigError('DEPLOYER_PRIVATE_KEY', 'must be 0x followed by 64 hex digits');
    }
    key = { kind: 'env', privateKey: envKey as `0x${string}` };
  } else {
    throw new ConfigError(
      '--keystore',
      'the deployer key: --keystore FILE --password-file FILE, or DEPLOYER_PRIVATE_KEY',
    );
  }

  const address = (flag: string, variable: string): Address | undefined => {
    const raw = str(flag) ?? env[variable]?.trim();
    if (!raw) return undefined;
    if (!isAddress(raw, { strict: false })) throw new ConfigError(`--${flag}`, `"${raw}" is not an address`);
    return getAddress(raw);
  };
  const stableAddress = address('stable', 'STABLE_TOKEN');
  if (stableAddress && values['test-stable']) {
    throw new ConfigError('--stable', 'use either --stable or --test-stable, not both');
  }
  const stable: DeployArgs['stable'] | undefined = stableAddress ?? (values['test-stable'] ? 'test' : undefined);
  const agent = address('agent', 'AGENT');
  const guardian = address('guardian', 'GUARDIAN');
  const reporter = address('reporter', 'REPORTER');
  const anyRole = agent ?? guardian ?? reporter;
  if (anyRole && !(agent && guardian && reporter)) {
    const missing = [!agent && '--agent', !guardian && '--guardian', !reporter && '--reporter'].filter(Boolean);
    throw new ConfigError(String(missing[0]), 'the three roles are given together (--agent, --guardian, --reporter)');
  }

  const whole = (flag: string, max: number): number | undefined => {
    const raw = str(flag);
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0 || n > max)
      throw new ConfigError(`--${flag}`, `"${raw}" must be a number in (0, ${max}]`);
    return n;
  };
  const home = whole('seed-home', DEPLOYER_FLOAT_HOME);
  const stableSeed = whole('seed-stable', 1e15);
  if ((home === undefined) !== (stableSeed === undefined)) {
    throw new ConfigError(
      home === undefined ? '--seed-home' : '--seed-stable',
      'give --seed-home and --seed-stable together',
    );
  }
  const out = str('out');
  if (out !== undefined && (!/^deployments\/[\w./-]+\.json$/.test(out) || out.includes('..'))) {
    // forge's fs_permissions (foundry.toml) let the script write under deployments/ only.
    throw new ConfigError('--out', `"${out}" must be a .json file under deployments/`);
  }
  return {
    rpcUrl,
    chainId,
    key,
    stable,
    roles: agent && guardian && reporter ? { agent, guardian, reporter } : undefined,
    seed: home !== undefined && stableSeed !== undefined ? { home, stable: stableSeed } : undefined,
    out,
  };
}

/** What only the local anvil chain may default: the roles and the test stable. */
export function checkForChain(args: DeployArgs, chainId: number): void {
  if (chainId === 31337) return;
  if (!args.roles) {
    throw new ConfigError(
      '--agent',
      `required on chain ${chainId} with --guardian and --reporter: the defaults are anvil's public dev accounts`,
    );
  }
  if (args.stable === undefined) {
    throw new ConfigError(
      '--stable',
      `required on chain ${chainId}: the pool's stable token address (or --test-stable to deploy a test token on a testnet)`,
    );
  }
}
