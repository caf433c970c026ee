/**
 * Integration: the reflexive scenarios on a real anvil chain, the real deploy script and the real
 * driver process (MARKET_MODEL=economy). Each run starts from the same chain snapshot, seed and
 * market path (MARKET_START pins June 2022 for all three, so only the stress differs), and the
 * checks read the chain itself (Staking.totalStaked, the pair's reserves and LP supply):
 *
 * - bank-run: a run on the staking pool and the pool's liquidity at once: less staked, a thinner
 *   pool (fewer LP tokens, lower depth) and a lower price than the same hours without it;
 * - death-spiral (the part the chain can express: no algorithmic stable, no seigniorage mint):
 *   the token's fall on the chain puts more holders into panic than the trigger did, and after the
 *   24 h trigger the panic and LP exit go on in proportion to that fall (holders keep selling).
 *   That the loop deepens the fall against the trigger alone is lib/sim/scenarios.test.ts's check.
 *
 * Where the executors differ: the chain's pool is about 78 % protocol-owned liquidity (the deploy
 * script sends the seed's LP tokens to the Treasury), which no LP agent can withdraw; the LP
 * accounts own the rest (planInitialLiquidity). In memory the LPs own the whole pool. So on the
 * chain a drain of "2 % of the pool an hour" runs until the LP accounts' own positions are gone
 * (about 11 h), and the pool cannot lose more than their share; the tests check exactly that.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestClient, http, publicActions } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploy, type Proc, startAnvil } from '../../test/local-stack';
import { stakingAbi, uniswapV2PairAbi } from '../contracts/abis';
import type { Deployment } from '../contracts/deployments';
import { SIM_STRESS, type StressHour } from '../sim/scenarios';
import { economyAccounts } from './economy-plan';

const root = path.resolve(import.meta.dirname, '../..');
const tsxCli = path.join(root, 'node_modules/tsx/dist/cli.mjs');
const START = '2022-06-10';
const HOURS = 36;

type Line = Record<string, unknown>;
type HourLine = Line & {
  hour: number;
  poolPrice: number;
  reserves: { token: string; stable: string };
  trades: Record<string, number>;
  economy: { stress?: StressHour; swaps: number };
};

function runDriver(env: Record<string, string>, timeoutMs: number) {
  return new Promise<{ code: number | null; lines: Line[]; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [tsxCli, 'scripts/market-driver.ts'], {
      cwd: root,
      env: { ...process.env, MARKET_MODEL: 'economy', MARKET_SPEED: '1000', MARKET_START: START, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const lines = stdout
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Line);
      resolve({ code, lines, stderr: stderr.replace(/npm warn.*\n?/g, '') });
    });
  });
}

let anvil: (Proc & { url: string }) | undefined;
let deployment: Deployment;
let deploymentsFile = '';
let tmp = '';
let snapshot: `0x${string}` | undefined;

/** What the chain says after a run. */
type ChainEnd = {
  staked: bigint;
  lpSupply: bigint;
  /** LP tokens the LP agents' accounts hold (the withdrawable part of the pool). */
  lpAgents: bigint;
  depth: number;
  price: number;
  hours: HourLine[];
};
const runs: Partial<Record<'default' | 'bank-run' | 'death-spiral', ChainEnd>> = {};

function client() {
  return createTestClient({ mode: 'anvil', transport: http(anvil!.url) }).extend(publicActions);
}

