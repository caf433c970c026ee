import { encodeFunctionData, type Hex } from 'viem';
import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../agent/records';
import { policyControllerAbi } from '../contracts/abis';
import { decodeProposal } from './decode';
import { glossaryFor } from './glossary';
import { nameOutcome } from './outcome';
import { plainChange, plainJustification } from './plain';
import { titleFromChanges } from './title';
import {
  buildTransparencyLog,
  filterRows,
  groupNoActions,
  modelVersions,
  noActionText,
  retrainReason,
} from './transparency';

const E18 = 10n ** 18n;
const setParameter = (id: number, from: bigint, to: bigint) =>
  encodeFunctionData({ abi: policyControllerAbi, functionName: 'setParameter', args: [id, from, to] });
const changeSupply = (delta: bigint) =>
  encodeFunctionData({ abi: policyControllerAbi, functionName: 'changeSupply', args: [delta, 0n] });
const units = { stableDecimals: 6, stableSymbol: 'TUSD' };

describe('titleFromChanges', () => {
  it('names the fee rise and the buyback cut the agent proposes, with units', () => {
    const changes = decodeProposal([setParameter(2, 30n, 55n), setParameter(4, 10_000_000_000n, 1_250_000_000n)], null);
    expect(titleFromChanges(changes, units)).toBe(
      'Raise the transfer fee 0.30 % → 0.55 % and cut buybacks to 1,250 TUSD a day',
    );
  });

  it('words every kind of action and joins three clauses with commas', () => {
    const changes = decodeProposal(
      [setParameter(1, 5000n, 6000n), setParameter(3, 5n * 10n ** 17n, 10n ** 18n), changeSupply(-2_000_000n * E18)],
      null,
    );
    expect(titleFromChanges(changes, units)).toBe(
      'Burn more of each fee (50.00 % → 60.00 %), raise staking rewards to 86,400 HOME a day and burn 2,000,000 HOME from the treasury',
    );
    expect(titleFromChanges(decodeProposal([changeSupply(5n * E18)], null), units)).toBe(
      'Mint 5 HOME into the treasury',
    );
    expect(titleFromChanges(decodeProposal([setParameter(4, 0n, 5_000_000n)], null), units)).toBe(
      'Start buybacks at 5 TUSD a day',
    );
  });

  it('converts a budget per epoch into a daily amount when the epoch is not a day', () => {
    const changes = decodeProposal([setParameter(4, 2_000_000n, 1_000_000n)], null);
    expect(titleFromChanges(changes, { ...units, buybackEpochSeconds: 3600 })).toBe('Cut buybacks to 24 TUSD a day');
  });

  it('names a re-centring of both range bands as one clause, in the order the proposal runs them', () => {
    // Moving up: the upper band is set first so the controller never sees crossed bands.
    const recentre = decodeProposal(
      [setParameter(9, 1_080_000n, 1_120_000n), setParameter(8, 920_000n, 960_000n), setParameter(2, 30n, 40n)],
      null,
    );
    expect(titleFromChanges(recentre, units)).toBe(
      "Re-centre the treasury's range to 0.96–1.12 TUSD per HOME and raise the transfer fee 0.30 % → 0.40 %",
    );
    // One band alone keeps its own clause.
    expect(titleFromChanges(decodeProposal([setParameter(8, 920_000n, 900_000n)], null), units)).toBe(
      'Lower the price below which the treasury buys 0.92 TUSD per HOME → 0.9 TUSD per HOME',
    );
    // A POL budget rise reads as a daily amount.
    expect(titleFromChanges(decodeProposal([setParameter(6, 10_000_000_000n, 30_000_000_000n)], null), units)).toBe(
      'Raise moving treasury liquidity in or out of the pool to up to 30,000 TUSD a day',
    );
  });

  it('falls back when there are no actions, and names an unknown call by its selector', () => {
    expect(titleFromChanges([], units, 'Homeostat decision 0xabc')).toBe('Homeostat decision 0xabc');
    expect(titleFromChanges(decodeProposal(['0xdeadbeef'], null), units)).toBe(
      'Make an unrecognised call (0xdeadbeef)',
    );
  });
});

