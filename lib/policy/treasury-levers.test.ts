import { describe, expect, it } from 'vitest';
import {
  DEPTH_DEFICIT_RATIO,
  decideTreasuryLevers,
  emaPrice,
  orderBandChanges,
  RANGE_SPREADS,
  RECENTRE_TOLERANCE,
  type TreasuryLeverChange,
  type TreasuryLeverInputs,
  withTreasuryLevers,
} from './treasury-levers';
import type { NoAction } from './types';

const NOW = 1_700_000_000;
const DAY = 86_400;

function inputs(over: Partial<TreasuryLeverInputs> = {}): TreasuryLeverInputs {
  return {
    now: NOW,
    price: 1,
    referencePrice: 1,
    depthNow: 1_000_000,
    depthReference: 1_000_000,
    current: {
      polBudget: 10_000,
      polMaxShareBps: 5_000,
      rangeLowerBand: 0.92,
      rangeUpperBand: 1.08,
      rangeBuyBudget: 5_000,
      rangeSellBudget: 50_000,
    },
    // Range budgets on target: 150,000 stable / 30 epochs = 5,000; min(1.5 M HOME / 30, 1 % of 5 M) = 50,000.
    treasuryStable: 150_000,
    treasuryHome: 1_500_000,
    poolHome: 5_000_000,
    guardrails: {
      polBudget: { min: 0, max: 100_000, maxStep: 20_000, minDelay: DAY },
      rangeLowerBand: { min: 0.01, max: 10, maxStep: 0.1, minDelay: DAY },
      rangeUpperBand: { min: 0.01, max: 10, maxStep: 0.1, minDelay: DAY },
      rangeBuyBudget: { min: 0, max: 100_000, maxStep: 10_000, minDelay: DAY / 2 },
      rangeSellBudget: { min: 0, max: 10_000_000, maxStep: 1_000_000, minDelay: DAY / 2 },
    },
    lastChangedAt: {
      polBudget: NOW - 2 * DAY,
      rangeLowerBand: NOW - 2 * DAY,
      rangeUpperBand: NOW - 2 * DAY,
      rangeBuyBudget: NOW - 2 * DAY,
      rangeSellBudget: NOW - 2 * DAY,
    },
    objective: 'stability',
    ...over,
  };
}

const byParam = (changes: TreasuryLeverChange[], p: string) => changes.find((c) => c.parameter === p);

