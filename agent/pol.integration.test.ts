/**
 * Integration (issue 13): protocol-owned liquidity from the agent's proposal to a deeper pool, on a
 * real anvil with the real deploy script, the real agent process (its treasury operator on) and the
 * governor's full path. An outside LP doubles the pool for 30 hours of market and then withdraws,
 * so the pool's depth falls well below its 30-day reference; the agent proposes a higher POL
 * budget (parameter 6) with its reason; the holders (anvil #4..#19) approve; the agent queues and,
 * after the timelock, executes it; within the next hours its operator adds treasury liquidity, and
 * the pool's stable reserve and the treasury's LP tokens grow on-chain.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { maxUint256 } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogEntry } from '../lib/agent/records';
import {
  homeostatGovernorAbi,
  homeostatTokenAbi,
  policyControllerAbi,
  testStableAbi,
  uniswapV2PairAbi,
  uniswapV2Router02Abi,
} from '../lib/contracts/abis';
import type { Deployment } from '../lib/contracts/deployments';
import { PolicyParam } from '../lib/contracts/params';
import { devAccount } from '../scripts/lib/accounts';
import { type AgentProc, startAgentProcess, until } from '../test/agent-proc';
import { deploy, type Proc, startAnvil } from '../test/local-stack';
import {
  advance,
  type ChainClient,
  DAY,
  HOUR,
  makeChainClient,
  playMarket,
  prepareTraders,
  writeAs,
} from '../test/market-play';
import { readJsonLines } from './store';

const LP = 12; // the outside liquidity provider (anvil #12)

let anvil: (Proc & { url: string }) | undefined;
let agent: AgentProc | undefined;
let tmp = '';
let deploymentsFile = '';
let deployment: Deployment;
let client: ChainClient;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'homeostat-pol-'));
  anvil = await startAnvil();
  client = makeChainClient(anvil.url);
  ({ file: deploymentsFile, deployment } = await deploy(anvil.url, tmp));
  await prepareTraders(client, deployment);
}, 120_000);

afterAll(async () => {
  await agent?.stop('SIGKILL');
  await anvil?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('protocol-owned liquidity, proposed by the agent and approved by holders', () => {
  it('a thin pool → POL budget proposed → approved → executed → the operator deepens the pool', async () => {
    const c = deployment.contracts;
    const lp = devAccount(LP).address;
    const reserves = async () => {
      const [r0, r1] = await client.readContract({
        address: c.UniswapV2Pair,
        abi: uniswapV2PairAbi,
        functionName: 'getReserves',
      });
      const token0 = await client.readContract({
        address: c.UniswapV2Pair,
        abi: uniswapV2PairAbi,
        functionName: 'token0',
      });
      return token0.toLowerCase() === c.HomeostatToken.toLowerCase()
        ? { home: r0, stable: r1 }
        : { home: r1, stable: r0 };
    };
    const lpBalance = (who: `0x${string}`) =>
      client.readContract({ address: c.UniswapV2Pair, abi: uniswapV2PairAbi, functionName: 'balanceOf', args: [who] });

    // An outside LP adds what HOME it holds (the deploy gives dev accounts HOME) with the matching
    // stable, so the pool is deeper for the market's 30 hours.
    const r0 = await reserves();
    // Two other holders pool their HOME with the LP's (each holder has 20 M; the pool 100 M).
    for (const i of [13, 14]) {
      const held = await client.readContract({
        address: c.HomeostatToken,
        abi: homeostatTokenAbi,
        functionName: 'balanceOf',
        args: [devAccount(i).address],
      });
      await writeAs(client, i, c.HomeostatToken, homeostatTokenAbi, 'transfer', [lp, held]);
    }
    const homeHeld = await client.readContract({
      address: c.HomeostatToken,
      abi: homeostatTokenAbi,
      functionName: 'balanceOf',
      args: [lp],
    });
    // biome-ignore lint/complexity/useMathMinMax: bigints (Math.min takes numbers)
    const home = homeHeld < r0.home ? homeHeld : r0.home;
    const stable = (home * r0.stable) / r0.home;
    // At least a third of the pool again: withdrawn, depth falls to ≤ 3/4 of its reference (< 80 %).
    expect(home * 3n).toBeGreaterThan(r0.home);
    await writeAs(client, 10, c.StableToken, testStableAbi, 'mint', [lp, stable * 2n]);
    await writeAs(client, LP, c.StableToken, testStableAbi, 'approve', [c.UniswapV2Router02, maxUint256]);
    await writeAs(client, LP, c.HomeostatToken, homeostatTokenAbi, 'approve', [c.UniswapV2Router02, maxUint256]);
    await writeAs(client, LP, c.UniswapV2Pair, uniswapV2PairAbi, 'approve', [c.UniswapV2Router02, maxUint256]);
    await writeAs(client, LP, c.UniswapV2Router02, uniswapV2Router02Abi, 'addLiquidity', [
      c.HomeostatToken,
      c.StableToken,
      home,
      stable,
      0n,
      0n,
      lp,
      2n ** 64n,
    ]);
    await playMarket(client, deployment, 30);
    await writeAs(client, LP, c.UniswapV2Router02, uniswapV2Router02Abi, 'removeLiquidity', [
      c.HomeostatToken,
      c.StableToken,
      await lpBalance(lp),
      0n,
      0n,
      lp,
      2n ** 64n,
    ]);
    await playMarket(client, deployment, 2);
    const thin = await reserves();
    const polBefore = await param(PolicyParam.PolBudget);
    const treasuryLpBefore = await lpBalance(c.Treasury);

    // The agent, with its operator, sees the thin pool and proposes a higher POL budget.
    agent = startAgentProcess({
      RPC_URL: anvil!.url,
      DEPLOYMENTS_FILE: deploymentsFile,
      AGENT_DATA_DIR: path.join(tmp, 'data'),
      AGENT_JUSTIFICATIONS_DIR: path.join(tmp, 'just'),
      AGENT_MODELS_DIR: path.join(tmp, 'models'),
      AGENT_OPERATOR: 'true',
    });
    const wait = <T>(what: string, f: () => T | undefined | Promise<T | undefined>) => until(what, f, agent!, 60_000);
    const log = () => readJsonLines<LogEntry>(path.join(tmp, 'data', 'decisions.jsonl'));
    const proposed = await wait('a proposal', () =>
      log().find((e): e is Extract<LogEntry, { type: 'proposed' }> => e.type === 'proposed'),
    );
    const decision = log().find(
      (e): e is Extract<LogEntry, { type: 'decision' }> =>
        e.type === 'decision' && e.decisionId === proposed.decisionId,
    )!;
    const pol = decision.proposal!.actions.find((a) => a.kind === 'setParameter' && a.id === PolicyParam.PolBudget);
    const leverLog = agent
      .out()
      .split('\n')
      .filter((l) => l.includes('"levers"'));
    expect(pol, `the proposal raises the POL budget: ${decision.text}\n${leverLog.join('\n')}`).toBeDefined();
    const target = BigInt((pol as unknown as { newValue: string | number }).newValue);
    expect(target).toBeGreaterThan(polBefore);
    expect(decision.text).toMatch(/pool depth .* of its reference/);

    // Holders approve; the agent queues, and executes after the timelock.
    const id = BigInt(proposed.proposalId);
    await advance(client, HOUR + 1);
    for (let i = 4; i <= 19; i++) {
      await writeAs(client, i, c.HomeostatGovernor, homeostatGovernorAbi, 'castVote', [id, 1]);
    }
    await advance(client, 3 * DAY + 1);
    await wait('queued', () =>
      log().find((e) => e.type === 'lifecycle' && e.decisionId === proposed.decisionId && e.state === 'Queued'),
    );
    await advance(client, DAY + 1);
    await wait('executed', () =>
      log().find((e) => e.type === 'lifecycle' && e.decisionId === proposed.decisionId && e.state === 'Executed'),
    );
    expect(await param(PolicyParam.PolBudget)).toBe(target);

    // The operator adds treasury liquidity within the approved budget: a deeper pool on-chain.
    let deeper = thin;
    await wait('treasury liquidity added', async () => {
      await advance(client, HOUR);
      deeper = await reserves();
      return (await lpBalance(c.Treasury)) > treasuryLpBefore ? true : undefined;
    });
    expect(deeper.stable).toBeGreaterThan(thin.stable);
    console.log(
      `POL: budget ${polBefore} -> ${target} stable units/epoch; pool stable ${thin.stable / 10n ** 6n} -> ${deeper.stable / 10n ** 6n}; ` +
        `treasury LP ${treasuryLpBefore} -> ${await lpBalance(c.Treasury)}`,
    );
    await agent.stop('SIGTERM');
  }, 300_000);
});

function param(id: number): Promise<bigint> {
  return client.readContract({
    address: deployment.contracts.PolicyController,
    abi: policyControllerAbi,
    functionName: 'parameter',
    args: [id],
  });
}
