/**
 * Integration: a real anvil, the real deploy script, the real agent process (scripts/agent.ts).
 * Time is driven with evm_increaseTime/evm_mine; the test plays the market (hourly swaps and
 * oracle signals) and the holders (anvil #4..#19 vote with their dev keys).
 *  1. the agent proposes; holders veto → Defeated → the parameter is unchanged;
 *  2. the agent is killed right after logging its intent, then right after sending; each
 *     restart recovers: exactly one proposal for the decision, no record lost;
 *  3. holders approve → the agent queues, then executes after the timelock → the parameter
 *     changes on-chain → after the horizon the verification record appears;
 *  4. every verification record is also in the VerificationLog contract, once, equal to the local
 *     one, and the track record computed from the chain alone equals the agent's.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Address, type Hex, keccak256, stringToBytes } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkAgainstLocal,
  fromRawRecord,
  kindIndex,
  onChainTrackRecord,
  type RawVerificationRecord,
} from '../lib/agent/onchain-verification';
import { type LogEntry, trackRecord, type Verification } from '../lib/agent/records';
import { changeKeyOf, covers } from '../lib/agent/veto-memory';
import { homeostatGovernorAbi, policyControllerAbi, verificationLogAbi } from '../lib/contracts/abis';
import type { Deployment } from '../lib/contracts/deployments';
import { devAccount } from '../scripts/lib/accounts';
import {
  type AgentProc,
  exited as exitedOf,
  proposedEvents as governorProposals,
  startAgentProcess,
  until as untilSeen,
} from '../test/agent-proc';
import { deploy, type Proc, startAnvil } from '../test/local-stack';
import {
  advance as advanceChain,
  type ChainClient,
  DAY,
  HOUR,
  makeChainClient,
  playMarket,
  prepareTraders,
  writeAs,
} from '../test/market-play';
import { readJsonLines } from './store';

type Proposed = Extract<LogEntry, { type: 'proposed' }>;

let anvil: (Proc & { url: string }) | undefined;
let agent: AgentProc | undefined;
let tmp = '';
let rpcUrl = '';
let deploymentsFile = '';
let deployment: Deployment;
let client: ChainClient;
/** Every agent run of the test (restarts included), for what they printed. */
const runs: AgentProc[] = [];
const agentOut = () => runs.map((r) => r.out()).join('');

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'homeostat-agent-'));
  anvil = await startAnvil();
  rpcUrl = anvil.url;
  client = makeChainClient(rpcUrl);
  ({ file: deploymentsFile, deployment } = await deploy(rpcUrl, tmp));
  await prepareTraders(client, deployment);
}, 120_000);

