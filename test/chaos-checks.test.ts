/**
 * The checks behind `npm run chaos` (e2e/chaos/checks.ts) must be able to fail: each is fed a
 * record that breaks its rule (a lost decision, a double proposal, a window over budget, a
 * vetoed execution, a differing table) and one that keeps it.
 */
import type { Hex } from 'viem';
import { describe, expect, it } from 'vitest';
import {
  checkDecisions,
  checkNothingVetoedExecuted,
  checkParameters,
  checkSupplyWindows,
  diffTables,
  formatTable,
  type ProposalOutcome,
} from '../e2e/chaos/checks';
import type { DecisionEntry, LogEntry } from '../lib/agent/records';

const id = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as Hex;

function decision(n: number, epoch: number, withPlan = true): DecisionEntry {
  return {
    type: 'decision',
    decisionId: id(n),
    epoch,
    kind: withPlan ? 'proposal' : 'no-action',
    proposal: withPlan ? ({ proposalId: String(1000 + n) } as DecisionEntry['proposal']) : undefined,
  } as DecisionEntry;
}
const proposed = (n: number): LogEntry =>
  ({ type: 'proposed', decisionId: id(n), proposalId: String(1000 + n) }) as LogEntry;
const onChain = (n: number) => ({ decisionId: id(n), proposalId: BigInt(1000 + n), blockNumber: BigInt(n) });

describe('checkDecisions', () => {
  it('accepts a log that matches the chain', () => {
    const log = [decision(1, 1), proposed(1), decision(2, 2, false), decision(3, 3), proposed(3)];
    const r = checkDecisions(log, [onChain(1), onChain(3)], [1001n, 1003n]);
    expect(r).toMatchObject({
      lost: [],
      phantom: [],
      duplicatedInLog: [],
      proposedTwice: [],
      foreignProposals: [],
      unresolved: [],
    });
    expect(r.proposedOnChain).toBe(2);
  });

  it('finds a proposal on chain the log never recorded', () => {
    const r = checkDecisions([decision(1, 1)], [onChain(1)], [1001n]);
    expect(r.lost).toEqual([id(1)]);
    expect(checkDecisions([], [onChain(7)], [1007n]).lost).toEqual([id(7)]);
  });

  it('finds a logged proposal the chain does not have (lost with a chain restart)', () => {
    expect(checkDecisions([decision(1, 1), proposed(1)], [], []).phantom).toEqual([id(1)]);
  });

  it('finds a decision logged twice and a decision proposed twice', () => {
    const r = checkDecisions([decision(1, 1), decision(1, 1), proposed(1)], [onChain(1), onChain(1)], [1001n]);
    expect(r.duplicatedInLog).toEqual([id(1)]);
    expect(r.proposedTwice).toEqual([id(1)]);
  });

  it('finds proposals nobody decided and intents of past epochs left without an outcome', () => {
    const r = checkDecisions([decision(1, 1), decision(2, 5)], [], [42n]);
    expect(r.foreignProposals).toEqual([42n]);
    expect(r.unresolved).toEqual([id(1)]); // epoch 5 is the newest: it may still be in flight
    const abandoned = [decision(1, 1), { type: 'abandoned', decisionId: id(1), why: 'x' } as LogEntry, decision(2, 5)];
    expect(checkDecisions(abandoned, [], []).unresolved).toEqual([]);
  });
});

describe('checkSupplyWindows', () => {
  const S = 1_000_000_000n * 10n ** 18n; // budget 2 % = 20M
  const M = 10n ** 24n; // 1M HOME
  const change = (at: number, millions: bigint, block: number) => ({
    at,
    delta: millions * M,
    oldSupply: S,
    blockNumber: BigInt(block),
  });

  it('passes changes within budget in every window', () => {
    const r = checkSupplyWindows(
      [change(0, 10n, 1), change(6 * 3600, 10n, 2), change(30 * 3600, 10n, 3)],
      86_400,
      200n,
    );
    expect(r.violations).toEqual([]);
    expect(r.worstBudgetUseBps).toBe(10_000);
  });

  it('fails a window over budget, also when only a suffix of it is', () => {
    expect(checkSupplyWindows([change(0, 15n, 1), change(3600, 10n, 2)], 86_400, 200n).violations).toHaveLength(1);
    // -10 then +10 +10 +10: the whole window nets +20 (ok) but the suffix without the burn is +30.
    const r = checkSupplyWindows(
      [change(0, -10n, 1), change(3600, 10n, 2), change(7200, 10n, 3), change(10_800, 10n, 4)],
      86_400,
      200n,
    );
    expect(r.violations.map((v) => v.net)).toEqual([30n * M]);
  });

  it('counts a change exactly one window old as outside, as the controller does', () => {
    expect(checkSupplyWindows([change(0, 15n, 1), change(86_400, 15n, 2)], 86_400, 200n).violations).toEqual([]);
    expect(checkSupplyWindows([change(1, 15n, 1), change(86_400, 15n, 2)], 86_400, 200n).violations).toHaveLength(1);
  });
});