async function runScenario(name: 'default' | 'bank-run' | 'death-spiral'): Promise<ChainEnd> {
  const c = client();
  if (snapshot) await c.revert({ id: snapshot });
  snapshot = await c.snapshot();
  const run = await runDriver(
    {
      RPC_URL: anvil!.url,
      DEPLOYMENTS_FILE: deploymentsFile,
      MARKET_HOURS: String(HOURS),
      MARKET_SEED: 'scenario-twin',
      MARKET_SCENARIO: name,
      MARKET_POSTS_DIR: path.join(tmp, `posts-${name}`),
    },
    150_000,
  );
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.lines.filter((l) => l.level === 'error')).toEqual([]);
  const hours = run.lines.filter((l) => l.event === 'hour') as HourLine[];
  expect(hours).toHaveLength(HOURS);
  const k = deployment.contracts;
  const [staked, lpSupply, token0, [r0, r1]] = await Promise.all([
    c.readContract({ address: k.Staking, abi: stakingAbi, functionName: 'totalStaked' }),
    c.readContract({ address: k.UniswapV2Pair, abi: uniswapV2PairAbi, functionName: 'totalSupply' }),
    c.readContract({ address: k.UniswapV2Pair, abi: uniswapV2PairAbi, functionName: 'token0' }),
    c.readContract({ address: k.UniswapV2Pair, abi: uniswapV2PairAbi, functionName: 'getReserves' }),
  ]);
  const lpHeld = await Promise.all(
    economyAccounts().lp.map((a) =>
      c.readContract({ address: k.UniswapV2Pair, abi: uniswapV2PairAbi, functionName: 'balanceOf', args: [a] }),
    ),
  );
  const lpAgents = lpHeld.reduce((x, y) => x + y, 0n);
  const tokenIs0 = token0.toLowerCase() === k.HomeostatToken.toLowerCase();
  const home = Number(tokenIs0 ? r0 : r1) / 1e18;
  const tusd = Number(tokenIs0 ? r1 : r0) / 1e6;
  const end = { staked, lpSupply, lpAgents, depth: Math.sqrt(home * tusd), price: tusd / home, hours };
  runs[name] = end;
  return end;
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'homeostat-scenarios-'));
  anvil = await startAnvil();
  ({ deployment, file: deploymentsFile } = await deploy(anvil.url, tmp));
}, 120_000);

