import { describe, expect, it } from 'vitest';
import type { KpiSnapshot } from '../indexer/types';
import { buildDashboard } from './dashboard';

const E18 = 10n ** 18n;
const E6 = 10n ** 6n;

function kpi(hour: number, price: number, overrides: Partial<KpiSnapshot> = {}): KpiSnapshot {
  return {
    time: 1_700_000_000 + hour * 3600,
    filled: false,
    blockNumber: BigInt(hour + 1),
    price,
    reserveHome: 100_000_000n * E18,
    reserveStable: BigInt(Math.round(price * 100_000_000)) * E6,
    totalSupply: 1_000_000_000n * E18,
    totalStaked: 250_000_000n * E18,
    delegatedVotes: 0n,
    treasuryHome: 0n,
    treasuryStable: 5_000n * E6,
    holderCount: 20,
    minted: 0n,
    burned: 0n,
    feesToTreasury: 0n,
    feesBurned: 0n,
    rewardsPaid: 0n,
    volumeHome: 0n,
    volumeStable: 1_000n * E6,
    transferCount: 0,
    lastSignal: null,
    paused: false,
    ...overrides,
  };
}

describe('buildDashboard', () => {
  it('computes cards from hand-checkable snapshots', () => {
    // Price alternates 1.0, 1.1: every hourly log return is ±ln(1.1) = ±0.0953102.
    const kpis = Array.from({ length: 30 }, (_, h) => kpi(h, h % 2 === 0 ? 1 : 1.1));
    kpis[29] = kpi(29, 1.1, { totalSupply: 990_000_000n * E18, burned: 10_000_000n * E18 });
    const d = buildDashboard({
      range: '24h',
      kpis,
      holders: [
        { address: '0x0000000000000000000000000000000000000001', balance: 3n * E18 },
        { address: '0x0000000000000000000000000000000000000002', balance: 1n * E18 },
      ],
      signals: [
        {
          round: 1,
          sentimentBps: 5000,
          anomalyBps: 0,
          observedAt: 0,
          timestamp: kpis[28]!.time,
          offchainVolume: 0n,
          contentHash: '0x00',
        },
        {
          round: 2,
          sentimentBps: -1000,
          anomalyBps: 0,
          observedAt: 0,
          timestamp: kpis[29]!.time,
          offchainVolume: 0n,
          contentHash: '0x00',
        },
      ],
      stableDecimals: 6,
      aprBps: 1234,
    });
    // 24h RV annualised: sqrt(24 · 0.0953102²) · sqrt(8760/24) = 0.0953102 · sqrt(8760) = 8.9206
    expect(d.cards.volatility.rv24h).toBeCloseTo(0.0953102 * Math.sqrt(8760), 3);
    expect(d.cards.volatility.rv7d).toBeNull(); // fewer than 168 returns
    expect(d.cards.price.value).toBe(1.1);
    // Range 24h: the series holds hours 6..29; first price 1.0 (hour 6), last 1.1 → +10 %.
    expect(d.series).toHaveLength(24);
    expect(d.cards.price.change).toBeCloseTo(0.1, 10);
    expect(d.cards.supply.total).toBe(990_000_000);
    expect(d.cards.supply.burned).toBe(10_000_000);
    expect(d.cards.staking.ratio).toBeCloseTo(250 / 990, 10);
    expect(d.cards.staking.aprBps).toBe(1234);
    // Holders 3 and 1: Gini = Σ|xi−xj| / (2 n² mean) = (2·2) / (2·4·2) = 0.25; top-10 share 1.
    expect(d.cards.holders.gini).toBeCloseTo(0.25, 10);
    expect(d.cards.holders.nakamoto).toBe(1);
    expect(d.cards.sentiment).toMatchObject({ index: 0.2, signals: 2 });
    // ±2 % depth is linear in reserves and positive.
    expect(d.cards.liquidity.depth2pct).toBeGreaterThan(0);
    expect(d.series.every((p) => Number.isFinite(p.depth2pct ?? 0))).toBe(true);
  });

  it("the market factor: the feed's latest price and its change since the range began", () => {
    const kpis = Array.from({ length: 30 }, (_, h) => kpi(h, 1));
    const usd = (x: number) => BigInt(Math.round(x * 1e6)) * 10n ** 12n;
    const point = (h: number, price: number) => ({
      round: h,
      observedAt: kpis[h]!.time - 60,
      timestamp: kpis[h]!.time,
      price: usd(price),
    });
    const base = { range: '24h' as const, kpis, holders: [], signals: [], stableDecimals: 6 };
    // Hour 2 lies before the 24 h range (hours 6..29): the change runs from hour 10's post.
    const d = buildDashboard({ ...base, marketPrices: [point(2, 50_000), point(10, 100_000), point(29, 90_000)] });
    expect(d.cards.market.usd).toBe(90_000);
    expect(d.cards.market.change).toBeCloseTo(-0.1, 10);
    expect(d.cards.market.observedAt).toBe(kpis[29]!.time - 60);
    // One post: a price, no change; none: nothing.
    expect(buildDashboard({ ...base, marketPrices: [point(29, 90_000)] }).cards.market).toMatchObject({
      usd: 90_000,
      change: null,
    });
    expect(buildDashboard(base).cards.market).toEqual({ usd: null, change: null, observedAt: null });
  });

  it('handles an empty history without NaN', () => {
    const d = buildDashboard({ range: '7d', kpis: [], holders: [], signals: [], stableDecimals: 6 });
    expect(d.updatedAt).toBeNull();
    expect(d.cards.price.value).toBeNull();
    expect(d.cards.volatility.rv24h).toBeNull();
    expect(d.cards.holders.gini).toBeNull();
    expect(JSON.stringify(d)).not.toContain('NaN');
  });

  it('hourly volume is the difference of the cumulative counter; null at the start and after a gap', () => {
    const cum = [1_000n, 1_250n, 1_600n, 2_000n];
    const kpis = cum.map((v, h) => kpi(h, 1, { volumeStable: v * E6 }));
    kpis.splice(2, 1); // hour 2 missing
    const d = buildDashboard({ range: 'all', kpis, holders: [], signals: [], stableDecimals: 6 });
    expect(d.series.map((p) => p.volumeHour)).toEqual([null, 250, null]);
    expect(d.series.map((p) => p.volumeStable)).toEqual([1_000, 1_250, 2_000]);
  });
});