afterAll(async () => {
  await agent?.stop('SIGKILL');
  await anvil?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('agent on a real local chain', () => {
  it('veto leaves the parameter unchanged; kill/restart never double-proposes; approval executes and is verified', async () => {
    const c = deployment.contracts;
    const data = path.join(tmp, 'data');
    const log = () => readJsonLines<LogEntry>(path.join(data, 'decisions.jsonl'));
    const feeBefore = await param(2);

    // ---- 1. propose → veto → Defeated → unchanged
    await market(30);
    startAgent();
    const first = await until('first proposal', () => log().find((e): e is Proposed => e.type === 'proposed'));
    const firstDecision = log().find((e) => e.type === 'decision' && e.decisionId === first.decisionId) as Extract<
      LogEntry,
      { type: 'decision' }
    >;
    expect(firstDecision.kind).toBe('proposal');
    // The justification is stored under its hash, and the hash is the one committed on-chain.
    const events = await proposedEvents();
    const ev = events.find((e) => e.args.decisionId === first.decisionId)!;
    expect(ev.args.proposalId!.toString()).toBe(first.proposalId);
    const jFile = path.join(tmp, 'just', `${ev.args.justificationHash}.json`);
    expect(keccak256(stringToBytes(readFileSync(jFile, 'utf8')))).toBe(ev.args.justificationHash);
    expect(ev.args.justificationURI).toBe(`/api/justifications/${ev.args.justificationHash}`);
    const doc = JSON.parse(readFileSync(jFile, 'utf8'));
    expect(doc.forecasts.volatility.upper80).toBeGreaterThanOrEqual(doc.forecasts.volatility.lower80);
    expect(doc.guardrailHeadroom.params.transferFeeBps).toBeDefined();

    const id = BigInt(first.proposalId);
    await advance(HOUR + 1);
    for (let i = 4; i <= 19; i++) await write(i, c.HomeostatGovernor, homeostatGovernorAbi, 'castVote', [id, 0]);
    await advance(3 * DAY + 1);
    await until('defeat recorded', () =>
      log().find((e) => e.type === 'lifecycle' && e.decisionId === first.decisionId && e.state === 'Defeated'),
    );
    expect(await state(id)).toBe(3); // Defeated
    expect(await param(2)).toBe(feeBefore);
    await stopAgent();

    // ---- 2. crash after the intent, then after sending: one proposal, nothing lost
    // The veto memory would hold a repeat of the vetoed change for 72 h unless the market moved;
    // a 1 h cooldown lets this test go on, and the new decision must say what it repeats.
    const cooldown = { AGENT_VETO_COOLDOWN_HOURS: '1' };
    await market(2);
    startAgent({ ...cooldown, AGENT_FAULT: 'crash-after-intent' });
    expect(['SIGKILL', 137]).toContain(await exited());
    const intent = log()
      .filter((e) => e.type === 'decision')
      .at(-1) as Extract<LogEntry, { type: 'decision' }>;
    expect(intent.kind).toBe('proposal');
    const changeKeys = (d: typeof intent) =>
      d.proposal!.actions.map(changeKeyOf).filter((k): k is NonNullable<typeof k> => k !== null);
    // Repeating the whole defeated change (or offering it in smaller steps, a compromise): the
    // record names the defeated proposal and what is different now. A rejection binds only a
    // candidate that repeats all of its changes (lib/agent/veto-memory `covers`): a candidate that
    // shares one lever of a two-lever proposal is a new question and names no rejection.
    if (covers(changeKeys(intent), changeKeys(firstDecision))) expect(intent.repeats).toBeDefined();
    if (intent.repeats) {
      expect(intent.repeats.proposalId).toBe(first.proposalId);
      expect(intent.repeats.differences.length).toBeGreaterThan(0);
    }
    expect(intent.basis?.at).toBe(intent.decidedAt);
    expect((await proposedEvents()).filter((e) => e.args.decisionId === intent.decisionId)).toHaveLength(0);
    startAgent({ ...cooldown, AGENT_FAULT: 'crash-after-send' });
    expect(['SIGKILL', 137]).toContain(await exited());
    expect(log().some((e) => e.type === 'sent' && e.decisionId === intent.decisionId)).toBe(true);
    startAgent(cooldown);
    const second = await until('recovered proposal', () =>
      log().find((e): e is Proposed => e.type === 'proposed' && e.decisionId === intent.decisionId),
    );
    const all = await proposedEvents();
    expect(all.filter((e) => e.args.decisionId === intent.decisionId)).toHaveLength(1);
    expect(new Set(all.map((e) => e.args.decisionId)).size).toBe(all.length);
    expect(log().filter((e) => e.type === 'decision' && e.decisionId === intent.decisionId)).toHaveLength(1);

    // ---- 3. approve → queue → timelock → execute → changed → verified after the horizon
    const id2 = BigInt(second.proposalId);
    await advance(HOUR + 1);
    for (let i = 4; i <= 19; i++) await write(i, c.HomeostatGovernor, homeostatGovernorAbi, 'castVote', [id2, 1]);
    await advance(3 * DAY + 1);
    await until('queued', () =>
      log().find((e) => e.type === 'lifecycle' && e.decisionId === intent.decisionId && e.state === 'Queued'),
    );
    await advance(DAY + 1);
    await until(
      'executed',
      () => log().find((e) => e.type === 'lifecycle' && e.decisionId === intent.decisionId && e.state === 'Executed'),
      20_000,
    );
    expect(await state(id2)).toBe(7); // Executed
    for (const a of intent.proposal!.actions) {
      if (a.kind === 'setParameter') expect(await param(a.id)).toBe(BigInt(a.newValue));
    }
    await market(25);
    const verified = await until('effect verification', () =>
      log().find((e) => e.type === 'verified' && e.decisionId === intent.decisionId && e.kind === 'effect'),
    );
    expect(verified.type).toBe('verified');
    const chain = readJsonLines<Verification & { decisionId: Hex }>(path.join(data, 'verifications.jsonl'));
    expect(chain.some((v) => v.decisionId === intent.decisionId && v.kind === 'effect')).toBe(true);
    expect(chain.some((v) => v.kind === 'forecast')).toBe(true);
    for (let i = 1; i < chain.length; i++) expect(chain[i]!.prevHash).toBe(chain[i - 1]!.hash);
    const status = JSON.parse(readFileSync(path.join(data, 'status.json'), 'utf8'));
    expect(status.trackRecord.n).toBeGreaterThan(0);

    // ---- 4. the verify records are on-chain too (VerificationLog), equal to the local ones, none twice
    const logAddress = c.VerificationLog!;
    expect(logAddress).toBeDefined();
    await until('effect record on-chain', () =>
      log().find((e) => e.type === 'recorded' && e.decisionId === intent.decisionId && e.kind === 'effect'),
    );
    for (const kind of ['forecast', 'effect'] as const) {
      const local = chain.find((v) => v.decisionId === intent.decisionId && v.kind === kind)!;
      const raw = await client.readContract({
        address: logAddress,
        abi: verificationLogAbi,
        functionName: 'verification',
        args: [intent.decisionId, kindIndex[kind]],
      });
      const onChain = fromRawRecord(intent.decisionId, raw as RawVerificationRecord);
      expect(onChain.contentHash).toBe(local.hash);
      expect(checkAgainstLocal(local, onChain)).toEqual({
        hashMatches: true,
        numbersMatch: true,
        localIntact: true,
        problems: [],
      });
    }
    await stopAgent();
    // Every sealed verification is on-chain exactly once (restarts included), in the local chain's order.
    const sealed = readJsonLines<Verification & { decisionId: Hex }>(path.join(data, 'verifications.jsonl'));
    const posted = await client.getContractEvents({
      address: logAddress,
      abi: verificationLogAbi,
      eventName: 'VerificationRecorded',
      fromBlock: 0n,
    });
    const keys = posted.map((e) => `${e.args.decisionId}:${e.args.kind}`);
    expect(new Set(keys).size).toBe(keys.length);
    // A forecast is scored on-chain only if it was committed within the first tenth of its window. This
    // test jumps days of chain time at once, so a decision made right before a jump can miss that; such a
    // forecast stays local (the agent logs why). Everything else is on-chain once, in the local order.
    const committedAt = async (id: Hex) =>
      (
        await client.readContract({
          address: logAddress,
          abi: verificationLogAbi,
          functionName: 'forecastCommitment',
          args: [id],
        })
      ).committedAt;
    const scorable: typeof sealed = [];
    for (const v of sealed) if (v.kind === 'effect' || (await committedAt(v.decisionId)) !== 0) scorable.push(v);
    const missed = sealed.filter((v) => !scorable.includes(v));
    expect(missed.length, 'forecasts that missed their commitment window').toBeLessThanOrEqual(2);
    for (const v of missed) {
      const said = agentOut()
        .split('\n')
        .some((l) => l.includes(v.decisionId) && /commitment deadline|CommitTooLate/.test(l));
      expect(said, `the agent says why ${v.decisionId} is not scored on-chain`).toBe(true);
    }
    expect(posted.map((e) => e.args.record!.contentHash)).toEqual(scorable.map((v) => v.hash));
    expect(
      log().filter((e) => e.type === 'record-failed'),
      'no post reverted',
    ).toEqual([]);
    // The track record from the chain alone equals the agent's own.
    const fromChain = onChainTrackRecord(
      posted.map((e) => fromRawRecord(e.args.decisionId!, e.args.record as RawVerificationRecord)),
    );
    const mine = trackRecord(scorable);
    expect({ ...fromChain, meanAbsLogError: null }).toEqual({ ...mine, meanAbsLogError: null });
    expect(fromChain.meanAbsLogError).toBeCloseTo(mine.meanAbsLogError!, 6);
    const tally = await client.readContract({
      address: logAddress,
      abi: verificationLogAbi,
      functionName: 'trackRecord',
    });
    expect(tally.forecasts).toBe(mine.n);
    expect(tally.hits80 / tally.forecasts).toBe(mine.hitRate80);
    // Every step logged as one JSON line.
    for (const line of agentOut().trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
    expect(agentOut()).not.toContain(devAccount(1).privateKey.slice(2));
  }, 360_000);
});

// ------------------------------------------------------------------ helpers

function startAgent(extra: Record<string, string> = {}) {
  agent = startAgentProcess({
    RPC_URL: rpcUrl,
    DEPLOYMENTS_FILE: deploymentsFile,
    AGENT_DATA_DIR: path.join(tmp, 'data'),
    AGENT_JUSTIFICATIONS_DIR: path.join(tmp, 'just'),
    AGENT_MODELS_DIR: path.join(tmp, 'models'),
    ...extra,
  });
  runs.push(agent);
}

const exited = () => exitedOf(agent!.proc);
const stopAgent = () => agent!.stop('SIGTERM');
const until = <T>(what: string, f: () => T | undefined, timeoutMs = 40_000) => untilSeen(what, f, agent!, timeoutMs);
const write = (i: number, address: Address, abi: readonly unknown[], functionName: string, args: unknown[]) =>
  writeAs(client, i, address, abi, functionName, args);
const advance = (seconds: number) => advanceChain(client, seconds);
const market = (hours: number) => playMarket(client, deployment, hours);

async function param(id: number): Promise<bigint> {
  return client.readContract({
    address: deployment.contracts.PolicyController,
    abi: policyControllerAbi,
    functionName: 'parameter',
    args: [id],
  });
}

async function state(id: bigint): Promise<number> {
  return client.readContract({
    address: deployment.contracts.HomeostatGovernor,
    abi: homeostatGovernorAbi,
    functionName: 'state',
    args: [id],
  });
}

function proposedEvents() {
  return governorProposals(client, deployment.contracts.HomeostatGovernor);
}