describe('nameOutcome', () => {
  const v = (f: bigint, a: bigint, x = 0n) => ({ for: f * E18, against: a * E18, abstain: x * E18 });
  it('names a defeated full vote with no votes as quorum not reached, not as vetoed', () => {
    const o = nameOutcome({ state: 'Defeated', lane: 'full', votes: v(0n, 0n), quorum: 40n * E18 });
    expect(o.label).toBe('Defeated: quorum not reached');
    expect(o.detail).toBe('Nobody voted; 40 votes (approve + abstain) were needed.');
    // Without the quorum (e.g. a chain read failed) zero votes still can only mean quorum.
    expect(nameOutcome({ state: 'Defeated', lane: 'full', votes: v(0n, 0n) }).label).toBe(
      'Defeated: quorum not reached',
    );
  });

  it('tells a veto on the optimistic lane from a majority against and a tie on the full vote', () => {
    expect(
      nameOutcome({ state: 'Defeated', lane: 'optimistic', votes: v(0n, 30n), vetoThreshold: 25n * E18 }),
    ).toMatchObject({ label: 'Vetoed', tone: 'vetoed', detail: '30 votes against reached the veto threshold of 25.' });
    expect(nameOutcome({ state: 'Defeated', lane: 'full', votes: v(50n, 60n), quorum: 40n * E18 }).label).toBe(
      'Defeated: majority against',
    );
    expect(nameOutcome({ state: 'Defeated', lane: 'full', votes: v(50n, 50n), quorum: 40n * E18 }).label).toBe(
      'Defeated: tied vote',
    );
    expect(nameOutcome({ state: 'Defeated', lane: 'full', votes: v(10n, 0n, 5n), quorum: 40n * E18 }).detail).toBe(
      '15 votes (approve + abstain) of the 40 needed.',
    );
    // Holders vetoed a full vote without anyone approving: the majority against decided it.
    expect(nameOutcome({ state: 'Defeated', lane: 'full', votes: v(0n, 120n), quorum: 40n * E18 })).toMatchObject({
      label: 'Defeated: majority against',
      detail: '120 against, 0 for; the quorum was not reached either.',
    });
  });

  it('names the other states by what happened', () => {
    expect(nameOutcome({ state: 'Queued', lane: 'full', votes: null }).detail).toMatch(
      /^Passed; waiting out the timelock/,
    );
    expect(nameOutcome({ state: 'Expired', lane: 'full', votes: null }).detail).toBe(
      'Passed but was not executed in time.',
    );
    expect(nameOutcome({ state: null, lane: null, votes: null }).label).toBe('Not on-chain');
  });
});

describe('plainJustification', () => {
  const doc = {
    text: 'adaptive policy, stability objective. Gap integral 0.120 of the reward max. Changes: transferFeeBps 30 → 55 (asked 80; bound by maxStep).',
    policy: 'adaptive',
    expectedLane: 'full',
    forecasts: {
      volatility: { rvNext: 0.9, lower80: 0.6, upper80: 1.2, lower95: 0.5, upper95: 1.5, horizonHours: 24 },
    },
    inputs: { state: { price: 0.098, referencePrice: 0.1, realizedVolLongRun: 0.8 } },
    changes: [
      { parameter: 'transferFeeBps', from: 30, to: 55, requested: 80, clampedBy: ['maxStep'] },
      { parameter: 'buybackBudget', from: 10_000, to: 1_250, requested: 0, clampedBy: [] },
    ],
    expectedEffects: [
      { kpi: 'volume', direction: 'down', estimate: -0.2, unit: 'fraction of volume', basis: '' },
      { kpi: 'netSupplyChange', direction: 'up', estimate: 85_278.4, unit: 'tokens', basis: '' },
      { kpi: 'stakingRatio', direction: 'none', estimate: 0, unit: 'APR', basis: '' },
    ],
  };

  it('says what the market does, what changes and what is expected, every number with its unit', () => {
    const { sentences } = plainJustification(doc);
    expect(sentences).toEqual([
      'The model expects the HOME price to swing about 90 % a year (annualised volatility) over the next 24 h, at most 120 % with 80 % confidence; that is 1.5 times its usual 80 %, so the market looks stressed.',
      'HOME trades at 0.09800 TUSD, 2.0 % below its recent reference price of 0.1000 TUSD.',
      'So the agent proposes to raise the fee on every transfer from 0.30 % to 0.55 % (limited by the largest step allowed in one change); and to cut treasury buybacks from 10,000 to 1,250 TUSD a day.',
      'Expected over 24 h, roughly: trading volume −20 %, HOME in circulation +85,278 HOME.',
      'At least one step is large, so it needs a full vote: enough holders must vote, and more must approve than veto.',
    ]);
    for (const s of sentences) expect(s).not.toMatch(/transferFeeBps|maxStep|Gap integral|\/epoch/);
  });

  it('words a mint and a reward change', () => {
    expect(plainChange({ parameter: 'rangeLowerBand', from: 0.08, to: 0.1 })).toBe(
      'raise the price below which the treasury buys HOME from 0.08000 TUSD to 0.1000 TUSD per HOME',
    );
    expect(plainChange({ parameter: 'polBudget', from: 0, to: 25_000, clampedBy: ['maxStep'] })).toBe(
      'raise what the treasury may move into or out of the pool from 0 to 25,000 TUSD a day (limited by the largest step allowed in one change)',
    );
    expect(plainChange({ parameter: 'supplyChange', from: 0, to: 1_000_000 })).toBe(
      'mint 1,000,000 new HOME into the staking rewards budget',
    );
    expect(plainChange({ parameter: 'stakingRewardRate', from: 0.5, to: 1 })).toBe(
      'raise staking rewards from 43,200 to 86,400 HOME a day',
    );
  });

  it('the glossary explains exactly the technical terms the text uses', () => {
    const terms = glossaryFor(doc.text).map((g) => g.term);
    expect(terms).toEqual(
      expect.arrayContaining(['Gap integral', 'transferFeeBps', 'maxStep', 'adaptive / pid / static policy']),
    );
    expect(terms).not.toContain('buybackBudget');
    expect(glossaryFor('buybackBudget 10,000 → 1,250 TUSD/epoch').map((g) => g.term)).toEqual([
      'buybackBudget',
      'TUSD/epoch',
    ]);
  });
});

