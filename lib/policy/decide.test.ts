import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide } from './decide';
import { violatedRule } from './guardrails';
import { createAdaptiveStrategy } from './strategies/adaptive';
import { OBJECTIVE_BASELINES } from './strategies/common';
import { createPidStrategy } from './strategies/pid';
import { createStaticStrategy } from './strategies/static';
import { BASE_PARAMS, GUARDRAILS, makeForecast, makeState, NOW } from './testing';
import { type Decision, LEVEL_PARAMETERS, type Proposal } from './types';

const adaptive = createAdaptiveStrategy();
const calm = { volatility: makeForecast(0.6) };
const spike = { volatility: makeForecast(2.4) };

function asProposal(d: Decision): Proposal {
  if (d.kind !== 'proposal') throw new Error(`expected a proposal, got no-action: ${d.reason} — ${d.justification}`);
  return d;
}
const change = (p: Proposal, name: string) => p.changes.find((c) => c.parameter === name);

describe('decide: inputs that look manipulated or broken → no action, with the reason', () => {
  it.each([
    ['an anomaly flag', { anomalyFlags: ['whale-dump'] }, /anomaly flags raised: whale-dump/],
    ['a high anomaly score', { anomalyScore: 0.95 }, /anomaly score 0.950 ≥ 0.8/],
    ['a stale oracle', { oracleAgeSeconds: 3 * 3600 }, /stale oracle/],
    ['indexer lag', { indexerLagSeconds: 3600 }, /indexer lag 3,600 s/],
  ])('%s', (_name, quality, message) => {
    const state = makeState({ price: 0.7, inputQuality: { ...makeState().inputQuality, ...quality } });
    const d = decide(state, spike, GUARDRAILS, 'stability');
    expect(d).toMatchObject({ kind: 'no-action', reason: 'inputs-untrusted' });
    expect(d.justification).toMatch(message);
  });

  it('a reported price that disagrees with the pool reserves', () => {
    const d = decide(makeState({ price: 1.3 }), spike, GUARDRAILS, 'stability');
    expect(d).toMatchObject({ kind: 'no-action', reason: 'inputs-untrusted' });
    expect(d.justification).toMatch(/disagrees with pool reserves/);
  });

  it('non-finite state values', () => {
    const d = decide(makeState({ treasuryStable: Number.NaN }), spike, GUARDRAILS, 'stability');
    expect(d).toMatchObject({ kind: 'no-action', reason: 'inputs-untrusted' });
  });

  it.each([
    ['NaN forecast', makeForecast(Number.NaN)],
    ['intervals not nested', makeForecast(1, { upper80: 0.5 })],
    ['stale forecast', makeForecast(1, { issuedAt: NOW - 86_400 })],
    ['zero horizon', makeForecast(1, { horizonHours: 0 })],
  ])('an unusable forecast: %s', (_name, f) => {
    const d = decide(makeState(), { volatility: f }, GUARDRAILS, 'stability');
    expect(d).toMatchObject({ kind: 'no-action', reason: 'forecast-invalid' });
  });

  it('never stacks a proposal on a pending one', () => {
    const d = decide(
      makeState({ proposalPending: true, poolStable: 7_000_000, price: 0.7 }),
      spike,
      GUARDRAILS,
      'stability',
    );
    expect(d).toMatchObject({ kind: 'no-action', reason: 'proposal-pending' });
  });
});

