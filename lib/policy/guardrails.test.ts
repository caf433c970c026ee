import { describe, expect, it } from 'vitest';
import { clampToGuardrails, supplyBudget, violatedRule } from './guardrails';
import { BASE_PARAMS, GUARDRAILS, NOW, SUPPLY } from './testing';
import type { LevelParameter } from './types';

const never = { burnShareBps: 0, transferFeeBps: 0, stakingRewardRate: 0, buybackBudget: 0, supplyChange: 0 };
const emptyWindow = { minted: 0, burned: 0, totalSupply: SUPPLY };

describe('clampToGuardrails', () => {
  it('passes a change inside every rule unchanged', () => {
    const r = clampToGuardrails(BASE_PARAMS, { transferFeeBps: 40 }, GUARDRAILS, never, NOW, emptyWindow);
    expect(r.params.transferFeeBps).toBe(40);
    expect(r.changes).toEqual([{ parameter: 'transferFeeBps', from: 30, to: 40, requested: 40, clampedBy: [] }]);
  });

  it('limits an increase to maxStep', () => {
    const r = clampToGuardrails(BASE_PARAMS, { transferFeeBps: 90 }, GUARDRAILS, never, NOW, emptyWindow);
    expect(r.params.transferFeeBps).toBe(55);
    expect(r.changes[0]?.clampedBy).toEqual(['maxStep']);
  });

  it('limits a decrease to maxStep', () => {
    const r = clampToGuardrails(
      { ...BASE_PARAMS, burnShareBps: 9_000 },
      { burnShareBps: 0 },
      GUARDRAILS,
      never,
      NOW,
      emptyWindow,
    );
    expect(r.params.burnShareBps).toBe(6_500);
    expect(r.changes[0]?.clampedBy).toEqual(['maxStep']);
  });

  it('caps at max', () => {
    const r = clampToGuardrails(
      { ...BASE_PARAMS, transferFeeBps: 90 },
      { transferFeeBps: 200 },
      GUARDRAILS,
      never,
      NOW,
      emptyWindow,
    );
    expect(r.params.transferFeeBps).toBe(100);
    expect(r.changes[0]?.clampedBy).toEqual(['maxStep', 'max']);
  });

  it('floors at min', () => {
    const r = clampToGuardrails(
      { ...BASE_PARAMS, transferFeeBps: 10 },
      { transferFeeBps: -5 },
      GUARDRAILS,
      never,
      NOW,
      emptyWindow,
    );
    expect(r.params.transferFeeBps).toBe(0);
    expect(r.changes[0]?.clampedBy).toEqual(['min']);
  });

  it('blocks any change before minDelay has passed', () => {
    const last = { ...never, buybackBudget: NOW - 3600 };
    const r = clampToGuardrails(BASE_PARAMS, { buybackBudget: 500_000 }, GUARDRAILS, last, NOW, emptyWindow);
    expect(r.params.buybackBudget).toBe(BASE_PARAMS.buybackBudget);
    expect(r.changes[0]?.clampedBy).toEqual(['minDelay']);
    expect(r.headroom.params.buybackBudget.secondsUntilChangeAllowed).toBe(5 * 3600);
  });

  it('allows a change exactly at minDelay', () => {
    const last = { ...never, buybackBudget: NOW - GUARDRAILS.params.buybackBudget.minDelay };
    const r = clampToGuardrails(BASE_PARAMS, { buybackBudget: 100_000 }, GUARDRAILS, last, NOW, emptyWindow);
    expect(r.params.buybackBudget).toBe(100_000);
  });

  it('stays put when tightened guardrails leave no legal move', () => {
    const tight = {
      ...GUARDRAILS,
      params: { ...GUARDRAILS.params, transferFeeBps: { min: 0, max: 20, maxStep: 5, minDelay: 0 } },
    };
    const r = clampToGuardrails(
      { ...BASE_PARAMS, transferFeeBps: 60 },
      { transferFeeBps: 10 },
      tight,
      never,
      NOW,
      emptyWindow,
    );
    expect(r.params.transferFeeBps).toBe(60);
  });

  it('bounds a mint by the rolling 24 h net supply budget', () => {
    // The window started at SUPPLY; its mints are in the supply now.
    const window = { minted: 1_500_000, burned: 0, totalSupply: SUPPLY + 1_500_000 };
    const r = clampToGuardrails(BASE_PARAMS, { supplyChange: 400_000 }, GUARDRAILS, never, NOW, window);
    expect(r.supplyChange).toBe(400_000);
    const r2 = clampToGuardrails(BASE_PARAMS, { supplyChange: 500_000 }, GUARDRAILS, never, NOW, {
      ...window,
      minted: 1_800_000,
      totalSupply: SUPPLY + 1_800_000,
    });
    expect(r2.supplyChange).toBeCloseTo(200_000, 6);
    expect(r2.changes[0]?.clampedBy).toEqual(['supplyBudget']);
  });

  it('bounds a burn by the budget measured on the post-burn supply', () => {
    const window = { minted: 0, burned: 1_900_000, totalSupply: SUPPLY - 1_900_000 };
    const r = clampToGuardrails(BASE_PARAMS, { supplyChange: -500_000 }, GUARDRAILS, never, NOW, window);
    expect(r.changes[0]?.clampedBy).toContain('supplyBudget');
    const after = window.totalSupply + r.supplyChange;
    expect(window.burned - r.supplyChange).toBeLessThanOrEqual(0.02 * after + 1e-6);
  });

  it('bounds a one-off supply change by its own min/max and minDelay', () => {
    const r = clampToGuardrails(BASE_PARAMS, { supplyChange: 10_000_000 }, GUARDRAILS, never, NOW, emptyWindow);
    expect(r.supplyChange).toBe(GUARDRAILS.supplyChange.max);
    const r2 = clampToGuardrails(
      BASE_PARAMS,
      { supplyChange: 1000 },
      GUARDRAILS,
      { ...never, supplyChange: NOW - 60 },
      NOW,
      emptyWindow,
    );
    expect(r2.supplyChange).toBe(0);
    expect(r2.changes[0]?.clampedBy).toEqual(['minDelay']);
  });

  it('reports headroom to each bound', () => {
    const r = clampToGuardrails(BASE_PARAMS, {}, GUARDRAILS, never, NOW, {
      minted: 0,
      burned: 500_000,
      totalSupply: SUPPLY,
    });
    expect(r.changes).toEqual([]);
    expect(r.headroom.params.transferFeeBps).toMatchObject({ value: 30, toMin: 30, toMax: 70, maxStep: 25 });
    expect(r.headroom.supply.mintable).toBe(2_500_000);
    expect(r.headroom.supply.budget).toBe(2_000_000);
  });
});

