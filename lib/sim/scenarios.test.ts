import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors';
import { POLICY_NAMES, runBacktest } from './backtest';
import { parseSimScenario, SIM_STRESS } from './scenarios';
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