describe('groupNoActions', () => {
  const id = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as Hex;
  const entry = (
    n: number,
    kind: 'proposal' | 'no-action',
    reason?: 'proposal-pending' | 'within-tolerance' | 'vetoed-recently',
  ) =>
    ({
      type: 'decision',
      decisionId: id(n),
      chainId: 31337,
      epoch: n,
      decidedAt: 1000 + n * 3600,
      blockNumber: String(n),
      kind,
      reason,
      policy: 'adaptive',
      objective: 'stability',
      text: `decision ${n}`,
      horizonHours: 24,
      inputHash: id(100 + n),
      sources: { history: 'indexer', indexerLagSeconds: 0 },
    }) satisfies LogEntry;

  it('folds a run of identical no-action reasons into one row with its count and time span', () => {
    const log = buildTransparencyLog([
      entry(1, 'no-action', 'within-tolerance'),
      entry(2, 'proposal'),
      ...Array.from({ length: 5 }, (_, i) => entry(3 + i, 'no-action', 'proposal-pending')),
      entry(8, 'no-action', 'within-tolerance'),
    ]);
    const rows = groupNoActions(log);
    expect(rows.map((r) => (r.kind === 'decision' ? r.decision.kind : `${r.count}× ${r.reason}`))).toEqual([
      'no-action',
      '5× proposal-pending',
      'proposal',
      'no-action',
    ]);
    const group = rows[1];
    if (group?.kind !== 'no-action-group') throw new Error('expected a group');
    expect(group.from).toBe(1000 + 3 * 3600);
    expect(group.to).toBe(1000 + 7 * 3600);
    expect(group.decisions.map((d) => d.decisionId)).toEqual([id(7), id(6), id(5), id(4), id(3)]);
    // Filtering keeps runs as they were in time: decisions 1 and 8 are not merged by hiding the proposal.
    const noActions = filterRows(rows, { kind: 'no-action' });
    expect(noActions.map((r) => r.kind)).toEqual(['decision', 'no-action-group', 'decision']);
    expect(filterRows(rows, { kind: 'proposal' }).map((r) => r.kind)).toEqual(['decision']);
  });

  it("folds the agent's holds after a veto into one row that says why, in words", () => {
    const log = buildTransparencyLog([
      entry(1, 'proposal'),
      ...Array.from({ length: 40 }, (_, i) => entry(2 + i, 'no-action', 'vetoed-recently')),
    ]);
    const rows = groupNoActions(log);
    expect(rows).toHaveLength(2);
    const group = rows[0];
    if (group?.kind !== 'no-action-group') throw new Error('expected a group');
    expect(group.count).toBe(40);
    expect(group.to - group.from).toBe(39 * 3600);
    expect(noActionText(group.reason)).toBe(
      'holders recently rejected this change and nothing material has changed since',
    );
    expect(noActionText(group.reason)).not.toContain('vetoed-recently');
  });

  it('keeps a single no-action as a row of its own and loses no decision', () => {
    const log = buildTransparencyLog([
      entry(1, 'no-action', 'within-tolerance'),
      entry(2, 'no-action', 'proposal-pending'),
    ]);
    const rows = groupNoActions(log);
    expect(rows.every((r) => r.kind === 'decision')).toBe(true);
    expect(rows).toHaveLength(2);
  });
});

describe('retraining reasons', () => {
  it('says why a candidate was rejected, with both losses and the rule', () => {
    expect(retrainReason(false, 0.5, 0.498, 168)).toBe(
      "rejected: validation loss (QLIKE) 0.4980 vs the current model's 0.5000 (-0.4 %) on the same 168 h held out; a new model must be at least 1 % better",
    );
    expect(retrainReason(false, 0.5, Number.NaN)).toMatch(/^rejected: the candidate's validation loss is not a number/);
  });

  it('gives older records without a reason one from their losses, and keeps a recorded reason', () => {
    const [a, b] = modelVersions([
      { at: 2, outcome: 'rejected', currentLoss: 0.4, candidateLoss: 0.41 },
      { at: 1, outcome: 'skipped', reason: 'history 10 h < 1176 h needed' },
    ]);
    expect(a?.reason).toMatch(/^rejected: validation loss \(QLIKE\) 0.4100 vs the current model's 0.4000 \(\+2.5 %\)/);
    expect(b?.reason).toBe('history 10 h < 1176 h needed');
  });
});
