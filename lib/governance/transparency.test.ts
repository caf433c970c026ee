import type { Hex } from 'viem';
import { describe, expect, it } from 'vitest';
import type { LogEntry, Verification } from '../agent/records';
import { buildTransparencyLog, filterDecisions, modelVersions, trackSeries } from './transparency';

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