describe('decide: adaptive policy', () => {
  it('stability, calm and at resting levels → no action (within tolerance)', () => {
    const d = decide(makeState(), calm, GUARDRAILS, 'stability');
    expect(d).toMatchObject({ kind: 'no-action', reason: 'within-tolerance', policy: 'adaptive' });
    expect(d.justification).toMatch(/calm/);
  });

  it('stability, forecast volatility spike with price below reference → buybacks, fee and rewards up', () => {
    const state = makeState({ price: 0.85, poolStable: 8_500_000 });
    const p = asProposal(decide(state, spike, GUARDRAILS, 'stability'));
    expect(change(p, 'buybackBudget')?.to).toBeGreaterThan(BASE_PARAMS.buybackBudget);
    expect(change(p, 'transferFeeBps')?.to).toBeGreaterThan(BASE_PARAMS.transferFeeBps);
    expect(change(p, 'stakingRewardRate')?.to).toBeGreaterThan(BASE_PARAMS.stakingRewardRate);
    expect(p.justification).toMatch(/adaptive policy, stability objective/);
    expect(p.justification).toMatch(/80%: /);
    expect(p.expectedEffects.map((e) => e.kpi)).toEqual(
      expect.arrayContaining(['treasuryStable', 'maxDrawdown', 'volume', 'stakingRatio']),
    );
    expect(p.forecasts).toBe(spike);
    // Every change respects maxStep: the clamp is applied last, always.
    for (const c of p.changes)
      if (c.parameter !== 'supplyChange')
        expect(Math.abs(c.to - c.from)).toBeLessThanOrEqual(GUARDRAILS.params[c.parameter].maxStep);
    expect(change(p, 'buybackBudget')?.clampedBy).toContain('maxStep');
  });

  it('does not chase a rally: no stress buybacks while well above reference', () => {
    const state = makeState({ price: 1.2, poolStable: 12_000_000 });
    const d = decide(state, spike, GUARDRAILS, 'stability');
    const p = asProposal(d);
    expect(change(p, 'buybackBudget')).toBeUndefined();
    expect(change(p, 'transferFeeBps')?.to).toBeGreaterThan(BASE_PARAMS.transferFeeBps);
  });

  it('paces buybacks to the treasury', () => {
    const state = makeState({ price: 0.8, poolStable: 8_000_000, treasuryStable: 100_000 });
    const p = asProposal(decide(state, spike, GUARDRAILS, 'stability'));
    expect(change(p, 'buybackBudget')).toBeUndefined(); // 25% of 100k/day is below the resting level + deadband
  });

  it('growth: lowers the burned share and funds rewards by minting into the emissions budget', () => {
    const state = makeState({ emissionsBudget: 1_000 });
    const p = asProposal(decide(state, calm, GUARDRAILS, 'growth'));
    expect(change(p, 'burnShareBps')?.to).toBe(2_500); // towards 2,000, one maxStep
    expect(change(p, 'supplyChange')?.to).toBeGreaterThan(0);
    expect(p.expectedEffects.find((e) => e.kpi === 'netSupplyChange' && e.direction === 'up')).toBeDefined();
  });

  it('scarcity: burns more of the fee and burns treasury tokens when calm', () => {
    const p = asProposal(decide(makeState(), calm, GUARDRAILS, 'scarcity'));
    expect(change(p, 'burnShareBps')?.to).toBe(7_500);
    expect(change(p, 'supplyChange')?.to).toBeLessThan(0);
  });

  it('scarcity: no one-off burn while stressed or when the pool is thin', () => {
    const stressed = asProposal(decide(makeState(), spike, GUARDRAILS, 'scarcity'));
    expect(change(stressed, 'supplyChange')).toBeUndefined();
    const thin = decide(makeState({ poolToken: 2_000_000, poolStable: 2_000_000 }), calm, GUARDRAILS, 'scarcity');
    expect(thin.kind === 'proposal' ? change(thin, 'supplyChange') : undefined).toBeUndefined();
  });

  it('reports blocked-by-guardrails when every wanted change is inside its min delay', () => {
    const last = {
      burnShareBps: NOW,
      transferFeeBps: NOW,
      stakingRewardRate: NOW,
      buybackBudget: NOW,
      supplyChange: NOW,
    };
    const d = decide(
      makeState({ price: 0.85, poolStable: 8_500_000, lastChangedAt: last }),
      spike,
      GUARDRAILS,
      'stability',
    );
    expect(d).toMatchObject({ kind: 'no-action', reason: 'blocked-by-guardrails' });
    expect(d.justification).toMatch(/minDelay/);
  });
});

