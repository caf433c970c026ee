import { describe, expect, it } from 'vitest';
import {
  type ChangeKey,
  changeKeyOf,
  checkRejections,
  compareBasis,
  type DecisionBasis,
  overlapping,
  type Rejection,
  sameNote,
} from './veto-memory';

const H = 3600;
const feeUp: ChangeKey = { parameter: 'transferFeeBps', direction: 'up', from: '30' };
const buybackDown: ChangeKey = { parameter: 'buybackBudget', direction: 'down', from: '10000000000' };
const rewardUp: ChangeKey = { parameter: 'stakingRewardRate', direction: 'up', from: '500000000000000000' };

const basis = (over: Partial<DecisionBasis> = {}): DecisionBasis => ({
  at: 1_000 * H,
  price: 0.1,
  rvNext: 0.6,
  objective: 'stability',
  anomalyScore: 0.1,
  ...over,
});

/** Proposal 7 (a fee rise), decided at hour 1000, vetoed at hour 1073. */
const vetoed: Rejection = {
  proposalId: '7',
  decisionId: '0x07',
  outcome: 'vetoed',
  at: 1_073 * H,
  changes: [feeUp],
  basis: basis(),
};

describe('overlapping', () => {
  it('is the same parameter moved the same way, whatever the size', () => {
    expect(overlapping([{ ...feeUp, from: '35' }, rewardUp], [feeUp, buybackDown])).toEqual([{ ...feeUp, from: '35' }]);
    expect(overlapping([{ ...feeUp, direction: 'down' }], [feeUp])).toEqual([]);
  });
});

describe('checkRejections', () => {
  it('holds back the same change 10 h after the veto when nothing moved, naming the proposal and when it lifts', () => {
    const now = basis({ at: 1_083 * H, price: 0.104, rvNext: 0.66 });
    const v = checkRejections({ changes: [feeUp, buybackDown], basis: now }, [vetoed]);
    expect(v).toEqual({
      verdict: 'held',
      blockedBy: { proposalId: '7', decisionId: '0x07', outcome: 'vetoed', at: 1_073 * H },
      overlap: [feeUp],
      unchanged: [
        '10 h of the 72 h cooldown passed',
        'objective still stability',
        'price +4.0 % (limit ±10 %)',
        'volatility forecast +10.0 % (limit ±50 %)',
        'anomaly state still calm',
      ],
      retryAfter: (1_073 + 72) * H,
    });
  });

  it('a strictly smaller step is a compromise holders have not voted on; the same or a larger step repeats', () => {
    const big: Rejection = { ...vetoed, changes: [{ ...feeUp, step: '25' }] };
    const at = basis({ at: 1_080 * H });
    expect(checkRejections({ changes: [{ ...feeUp, step: '5' }], basis: at }, [big]).verdict).toBe('clear');
    expect(checkRejections({ changes: [{ ...feeUp, step: '25' }], basis: at }, [big]).verdict).toBe('held');
    expect(checkRejections({ changes: [{ ...feeUp, step: '30' }], basis: at }, [big]).verdict).toBe('held');
    // Once the compromise is rejected too, its step binds.
    const small: Rejection = { ...vetoed, proposalId: '8', at: 1_079 * H, changes: [{ ...feeUp, step: '5' }] };
    const v = checkRejections({ changes: [{ ...feeUp, step: '5' }], basis: at }, [big, small]);
    expect(v.verdict === 'held' && v.blockedBy.proposalId).toBe('8');
  });

  it('a bundle binds only what repeats all of it: its parts alone are new questions, a bundle with a rejected part is not', () => {
    const bundle: Rejection = { ...vetoed, proposalId: '5', changes: [feeUp, buybackDown] };
    const at = basis({ at: 1_080 * H });
    expect(checkRejections({ changes: [feeUp, buybackDown, rewardUp], basis: at }, [bundle]).verdict).toBe('held');
    expect(checkRejections({ changes: [feeUp], basis: at }, [bundle]).verdict).toBe('clear');
    expect(checkRejections({ changes: [buybackDown, rewardUp], basis: at }, [bundle]).verdict).toBe('clear');
    // The fee rise alone was rejected (proposal 7): every bundle containing it is held.
    const v = checkRejections({ changes: [rewardUp, feeUp], basis: at }, [bundle, vetoed]);
    expect(v.verdict === 'held' && v.blockedBy.proposalId).toBe('7');
  });

  it('a different lever is clear', () => {
    expect(checkRejections({ changes: [rewardUp], basis: basis({ at: 1_080 * H }) }, [vetoed])).toEqual({
      verdict: 'clear',
    });
  });

  it('allows it again when the price fell 12 % (|ln 0.88| = 0.128 > ln 1.1 = 0.095), and says so', () => {
    const v = checkRejections({ changes: [feeUp], basis: basis({ at: 1_080 * H, price: 0.088 }) }, [vetoed]);
    expect(v).toMatchObject({ verdict: 'changed', after: { proposalId: '7' }, overlap: [feeUp] });
    if (v.verdict !== 'changed') throw new Error('expected changed');
    expect(v.differences).toEqual(['price -12.0 % (limit ±10 %)']);
  });

  it('a 9 % rise is not material (ln 1.09 = 0.086 < 0.095); a 52 % volatility rise is (ln 1.52 = 0.419 > ln 1.5)', () => {
    expect(checkRejections({ changes: [feeUp], basis: basis({ at: 1_080 * H, price: 0.109 }) }, [vetoed]).verdict).toBe(
      'held',
    );
    const v = checkRejections({ changes: [feeUp], basis: basis({ at: 1_080 * H, rvNext: 0.912 }) }, [vetoed]);
    expect(v.verdict === 'changed' && v.differences).toEqual(['volatility forecast +52.0 % (limit ±50 %)']);
    // A 45 % rise (ln 1.45 = 0.372) is still inside the forecaster's noise.
    expect(checkRejections({ changes: [feeUp], basis: basis({ at: 1_080 * H, rvNext: 0.87 }) }, [vetoed]).verdict).toBe(
      'held',
    );
  });

  it('objective, anomaly band, a new starting value and the cooldown each count on their own', () => {
    const at = 1_080 * H;
    const diffs = (changes: ChangeKey[], b: DecisionBasis) => {
      const v = checkRejections({ changes, basis: b }, [vetoed]);
      return v.verdict === 'changed' ? v.differences : v.verdict;
    };
    expect(diffs([feeUp], basis({ at, objective: 'growth' }))).toEqual(['objective stability → growth']);
    expect(diffs([feeUp], basis({ at, anomalyScore: 0.5 }))).toEqual(['anomaly state calm → elevated']);
    expect(diffs([{ ...feeUp, from: '35' }], basis({ at }))).toEqual(['transferFeeBps now starts from 35, not 30']);
    expect(diffs([feeUp], basis({ at: (1_073 + 72) * H }))).toEqual(['72 h since the rejection (cooldown 72 h)']);
    expect(diffs([feeUp], basis({ at: (1_073 + 71) * H }))).toBe('held');
  });

  it('the most recent binding rejection holds it even when an older one has been overtaken', () => {
    const older: Rejection = { ...vetoed, proposalId: '3', at: 900 * H, basis: basis({ at: 850 * H, price: 0.2 }) };
    const defeated: Rejection = { ...vetoed, proposalId: '9', outcome: 'defeated', at: 1_075 * H };
    const v = checkRejections({ changes: [feeUp], basis: basis({ at: 1_080 * H }) }, [older, defeated]);
    expect(v.verdict === 'held' && v.blockedBy.proposalId).toBe('9');
  });

  it('without a recorded basis only the cooldown and the starting value can lift it', () => {
    const legacy: Rejection = { ...vetoed, basis: undefined };
    expect(compareBasis(legacy, { changes: [feeUp], basis: basis({ at: 1_080 * H, price: 1 }) })).toEqual({
      differences: [],
      unchanged: ['7 h of the 72 h cooldown passed', 'the rejected decision recorded no basis to compare with'],
    });
  });

  it('ignores a rejection that lies in its future (a replayed or foreign log)', () => {
    expect(checkRejections({ changes: [feeUp], basis: basis({ at: 1_000 * H }) }, [vetoed]).verdict).toBe('clear');
  });
});

