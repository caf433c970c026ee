/**
 * Integration (issue 13): the treasury operator on anvil with the real deploy script. With the
 * deploy's buyback budget (10,000 TUSD an epoch) it buys and burns what is due this hour, within
 * the budget; a POL budget set through the controller (as the timelock executes an approved
 * proposal) deepens the pool; budgets at 0 move nothing; paused by the guardian moves nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Address, createPublicClient, createWalletClient, http, parseAbi } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { treasuryOperationParams } from '../lib/agent/snapshot';
import { homeostatTokenAbi, treasuryAbi } from '../lib/contracts/abis';
import type { Deployment } from '../lib/contracts/deployments';
import { deploy, type Proc, startAnvil } from '../test/local-stack';
import { createChainBoundary } from './chain';
import { silentLogger } from './log';
import { createOperatorChain, TreasuryOperator } from './operator';

/** anvil account 1 (the agent and the Treasury's operator; public test key, local chain only). */
const AGENT_KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
const GUARDIAN: Address = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';
const USD = 10n ** 6n;
const controllerAbi = parseAbi([
  'function setParameter(uint8,uint256,uint256)',
  'function parameter(uint8) view returns (uint256)',
  'function pause()',
]);

let anvil: (Proc & { url: string }) | undefined;
let tmp = '';
let deployment: Deployment;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'homeostat-operator-'));
  anvil = await startAnvil();
  ({ deployment } = await deploy(anvil.url, tmp));
}, 180_000);

afterAll(async () => {
  await anvil?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('treasury operator on anvil', () => {
  it('buys and burns within the budget, adds POL once approved, and moves nothing at 0 or paused', async () => {
    const transport = http(anvil!.url);
    const client = createPublicClient({ transport });
    const account = privateKeyToAccount(AGENT_KEY);
    const wallet = createWalletClient({ account, transport });
    const c = deployment.contracts;
    const operator = new TreasuryOperator(createOperatorChain({ client, wallet, account, deployment }), silentLogger);
    const as = async (who: Address, functionName: 'setParameter' | 'pause', args: readonly unknown[] = []) => {
      await client.request({ method: 'anvil_impersonateAccount' as never, params: [who] as never });
      await client.request({ method: 'anvil_setBalance' as never, params: [who, '0x56BC75E2D63100000'] as never });
      const w = createWalletClient({ account: who, transport });
      const hash = await w.writeContract({
        address: c.PolicyController,
        abi: controllerAbi,
        functionName,
        args,
        chain: null,
      } as never);
      expect((await client.waitForTransactionReceipt({ hash })).status).toBe('success');
    };
    /** What governance's executed proposal does: the timelock sets the parameter. */
    const govern = async (id: number, value: bigint) => {
      const current = await client.readContract({
        address: c.PolicyController,
        abi: controllerAbi,
        functionName: 'parameter',
        args: [id],
      });
      await as(c.TimelockController, 'setParameter', [id, current, value]);
    };
    const warp = async (s: number) => {
      await client.request({ method: 'evm_increaseTime' as never, params: [s] as never });
      await client.request({ method: 'evm_mine' as never, params: [] as never });
    };
    const supply = () =>
      client.readContract({ address: c.HomeostatToken, abi: homeostatTokenAbi, functionName: 'totalSupply' });
    const spent = async () => {
      const epoch = await client.readContract({ address: c.Treasury, abi: treasuryAbi, functionName: 'currentEpoch' });
      return client.readContract({
        address: c.Treasury,
        abi: treasuryAbi,
        functionName: 'spentInEpoch',
        args: [epoch],
      });
    };

    // The first buyback waits for a time-weighted price (the deploy's observation must be 30 minutes old).
    const h0 = await operator.tick();
    expect(h0?.sent).toEqual([]);
    await warp(3600);
    // Hour 1: the deploy's buyback budget (10,000 TUSD an epoch): what is due this hour, burned.
    const supply0 = await supply();
    const h1 = await operator.tick();
    expect(h1?.sent.map((s) => s.op.kind)).toEqual(['buyback']);
    const r1 = h1!.sent[0]!.result;
    expect(r1.ok).toBe(true);
    const due = (h1!.sent[0]!.op as { stableIn: bigint }).stableIn;
    expect(due).toBeGreaterThan(0n);
    expect(await spent()).toBe(due);
    expect(await spent()).toBeLessThanOrEqual(10_000n * USD);
    expect(await supply()).toBeLessThan(supply0); // burned
    expect(await operator.tick()).toBeNull(); // once an hour

    // Approved POL budget (25,000 TUSD an epoch): next hour, a buyback slice and a POL add.
    await govern(6, 25_000n * USD);
    await warp(3600);
    const h2 = await operator.tick();
    expect(h2?.sent.map((s) => [s.op.kind, s.result.ok])).toEqual([
      ['buyback', true],
      ['addLiquidity', true],
    ]);
    expect(await spent()).toBeLessThanOrEqual(10_000n * USD);
    const ops = await client.readContract({
      address: c.Treasury,
      abi: treasuryAbi,
      functionName: 'epochOps',
      args: [await client.readContract({ address: c.Treasury, abi: treasuryAbi, functionName: 'currentEpoch' })],
    });
    expect(ops.polStable).toBe((h2!.sent[1]!.op as { stableAmount: bigint }).stableAmount);
    expect(ops.polStable).toBeLessThanOrEqual(25_000n * USD);
    // The agent's own snapshot reads the treasury operations' parameters too.
    const snap = await createChainBoundary({ client, wallet, account, deployment }).snapshot();
    expect(treasuryOperationParams(snap)).toMatchObject({
      polBudget: 25_000,
      polMaxShareBps: 10_000,
      rangeLowerBand: 0.08,
      rangeUpperBand: 0.125,
    });

    // Budgets 0 (after the controller's 12 h delay): nothing moves.
    await warp(13 * 3600);
    await govern(4, 0n);
    await govern(6, 0n);
    await warp(3600);
    const s0 = await supply();
    const h3 = await operator.tick();
    expect(h3?.sent).toEqual([]);
    expect(await supply()).toBe(s0);

    // Budget back, but the guardian paused the controller: nothing moves.
    await warp(13 * 3600);
    await govern(4, 10_000n * USD);
    await as(GUARDIAN, 'pause');
    await warp(3600);
    const h4 = await operator.tick();
    expect(h4?.sent).toEqual([]);
    expect(await spent()).toBe(0n);
  }, 120_000);
});