describe('decide: adaptive gap integral', () => {
  const rMax = GUARDRAILS.params.stakingRewardRate.max;
  /** Runs the strategy hourly on one state for `hours`, carrying memory; returns the last run. */
  function hold(config: Parameters<typeof createAdaptiveStrategy>[0], price: number, hours: number) {
    const s = createAdaptiveStrategy(config);
    let memory: Record<string, number> = {};
    let out = s.run({ state: makeState(), forecasts: calm, guardrails: GUARDRAILS, objective: 'stability', memory });
    for (let h = 0; h < hours; h++) {
      const state = makeState({ now: NOW + h * 3600, price, poolStable: 10_000_000 * price, proposalPending: true });
      out = s.run({ state, forecasts: calm, guardrails: GUARDRAILS, objective: 'stability', memory });
      memory = out.memory;
    }
    return out;
  }
  const resting = { stability: { calmRewardFrac: 0.2 } };

  it('is off by default: memory integral stays 0 and the reward target is the proportional one', () => {
    const out = hold({ resting }, 0.9, 48);
    expect(out.memory.integral).toBe(0);
    expect(out.targets.stakingRewardRate ?? rMax * 0.2).toBeCloseTo(rMax * 0.2, 9);
  });

  it('a persistent gap below reference keeps raising rewards, up to the integral limit', () => {
    const cfg = { resting, gapKi: 0.01, integralLeakPerHour: 1, integralLimit: 0.3, gapScale: 0.1 };
    const day = hold(cfg, 0.9, 24);
    const week = hold(cfg, 0.9, 168);
    expect(day.memory.integral).toBeGreaterThan(0.2); // ≈ 0.01 × 1.05 × 23 h
    expect(week.memory.integral).toBeCloseTo(0.3, 9); // bounded
    expect(week.targets.stakingRewardRate).toBeCloseTo(rMax * 0.5, 6); // resting 0.2 + integral 0.3
  });

  it('a persistent gap above reference lowers rewards; the leak forgets an old gap', () => {
    const above = hold({ resting, gapKi: 0.01, integralLeakPerHour: 1, gapScale: 0.1 }, 1.1, 24);
    expect(above.memory.integral).toBeLessThan(0);
    const leaky = hold({ resting, gapKi: 0.01, integralLeakPerHour: 0.9, gapScale: 0.1 }, 0.9, 168);
    expect(leaky.memory.integral).toBeLessThan(0.11); // equilibrium ≈ ki·e / (1 − leak)
  });

  it('anti-windup: does not integrate while the reward is pinned at its max in the error direction', () => {
    const pinned = hold({ resting: { stability: { calmRewardFrac: 1 } }, gapKi: 0.01, gapScale: 0.1 }, 0.9, 48);
    expect(pinned.memory.integral).toBe(0);
  });

  it('caps the integration step after a long silence (an outage cannot integrate days of one error)', () => {
    const s = createAdaptiveStrategy({
      resting,
      gapKi: 0.01,
      integralLeakPerHour: 1,
      integralLimit: 10,
      gapScale: 0.1,
    });
    const state = makeState({ now: NOW + 30 * 86_400, price: 0.9, poolStable: 9_000_000 });
    const out = s.run({
      state,
      forecasts: calm,
      guardrails: GUARDRAILS,
      objective: 'stability',
      memory: { integral: 0, lastUpdate: NOW },
    });
    expect(out.memory.integral).toBeLessThanOrEqual(0.01 * 1.06 * 24);
  });
});

describe('decide: static and pid policies', () => {
  it('static never proposes while parameters are at their fixed values', () => {
    const d = decide(makeState({ price: 0.6, poolStable: 6_000_000 }), spike, GUARDRAILS, 'stability', {
      strategy: createStaticStrategy(BASE_PARAMS),
    });
    expect(d).toMatchObject({ kind: 'no-action', reason: 'static-policy' });
  });

  it('pid raises support when the price is below reference and lowers it above', () => {
    const pid = createPidStrategy({ kp: 4, ki: 0 });
    const below = asProposal(
      decide(makeState({ price: 0.9, poolStable: 9_000_000 }), calm, GUARDRAILS, 'stability', { strategy: pid }),
    );
    expect(change(below, 'buybackBudget')?.to).toBeGreaterThan(BASE_PARAMS.buybackBudget);
    const above = decide(
      makeState({ price: 1.1, poolStable: 11_000_000, params: { ...BASE_PARAMS, buybackBudget: 400_000 } }),
      calm,
      GUARDRAILS,
      'stability',
      {
        strategy: pid,
      },
    );
    expect(change(asProposal(above), 'buybackBudget')?.to).toBeLessThan(400_000);
  });

  it('pid integrates the error over time, with anti-windup bounding the integral', () => {
    const pid = createPidStrategy({ kp: 0, ki: 0.5, integralLimit: 0.3, leakPerHour: 1 });
    let memory = { integral: 0, lastUpdate: NOW - 3600 };
    for (let h = 0; h < 200; h++) {
      const d = decide(
        makeState({ now: NOW + h * 3600, price: 0.9, poolStable: 9_000_000, proposalPending: true }),
        calm,
        GUARDRAILS,
        'stability',
        {
          strategy: pid,
          memory,
        },
      );
      memory = d.memory as typeof memory;
    }
    expect(memory.integral).toBeGreaterThan(0);
    expect(memory.integral).toBeLessThanOrEqual(0.3);
  });
});