describe('decideTreasuryLevers: range re-centring', () => {
  it('changes nothing when the bands are centred within tolerance and depth is at its reference', () => {
    const d = decideTreasuryLevers(inputs({ referencePrice: 1 + RECENTRE_TOLERANCE * 0.8 }));
    expect(d.kind).toBe('none');
    if (d.kind === 'none') expect(d.reasons.join(' ')).toMatch(/no re-centring/);
  });

  it("does not treat a range wider than the spreads as off (the deploy's 0.08–0.125 around 0.10)", () => {
    const d = decideTreasuryLevers(
      inputs({
        current: { ...inputs().current, rangeLowerBand: 0.08, rangeUpperBand: 0.125 },
        referencePrice: 0.1,
        price: 0.1,
      }),
    );
    expect(d.kind).toBe('none');
  });

  it('re-centres bands that are materially off toward the reference ± the spreads', () => {
    const d = decideTreasuryLevers(inputs({ referencePrice: 0.9, price: 0.9 }));
    expect(d.kind).toBe('changes');
    if (d.kind !== 'changes') return;
    const lo = byParam(d.changes, 'rangeLowerBand')!;
    const hi = byParam(d.changes, 'rangeUpperBand')!;
    expect(lo.target).toBeCloseTo(0.9 * (1 - RANGE_SPREADS.stability.below), 12);
    expect(hi.target).toBeCloseTo(0.9 * (1 + RANGE_SPREADS.stability.above), 12);
    expect(lo.to).toBeCloseTo(lo.target, 12); // within one step (0.092 < 0.1)
    expect(hi.to).toBeCloseTo(1.08 - 0.1, 12); // 0.972 is more than one maxStep (0.1) away
    expect(lo.reason).toMatch(/stable per HOME/);
    // Moving down: the lower band goes first so the controller never sees crossed bands.
    expect(d.changes.map((c) => c.parameter)).toEqual(['rangeLowerBand', 'rangeUpperBand']);
  });

  it('clamps each band to maxStep and to [min, max]', () => {
    const far = decideTreasuryLevers(inputs({ referencePrice: 2, price: 2 }));
    if (far.kind !== 'changes') throw new Error('expected changes');
    expect(byParam(far.changes, 'rangeLowerBand')!.to).toBeCloseTo(0.92 + 0.1, 12);
    expect(byParam(far.changes, 'rangeUpperBand')!.to).toBeCloseTo(1.08 + 0.1, 12);

    // A big upward step whose new lower band passes the old upper one: the upper band goes first.
    const big = decideTreasuryLevers(
      inputs({
        referencePrice: 2,
        price: 2,
        guardrails: {
          ...inputs().guardrails,
          rangeLowerBand: { min: 0.01, max: 10, maxStep: 0.5, minDelay: DAY },
          rangeUpperBand: { min: 0.01, max: 10, maxStep: 0.5, minDelay: DAY },
        },
      }),
    );
    if (big.kind !== 'changes') throw new Error('expected changes');
    expect(big.changes.map((c) => [c.parameter, Number(c.to.toFixed(6))])).toEqual([
      ['rangeUpperBand', 1.58],
      ['rangeLowerBand', 1.42],
    ]);

    const capped = decideTreasuryLevers(
      inputs({
        referencePrice: 2,
        price: 2,
        guardrails: { ...inputs().guardrails, rangeUpperBand: { min: 0.01, max: 1.1, maxStep: 0.5, minDelay: DAY } },
      }),
    );
    if (capped.kind !== 'changes') throw new Error('expected changes');
    expect(byParam(capped.changes, 'rangeUpperBand')!.to).toBe(1.1);
  });

  it('respects minDelay: a band changed too recently stays, with a reason', () => {
    const d = decideTreasuryLevers(
      inputs({
        referencePrice: 0.9,
        price: 0.9,
        lastChangedAt: { ...inputs().lastChangedAt, rangeLowerBand: NOW - 3_600, rangeUpperBand: NOW - 3_600 },
      }),
    );
    expect(d.kind).toBe('none');
    if (d.kind === 'none') expect(d.reasons.join(' ')).toMatch(/too recently/);

    const one = decideTreasuryLevers(
      inputs({
        referencePrice: 0.9,
        price: 0.9,
        lastChangedAt: { ...inputs().lastChangedAt, rangeUpperBand: NOW - 3_600 },
      }),
    );
    if (one.kind !== 'changes') throw new Error('expected changes');
    expect(one.changes.map((c) => c.parameter)).toEqual(['rangeLowerBand']);
  });

  it('keeps lower < upper after any step, whatever the guardrails and reference', () => {
    const refs = [0.01, 0.3, 0.7, 0.95, 1, 1.2, 3, 50];
    const steps = [0.001, 0.05, 0.3, 5];
    const delays = [0, 10 * DAY];
    for (const ref of refs)
      for (const sLo of steps)
        for (const sHi of steps)
          for (const dLo of delays)
            for (const dHi of delays)
              for (const objective of ['stability', 'growth', 'scarcity'] as const) {
                const x = inputs({
                  referencePrice: ref,
                  price: ref,
                  objective,
                  guardrails: {
                    ...inputs().guardrails,
                    rangeLowerBand: { min: 0, max: 100, maxStep: sLo, minDelay: dLo },
                    rangeUpperBand: { min: 0, max: 100, maxStep: sHi, minDelay: dHi },
                  },
                });
                const d = decideTreasuryLevers(x);
                if (d.kind !== 'changes') continue;
                let lo = x.current.rangeLowerBand;
                let hi = x.current.rangeUpperBand;
                for (const c of d.changes) {
                  if (c.parameter === 'rangeLowerBand') lo = c.to;
                  if (c.parameter === 'rangeUpperBand') hi = c.to;
                  // Every intermediate state the controller sees, too.
                  expect(lo).toBeLessThan(hi);
                }
              }
  });

  it('holds the lower band back when its step would pass the upper band the guardrails allow', () => {
    const d = decideTreasuryLevers(
      inputs({
        referencePrice: 2,
        price: 2,
        guardrails: {
          ...inputs().guardrails,
          rangeLowerBand: { min: 0, max: 100, maxStep: 5, minDelay: DAY },
          rangeUpperBand: { min: 0, max: 100, maxStep: 0.001, minDelay: DAY },
        },
      }),
    );
    if (d.kind !== 'changes') throw new Error('expected changes');
    expect(d.changes.map((c) => [c.parameter, Number(c.to.toFixed(6))])).toEqual([['rangeUpperBand', 1.081]]);
  });

  it('re-centres when the reference has left the range even if the midpoint test alone would not', () => {
    const d = decideTreasuryLevers(
      inputs({ current: { ...inputs().current, rangeLowerBand: 0.99, rangeUpperBand: 1.01 }, referencePrice: 1.02 }),
    );
    expect(d.kind).toBe('changes');
  });
});

