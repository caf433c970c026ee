import { encodeFunctionData } from 'viem';
import { describe, expect, it } from 'vitest';
import { policyControllerAbi } from '../contracts/abis';
import { type ControllerState, decodeProposal } from '../governance/decode';
import type { Role } from './actors';
import {
  buybackUrgency,
  type ChangeView,
  changesFromDecoded,
  decideBallot,
  interest,
  markToMarketPnl,
  mood,
  type VoterView,
} from './electorate';
import { createRng, type Rng } from './prng';

/** An Rng whose next() replays `draws` and whose normal() returns `z` (decideBallot's order). */
function scripted(draws: number[], z = 0): Rng {
  const queue = [...draws];
  const rng = createRng('unused');
  return {
    ...rng,
    next: () => {
      const x = queue.shift();
      if (x === undefined) throw new Error('scripted rng: out of draws');
      return x;
    },
    normal: () => z,
  };
}

const PRICE = 0.1;
function voter(role: Role, home: number, opts: Partial<VoterView> & { stable?: number } = {}): VoterView {
  const staked = opts.staked ?? 0;
  const stable = opts.stable ?? 100_000;
  return {
    role,
    votes: opts.votes ?? home - staked,
    homeHeld: home,
    staked,
    homeValue: home * PRICE,
    wealth: home * PRICE + stable,
    pnl24h: opts.pnl24h ?? 0,
  };
}

const feeUp: ChangeView = { lever: 'transferFee', direction: 'up', size: 1, text: 'Transfer fee 0.30% → 0.55%' };
const calm = { recentReturn: 0 };

describe('interest (hand-computed)', () => {
  it('a trader loses 1.0 on a full-step fee rise; an LP gains 0.8', () => {
    expect(interest([feeUp], voter('noise', 1e6), calm)[0]?.value).toBeCloseTo(-1.0, 12);
    expect(interest([feeUp], voter('lp', 20e6), calm)[0]?.value).toBeCloseTo(0.8, 12);
    // A fee cut of a fifth of the step: -1.0 × -1 × (0.4 + 0.6 × 0.2) = +0.52 for the trader.
    const cut: ChangeView = { ...feeUp, direction: 'down', size: 0.2 };
    expect(interest([cut], voter('noise', 1e6), calm)[0]?.value).toBeCloseTo(0.52, 12);
  });

  it('a staker with half its HOME staked values a half-step reward rise at 1.2 × 0.7 × 0.75 = 0.63', () => {
    const up: ChangeView = { lever: 'rewardRate', direction: 'up', size: 0.5, text: 'Staking reward rate' };
    expect(interest([up], voter('staker', 20e6, { staked: 10e6 }), calm)[0]?.value).toBeCloseTo(0.63, 12);
  });

  it('a whale opposes a buyback cut more when the price fell: 0.8 × -0.55 × share × urgency 2', () => {
    const cut: ChangeView = { lever: 'buybackBudget', direction: 'down', size: 0.25, text: 'Buyback budget' };
    const whale = voter('whale', 60e6); // 6M TUSD of HOME + 0.1M TUSD: share 6/6.1
    expect(buybackUrgency(-0.05)).toBe(2);
    expect(buybackUrgency(0.05)).toBe(1);
    expect(buybackUrgency(-0.5)).toBe(3);
    expect(interest([cut], whale, { recentReturn: -0.05 })[0]?.value).toBeCloseTo(-0.44 * (6 / 6.1) * 2, 12);
    expect(interest([cut], whale, calm)[0]?.value).toBeCloseTo(-0.44 * (6 / 6.1), 12);
  });

  it('a mint dilutes holders by their HOME share; a holder with no HOME does not care', () => {
    const mint: ChangeView = { lever: 'supply', direction: 'up', size: 1, text: 'Mint to treasury' };
    expect(interest([mint], voter('staker', 20e6, { stable: 2e6 }), calm)[0]?.value).toBeCloseTo(-1.2 * 0.5, 12);
    expect(interest([mint], voter('noise', 0), calm)[0]?.value).toBeCloseTo(0, 12);
  });

  it('mood is ±0.3 × tanh(P&L / 10 %); mark-to-market P&L is the HOME position’s move over wealth', () => {
    expect(mood(0)).toBe(0);
    expect(mood(0.1)).toBeCloseTo(0.3 * Math.tanh(1), 12);
    expect(mood(-1)).toBeCloseTo(-0.3, 4);
    // 1M HOME, 0.10 → 0.09, wealth then 200k: -10k / 200k = -5 %.
    expect(markToMarketPnl(1e6, 0.1, 0.09, 200_000)).toBeCloseTo(-0.05, 12);
    expect(markToMarketPnl(1e6, 0.1, 0.09, 0)).toBe(0);
  });
});

