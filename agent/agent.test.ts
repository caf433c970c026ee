import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { keccak256, stringToBytes } from 'viem';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../lib/agent/canonical';
import { encodeChanges } from '../lib/agent/encode';
import { decisionId, shouldPromote } from '../lib/agent/ids';
import { forecastNumbersHash } from '../lib/agent/onchain-verification';
import type { DecisionEntry } from '../lib/agent/records';
import { forecastVerdict, sealVerification, trackRecord } from '../lib/agent/records';
import { guardrailsFromChain } from '../lib/agent/snapshot';
import { ConfigError } from '../lib/errors';
import { strategyFor } from '../lib/policy/registry';
import { parseAgentConfig } from './config';
import { createHarFallback } from './forecast';
import { silentLogger } from './log';
import { Agent } from './loop';
import { AgentStore } from './store';
import { CONTROLLER, FakeChain, fakeSnapshot, GOVERNOR, syntheticPool } from './testing';

const NOW = 1_800_000_000;
const KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'agent-unit-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function makeAgent(
  chain: FakeChain,
  dir: string,
  crash?: () => void,
  opts: { strategy?: Parameters<typeof strategyFor>[0]; vetoCooldownHours?: number } = {},
) {
  return new Agent({
    chain,
    store: new AgentStore(path.join(dir, 'data'), path.join(dir, 'just')),
    forecasters: { fallback: createHarFallback() },
    strategy: strategyFor(opts.strategy ?? 'adaptive'),
    log: silentLogger,
    config: {
      chainId: 31337,
      governor: GOVERNOR,
      controller: CONTROLLER,
      intervalSeconds: 3600,
      horizonHours: 24,
      minHistoryHours: 24,
      execute: true,
      vetoCooldownHours: opts.vetoCooldownHours,
      fault: crash ? 'crash-after-intent' : undefined,
    },
    crash,
  });
}

describe('canonical JSON', () => {
  it('sorts keys, writes bigints as strings, and refuses NaN', () => {
    expect(canonicalJson({ b: 1, a: [2n, { d: undefined, c: -0 }] })).toBe('{"a":["2",{"c":0}],"b":1}');
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(/\$\.x/);
  });
});

describe('decision ids and promotion', () => {
  it('are deterministic per chain, governor, cadence and epoch', () => {
    expect(decisionId(1, GOVERNOR, 3600, 5)).toBe(decisionId(1, GOVERNOR, 3600, 5));
    expect(decisionId(1, GOVERNOR, 3600, 5)).not.toBe(decisionId(1, GOVERNOR, 3600, 6));
    expect(decisionId(1, GOVERNOR, 3600, 5)).not.toBe(decisionId(2, GOVERNOR, 3600, 5));
  });
  it('promotes only a clearly better finite loss', () => {
    expect(shouldPromote(0.3, 0.25)).toBe(true);
    expect(shouldPromote(0.3, 0.299)).toBe(false);
    expect(shouldPromote(0.3, Number.NaN)).toBe(false);
  });
});

describe('encodeChanges', () => {
  it('re-clamps in raw units and picks the lane', () => {
    const s = fakeSnapshot(NOW);
    const e = encodeChanges(
      [
        { parameter: 'transferFeeBps', from: 30, to: 55.9, requested: 100, clampedBy: ['maxStep'] },
        { parameter: 'buybackBudget', from: 10_000, to: 9_000, requested: 9_000, clampedBy: [] },
        { parameter: 'burnShareBps', from: 5000, to: 5000.0000001, requested: 5000, clampedBy: [] },
      ],
      s,
      CONTROLLER,
    );
    expect(e.actions.map((a) => a.kind === 'setParameter' && [a.id, a.newValue])).toEqual([
      [2, 55n],
      [4, 9_000n * 10n ** 6n],
    ]);
    expect(e.expectedLane).toBe('full');
    const small = encodeChanges(
      [{ parameter: 'transferFeeBps', from: 30, to: 33, requested: 33, clampedBy: [] }],
      s,
      CONTROLLER,
    );
    expect(small.expectedLane).toBe('optimistic');
  });
  it('converts on-chain guardrails to policy units, with the supply bounds as one-off change limits', () => {
    const g = guardrailsFromChain(fakeSnapshot(NOW));
    expect(g.params.stakingRewardRate.max).toBe(5);
    expect(g.params.buybackBudget.maxStep).toBe(10_000);
    expect(g.supplyChange.max).toBe(10_000_000);
    expect(g.maxNetSupplyChangeBps).toBe(200);
  });
});