afterAll(async () => {
  await anvil?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const pct = (a: number, b: number) => `${((a / b - 1) * 100).toFixed(1)} %`;
const sumTrades = (hs: HourLine[], key: string) => hs.reduce((s, h) => s + (h.trades[key] ?? 0), 0);

describe('reflexive scenarios on a real chain (MARKET_MODEL=economy)', () => {
  it(`baseline: the same seed and path for ${HOURS} h without a stress`, async () => {
    const base = await runScenario('default');
    expect(base.hours.every((h) => h.economy.stress === undefined)).toBe(true);
  }, 180_000);

  it('bank-run: stakes, pool liquidity and price all fall against the same hours without it', async () => {
    const base = runs.default;
    expect(base).toBeDefined();
    const run = await runScenario('bank-run');
    const b = base!;
    console.info(
      `bank-run vs baseline after ${HOURS} h: staked ${pct(Number(run.staked), Number(b.staked))}, ` +
        `LP supply ${pct(Number(run.lpSupply), Number(b.lpSupply))} (LP agents' positions ${pct(Number(run.lpAgents), Number(b.lpAgents))}), ` +
        `depth ${pct(run.depth, b.depth)}, price ${pct(run.price, b.price)}; unstakes ${sumTrades(run.hours, 'unstake')} vs ${sumTrades(b.hours, 'unstake')}, ` +
        `LP removals ${sumTrades(run.hours, 'removeLiquidity')} vs ${sumTrades(b.hours, 'removeLiquidity')}`,
    );
    // The stress acts every hour (72 h > the run): 60 % of holders panicked, 2 % of the pool pulled.
    for (const h of run.hours) {
      expect(h.economy.stress?.panicShare).toBeCloseTo(SIM_STRESS['bank-run'].panicShare ?? 0, 9);
      expect(h.economy.stress?.lpDrain).toBeCloseTo(SIM_STRESS['bank-run'].lpDrainPerHour ?? 0, 9);
    }
    // The LP accounts withdraw every hour until their positions are gone (the first 8 h at least).
    expect(run.hours.slice(0, 8).every((h) => (h.trades.removeLiquidity ?? 0) > 0)).toBe(true);
    // The staking pool: the panicked holders' accounts unstake (60 % of holders → most of the stake).
    expect(Number(run.staked)).toBeLessThan(0.6 * Number(b.staked));
    // The pool's liquidity: the LP agents' positions all but gone, LP tokens burned and depth lost on
    // the chain, not only in memory (bounded by their share: the rest is the treasury's).
    expect(Number(run.lpAgents)).toBeLessThan(0.1 * Number(b.lpAgents));
    expect(Number(run.lpSupply)).toBeLessThan(0.9 * Number(b.lpSupply));
    expect(run.depth).toBeLessThan(0.9 * b.depth);
    // And the panic sells into a thinner pool: a lower price.
    expect(run.price).toBeLessThan(b.price);
  }, 180_000);

  it('death-spiral: the fall read from the chain deepens the panic and LP exit, and the exit outlasts the trigger', async () => {
    const base = runs.default;
    expect(base).toBeDefined();
    const run = await runScenario('death-spiral');
    const b = base!;
    const stress = SIM_STRESS['death-spiral'];
    const trigger = stress.triggerHours ?? 0;
    const after = run.hours.filter((h) => h.hour >= trigger);
    const at = (hs: HourLine[], i: number) => hs[i] as HourLine;
    // The token against the same hours without the stress, at the trigger's end and at the run's end.
    const vsBase = (i: number) => at(run.hours, i).poolPrice / at(b.hours, i).poolPrice;
    const maxDd = Math.max(...after.map((h) => h.economy.stress?.drawdown ?? 0));
    const sells = (hs: HourLine[]) => hs.reduce((s, h) => s + (h.trades['swap-holder'] ?? 0), 0);
    console.info(
      `death-spiral vs baseline after ${HOURS} h: staked ${pct(Number(run.staked), Number(b.staked))}, ` +
        `LP supply ${pct(Number(run.lpSupply), Number(b.lpSupply))} (LP agents' positions ${pct(Number(run.lpAgents), Number(b.lpAgents))}), ` +
        `depth ${pct(run.depth, b.depth)}, price ${pct(run.price, b.price)}; after the trigger: drawdown up to ` +
        `${(maxDd * 100).toFixed(1)} %, panic share up to ${Math.max(...run.hours.map((h) => h.economy.stress?.panicShare ?? 0)).toFixed(2)} (trigger ${stress.panicShare}), ` +
        `price vs baseline ${pct(vsBase(trigger - 1), 1)} at h${trigger - 1} → ${pct(vsBase(HOURS - 1), 1)} at h${HOURS - 1}; ` +
        `holder swaps after the trigger ${sells(after)} vs ${sells(b.hours.filter((h) => h.hour >= trigger))}`,
    );
    expect(after.length).toBe(HOURS - trigger);
    // The reflexive terms: panic and LP exit equal to their coefficient × the fall seen that hour.
    for (const h of after) {
      const s = h.economy.stress as StressHour;
      expect(s).toBeDefined();
      expect(s.panicShare).toBeCloseTo(Math.min(1, (stress.panicPerDrawdown ?? 0) * s.drawdown), 9);
      expect(s.lpDrain).toBeCloseTo(Math.min(0.1, (stress.lpDrainPerDrawdown ?? 0) * s.drawdown), 9);
    }
    // The loop on the chain: the fall read from the chain's pool put far more holders into panic than
    // the trigger's share, and the exit did not stop with the trigger: holders go on selling after it.
    const maxPanic = Math.max(...run.hours.map((h) => h.economy.stress?.panicShare ?? 0));
    expect(maxPanic).toBeGreaterThan((stress.panicShare ?? 0) + 0.3);
    expect(maxDd).toBeGreaterThan(0.2);
    expect(sells(after)).toBeGreaterThan(sells(b.hours.filter((h) => h.hour >= trigger)));
    expect(run.price).toBeLessThan(b.price);
    expect(Number(run.staked)).toBeLessThan(Number(b.staked));
    // LP exit on the chain, bounded by the LP agents' share (the rest is protocol-owned).
    expect(Number(run.lpAgents)).toBeLessThan(0.1 * Number(b.lpAgents));
    expect(run.depth).toBeLessThan(0.9 * b.depth);
  }, 180_000);
});
