/**
 * The README's deploy path, literally, on a stand-in for a real chain: anvil with chain id 84532
 * (not the local 31337, so no local defaults apply), a stand-in USDC held by a fresh deployer whose
 * key lives in a v3 keystore. `npm run deploy` checks before it sends, deploys, seeds the pool from
 * the deployer's float with its own stable, and prints the next command; the reporter then feeds
 * the oracle of that deployment from a posts file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  type Address,
  createPublicClient,
  createWalletClient,
  erc20Abi,
  getAddress,
  type Hex,
  http,
  parseAbi,
  parseEther,
  parseUnits,
} from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptKeystore } from '../lib/chain/keystore';
import { signalOracleAbi } from '../lib/contracts/abis';
import { readDeployment } from '../lib/contracts/deployments-node';
import { root, runTsx, startAnvil } from '../test/local-stack';
import { devAccount } from './lib/accounts';

type Anvil = Awaited<ReturnType<typeof startAnvil>>;
const CHAIN = 84532;
const dir = mkdtempSync(path.join(os.tmpdir(), 'homeostat-deploy-'));
const out = `deployments/test-${CHAIN}-${process.pid}.json`;
const deployerKey = generatePrivateKey();
const deployer = privateKeyToAccount(deployerKey);
const keystore = path.join(dir, 'deployer.json');
const passwordFile = path.join(dir, 'password.txt');
const roles = { agent: devAccount(1).address, guardian: devAccount(2).address, reporter: devAccount(3).address };

let anvil: Anvil;
let usdc: Address;

const deployArgs = (extra: string[] = []) => [
  '--rpc-url',
  anvil.url,
  '--keystore',
  keystore,
  '--password-file',
  passwordFile,
  '--stable',
  usdc,
  '--agent',
  roles.agent,
  '--guardian',
  roles.guardian,
  '--reporter',
  roles.reporter,
  '--out',
  out,
  ...extra,
];
/** The one `deploy: …` line of a failed run. */
const failure = (text: string) => text.split('\n').filter((l) => l.startsWith('deploy: '));