describe('checkParameters', () => {
  it('flags a value outside its guardrail', () => {
    const g = [
      { min: 1n, max: 10n },
      { min: 0n, max: 5n },
    ];
    expect(checkParameters([5n, 5n], g)).toEqual([]);
    expect(checkParameters([5n, 6n], g)).toEqual(['parameter 1 = 6 outside [0, 5]']);
    expect(checkParameters([0n], g)).toHaveLength(1);
  });
});

describe('checkNothingVetoedExecuted', () => {
  const base: ProposalOutcome = {
    id: 1n,
    lane: 'optimistic',
    executed: true,
    canceled: false,
    votes: { against: 0n, for: 0n, abstain: 0n },
    vetoThreshold: 40n,
    quorum: 80n,
    vetoCast: false,
  };
  it('accepts executions that passed their lane', () => {
    expect(
      checkNothingVetoedExecuted([base, { ...base, lane: 'full', votes: { against: 1n, for: 80n, abstain: 0n } }]),
    ).toEqual([]);
    expect(
      checkNothingVetoedExecuted([{ ...base, executed: false, votes: { against: 99n, for: 0n, abstain: 0n } }]),
    ).toEqual([]);
  });
  it('flags a vetoed, defeated or canceled proposal that executed', () => {
    expect(checkNothingVetoedExecuted([{ ...base, votes: { against: 40n, for: 0n, abstain: 0n } }])).toHaveLength(1);
    expect(
      checkNothingVetoedExecuted([{ ...base, lane: 'full', votes: { against: 0n, for: 50n, abstain: 0n } }]),
    ).toHaveLength(1);
    expect(checkNothingVetoedExecuted([{ ...base, canceled: true }])).toHaveLength(1);
    expect(checkNothingVetoedExecuted([{ ...base, vetoCast: true }])).toHaveLength(1);
  });
  it('does not guess when the thresholds cannot be read', () => {
    expect(checkNothingVetoedExecuted([{ ...base, quorum: null }])[0]).toMatch(/cannot be read/);
    expect(checkNothingVetoedExecuted([{ ...base, executed: false, quorum: null }])).toEqual([]);
  });
});

describe('diffTables', () => {
  it('is order-insensitive and names the rows only one side has', () => {
    const a = {
      t: [
        { id: '1', x: 1 },
        { x: 2, id: '2' },
      ],
      u: [],
    };
    const b = {
      t: [
        { id: '2', x: 2 },
        { id: '1', x: 1 },
      ],
      u: [],
    };
    expect(diffTables(a, b).every((d) => d.onlyA.length + d.onlyB.length === 0)).toBe(true);
    const [t] = diffTables(
      { t: [{ id: '1', x: 1 }] },
      {
        t: [
          { id: '1', x: 9 },
          { id: '1', x: 9 },
        ],
      },
    );
    expect(t).toMatchObject({ rowsA: 1, rowsB: 2, onlyA: ['{"id":"1","x":1}'] });
    expect(t!.onlyB).toHaveLength(2);
    expect(diffTables({ t: [] }, {})[0]).toMatchObject({ table: 't', rowsA: 0, rowsB: 0 });
  });
});

describe('formatTable', () => {
  it('pads columns under a rule', () => {
    expect(
      formatTable([
        ['a', 'bb'],
        ['ccc', 'd'],
      ]),
    ).toBe('a    bb\n---  --\nccc  d');
  });
});
