import type { Hex } from 'viem';
import { describe, expect, it } from 'vitest';
import { fromRawRecord, type RawVerificationRecord, verificationPayload } from '../agent/onchain-verification';
import { forecastVerdict, type LogEntry, sealVerification, type Verification } from '../agent/records';
import {
  buildTransparencyLog,
  filterDecisions,
  indexRecords,
  isMismatch,
  modelVersions,
  selectLogEntries,
  summariseOnChain,
  trackSeries,
} from './transparency';

const id = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as Hex;
const decision = (n: number, kind: 'proposal' | 'no-action', at: number): LogEntry => ({
  type: 'decision',
  decisionId: id(n),
  chainId: 31337,
  epoch: n,
  decidedAt: at,
  blockNumber: String(n),
  kind,
  reason: kind === 'no-action' ? 'within-tolerance' : undefined,
  policy: 'adaptive',
  objective: 'stability',
  text: `decision ${n}`,
  horizonHours: 24,
  inputHash: id(100 + n),
  sources: { history: 'indexer', indexerLagSeconds: 0 },
});

describe('buildTransparencyLog', () => {
  const entries: LogEntry[] = [
    decision(1, 'no-action', 100),
    decision(2, 'proposal', 200),
    { type: 'proposed', decisionId: id(2), proposalId: '42', lane: 'full', txHash: id(900), blockNumber: '3' },
    { type: 'lifecycle', decisionId: id(2), state: 'Queued', at: 300, txHash: id(901) },
    { type: 'lifecycle', decisionId: id(2), state: 'Executed', at: 400, txHash: id(902) },
    decision(3, 'proposal', 500),
    { type: 'propose-failed', decisionId: id(3), errorName: 'X', message: 'reverted' },
  ];
  it('newest first; joins lifecycle tx hashes and outcomes', () => {
    const log = buildTransparencyLog(entries);
    expect(log.map((d) => d.decisionId)).toEqual([id(3), id(2), id(1)]);
    const executed = log[1]!;
    expect(executed).toMatchObject({
      outcome: 'executed',
      proposalId: '42',
      queueTx: id(901),
      executionTx: id(902),
      proposeTx: id(900),
    });
    expect(log[0]!.outcome).toBe('failed');
    expect(log[2]).toMatchObject({ kind: 'no-action', outcome: 'no-action', reason: 'within-tolerance' });
  });
  it('prefers live chain facts', () => {
    const log = buildTransparencyLog(
      entries.slice(0, 3),
      new Map([
        [
          '42',
          {
            proposalId: '42',
            state: 'Defeated',
            votes: { for: 0n, against: 5n, abstain: 0n },
            voteCount: 1,
            createdTx: id(900),
            queuedTx: null,
            executedTx: null,
            canceledTx: null,
          },
        ],
      ]),
    );
    expect(log[0]).toMatchObject({ outcome: 'defeated', voteCount: 1 });
  });
  it('filters by kind and outcome', () => {
    const log = buildTransparencyLog(entries);
    expect(filterDecisions(log, { kind: 'no-action' })).toHaveLength(1);
    expect(filterDecisions(log, { kind: 'proposal', outcome: 'executed' })).toHaveLength(1);
    expect(filterDecisions(log, { kind: 'all', outcome: 'all' })).toHaveLength(3);
  });
});

describe('trackSeries and modelVersions', () => {
  it('running hit rate and coverage in time order', () => {
    const v = (to: number, hit80: boolean, hit95: boolean): Verification => ({
      kind: 'forecast',
      from: to - 10,
      to,
      model: 'm',
      forecast: 0.5,
      lower80: 0.4,
      upper80: 0.6,
      lower95: 0.3,
      upper95: 0.7,
      realised: 0.5,
      hit80,
      hit95,
      error: 0,
      logError: 0.1,
      at: to,
      prevHash: null,
      hash: id(to),
    });
    const s = trackSeries([v(30, false, true), v(10, true, true)]);
    expect(s.map((p) => p.at)).toEqual([10, 30]);
    expect(s[1]).toMatchObject({ hitRate80: 0.5, coverage95: 1 });
    expect(s[1]!.meanAbsLogError).toBeCloseTo(0.1);
  });
  it('reshapes free-form retrain records', () => {
    const m = modelVersions([
      { at: 1, outcome: 'skipped', reason: 'short' },
      { at: 2, promoted: true, version: 'v2', modelHash: '0xab', valLoss: 0.3 },
    ]);
    expect(m[0]).toMatchObject({ version: 'v2', promoted: true, metrics: { valLoss: 0.3 } });
    expect(m[1]).toMatchObject({ outcome: 'skipped', reason: 'short', promoted: false });
  });
});