describe('verification records', () => {
  it('scores hits against the 80 % interval and chains hashes', () => {
    const f = {
      rvNext: 0.5,
      lower80: 0.4,
      upper80: 0.7,
      lower95: 0.3,
      upper95: 0.9,
      horizonHours: 24,
      modelVersion: 'm',
      modelHash: '0x00' as const,
    };
    const a = sealVerification(forecastVerdict(f, 0.6, 0, 1), 10, null);
    const b = sealVerification(forecastVerdict(f, 0.8, 1, 2), 11, a.hash);
    expect(b.prevHash).toBe(a.hash);
    expect(trackRecord([a, b])).toMatchObject({ n: 2, hitRate80: 0.5, coverage95: 1 });
  });
});

describe('AgentStore', () => {
  it('survives a torn last line and keeps appending cleanly', () => {
    const d = tmp();
    const s = new AgentStore(path.join(d, 'data'), path.join(d, 'just'));
    s.append({ type: 'abandoned', decisionId: '0x01', why: 'x' });
    appendFileSync(s.decisionsFile, '{"type":"sent","decis');
    const s2 = new AgentStore(path.join(d, 'data'), path.join(d, 'just'));
    s2.append({ type: 'abandoned', decisionId: '0x02', why: 'y' });
    const lines = readFileSync(s2.decisionsFile, 'utf8').trim().split('\n');
    expect(JSON.parse(lines.at(-1)!).decisionId).toBe('0x02');
    expect(() => s2.writeJustification('0x1234', '{}')).toThrow(/hash/);
  });
});

describe('config', () => {
  const base = { RPC_URL: 'https://rpc.example', CHAIN_ID: '8453' };
  it('names the bad variable and never echoes a key', () => {
    expect(() => parseAgentConfig({ ...base, AGENT_PRIVATE_KEY: KEY, AGENT_INTERVAL_HOURS: 'soon' })).toThrow(
      /AGENT_INTERVAL_HOURS/,
    );
    try {
      parseAgentConfig({ ...base, AGENT_PRIVATE_KEY: `${KEY}zz` });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).variable).toBe('AGENT_PRIVATE_KEY');
      expect((e as Error).message).not.toContain(KEY.slice(4));
    }
    expect(() => parseAgentConfig(base)).toThrow(/AGENT_PRIVATE_KEY: required on chain 8453/);
    expect(() => parseAgentConfig({ ...base, AGENT_KEYSTORE: '/nope.json' })).toThrow(/AGENT_KEYSTORE/);
  });
  it('uses the anvil default only on the local chain id', () => {
    const c = parseAgentConfig({}, () => KEY);
    expect(c.keySource).toBe('anvil-default');
    expect(c.account.address).toBe('0x70997970C51812dc3A010C7d01b50e0d17dc79C8');
  });
});