describe('changeKeyOf and sameNote', () => {
  it('reads logged actions whose bigints came back as strings', () => {
    expect(
      changeKeyOf({ kind: 'setParameter', parameter: 'transferFeeBps', expectedCurrent: '30', newValue: '55' }),
    ).toEqual({ ...feeUp, step: '25' });
    expect(changeKeyOf({ kind: 'changeSupply', parameter: 'supplyChange', delta: -5n })).toEqual({
      parameter: 'supplyChange',
      direction: 'down',
      from: null,
      step: '5',
    });
    expect(changeKeyOf({ kind: 'setParameter', parameter: 'x', expectedCurrent: 1n, newValue: 1n })).toBeNull();
  });

  it('one record per pending proposal; a veto hold repeats only for the same proposal and levers', () => {
    expect(
      sameNote(
        { reason: 'pending', proposalId: '1', state: 'Pending' },
        { reason: 'pending', proposalId: '1', state: 'Active' },
      ),
    ).toBe(true);
    expect(
      sameNote(
        { reason: 'pending', proposalId: '1', state: 'Active' },
        { reason: 'pending', proposalId: '2', state: 'Active' },
      ),
    ).toBe(false);
    const hold = {
      reason: 'vetoed-recently' as const,
      proposalId: '7',
      outcome: 'vetoed' as const,
      overlap: [feeUp, buybackDown],
      retryAfter: 0,
      unchanged: [],
    };
    expect(sameNote(hold, { ...hold, overlap: [buybackDown, feeUp], unchanged: ['x'] })).toBe(true);
    expect(sameNote(hold, { ...hold, overlap: [feeUp] })).toBe(false);
    expect(sameNote(hold, undefined)).toBe(false);
  });
});