describe('on-chain verify records', () => {
  const f = {
    rvNext: 0.5,
    lower80: 0.4,
    upper80: 0.6,
    lower95: 0.3,
    upper95: 0.7,
    horizonHours: 24,
    modelVersion: 'm',
    modelHash: id(77),
  };
  const v1 = sealVerification(forecastVerdict(f, 0.55, 0, 86_400), 86_400, null);
  const v2 = sealVerification(forecastVerdict(f, 0.9, 3600, 90_000), 90_000, v1.hash);
  const v3 = sealVerification(forecastVerdict(f, 0.45, 7200, 93_600), 93_600, v2.hash);
  const entries: LogEntry[] = [
    decision(1, 'no-action', 0),
    decision(2, 'no-action', 3600),
    decision(3, 'no-action', 7200),
    decision(4, 'no-action', 10_800),
    { type: 'verified', decisionId: id(1), ...v1 },
    { type: 'verified', decisionId: id(2), ...v2 },
    { type: 'verified', decisionId: id(3), ...v3 },
  ];
  /** The record the contract would hold for a local one (as its view returns it). */
  const onChain = (decisionId: Hex, v: Verification, patch: Partial<RawVerificationRecord> = {}) => {
    const p = verificationPayload(decisionId, v);
    if (p.kind !== 'forecast') throw new Error('forecast only here');
    return fromRawRecord(
      decisionId,
      {
        ...p.header,
        ...p.numbers,
        kind: 0,
        recordedAt: p.header.verifiedAt + 1,
        effectsChecked: 0,
        effectsMatched: 0,
        ...patch,
      },
      { txHash: id(5000), blockNumber: 12n },
    );
  };
  // Decision 1 faithfully on-chain; decision 2 on-chain with another hash; decision 3 only local;
  // decision 4 not verified locally, but on-chain (the agent's log lost it).
  const records = [
    onChain(id(1), v1),
    onChain(id(2), v2, { contentHash: id(666) }),
    onChain(id(4), sealVerification(forecastVerdict(f, 0.5, 10_800, 97_200), 97_200, v3.hash)),
  ];

  it('each decision says recorded (and equal), mismatched, local only, or on-chain only', () => {
    const log = buildTransparencyLog(entries, new Map(), { records: indexRecords(records) });
    const by = new Map(log.map((d) => [d.decisionId, d.onChain]));
    expect(by.get(id(1))!.forecast).toMatchObject({ status: 'recorded', check: { hashMatches: true, problems: [] } });
    expect(isMismatch(by.get(id(1))!.forecast)).toBe(false);
    expect(isMismatch(by.get(id(2))!.forecast)).toBe(true);
    expect(by.get(id(3))!.forecast).toEqual({ status: 'local-only' });
    expect(by.get(id(4))!.forecast).toMatchObject({ status: 'recorded', check: null });
    expect(by.get(id(1))!.effect).toEqual({ status: 'none' });
  });

  it('an unreadable chain is "unchecked" with the reason, never "local only"', () => {
    const log = buildTransparencyLog(entries, new Map(), { unavailable: 'indexer: down; chain: down' });
    expect(log.find((d) => d.decisionId === id(1))!.onChain.forecast).toEqual({
      status: 'unchecked',
      why: 'indexer: down; chain: down',
    });
  });

  it('summary: matching, differing, local-only and chain-only counts; track record from the chain alone', () => {
    const local = [v1, v2, v3].map((v, i) => ({ decisionId: id(i + 1), ...v }));
    const s = summariseOnChain(local, records);
    expect(s).toMatchObject({ count: 3, matching: 1, localOnly: 1, chainOnly: 1 });
    expect(s.mismatches).toHaveLength(1);
    expect(s.mismatches[0]).toMatchObject({ decisionId: id(2), kind: 'forecast' });
    expect(s.mismatches[0]!.problems.join()).toMatch(/on-chain hash/);
    // 0.55 and 0.5 inside the 80 % band, 0.9 outside both.
    expect(s.trackRecord).toMatchObject({ n: 3, hitRate80: 2 / 3, coverage95: 2 / 3 });
  });
});

describe('selectLogEntries', () => {
  it("leaves out the agent's own 'recorded' notes without calling them malformed; counts the rest", () => {
    const records = [
      decision(1, 'no-action', 100),
      { type: 'recorded', decisionId: id(1), kind: 'forecast', txHash: id(5) },
      { type: 'record-failed', decisionId: id(1), kind: 'effect', error: 'reverted' },
      { type: 'verified', decisionId: id(1), kind: 'forecast' },
      { type: 'decision' }, // no decision id
      { type: 'mystery', decisionId: id(2) }, // unknown type
      { decisionId: id(3) }, // no type
    ] as Record<string, unknown>[];
    const { entries, skipped } = selectLogEntries(records);
    expect(entries.map((e) => e.type)).toEqual(['decision', 'verified']);
    expect(skipped).toBe(3);
  });
});
