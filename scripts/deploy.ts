/**
 * Deploy Homeostat to any EVM chain, as a newcomer runs it (issue 14):
 *
 *   npm run deploy -- --rpc-url URL --keystore deployer.json --password-file pw.txt \
 *     --stable 0xUSDC --agent 0x… --guardian 0x… --reporter 0x… \
 *     [--seed-home 5000000 --seed-stable 500000] [--chain-id N] [--out deployments/N.json]
 *
 * (or DEPLOYER_PRIVATE_KEY in the environment instead of the keystore; flags in
 * scripts/lib/deploy-args.ts). Before sending anything it checks the node's chain id, the deployer's
 * key and balance against the deployment's gas, the stable token, and the stable the seed needs;
 * each problem is one line naming the flag. Then forge runs contracts/script/Deploy.s.sol (the
 * Uniswap V2 factory and router, the token, governance, controller, staking, treasury, oracle,
 * verification log), which writes the deployments file. With --seed-home/--seed-stable the
 * deployer then seeds the pool from its float with its own stable (LP tokens to the treasury) and
 * the treasury takes its first price observation. It prints where every token went and the next
 * command. Exit 1 on any error, with nothing sent when a pre-check fails.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  type Address,
  createPublicClient,
  createWalletClient,
  erc20Abi,
  formatEther,
  formatGwei,
  formatUnits,
  http,
  parseAbi,
  parseUnits,
} from 'viem';
import { type LocalAccount, privateKeyToAccount } from 'viem/accounts';
import { writeAndWait } from '../lib/chain/gas';
import { decryptKeystore, KeystoreError } from '../lib/chain/keystore';
import { treasuryAbi } from '../lib/contracts/abis';
import { readDeployment } from '../lib/contracts/deployments-node';
import { ConfigError, HomeostatError } from '../lib/errors';
import { checkForChain, type DeployArgs, parseDeployArgs } from './lib/deploy-args';
import { bin, root } from './lib/proc';

/**
 * Gas of the deploy script off the local chain, with headroom: deploy + seed took 30,586,481 gas in
 * 26 transactions (2026-12-07, anvil with chain id 84532; scripts/deploy.integration.test.ts prints
 * it). The balance check asks for this (+ the seed's) plus 30 % at the node's gas price.
 */
export const DEPLOY_GAS = 31_000_000n;
const SEED_GAS = 600_000n;

const routerAbi = parseAbi([
  'function addLiquidity(address tokenA, address tokenB, uint256 amountADesired, uint256 amountBDesired, uint256 amountAMin, uint256 amountBMin, address to, uint256 deadline) returns (uint256 amountA, uint256 amountB, uint256 liquidity)',
]);
const pairAbi = parseAbi([
  'function getReserves() view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast)',
  'function token0() view returns (address)',
  'function balanceOf(address) view returns (uint256)',
]);

function say(line: string) {
  console.log(`[deploy] ${line}`);
}

function account(args: DeployArgs): { account: LocalAccount; variable: string } {
  if (args.key.kind === 'env')
    return { account: privateKeyToAccount(args.key.privateKey), variable: 'DEPLOYER_PRIVATE_KEY' };
  const { file, passwordFile } = args.key;
  if (!existsSync(file)) throw new ConfigError('--keystore', `file ${file} does not exist`);
  if (!existsSync(passwordFile)) throw new ConfigError('--password-file', `file ${passwordFile} does not exist`);
  const password = readFileSync(passwordFile, 'utf8').replace(/\r?\n$/, '');
  try {
    return {
      account: privateKeyToAccount(decryptKeystore(readFileSync(file, 'utf8'), password)),
      variable: '--keystore',
    };
  } catch (e) {
    const why = e instanceof KeystoreError ? e.message : 'cannot be decrypted';
    throw new ConfigError('--keystore', `${file}: ${why} (with the password in ${passwordFile})`);
  }
}

function forge(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(bin.forge, args, { cwd: root, env: { ...process.env, ...env }, stdio: 'pipe' });
    let out = '';
    const keep = (b: Buffer) => {
      out = (out + b.toString()).slice(-40_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('exit', (code) => resolve({ code, out }));
  });
}