describe('treasury operations (hand-computed)', () => {
  const polUp: ChangeView = {
    lever: 'polBudget',
    direction: 'up',
    size: 1,
    text: 'POL budget 0 → 100,000 stable/epoch',
  };
  it('a POL budget rise: traders and the whale want the deeper pool, LPs and the arbitrage desk do not', () => {
    expect(interest([polUp], voter('noise', 1e6), calm)[0]?.value).toBeCloseTo(0.5, 12);
    expect(interest([polUp], voter('whale', 60e6), calm)[0]?.value).toBeCloseTo(0.6, 12);
    expect(interest([polUp], voter('lp', 20e6), calm)[0]?.value).toBeCloseTo(-0.6, 12);
    expect(interest([polUp], voter('arbitrageur', 60e6), calm)[0]?.value).toBeCloseTo(-0.3, 12);
  });

  it('range budgets are holder levers: buying below supports, selling above caps, by HOME share', () => {
    const whale = voter('whale', 60e6, { stable: 0 }); // all of its wealth in HOME: share 1
    const buy: ChangeView = { lever: 'rangeBuyBudget', direction: 'up', size: 0.5, text: 'Range buy budget' };
    const sell: ChangeView = { lever: 'rangeSellBudget', direction: 'up', size: 0.5, text: 'Range sell budget' };
    expect(interest([buy], whale, calm)[0]?.value).toBeCloseTo(0.6 * 0.7, 12);
    expect(interest([sell], whale, calm)[0]?.value).toBeCloseTo(-0.6 * 0.7, 12);
    // The same sale for a trader with a tenth of its wealth in HOME: -0.3 × 0.7 × 0.1.
    const trader = voter('noise', 1e6, { stable: 900_000 });
    expect(interest([sell], trader, calm)[0]?.value).toBeCloseTo(-0.3 * 0.7 * 0.1, 12);
  });

  it('an LP who turns out vetoes a POL rise, naming why', () => {
    const b = decideBallot([polUp], voter('lp', 20e6), calm, scripted([0, 0.5]));
    expect(b.support).toBe('against');
    expect(b.support !== 'none' && b.reason).toBe(
      'Liquidity provider: veto, POL budget 0 → 100,000 stable/epoch: protocol liquidity dilutes my fees.',
    );
  });
});

describe('decideBallot (scripted draws)', () => {
  it('a trader who turns out vetoes a fee rise, with a reason naming the change, at the drawn time', () => {
    // Turnout p = (0.15 + 0.5 × 1 + 0.35 × 1) × 0.8 = 0.8; draw 0.1 < 0.8 votes.
    const b = decideBallot([feeUp], voter('noise', 1e6), calm, scripted([0.1, 0.5], 0));
    expect(b.support).toBe('against');
    if (b.support === 'none') throw new Error('expected a vote');
    expect(b.at).toBeCloseTo(0.02 + 0.95 * 0.5 ** 1.3, 12);
    expect(b.utility).toBeCloseTo(-1.0, 12);
    expect(b.reason).toBe('Trader: veto, Transfer fee 0.30% → 0.55%: raises what every trade costs me.');
  });

  it('stays home when the turnout draw is at or above the turnout chance (0.8 here)', () => {
    const b = decideBallot([feeUp], voter('noise', 1e6), calm, scripted([0.8, 0.5], 0));
    expect(b.support).toBe('none');
    expect(b.reason).toContain('80 %');
  });

  it('abstains inside the indifference band; noise can carry it out of the band', () => {
    // Staker, full-step fee rise: -0.2 × 1 = -0.2 → |u| = 0.2 is not beyond 0.2: abstain.
    const b = decideBallot([feeUp], voter('staker', 20e6), calm, scripted([0, 0.5], 0));
    expect(b.support).toBe('abstain');
    // normal() = -1 → noise -0.3 → u = -0.5: against.
    const c = decideBallot([feeUp], voter('staker', 20e6), calm, scripted([0, 0.5], -1));
    expect(c.support).toBe('against');
    expect(c.utility).toBeCloseTo(-0.5, 12);
  });

  it('a voter who lost money this day leans against an otherwise neutral change, and says so', () => {
    const objective: ChangeView = { lever: 'objective', direction: 'up', size: 1, text: 'Objective mode' };
    const b = decideBallot([objective], voter('whale', 60e6, { pnl24h: -0.2 }), calm, scripted([0, 0.5], 0));
    expect(b.support).toBe('against');
    expect(b.reason).toContain('lost money');
  });

  it('no voting power at the snapshot: no ballot, whatever the draws', () => {
    expect(decideBallot([feeUp], voter('noise', 1e6, { votes: 0 }), calm, scripted([0, 0.5], 0)).support).toBe('none');
  });

  it('is deterministic for one seed', () => {
    const a = decideBallot([feeUp], voter('lp', 20e6), calm, createRng('s').fork('p1:v1'));
    const b = decideBallot([feeUp], voter('lp', 20e6), calm, createRng('s').fork('p1:v1'));
    expect(a).toEqual(b);
  });
});