describe('violatedRule (the controller check the simulator replays)', () => {
  const p: LevelParameter = 'transferFeeBps';
  it.each([
    [30, 40, 0, undefined],
    [30, 60, 0, 'maxStep'],
    [90, 101, 0, 'max'],
    [10, -1, 0, 'min'],
    [30, 40, NOW - 60, 'minDelay'],
  ] as const)('%d → %d (last change %d): %s', (from, to, last, rule) => {
    expect(violatedRule(p, from, to, GUARDRAILS, last, NOW)).toBe(rule);
  });
});

describe('supplyBudget', () => {
  it('nets mints against burns; the budget is measured on the supply less the window mints', () => {
    expect(
      supplyBudget(GUARDRAILS, { minted: 1_000_000, burned: 400_000, totalSupply: SUPPLY + 600_000 }),
    ).toMatchObject({
      budget: 0.02 * (SUPPLY - 400_000),
      windowNet: 600_000,
      mintable: 0.02 * (SUPPLY - 400_000) - 600_000,
    });
  });

  it('does not compound: after a full 2 % mint nothing more can be minted in the window', () => {
    const after = supplyBudget(GUARDRAILS, { minted: 2_000_000, burned: 0, totalSupply: SUPPLY + 2_000_000 });
    expect(after.budget).toBe(2_000_000);
    expect(after.mintable).toBe(0);
  });

  it('a pending change uses budget without moving the supply', () => {
    const s = supplyBudget(GUARDRAILS, { minted: 0, burned: 0, totalSupply: SUPPLY }, 500_000);
    expect(s).toMatchObject({ budget: 2_000_000, windowNet: 500_000, mintable: 1_500_000 });
    expect(s.burnable).toBeCloseTo(2_500_000 / 1.02, 6);
  });
});