describe('decideTreasuryLevers: POL budget', () => {
  it('raises the POL budget when depth falls well below its reference, within maxStep', () => {
    const d = decideTreasuryLevers(inputs({ depthNow: 500_000 }));
    if (d.kind !== 'changes') throw new Error('expected changes');
    const c = byParam(d.changes, 'polBudget')!;
    expect(c.target).toBe(50_000); // (1,000,000 − 500,000) / 10 epochs
    expect(c.to).toBe(30_000); // 10,000 + maxStep 20,000
    expect(c.reason).toMatch(/^Raise the POL budget .* stable per epoch/);
  });

  it('lowers the POL budget when depth is healthy', () => {
    const d = decideTreasuryLevers(
      inputs({ depthNow: 1_200_000, current: { ...inputs().current, polBudget: 40_000 } }),
    );
    if (d.kind !== 'changes') throw new Error('expected changes');
    expect(byParam(d.changes, 'polBudget')!.to).toBe(20_000); // toward 10,000, one step of 20,000
  });

  it('leaves the budget alone between the deficit and healthy ratios', () => {
    const d = decideTreasuryLevers(inputs({ depthNow: 1_000_000 * (DEPTH_DEFICIT_RATIO + 0.1) }));
    expect(d.kind).toBe('none');
  });

  it('respects the POL budget minDelay', () => {
    const d = decideTreasuryLevers(
      inputs({ depthNow: 500_000, lastChangedAt: { ...inputs().lastChangedAt, polBudget: NOW - 100 } }),
    );
    expect(d.kind).toBe('none');
    if (d.kind === 'none') expect(d.reasons.join(' ')).toMatch(/POL budget changed too recently/);
  });
});