describe('decide: property — no decision ever breaks a guardrail', () => {
  it('holds for random states, forecasts, objectives and strategies', () => {
    const strategies = [
      adaptive,
      createPidStrategy(),
      createStaticStrategy({ ...BASE_PARAMS, transferFeeBps: 80 }),
      createAdaptiveStrategy({ gapKi: 0.02, integralLimit: 1, gapReward: 0.5 }),
    ];
    fc.assert(
      fc.property(
        fc.record({
          price: fc.double({ min: 0.1, max: 10, noNaN: true }),
          ref: fc.double({ min: 0.1, max: 10, noNaN: true }),
          vol: fc.double({ min: 0, max: 5, noNaN: true }),
          longRun: fc.double({ min: 0.01, max: 3, noNaN: true }),
          since: fc.array(fc.integer({ min: 0, max: 48 * 3600 }), { minLength: 5, maxLength: 5 }),
          fee: fc.integer({ min: 0, max: 100 }),
          buyback: fc.double({ min: 0, max: GUARDRAILS.params.buybackBudget.max, noNaN: true }),
          minted: fc.double({ min: 0, max: 3_000_000, noNaN: true }),
          burned: fc.double({ min: 0, max: 3_000_000, noNaN: true }),
          emissions: fc.double({ min: 0, max: 1e7, noNaN: true }),
          objective: fc.constantFrom('stability', 'growth', 'scarcity' as const),
          strategy: fc.integer({ min: 0, max: 3 }),
          integral: fc.double({ min: -1, max: 1, noNaN: true }),
        }),
        (x) => {
          const [a = 0, b = 0, c = 0, d = 0, e = 0] = x.since;
          const lastChangedAt = {
            burnShareBps: NOW - a,
            transferFeeBps: NOW - b,
            stakingRewardRate: NOW - c,
            buybackBudget: NOW - d,
            supplyChange: NOW - e,
          };
          const params = { ...BASE_PARAMS, transferFeeBps: x.fee, buybackBudget: x.buyback };
          const state = makeState({
            price: x.price,
            poolStable: 10_000_000 * x.price,
            referencePrice: x.ref,
            realizedVolLongRun: x.longRun,
            params,
            lastChangedAt,
            emissionsBudget: x.emissions,
            supplyWindow: { minted: x.minted, burned: x.burned, totalSupply: 100_000_000 },
          });
          const dec = decide(state, { volatility: makeForecast(x.vol) }, GUARDRAILS, x.objective, {
            strategy: strategies[x.strategy],
            memory: { integral: x.integral, lastUpdate: NOW - 3600 },
          });
          if (dec.kind !== 'proposal') return;
          for (const ch of dec.changes) {
            if (ch.parameter === 'supplyChange') {
              const net = x.minted - x.burned + ch.to;
              const after = 100_000_000 + ch.to;
              expect(Math.abs(net)).toBeLessThanOrEqual(
                Math.max(0.02 * Math.max(after, 100_000_000), Math.abs(x.minted - x.burned)) * (1 + 1e-9),
              );
              expect(e).toBeGreaterThanOrEqual(GUARDRAILS.supplyChange.minDelay);
              continue;
            }
            expect(
              violatedRule(ch.parameter, params[ch.parameter], ch.to, GUARDRAILS, lastChangedAt[ch.parameter], NOW),
            ).toBeUndefined();
          }
          expect(LEVEL_PARAMETERS.every((k) => dec.headroom.params[k].toMin >= -1e-9)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('objective baselines', () => {
  it('differ by objective', () => {
    expect(OBJECTIVE_BASELINES.scarcity.burnShareBps).toBeGreaterThan(OBJECTIVE_BASELINES.stability.burnShareBps);
    expect(OBJECTIVE_BASELINES.growth.calmRewardFrac).toBeGreaterThan(OBJECTIVE_BASELINES.stability.calmRewardFrac);
  });
});
