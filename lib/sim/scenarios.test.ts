import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors';
import { POLICY_NAMES } from '../policy/registry';
import { TUNED } from '../policy/tuned';
import { runBacktest, settledEconomy } from './backtest';
import { DEFAULT_ECONOMY } from './config';
import { applyStress, MAX_STRESS_LP_DRAIN, parseSimScenario, SIM_STRESS } from './scenarios';
import { syntheticPath } from './testing';

// A flat-ish 240 h window after a 500 h lead-in: the bank run starts at the window's first hour.
const path = syntheticPath(240, 3, 0.3);
const base = { seed: 1, leadInHours: 500, settleHours: 500 };

describe('bank-run scenario (staking pool and pool liquidity at once)', () => {
  it('empties stakes, thins the pool and drops the price against the same seed without it', () => {
    const calm = runBacktest(path, { ...base, policy: 'static' }).kpis;
    const run = runBacktest(path, { ...base, policy: 'static', stress: SIM_STRESS['bank-run'] }).kpis;
    expect(run.panicStarts).toBeGreaterThan(calm.panicStarts);
    expect(run.stakingRatio).toBeLessThan(0.8 * calm.stakingRatio);
    expect(run.maxDrawdown).toBeGreaterThan(calm.maxDrawdown);
  });
  it('every policy stays within the guardrails under the run', () => {
    for (const policy of POLICY_NAMES) {
      const k = runBacktest(path, { ...base, policy, stress: SIM_STRESS['bank-run'], checkInvariants: true }).kpis;
      expect(k.guardrailViolations, policy).toBe(0);
      expect(k.maxNetSupplyChange24hPct, policy).toBeLessThanOrEqual(2 + 1e-9);
    }
  });
  it('scenario names are checked', () => {
    expect(parseSimScenario('bank-run')).toBe('bank-run');
    expect(parseSimScenario(undefined)).toBe('none');
    expect(() => parseSimScenario('bankrun')).toThrow(ConfigError);
  });
});

describe('death-spiral stress (the reflexive loop without the seigniorage mint)', () => {
  const spiral = SIM_STRESS['death-spiral'];
  // The same trigger without the reflexive terms: what the loop adds is the difference.
  const triggerOnly = { ...spiral, panicPerDrawdown: 0, lpDrainPerDrawdown: 0 };
  it('the loop deepens the fall and the run against the trigger alone (same seed)', () => {
    const alone = runBacktest(path, { ...base, policy: 'static', stress: triggerOnly }).kpis;
    const loop = runBacktest(path, { ...base, policy: 'static', stress: spiral }).kpis;
    expect(loop.maxDrawdown).toBeGreaterThan(alone.maxDrawdown + 0.05);
    expect(loop.panicStarts).toBeGreaterThan(alone.panicStarts);
    expect(loop.stakingRatio).toBeLessThan(alone.stakingRatio);
  });
  it('every policy stays within the guardrails under the spiral', () => {
    for (const policy of POLICY_NAMES) {
      const k = runBacktest(path, { ...base, policy, stress: spiral, checkInvariants: true }).kpis;
      expect(k.guardrailViolations, policy).toBe(0);
      expect(k.maxNetSupplyChange24hPct, policy).toBeLessThanOrEqual(2 + 1e-9);
    }
  });
});

describe('applyStress', () => {
  it('fixed terms in the trigger hours, reflexive terms on the fall from the high since the hour before', () => {
    const econ = settledEconomy(DEFAULT_ECONOMY, TUNED.static, 3, 50);
    const stress = {
      hours: 10,
      triggerHours: 2,
      panicShare: 0.1,
      lpDrainPerHour: 0.01,
      panicPerDrawdown: 2,
      lpDrainPerDrawdown: 0.1,
    };
    // A close 25 % above today's price one hour ago: the drawdown is 0.2 at h = 1 …
    econ.priceHistory.push(econ.price * 1.25, econ.price);
    const h1 = applyStress(econ, stress, 1);
    expect(h1?.drawdown).toBeCloseTo(0.2, 12);
    expect(h1?.panicShare).toBeCloseTo(0.1 + 2 * 0.2, 12);
    expect(h1?.lpDrain).toBeCloseTo(0.01 + 0.1 * 0.2, 12);
    // … but not at h = 0 (that close is before the stress's window), and after the trigger only
    // the reflexive terms act; past `hours` nothing does.
    econ.priceHistory.push(econ.price);
    expect(applyStress(econ, stress, 0)).toEqual({ drawdown: 0, lpDrain: 0.01, panicShare: 0.1 });
    econ.priceHistory.push(econ.price * 2, econ.price);
    const h5 = applyStress(econ, stress, 5);
    expect(h5?.drawdown).toBeCloseTo(0.5, 12);
    expect(h5?.panicShare).toBeCloseTo(1, 12);
    expect(h5?.lpDrain).toBeCloseTo(0.05, 12);
    expect(applyStress(econ, stress, 10)).toBeUndefined();
    expect(applyStress(econ, undefined, 0)).toBeUndefined();
  });
  it('caps the hourly LP drain at MAX_STRESS_LP_DRAIN', () => {
    const econ = settledEconomy(DEFAULT_ECONOMY, TUNED.static, 3, 50);
    econ.priceHistory.push(econ.price * 10, econ.price);
    expect(applyStress(econ, { hours: 5, lpDrainPerDrawdown: 1 }, 1)?.lpDrain).toBe(MAX_STRESS_LP_DRAIN);
  });
});
