import { describe, expect, it } from 'vitest';
import { HomeostatError } from '../errors';
import type { KpiSnapshot } from '../indexer/types';
import { EFFECT_WINDOW_HOURS, effectKpiRange, proposalEffect, shortProposalId } from './proposal-effect';

const E6 = 10n ** 6n;
const T0 = 1_700_002_800 - (1_700_002_800 % 3600); // an hour boundary

/** Hour `h` (relative to T0) with its pool price and cumulative stable volume (whole TUSD). */
function kpi(h: number, price: number | null, cumVolume: number): KpiSnapshot {
  return {
    time: T0 + h * 3600,
    filled: false,
    blockNumber: BigInt(h + 100),
    price,
    reserveHome: 0n,
    reserveStable: 0n,
    totalSupply: 0n,
    totalStaked: 0n,
    delegatedVotes: 0n,
    treasuryHome: 0n,
    treasuryStable: 0n,
    holderCount: 0,
    minted: 0n,
    burned: 0n,
    feesToTreasury: 0n,
    feesBurned: 0n,
    rewardsPaid: 0n,
    volumeHome: 0n,
    volumeStable: BigInt(cumVolume) * E6,
    transferCount: 0,
    lastSignal: null,
    paused: false,
  };
}

/**
 * Hours −25 … +24 around an execution in hour 0: before it 1,000 TUSD an hour at a price that
 * alternates 0.10 / 0.11; hour 0 (the execution's own) trades 5,000; after it 600 an hour at a
 * price alternating 0.09 / 0.099 (the same ±ln 1.1 returns).
 */
function history(afterHours = 24): KpiSnapshot[] {
  const out: KpiSnapshot[] = [];
  let cum = 0;
  for (let h = -25; h <= afterHours; h++) {
    const v = h < 0 ? 1_000 : h === 0 ? 5_000 : 600;
    cum += v;
    const up = h % 2 === 0;
    const price = h <= 0 ? (up ? 0.1 : 0.11) : up ? 0.09 : 0.099;
    out.push(kpi(h, price, cum));
  }
  return out;
}

const marker = { id: '7', time: T0 + 1200, changes: ['Transfer fee 30 bps → 55 bps'] };

describe('proposalEffect', () => {
  it('compares the 24 h after the execution hour with the 24 h before it (hand-computed)', () => {
    const e = proposalEffect(marker, history(), 6);
    expect(e.id).toBe('7');
    expect(e.changes).toEqual(['Transfer fee 30 bps → 55 bps']);
    expect(e.before.hours).toBe(24);
    expect(e.after.hours).toBe(24);
    expect(e.complete).toBe(true);
    // The execution hour's 5,000 is in neither window.
    expect(e.before.volumePerHour).toBeCloseTo(1_000, 9);
    expect(e.after.volumePerHour).toBeCloseTo(600, 9);
    expect(e.volumeChange).toBeCloseTo(-0.4, 12);
    // Mean price: 0.105 before, 0.0945 after → −10 %.
    expect(e.before.meanPrice).toBeCloseTo(0.105, 12);
    expect(e.after.meanPrice).toBeCloseTo(0.0945, 12);
    expect(e.priceChange).toBeCloseTo(-0.1, 12);
    // Every hourly return is ±ln 1.1 on both sides: the same volatility, ln(1.1)·√8760.
    expect(e.before.volatility).toBeCloseTo(Math.log(1.1) * Math.sqrt(8760), 9);
    expect(e.volatilityChange).toBeCloseTo(0, 12);
  });

  it('a young execution: the after window holds only the hours indexed so far', () => {
    const e = proposalEffect(marker, history(3), 6);
    expect(e.after.hours).toBe(3);
    expect(e.complete).toBe(false);
    expect(e.after.volumePerHour).toBeCloseTo(600, 9);
    // Three prices, two returns: too few for a volatility.
    expect(e.after.volatility).toBeNull();
    expect(e.volatilityChange).toBeNull();
    // Nothing after yet: no change figures at all.
    const none = proposalEffect(marker, history(0), 6);
    expect(none.after.hours).toBe(0);
    expect(none.volumeChange).toBeNull();
    expect(none.priceChange).toBeNull();
  });

  it('a missing hour breaks the volume difference rather than doubling an hour', () => {
    const kpis = history().filter((k) => k.time !== T0 + 5 * 3600);
    const e = proposalEffect(marker, kpis, 6);
    expect(e.after.hours).toBe(23);
    // Hour 6's counter minus hour 4's would be two hours of volume: that hour is skipped.
    expect(e.after.volumePerHour).toBeCloseTo(600, 9);
  });

  it('the KPI range it needs', () => {
    const r = effectKpiRange(marker.time);
    expect(r.from).toBe(T0 - (EFFECT_WINDOW_HOURS + 1) * 3600);
    expect(r.to).toBe(T0 + EFFECT_WINDOW_HOURS * 3600);
    expect(history().filter((k) => k.time >= r.from && k.time <= r.to)).toHaveLength(50);
  });

  it('short proposal ids for chart labels', () => {
    expect(shortProposalId('12')).toBe('12');
    expect(shortProposalId('12345678')).toBe('12345678');
    expect(shortProposalId('70073854003845464811676532977234702135933537138178100322719896238001721957563')).toBe(
      '7007…7563',
    );
  });

  it('bad input: named errors', () => {
    expect(() => proposalEffect(marker, history(), 6, 0)).toThrow(HomeostatError);
    expect(() => proposalEffect(marker, history(), -1)).toThrow(/stableDecimals/);
    expect(() => proposalEffect(marker, [...history()].reverse(), 6)).toThrow(/increasing time order/);
  });
});