describe('decideTreasuryLevers: range budgets', () => {
  it('raises a budget of 0 (range operations off) toward what the reserves sustain, one maxStep at a time', () => {
    const d = decideTreasuryLevers(inputs({ current: { ...inputs().current, rangeBuyBudget: 0, rangeSellBudget: 0 } }));
    if (d.kind !== 'changes') throw new Error('expected changes');
    const buy = byParam(d.changes, 'rangeBuyBudget')!;
    expect(buy).toMatchObject({ from: 0, to: 5_000, target: 5_000 });
    expect(buy.reason).toMatch(
      /Raise the range buy budget 0 → 5,000 stable per epoch \(target 5,000: the treasury's 150,000 stable lasts 30 epochs/,
    );
    const sell = byParam(d.changes, 'rangeSellBudget')!;
    expect(sell).toMatchObject({ from: 0, to: 50_000, target: 50_000 });
  });

  it("cuts the buy budget when the treasury's stable has shrunk, faster for scarcity, slower for growth", () => {
    const shrunk = inputs({ treasuryStable: 60_000 }); // 60,000 / 30 = 2,000 per epoch
    const d = decideTreasuryLevers(shrunk);
    if (d.kind !== 'changes') throw new Error('expected changes');
    expect(byParam(d.changes, 'rangeBuyBudget')).toMatchObject({ from: 5_000, to: 2_000 });
    const growth = decideTreasuryLevers({ ...shrunk, objective: 'growth' });
    if (growth.kind !== 'changes') throw new Error('expected changes');
    expect(byParam(growth.changes, 'rangeBuyBudget')!.target).toBeCloseTo(60_000 / 45, 9);
    // Scarcity: 150,000 / 20 = 7,500, 50 % above 5,000.
    const scarcity = decideTreasuryLevers(inputs({ objective: 'scarcity' }));
    if (scarcity.kind !== 'changes') throw new Error('expected changes');
    expect(byParam(scarcity.changes, 'rangeBuyBudget')).toMatchObject({ from: 5_000, to: 7_500 });
  });

  it("sells at most 1 % of the pool's HOME a day, however much HOME the treasury holds", () => {
    const d = decideTreasuryLevers(inputs({ treasuryHome: 900_000_000, poolHome: 2_000_000 }));
    if (d.kind !== 'changes') throw new Error('expected changes');
    expect(byParam(d.changes, 'rangeSellBudget')).toMatchObject({ from: 50_000, to: 20_000, target: 20_000 });
    expect(byParam(d.changes, 'rangeSellBudget')!.reason).toMatch(/1\.0 % of the pool's 2,000,000 HOME a day/);
  });

  it('leaves a budget within 25 % of its target, one changed too recently, and bad balances alone', () => {
    const near = decideTreasuryLevers(inputs({ treasuryStable: 150_000 * 1.2 }));
    expect(near.kind).toBe('none');
    const recent = decideTreasuryLevers(
      inputs({ treasuryStable: 30_000, lastChangedAt: { ...inputs().lastChangedAt, rangeBuyBudget: NOW - 3_600 } }),
    );
    expect(recent.kind).toBe('none');
    if (recent.kind === 'none') expect(recent.reasons.join(' ')).toMatch(/range buy budget changed too recently/);
    const bad = decideTreasuryLevers(inputs({ treasuryStable: Number.NaN }));
    expect(bad.kind).toBe('none');
    if (bad.kind === 'none') expect(bad.reasons.join(' ')).toMatch(/balances .* missing/);
  });
});

describe('decideTreasuryLevers: hostile inputs', () => {
  it.each([
    ['NaN reference', { referencePrice: Number.NaN }],
    ['zero reference', { referencePrice: 0 }],
    ['zero price', { price: 0 }],
    ['infinite price', { price: Number.POSITIVE_INFINITY }],
    ['negative price', { price: -1 }],
  ])('%s: no action, with a reason', (_, over) => {
    const d = decideTreasuryLevers(inputs({ ...over, depthNow: 500_000 }));
    expect(d.kind).toBe('none');
    if (d.kind === 'none') expect(d.reasons[0]).toMatch(/price/);
  });

  it('NaN guardrail: no action', () => {
    const d = decideTreasuryLevers(
      inputs({
        referencePrice: 0.5,
        guardrails: { ...inputs().guardrails, rangeLowerBand: { min: 0, max: Number.NaN, maxStep: 1, minDelay: 0 } },
      }),
    );
    expect(d.kind).toBe('none');
  });

  it('zero or NaN depth: POL budget untouched with a reason', () => {
    for (const depthNow of [0, Number.NaN]) {
      const d = decideTreasuryLevers(inputs({ depthNow }));
      expect(d.kind).toBe('none');
      if (d.kind === 'none') expect(d.reasons.join(' ')).toMatch(/depth .* missing or not positive/);
    }
  });

  it('crossed or unset bands are left to holders', () => {
    const d = decideTreasuryLevers(
      inputs({ current: { ...inputs().current, rangeLowerBand: 0, rangeUpperBand: 0 }, referencePrice: 0.5 }),
    );
    expect(d.kind).toBe('none');
  });
});

describe('emaPrice and orderBandChanges', () => {
  it('EMA skips junk samples and weights recent prices', () => {
    expect(emaPrice([])).toBeNaN();
    expect(emaPrice([Number.NaN, 0, -1])).toBeNaN();
    expect(emaPrice([1, 1, 1], 3)).toBe(1);
    const e = emaPrice([1, Number.NaN, 2], 3); // α = 0.5
    expect(e).toBe(1.5);
  });

  it('orders upward moves upper-first and downward moves lower-first', () => {
    const up = [
      { parameter: 'rangeLowerBand', from: 1, to: 1.5, target: 1.5, reason: '' },
      { parameter: 'rangeUpperBand', from: 1.2, to: 1.8, target: 1.8, reason: '' },
    ] as TreasuryLeverChange[];
    expect(orderBandChanges(up, 1, 1.2).map((c) => c.parameter)).toEqual(['rangeUpperBand', 'rangeLowerBand']);
  });
});

describe('withTreasuryLevers', () => {
  const levers = decideTreasuryLevers(inputs({ referencePrice: 0.9, price: 0.9 }));
  const noAction = (reason: NoAction['reason']) =>
    ({
      kind: 'no-action',
      policy: 'p',
      objective: 'stability',
      reason,
      justification: 'why',
      headroom: {},
      memory: {},
    }) as unknown as NoAction;
  const forecasts = { volatility: {} } as never;

  it('turns a within-tolerance no-action into a treasury-only proposal, plain words first', () => {
    const d = withTreasuryLevers(noAction('within-tolerance'), levers, forecasts);
    expect(d.kind).toBe('proposal');
    if (d.kind !== 'proposal') return;
    expect(d.changes).toEqual([]);
    expect(d.treasuryChanges!.map((c) => c.parameter)).toEqual(['rangeLowerBand', 'rangeUpperBand']);
    expect(d.justification).toMatch(/^The treasury's buy-and-sell range/);
  });

  it.each(['inputs-untrusted', 'forecast-invalid', 'proposal-pending', 'static-policy'] as const)(
    'holds the treasury levers too on %s',
    (reason) => {
      expect(withTreasuryLevers(noAction(reason), levers, forecasts).kind).toBe('no-action');
    },
  );
});
