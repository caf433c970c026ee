// The agent proposes the treasury levers (controller params 6–11): a band re-centring on its own
// when the level policy is held by its guardrails, encoded in raw units in a safe order.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeFunctionData } from 'viem';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChainSnapshot } from '../lib/agent/snapshot';
import { policyControllerAbi } from '../lib/contracts/abis';
import { decodeProposal } from '../lib/governance/decode';
import { titleFromChanges } from '../lib/governance/title';
import { strategyFor } from '../lib/policy/registry';
import { RANGE_SPREADS } from '../lib/policy/treasury-levers';
import { createHarFallback } from './forecast';
import { silentLogger } from './log';
import { Agent } from './loop';
import { AgentStore } from './store';
import { CONTROLLER, FakeChain, fakeSnapshot, GOVERNOR, syntheticPool } from './testing';

const NOW = 1_800_000_000;
const E6 = 10n ** 6n;
const E18 = 10n ** 18n;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function makeAgent(chain: FakeChain) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agent-levers-'));
  dirs.push(dir);
  return new Agent({
    chain,
    store: new AgentStore(path.join(dir, 'data'), path.join(dir, 'just')),
    forecasters: { fallback: createHarFallback() },
    strategy: strategyFor('adaptive'),
    log: silentLogger,
    config: {
      chainId: 31337,
      governor: GOVERNOR,
      controller: CONTROLLER,
      intervalSeconds: 3600,
      horizonHours: 24,
      minHistoryHours: 24,
      execute: true,
    },
  });
}

/** The fake snapshot with params 6–11 (bands stale at 0.06–0.07 TUSD per HOME; the pool trades near 0.1). */
function withTreasuryParams(
  t: number,
  over: { levelsChangedAt?: bigint; bandsChangedAt?: bigint; budgetsChangedAt?: bigint } = {},
): ChainSnapshot {
  const base = fakeSnapshot(t);
  const lv = over.levelsChangedAt ?? 0n;
  const bd = over.bandsChangedAt ?? 0n;
  // The range budgets are held (changed just now) unless a test frees them.
  const bg = over.budgetsChangedAt ?? BigInt(t);
  return {
    ...base,
    params: [...base.params, 50_000n * E6, 5_000n, 60_000n, 70_000n, 5_000n * E6, 100_000n * E18],
    lastChangedAt: [lv, lv, lv, lv, lv, lv, 0n, 0n, bd, bd, bg, bg],
    guardrails: [
      ...base.guardrails,
      { min: 0n, max: 1_000_000n * E6, maxStep: 100_000n * E6, smallStep: 25_000n * E6, minDelay: 43_200n },
      { min: 0n, max: 10_000n, maxStep: 1_000n, smallStep: 250n, minDelay: 43_200n },
      { min: 1_000n, max: 10n * E6, maxStep: 50_000n, smallStep: 10_000n, minDelay: 43_200n },
      { min: 1_000n, max: 10n * E6, maxStep: 50_000n, smallStep: 10_000n, minDelay: 43_200n },
      { min: 0n, max: 100_000n * E6, maxStep: 10_000n * E6, smallStep: 2_500n * E6, minDelay: 43_200n },
      { min: 0n, max: 10_000_000n * E18, maxStep: 1_000_000n * E18, smallStep: 250_000n * E18, minDelay: 43_200n },
    ],
  };
}