describe('npm run deploy on a chain that is not the local one', () => {
  beforeAll(async () => {
    anvil = await startAnvil([], { chainId: CHAIN });
    writeFileSync(keystore, encryptKeystore(deployerKey, 'correct horse', 1024));
    writeFileSync(passwordFile, 'correct horse\n');
    // A stand-in USDC (TestStable: 6 decimals, as USDC), issued by another account.
    const issuer = createWalletClient({ account: devAccount(0).account, transport: http(anvil.url) });
    const client = createPublicClient({ transport: http(anvil.url) });
    const artifact = JSON.parse(
      readFileSync(path.join(root, 'contracts/out/TestStable.sol/TestStable.json'), 'utf8'),
    ) as {
      abi: unknown[];
      bytecode: { object: Hex };
    };
    const hash = await issuer.deployContract({ abi: artifact.abi, bytecode: artifact.bytecode.object, chain: null });
    usdc = getAddress((await client.waitForTransactionReceipt({ hash })).contractAddress as Address);
    const mint = parseAbi(['function mint(address to, uint256 amount)']);
    await client.waitForTransactionReceipt({
      hash: await issuer.writeContract({
        address: usdc,
        abi: mint,
        functionName: 'mint',
        args: [deployer.address, parseUnits('600000', 6)],
        chain: null,
      }),
    });
  }, 120_000);
  afterAll(async () => {
    await anvil?.stop();
    rmSync(path.join(root, out), { force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('checks before it sends: each problem is one line naming the flag, and nothing is sent', async () => {
    const client = createPublicClient({ transport: http(anvil.url) });
    const nonce = () => client.getTransactionCount({ address: deployer.address });
    const cases: [string[], RegExp][] = [
      [
        deployArgs().filter((a) => a !== '--password-file' && a !== passwordFile),
        /^deploy: --password-file: required with --keystore/,
      ],
      [
        [
          '--rpc-url',
          anvil.url,
          '--keystore',
          keystore,
          '--password-file',
          passwordFile,
          '--stable',
          usdc,
          '--out',
          out,
        ],
        /^deploy: --agent: required on chain 84532 with --guardian and --reporter: the defaults are anvil's public dev accounts/,
      ],
      [
        deployArgs().filter((a, i, all) => a !== '--stable' && all[i - 1] !== '--stable'),
        /^deploy: --stable: required on chain 84532/,
      ],
      [deployArgs(['--chain-id', '8453']), /^deploy: --chain-id: is 8453 but the node at .* is chain 84532/],
      [
        deployArgs().map((a) => (a === usdc ? roles.agent : a)),
        /^deploy: --stable: no contract at 0x\w+ on chain 84532/,
      ],
      [deployArgs(['--seed-home', '1000']), /^deploy: --seed-stable: give --seed-home and --seed-stable together/],
      // The deployer has no ETH yet.
      [
        deployArgs(),
        /^deploy: --keystore: the deployer 0x\w+ holds 0 ETH; the deployment needs about [\d.]+ \(\d+ gas at/,
      ],
    ];
    for (const [args, line] of cases) {
      const r = await runTsx('scripts/deploy.ts', args);
      expect(r.code, r.out).toBe(1);
      expect(failure(r.out), r.out).toHaveLength(1);
      expect(failure(r.out)[0]).toMatch(line);
    }
    writeFileSync(path.join(dir, 'wrong.txt'), 'wrong');
    const wrong = await runTsx(
      'scripts/deploy.ts',
      deployArgs().map((a) => (a === passwordFile ? path.join(dir, 'wrong.txt') : a)),
    );
    expect(failure(wrong.out)[0]).toMatch(/^deploy: --keystore: .*deployer\.json: wrong password \(MAC mismatch\)/);
    expect(await nonce()).toBe(0);
  }, 180_000);

  it('deploys, seeds the pool from the float, and prints the next command', async () => {
    const client = createPublicClient({ transport: http(anvil.url) });
    const funder = createWalletClient({ account: devAccount(0).account, transport: http(anvil.url) });
    await client.waitForTransactionReceipt({
      hash: await funder.sendTransaction({ to: deployer.address, value: parseEther('50'), chain: null }),
    });
    const start = await client.getBlockNumber({ cacheTime: 0 });
    const r = await runTsx('scripts/deploy.ts', deployArgs(['--seed-home', '5000000', '--seed-stable', '500000']));
    expect(r.code, r.out).toBe(0);
    console.log(r.out.trim());
    const deployment = readDeployment(path.join(root, out), CHAIN);
    const c = deployment.contracts;
    expect(c.StableToken).toBe(usdc);
    // Roles as given, not anvil's defaults.
    const read = <T>(address: Address, abi: readonly unknown[], functionName: string, args: unknown[] = []) =>
      client.readContract({ address, abi, functionName, args } as never) as Promise<T>;
    expect(await read<Address>(c.SignalOracle, signalOracleAbi, 'reporter')).toBe(roles.reporter);
    // A priced pool: 5 M HOME (less the transfer fee) against 500 k stable, LP tokens with the treasury.
    const pair = parseAbi([
      'function getReserves() view returns (uint112, uint112, uint32)',
      'function token0() view returns (address)',
      'function balanceOf(address) view returns (uint256)',
    ]);
    const [r0, r1] = await read<[bigint, bigint, number]>(c.UniswapV2Pair, pair, 'getReserves');
    const homeFirst =
      (await read<Address>(c.UniswapV2Pair, pair, 'token0')).toLowerCase() === c.HomeostatToken.toLowerCase();
    const [rHome, rStable] = homeFirst ? [r0, r1] : [r1, r0];
    expect(rStable).toBe(parseUnits('500000', 6));
    expect(rHome).toBeGreaterThan(parseUnits('4900000', 18));
    expect(rHome).toBeLessThanOrEqual(parseUnits('5000000', 18));
    expect(await read<bigint>(c.UniswapV2Pair, pair, 'balanceOf', [c.Treasury])).toBeGreaterThan(0n);
    expect(await read<bigint>(c.HomeostatToken, erc20Abi, 'balanceOf', [deployer.address])).toBe(
      parseUnits('45000000', 18),
    );
    expect(r.out).toMatch(/pool [\d,.]+ HOME : 500,000 stable \(price 0\.10\d*\)/);
    expect(r.out).toContain(`RPC_URL=${anvil.url} CHAIN_ID=${CHAIN} DEPLOYMENTS_FILE=${out}`);

    // The gas the deployment took (DEPLOY_GAS in scripts/deploy.ts is set from this figure).
    let gas = 0n;
    const end = await client.getBlockNumber({ cacheTime: 0 });
    for (let b = start + 1n; b <= end; b++) gas += (await client.getBlock({ blockNumber: b })).gasUsed;
    console.log(`[deploy test] deploy + seed used ${gas} gas in ${end - start} blocks`);

    // The reporter feeds this deployment's oracle from a posts file (the next step in the README).
    // A post in the period that closed last (the reporter reports closed periods only).
    const close = Math.floor(Number((await client.getBlock()).timestamp) / 3600) * 3600;
    const posts = path.join(dir, 'posts.jsonl');
    writeFileSync(posts, `${JSON.stringify({ time: close - 120, text: 'Token rallies after the upgrade ships' })}\n`);
    const rep = await runTsx('scripts/reporter.ts', ['--once'], {
      RPC_URL: anvil.url,
      CHAIN_ID: String(CHAIN),
      DEPLOYMENTS_FILE: out,
      REPORTER_POSTS: posts,
      REPORTER_POSTS_LOG: path.join(dir, 'posted.jsonl'),
      REPORTER_PRIVATE_KEY: devAccount(3).privateKey,
    });
    expect(rep.code, rep.out).toBe(0);
    expect(Number(await read<bigint>(c.SignalOracle, signalOracleAbi, 'latestRound'))).toBe(1);
    expect(await read<boolean>(c.SignalOracle, signalOracleAbi, 'isStale')).toBe(false);
  }, 600_000);
});