describe('changesFromDecoded', () => {
  const state: ControllerState = {
    params: { 2: 30n },
    guardrails: {
      0: { min: 0n, max: 10n ** 30n, maxStep: 10_000_000n * 10n ** 18n, smallStep: 0n, minDelay: 0n },
      2: { min: 0n, max: 300n, maxStep: 25n, smallStep: 5n, minDelay: 0n },
    },
    supplyWindow: null,
    paused: false,
  };
  it('reads lever, direction and step share from the calldata', () => {
    const calldatas = [
      encodeFunctionData({ abi: policyControllerAbi, functionName: 'setParameter', args: [2, 30n, 55n] }),
      encodeFunctionData({
        abi: policyControllerAbi,
        functionName: 'changeSupply',
        args: [-2_500_000n * 10n ** 18n, 0n],
      }),
    ];
    const views = changesFromDecoded(decodeProposal(calldatas, state), state);
    expect(views.map(({ lever, direction, size }) => ({ lever, direction, size }))).toEqual([
      { lever: 'transferFee', direction: 'up', size: 1 },
      { lever: 'supply', direction: 'down', size: 0.25 },
    ]);
    expect(views[0]?.text).toContain('0.55%');
  });

  it('maps the treasury operations: POL budget and range budgets by name, the bands as neutral', () => {
    const set = (id: number, from: bigint, to: bigint) =>
      encodeFunctionData({ abi: policyControllerAbi, functionName: 'setParameter', args: [id, from, to] });
    const views = changesFromDecoded(
      decodeProposal([set(6, 0n, 10n ** 11n), set(8, 80_000n, 90_000n), set(11, 10n ** 24n, 0n)], state),
      state,
    );
    expect(views.map(({ lever, direction }) => ({ lever, direction }))).toEqual([
      { lever: 'polBudget', direction: 'up' },
      { lever: 'other', direction: 'up' },
      { lever: 'rangeSellBudget', direction: 'down' },
    ]);
  });
});

describe('a population votes like a DAO (seeded, 200 elections each)', () => {
  // Roughly the local chain's holders: arbitrage desk and whale 60M each, 3 LPs 20M, 11 stakers
  // 20M (4M staked), 20 traders 0.5M.
  const population: VoterView[] = [
    voter('arbitrageur', 60e6),
    voter('whale', 60e6),
    ...Array.from({ length: 3 }, () => voter('lp', 20e6, { stable: 1e6 })),
    ...Array.from({ length: 11 }, () => voter('staker', 20e6, { staked: 4e6 })),
    ...Array.from({ length: 20 }, () => voter('noise', 5e5, { stable: 5e4 })),
  ];
  const total = population.reduce((s, v) => s + v.votes, 0);
  function passRate(changes: ChangeView[], lane: 'optimistic' | 'full', recentReturn: number) {
    let passed = 0;
    for (let k = 0; k < 200; k++) {
      const t = { for: 0, against: 0, abstain: 0 };
      population.forEach((v, i) => {
        const b = decideBallot(changes, v, { recentReturn }, createRng(`pop/${k}`).fork(i));
        if (b.support !== 'none') t[b.support] += v.votes;
      });
      // The governor's rules: optimistic passes unless Against ≥ 10 %; full needs For + Abstain
      // ≥ 20 % and For > Against.
      const ok =
        lane === 'optimistic' ? t.against < 0.1 * total : t.for + t.abstain >= 0.2 * total && t.for > t.against;
      if (ok) passed++;
    }
    return passed / 200;
  }
  it('defeats a full-step fee rise with a buyback cut, passes a buyback rise after a fall', () => {
    const feeAndCut: ChangeView[] = [
      feeUp,
      { lever: 'buybackBudget', direction: 'down', size: 0.875, text: 'Buyback budget' },
    ];
    expect(passRate(feeAndCut, 'full', 0)).toBeLessThan(0.05);
    const buyback: ChangeView[] = [{ lever: 'buybackBudget', direction: 'up', size: 1, text: 'Buyback budget' }];
    expect(passRate(buyback, 'full', -0.08)).toBeGreaterThan(0.95);
  });
  it('small optimistic changes: most reward rises pass, many small fee rises are vetoed (a mix, not a rule)', () => {
    const reward = passRate([{ lever: 'rewardRate', direction: 'up', size: 0.2, text: 'r' }], 'optimistic', 0);
    const fee = passRate([{ ...feeUp, size: 0.2 }], 'optimistic', 0);
    expect(reward).toBeGreaterThan(0.6);
    expect(fee).toBeLessThan(0.5);
    expect(fee).toBeGreaterThan(0.05);
  });
});