async function main() {
  const args = parseDeployArgs(process.argv.slice(2), process.env);
  const client = createPublicClient({ transport: http(args.rpcUrl, { timeout: 20_000, retryCount: 1 }) });
  let chainId: number;
  try {
    chainId = await client.getChainId();
  } catch {
    throw new ConfigError('--rpc-url', `${args.rpcUrl} does not answer eth_chainId`);
  }
  if (args.chainId !== undefined && args.chainId !== chainId) {
    throw new ConfigError('--chain-id', `is ${args.chainId} but the node at ${args.rpcUrl} is chain ${chainId}`);
  }
  checkForChain(args, chainId);
  const { account: deployer, variable } = account(args);
  say(`chain ${chainId} at ${args.rpcUrl}; deployer ${deployer.address}`);

  // Nothing is sent before these pass.
  let stableDecimals = 18;
  if (args.stable !== undefined && args.stable !== 'test') {
    const code = await client.getCode({ address: args.stable });
    if (!code || code === '0x') throw new ConfigError('--stable', `no contract at ${args.stable} on chain ${chainId}`);
    try {
      stableDecimals = await client.readContract({ address: args.stable, abi: erc20Abi, functionName: 'decimals' });
    } catch {
      throw new ConfigError('--stable', `${args.stable} does not answer decimals(): not an ERC-20`);
    }
    if (args.seed) {
      const have = await client.readContract({
        address: args.stable,
        abi: erc20Abi,
        functionName: 'balanceOf',
        args: [deployer.address],
      });
      const need = parseUnits(String(args.seed.stable), stableDecimals);
      if (have < need) {
        throw new ConfigError(
          '--seed-stable',
          `the deployer holds ${formatUnits(have, stableDecimals)} of the stable; the seed needs ${args.seed.stable}`,
        );
      }
    }
  } else if (args.seed) {
    throw new ConfigError('--seed-home', 'seeding needs a real stable (--stable): the test stable has no holders');
  }
  const [balance, gasPrice] = await Promise.all([
    client.getBalance({ address: deployer.address }),
    client.getGasPrice(),
  ]);
  const needGas = DEPLOY_GAS + (args.seed ? SEED_GAS : 0n);
  const need = (needGas * gasPrice * 13n) / 10n;
  if (balance < need) {
    throw new ConfigError(
      variable,
      `the deployer ${deployer.address} holds ${formatEther(balance)} ETH; the deployment needs about ${formatEther(need)} (${needGas} gas at ${formatGwei(gasPrice)} gwei, + 30 %)`,
    );
  }
  say(
    `balance ${formatEther(balance)} ETH ≥ ${formatEther(need)} needed; deploying (forge script, one transaction at a time)…`,
  );

  const out = args.out ?? `deployments/${chainId}.json`;
  const env: Record<string, string> = { DEPLOYMENTS_FILE: out };
  if (args.roles)
    Object.assign(env, { AGENT: args.roles.agent, GUARDIAN: args.roles.guardian, REPORTER: args.roles.reporter });
  if (args.stable !== undefined && args.stable !== 'test') env.STABLE_TOKEN = args.stable;
  const keyArgs =
    args.key.kind === 'keystore'
      ? ['--keystore', args.key.file, '--password-file', args.key.passwordFile]
      : ['--private-key', args.key.privateKey];
  const t0 = Date.now();
  const run = await forge(
    [
      'script',
      'contracts/script/Deploy.s.sol',
      '--rpc-url',
      args.rpcUrl,
      '--broadcast',
      '--non-interactive',
      '--slow',
      ...keyArgs,
    ],
    env,
  );
  if (run.code !== 0) {
    console.error(run.out.split('\n').slice(-25).join('\n'));
    throw new HomeostatError(`forge script failed (exit ${run.code}); its last lines are above`);
  }
  const deployment = readDeployment(path.resolve(root, out), chainId);
  const c = deployment.contracts;
  say(`deployed in ${((Date.now() - t0) / 1000).toFixed(0)} s; addresses in ${out}`);

  if (args.seed) {
    const wallet = createWalletClient({ account: deployer, transport: http(args.rpcUrl, { timeout: 20_000 }) });
    const send = async (label: string, call: Parameters<typeof writeAndWait>[3]) => {
      const { hash, ok } = await writeAndWait(client, wallet, deployer, call, 300_000);
      if (!ok) throw new HomeostatError(`${label} reverted in ${hash}`);
      say(`${label}: ${hash}`);
    };
    const home = parseUnits(String(args.seed.home), 18);
    const stable = parseUnits(String(args.seed.stable), stableDecimals);
    const router = c.UniswapV2Router02;
    await send('approve HOME', {
      address: c.HomeostatToken,
      abi: erc20Abi,
      functionName: 'approve',
      args: [router, home],
    });
    await send('approve stable', {
      address: c.StableToken,
      abi: erc20Abi,
      functionName: 'approve',
      args: [router, stable],
    });
    const deadline = BigInt(Math.floor(Date.now() / 1000) + 3600);
    await send('add liquidity (LP tokens to the treasury)', {
      address: router,
      abi: routerAbi,
      functionName: 'addLiquidity',
      args: [c.HomeostatToken, c.StableToken, home, stable, 0n, 0n, c.Treasury, deadline],
    });
    await send('first price observation', { address: c.Treasury, abi: treasuryAbi, functionName: 'observePrice' });
  }

  // Where everything is now.
  const [token0, reserves, lp] = await Promise.all([
    client.readContract({ address: c.UniswapV2Pair, abi: pairAbi, functionName: 'token0' }),
    client.readContract({ address: c.UniswapV2Pair, abi: pairAbi, functionName: 'getReserves' }),
    client.readContract({ address: c.UniswapV2Pair, abi: pairAbi, functionName: 'balanceOf', args: [c.Treasury] }),
  ]);
  const homeFirst = (token0 as Address).toLowerCase() === c.HomeostatToken.toLowerCase();
  const rHome = homeFirst ? reserves[0] : reserves[1];
  const rStable = homeFirst ? reserves[1] : reserves[0];
  const balanceOf = (token: Address, who: Address) =>
    client.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [who] });
  const [deployerHome, treasuryHome, stakingHome] = await Promise.all([
    balanceOf(c.HomeostatToken, deployer.address),
    balanceOf(c.HomeostatToken, c.Treasury),
    balanceOf(c.HomeostatToken, c.Staking),
  ]);
  const fmt = (x: bigint, d = 18) => Number(formatUnits(x, d)).toLocaleString('en-US', { maximumFractionDigits: 2 });
  say(
    `HOME: treasury ${fmt(treasuryHome)}, staking emissions ${fmt(stakingHome)}, deployer float ${fmt(deployerHome)}, pool ${fmt(rHome)}`,
  );
  if (rHome > 0n) {
    const price = Number(formatUnits(rStable, stableDecimals)) / Number(formatUnits(rHome, 18));
    say(
      `pool ${fmt(rHome)} HOME : ${fmt(rStable, stableDecimals)} stable (price ${price.toPrecision(4)}); treasury LP ${fmt(lp)}`,
    );
  } else {
    say(
      'the pool is empty: seed it (rerun with --seed-home/--seed-stable on a fresh deployment, or add liquidity to UniswapV2Pair yourself) before starting the agent, which refuses to act on an unpriced pool',
    );
  }
  console.log(`
Next: feed the oracle and start Homeostat against this deployment (README, "Deploying to a real chain"):

  RPC_URL=${args.rpcUrl} CHAIN_ID=${chainId} DEPLOYMENTS_FILE=${out} \\
  AGENT_KEYSTORE=agent.json AGENT_KEYSTORE_PASSWORD_FILE=agent-password.txt \\
  REPORTER_KEYSTORE=reporter.json REPORTER_KEYSTORE_PASSWORD_FILE=reporter-password.txt \\
  REPORTER_POSTS=posts/ REPORTER_FEED=https://…/feed.json \\
  npm start
`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    const message =
      e instanceof HomeostatError ? e.message.replace(/\s*\n\s*/g, ' ') : String((e as Error)?.stack ?? e);
    console.error(`deploy: ${message}`);
    process.exit(1);
  },
);