describe('Agent: treasury levers', () => {
  it('proposes a band re-centring alone while the level parameters are held, encoded upper band first', async () => {
    const changed = BigInt(NOW);
    const chain = new FakeChain(NOW, syntheticPool(NOW, 48), (t) =>
      withTreasuryParams(t, { levelsChangedAt: changed }),
    );
    const a = makeAgent(chain);
    await a.tick();
    expect(chain.proposals).toHaveLength(1);
    const entry = [...a.store.decisions().values()][0]!.decision;
    const plan = entry.proposal!;
    const calls = plan.calldatas.map((d) => decodeFunctionData({ abi: policyControllerAbi, data: d }));
    // Only the two bands: the levels are inside their min delay and the pool's depth is at its reference.
    expect(calls.map((c) => [c.functionName, Number(c.args![0])])).toEqual([
      ['setParameter', 9],
      ['setParameter', 8],
    ]);
    const [upper, lower] = calls.map((c) => c.args as readonly [number, bigint, bigint]);
    // Compare-and-set against the raw on-chain values (stable has 6 decimals).
    expect(upper![1]).toBe(70_000n);
    expect(lower![1]).toBe(60_000n);
    const lo = Number(lower![2]) / 1e6;
    const hi = Number(upper![2]) / 1e6;
    // Each band within one maxStep (0.05 TUSD) of where it was, and the range around the ~0.1 price.
    expect(lo - 0.06).toBeLessThanOrEqual(0.05);
    expect(hi - 0.07).toBeLessThanOrEqual(0.05);
    expect(lo).toBeLessThan(hi);
    expect(hi / lo).toBeCloseTo((1 + RANGE_SPREADS.stability.above) / (1 - RANGE_SPREADS.stability.below), 3);
    expect((lo + hi) / 2).toBeGreaterThan(0.09);
    expect((lo + hi) / 2).toBeLessThan(0.11);
    // The upper band goes first: the new lower band is above the old upper one.
    expect(lo).toBeGreaterThan(0.07);
    // Plain words first, units on the numbers.
    expect(entry.text).toMatch(/^The treasury's buy-and-sell range no longer sits around/);
    expect(entry.text).toMatch(/stable per HOME/);
    expect(entry.text).toMatch(/fee, burn, reward and buyback settings stay as they are/);
    // What a holder reads as the title.
    const title = titleFromChanges(decodeProposal(plan.calldatas, null), { stableDecimals: 6, stableSymbol: 'TUSD' });
    expect(title).toMatch(/^Re-centre the treasury's range to 0\.\d+–0\.\d+ TUSD per HOME$/);
  });

  it('moves no band inside its min delay, and carries the band change next to a level change otherwise', async () => {
    const held = new FakeChain(NOW, syntheticPool(NOW, 48), (t) =>
      withTreasuryParams(t, { levelsChangedAt: BigInt(NOW), bandsChangedAt: BigInt(NOW) }),
    );
    const h = makeAgent(held);
    await h.tick();
    expect(held.proposals).toHaveLength(0);

    const both = new FakeChain(NOW, syntheticPool(NOW, 48), (t) => withTreasuryParams(t));
    const b = makeAgent(both);
    await b.tick();
    expect(both.proposals).toHaveLength(1);
    const plan = [...b.store.decisions().values()][0]!.decision.proposal!;
    const ids = plan.actions.map((x) => (x.kind === 'setParameter' ? x.id : -1));
    expect(ids.filter((id) => id === 8 || id === 9).sort()).toEqual([8, 9]);
    expect(ids.some((id) => id >= 0 && id <= 4)).toBe(true);
  });

  it("sizes the range budgets to the treasury's reserves and the pool, in words with units", async () => {
    const chain = new FakeChain(NOW, syntheticPool(NOW, 48), (t) =>
      withTreasuryParams(t, { levelsChangedAt: BigInt(NOW), bandsChangedAt: BigInt(NOW), budgetsChangedAt: 0n }),
    );
    const a = makeAgent(chain);
    await a.tick();
    const s = withTreasuryParams(NOW);
    const stable = Number(s.treasuryStable) / 1e6;
    const poolHome = Number(s.reserveHome / E18);
    const treasuryHome = Number(s.treasuryHome / E18);
    const buyTarget = stable / 30;
    const sellTarget = Math.min(treasuryHome / 30, poolHome * 0.01);
    const wantBuy = Math.abs(buyTarget - 5_000) / 5_000 > 0.25;
    const wantSell = Math.abs(sellTarget - 100_000) / 100_000 > 0.25;
    if (!wantBuy && !wantSell) throw new Error('fixture: both budgets already on target');
    expect(chain.proposals).toHaveLength(1);
    const entry = [...a.store.decisions().values()][0]!.decision;
    const ids = entry.proposal!.actions.map((x) => (x.kind === 'setParameter' ? x.id : -1));
    expect(ids.filter((id) => id === 10 || id === 11).sort()).toEqual([
      ...(wantBuy ? [10] : []),
      ...(wantSell ? [11] : []),
    ]);
    expect(entry.text).toMatch(/daily budgets for buying below and selling above its range are resized/);
    if (wantBuy) expect(entry.text).toMatch(/range buy budget 5,000 → [\d,.]+ stable per epoch/);
    if (wantSell) expect(entry.text).toMatch(/range sell budget 100,000 → [\d,.]+ HOME per epoch/);
  });

  it('proposes nothing new for a controller without the treasury parameters', async () => {
    const chain = new FakeChain(NOW, syntheticPool(NOW, 48), (t) =>
      fakeSnapshot(t, { lastChangedAt: Array(6).fill(BigInt(NOW)) }),
    );
    await makeAgent(chain).tick();
    expect(chain.proposals).toHaveLength(0);
  });
});