describe('Agent loop (fake chain)', () => {
  it('records a reasoned no-action when history is short and when inputs are stale', async () => {
    const d = tmp();
    const chain = new FakeChain(NOW, syntheticPool(NOW, 10));
    await makeAgent(chain, d).tick();
    const chain2 = new FakeChain(NOW, syntheticPool(NOW, 48), (t) =>
      fakeSnapshot(t, { oracle: { round: 1, observedAt: t - 5 * 3600, sentimentBps: 0, anomalyBps: 0 } }),
    );
    const a = makeAgent(chain2, tmp());
    const r = await a.tick();
    expect(makeAgent(chain, d).store.decisions().values().next().value?.decision.reason).toBe('insufficient-history');
    expect(r.decided?.reason).toBe('inputs-untrusted');
    expect(r.decided?.text).toMatch(/stale oracle/);
    expect(chain.proposals).toHaveLength(0);
    expect(chain2.proposals).toHaveLength(0);
  });

  it('scores no forecast made before it had the history to act on (the track record starts with the statistics)', async () => {
    const d = tmp();
    const chain = new FakeChain(NOW, syntheticPool(NOW, 10));
    const a = makeAgent(chain, d);
    for (let h = 0; h <= 40; h++) {
      chain.now = NOW + h * 3600;
      chain.pool = syntheticPool(chain.now, 10 + h);
      await a.tick();
    }
    const entries = [...a.store.decisions().values()];
    const early = entries.filter((e) => e.decision.reason === 'insufficient-history');
    const later = entries.filter((e) => e.decision.reason !== 'insufficient-history');
    expect(early.length).toBeGreaterThan(0);
    expect(early.every((e) => e.decision.forecast !== undefined && !e.verified.forecast)).toBe(true);
    // The first decision with 24 h of history (hour 14) is scored once its 24 h horizon passed.
    expect(later.some((e) => e.verified.forecast)).toBe(true);
  });

  it('while the guardrails hold the wanted move (min delay after a change), records it once, not every epoch', async () => {
    const d = tmp();
    const changed = BigInt(NOW);
    const chain = new FakeChain(NOW, syntheticPool(NOW, 48), (t) =>
      fakeSnapshot(t, { lastChangedAt: [changed, changed, changed, changed, changed, changed] }),
    );
    const a = makeAgent(chain, d);
    for (let h = 0; h <= 6; h++) {
      chain.now = NOW + h * 3600;
      chain.pool = syntheticPool(chain.now, 48 + h);
      await a.tick();
    }
    const decisions = [...a.store.decisions().values()].map((x) => x.decision);
    expect(chain.proposals).toHaveLength(0);
    expect(decisions).toHaveLength(1);
    expect(decisions[0]!.reason).toBe('blocked-by-guardrails');
    expect(decisions[0]!.noAction?.reason).toBe('guardrails');
    expect(decisions[0]!.noAction?.reason === 'guardrails' && decisions[0]!.noAction.bound.join()).toMatch(/:minDelay/);
  });

  it('proposes once per epoch, never twice across a crash and restart', async () => {
    const d = tmp();
    const chain = new FakeChain(NOW, syntheticPool(NOW, 48));
    const crashing = makeAgent(chain, d, () => {
      throw new Error('killed');
    });
    await expect(crashing.tick()).rejects.toThrow('killed');
    expect(chain.proposals).toHaveLength(0);
    const restarted = makeAgent(chain, d);
    await restarted.tick();
    await restarted.tick();
    expect(chain.proposals).toHaveLength(1);
    const entry = [...restarted.store.decisions().values()][0]!;
    expect(entry.proposed?.proposalId).toBe('1');
    const j = readFileSync(path.join(d, 'just', `${entry.decision.justificationHash}.json`), 'utf8');
    expect(keccak256(stringToBytes(j))).toBe(entry.decision.justificationHash);
    // Next epoch: a proposal is pending, so the policy holds.
    chain.now += 3600;
    const r = await restarted.tick();
    expect(r.decided?.reason).toBe('proposal-pending');
    expect(chain.proposals).toHaveLength(1);
  });

  it('while its proposal is pending, records one hold naming it, not a line per epoch (again once per horizon)', async () => {
    const d = tmp();
    const chain = new FakeChain(NOW, syntheticPool(NOW, 48));
    const a = makeAgent(chain, d);
    await a.tick();
    expect(chain.proposals).toHaveLength(1);
    for (let h = 1; h <= 30; h++) {
      chain.now = NOW + h * 3600;
      chain.pool = syntheticPool(chain.now, 48 + h);
      await a.tick();
    }
    const decisions = () => [...a.store.decisions().values()].map((x) => x.decision);
    // The proposal (hour 0), the hold (hour 1), the hold again one 24 h horizon later (hour 25).
    expect(decisions().map((x) => (x.decidedAt - NOW) / 3600)).toEqual([0, 1, 25]);
    const hold = decisions()[1]!;
    expect(hold.reason).toBe('proposal-pending');
    expect(hold.noAction).toEqual({ reason: 'pending', proposalId: '1', state: 'Pending' });
    expect(hold.text).toBe('Held: proposal 1 is still pending (Pending); the agent never stacks proposals.');
    // A restart reads the hold from the log and does not write it again.
    chain.now = NOW + 31 * 3600;
    const restarted = makeAgent(chain, d);
    await restarted.tick();
    expect([...restarted.store.decisions().values()]).toHaveLength(3);
  });

  it('after a defeat, asks smaller questions (small steps, then each lever alone); when all are refused, holds naming the last; proposes again past the cooldown', async () => {
    const d = tmp();
    const chain = new FakeChain(NOW, syntheticPool(NOW, 48));
    const a = makeAgent(chain, d, undefined, { vetoCooldownHours: 24 });
    const last = () => [...a.store.decisions().values()].at(-1)!.decision;
    await a.tick();
    const first = last();
    expect(first.basis).toMatchObject({ at: NOW, objective: expect.any(String) });
    const levers = first.proposal!.actions.map((x) => x.parameter);
    expect(levers.length).toBeGreaterThan(1);

    // Holders refuse everything; the market stays the same. Each refusal is seen an hour later.
    const asked: DecisionEntry[] = [first];
    let h = 0;
    while (last().kind === 'proposal' && h < 10) {
      chain.states.set(BigInt(chain.proposals.length), 'Defeated');
      chain.now = NOW + ++h * 3600;
      await a.tick();
      if (last().kind === 'proposal') asked.push(last());
    }
    // 1. The whole change in small steps, on the optimistic lane.
    const compromise = asked[1]!;
    expect(compromise.proposal?.expectedLane).toBe('optimistic');
    expect(compromise.proposal!.actions.map((x) => x.parameter)).toEqual(levers);
    expect(compromise.proposal!.actions.every((x) => x.small)).toBe(true);
    expect(compromise.repeats).toMatchObject({ proposalId: '1', outcome: 'defeated' });
    expect(compromise.repeats?.differences[0]).toBe(
      'smaller steps than proposal 1 (a question holders have not answered)',
    );
    expect(compromise.text).toMatch(/^A compromise after holders defeated proposal 1: in small steps\. /);
    // 2. Then each lever alone, in a small step.
    const singles = asked.slice(2);
    expect(singles.map((x) => x.proposal!.actions.map((y) => y.parameter))).toEqual(levers.map((l) => [l]));
    expect(singles.every((x) => x.proposal!.actions[0]!.small)).toBe(true);
    expect(singles[0]!.text).toMatch(
      /^A compromise after holders defeated proposal 2: one part of the change on its own/,
    );
    // 3. All refused: held back, naming the last refusal; one record while nothing changes.
    const held = last();
    const lastId = String(chain.proposals.length);
    expect(held.reason).toBe('vetoed-recently');
    expect(held.noAction).toMatchObject({ reason: 'vetoed-recently', proposalId: lastId, outcome: 'defeated' });
    expect(held.text).toMatch(
      new RegExp(`^Held back: holders defeated proposal ${lastId} \\(.+\\) and nothing material`),
    );
    const records = [...a.store.decisions().values()].length;
    const proposals = chain.proposals.length;
    for (let k = 1; k < 20; k++) {
      chain.now = NOW + (h + k) * 3600;
      await a.tick();
    }
    expect(chain.proposals).toHaveLength(proposals);
    expect([...a.store.decisions().values()]).toHaveLength(records);
    // 4. Past the cooldown of every refusal: the policy's change is put to holders again.
    chain.now = NOW + (h + 25) * 3600;
    await a.tick();
    expect(chain.proposals).toHaveLength(proposals + 1);
    expect(last().kind).toBe('proposal');
    expect(last().repeats?.differences[0]).toMatch(/^\d+ h since the rejection \(cooldown 24 h\)$/);
  });

  it('respects the governor’s own refusal of the exact action set even when its memory would allow it', async () => {
    const d = tmp();
    const chain = new FakeChain(NOW, syntheticPool(NOW, 48));
    chain.cooldown = 3 * 86_400;
    // Off-chain memory alone would allow the repeat after 1 h; the governor refuses it for 3 days.
    const a = makeAgent(chain, d, undefined, { vetoCooldownHours: 1 });
    await a.tick();
    chain.states.set(1n, 'Defeated');
    chain.now += 2 * 3600;
    await a.tick();
    const next = [...a.store.decisions().values()].at(-1)!.decision;
    // Not the same calls again (that would revert): the compromise in small steps instead.
    expect(next.kind).toBe('proposal');
    expect(next.proposal!.calldatas).not.toEqual([...a.store.decisions().values()][0]!.decision.proposal!.calldatas);
    expect(next.repeats?.proposalId).toBe('1');
    expect(next.repeats?.differences[0]).toMatch(/^smaller steps/);
  });

  it('logs a reverted proposal with the decoded error name and queues/executes succeeded ones', async () => {
    const d = tmp();
    const chain = new FakeChain(NOW, syntheticPool(NOW, 48));
    chain.failNext = {
      errorName: 'HomeostatGovernor_UnauthorizedProposer',
      message: 'HomeostatGovernor_UnauthorizedProposer(0x..)',
    };
    const a = makeAgent(chain, d);
    await a.tick();
    const folded = [...a.store.decisions().values()][0]!;
    expect(folded.failed?.errorName).toBe('HomeostatGovernor_UnauthorizedProposer');
    expect(a.errors.at(-1)?.step).toBe('propose');
    chain.now += 3600;
    await a.tick();
    const id = chain.proposals[0]!.proposalId;
    chain.states.set(id, 'Succeeded');
    await a.tick();
    expect(JSON.parse(readFileSync(path.join(d, 'data', 'status.json'), 'utf8')).lastDecision).toBeDefined();
    const lc = readFileSync(path.join(d, 'data', 'decisions.jsonl'), 'utf8');
    expect(lc).toContain('"state":"Queued"');
    expect(lc).toContain('"state":"Executed"');
  });

  it('posts each verification on-chain once: revert logged and retried, restart finds it, foreign chain skipped', async () => {
    const d = tmp();
    const chain = new FakeChain(NOW, syntheticPool(NOW, 48));
    const a = makeAgent(chain, d);
    await a.tick();
    const first = [...a.store.decisions().keys()][0]!;
    // Past the 24 h horizon, with the pool history covering it.
    const at = (hours: number) => {
      chain.now = NOW + hours * 3600;
      chain.pool = syntheticPool(chain.now, 48 + hours);
    };
    at(25);
    chain.recordFailNext = {
      errorName: 'VerificationLog_Unauthorized',
      message: 'VerificationLog_Unauthorized(0x7099…)',
    };
    await a.tick();
    const failed = a.store.decisions().get(first)!;
    expect(failed.verified.forecast).toBeDefined();
    expect(failed.recordFailed.forecast).toMatchObject({ errorName: 'VerificationLog_Unauthorized', at: chain.now });
    expect(a.errors.at(-1)?.step).toBe('publish');
    // Not hammered: the next tick within the retry window does not post again.
    await a.tick();
    expect(chain.recordCalls).toHaveLength(1);

    at(26);
    await a.tick();
    const done = a.store.decisions().get(first)!;
    const onChain = chain.verifications.get(`${first}:forecast`)!;
    expect(onChain.contentHash).toBe(done.verified.forecast!.hash);
    expect(done.recorded.forecast).toMatchObject({
      matches: true,
      txHash: onChain.txHash,
      contentHash: onChain.contentHash,
    });

    // Killed after the tx was mined but before "recorded" was logged: the restart asks the contract first.
    const log = path.join(d, 'data', 'decisions.jsonl');
    const lines = readFileSync(log, 'utf8')
      .split('\n')
      .filter((l) => !l.includes('"type":"recorded"'));
    writeFileSync(log, lines.join('\n'));
    const calls = chain.recordCalls.length;
    const restarted = makeAgent(chain, d);
    await restarted.tick();
    expect(restarted.store.decisions().get(first)!.recorded.forecast).toMatchObject({ matches: true });
    const postedAgain = chain.recordCalls.slice(calls).filter((p) => p.header.decisionId === first);
    expect(postedAgain).toHaveLength(0);

    // The same data dir against another chain (a fresh local chain): nothing of it is posted there.
    const other = makeAgent(chain, d);
    const before = chain.recordCalls.length;
    chain.blockTimestamp = async () => null;
    at(30);
    await other.tick();
    expect(chain.recordCalls).toHaveLength(before);
    // Every record on the fake contract is one the agent sealed; none posted twice.
    const keys = chain.recordCalls.map((p) => `${p.header.decisionId}:${p.kind}`);
    expect(new Set(keys).size).toBe(keys.length - 1); // the one reverted attempt was retried
  });

  it('commits each forecast when it decides, posts its verdict with those numbers, and never scores one it did not commit', async () => {
    const d = tmp();
    const chain = new FakeChain(NOW, syntheticPool(NOW, 48));
    const a = makeAgent(chain, d);
    await a.tick();
    const first = [...a.store.decisions().keys()][0]!;
    const c = chain.commitments.get(first)!;
    expect(c).toMatchObject({ committedAt: NOW, windowFrom: Math.floor(NOW / 3600) * 3600 });
    expect(c.windowTo - c.windowFrom).toBe(24 * 3600);
    await a.tick(); // committed once, not again
    expect(chain.commitments.size).toBe(1);

    chain.now = NOW + 25 * 3600;
    chain.pool = syntheticPool(chain.now, 48 + 25);
    await a.tick();
    const posted = chain.recordCalls.find((p) => p.header.decisionId === first && p.kind === 'forecast')!;
    expect(posted.kind === 'forecast' && forecastNumbersHash(posted.numbers)).toBe(c.numbersHash);
    expect(a.store.decisions().get(first)!.recorded.forecast).toMatchObject({ matches: true });

    // A decision whose commitment never made it (the chain lost it): its verdict is refused once, then not retried.
    const second = [...a.store.decisions().keys()].find((k) => k !== first && chain.commitments.has(k))!;
    chain.commitments.delete(second);
    chain.now = NOW + 60 * 3600;
    chain.pool = syntheticPool(chain.now, 48 + 60);
    await a.tick();
    const tries = () => chain.recordCalls.filter((p) => p.header.decisionId === second && p.kind === 'forecast').length;
    expect(tries()).toBe(1);
    expect(chain.verifications.has(`${second}:forecast`)).toBe(false);
    chain.now += 2 * 3600;
    chain.pool = syntheticPool(chain.now, 48 + 62);
    await a.tick();
    expect(tries()).toBe(1);
  });

  it('a record the chain lost (it went back) is posted again; a backlog goes out a few per tick', async () => {
    const d = tmp();
    const chain = new FakeChain(NOW, syntheticPool(NOW, 48));
    const a = makeAgent(chain, d);
    // 30 hourly decisions, then past all their horizons: 30 forecast verifications at once. The
    // guardian cancels each proposal at once, so no pending proposal folds the hours into one hold.
    for (let h = 0; h < 30; h++) {
      for (const p of chain.proposals) chain.states.set(p.proposalId, 'Canceled');
      chain.now = NOW + h * 3600;
      chain.pool = syntheticPool(chain.now, 48 + h);
      await a.tick();
    }
    chain.now = NOW + 60 * 3600;
    chain.pool = syntheticPool(chain.now, 48 + 60);
    await a.tick();
    const verified = () => [...a.store.decisions().values()].filter((x) => x.verified.forecast);
    expect(verified().length).toBeGreaterThan(8);
    expect(chain.verifications.size).toBeLessThanOrEqual(8 + 6); // at most 8 per tick (the first ticks posted few)
    for (let i = 0; i < 10 && verified().some((x) => !x.recorded.forecast); i++) await a.tick();
    expect(verified().every((x) => x.recorded.forecast?.matches)).toBe(true);
    const status = JSON.parse(readFileSync(path.join(d, 'data', 'status.json'), 'utf8'));
    expect(status.verificationLog).toMatchObject({ pending: 0, failing: 0, mismatched: 0 });
    expect(status.verificationLog.recorded).toBe(verified().length);

    // The chain goes back and loses two records; the agent notices (fewer on-chain than logged) and re-posts.
    const [lostA, lostB] = [...chain.verifications.keys()].slice(-2);
    chain.verifications.delete(lostA!);
    chain.verifications.delete(lostB!);
    const posts = chain.recordCalls.length;
    await a.tick();
    expect(chain.verifications.has(lostA!)).toBe(true);
    expect(chain.verifications.has(lostB!)).toBe(true);
    expect(chain.recordCalls.length - posts).toBe(2);
    expect(readFileSync(path.join(d, 'data', 'decisions.jsonl'), 'utf8')).toContain('"type":"record-lost"');
    // Nothing else was posted twice.
    const keys = chain.recordCalls.map((p) => `${p.header.decisionId}:${p.kind}`);
    expect(keys.length - new Set(keys).size).toBe(2);
  });

  it('surfaces an RPC outage as a throw (the runner backs off) and resumes', async () => {
    const chain = new FakeChain(NOW, syntheticPool(NOW, 48));
    const a = makeAgent(chain, tmp());
    chain.down = true;
    await expect(a.tick()).rejects.toThrow(/fetch failed/);
    chain.down = false;
    await expect(a.tick()).resolves.toMatchObject({ epoch: Math.floor(NOW / 3600) });
  });
});
