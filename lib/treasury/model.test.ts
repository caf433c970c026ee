import { describe, expect, it } from 'vitest';
import type { KpiSnapshot } from '../indexer/types';
import { escapeCsvCell, TREASURY_CSV_COLUMNS, toCsv, treasuryCsv } from './csv';
import { parseTreasuryMovement } from './events';
import {
  buildSeries,
  buybackActivity,
  downsample,
  feeIncomeMovements,
  mergeMovements,
  movementAmounts,
  protocolOwnedLiquidity,
  runway,
  seriesTotals,
  stakingCost,
  supplyBudgetUse,
} from './model';

const e18 = (n: number) => BigInt(Math.round(n * 1e6)) * 10n ** 12n;
const e6 = (n: number) => BigInt(Math.round(n * 1e6));

describe('runway', () => {
  const live = {
    treasuryStable: 1_000_000,
    price: 2,
    staking: { aprBps: 1000, rewardRate: 0.5, totalStaked: 1, emissionsRemaining: 1 },
    buyback: { budgetPerEpoch: 10_000, epochSeconds: 86_400, remainingInEpoch: 10_000 },
  };
  it('divides stable by buybacks per day plus emissions at market value', () => {
    const r = runway(live);
    expect(r.buybackPerDay).toBe(10_000);
    expect(r.emissionsCostPerDay).toBe(0.5 * 86_400 * 2);
    expect(r.burnPerDay).toBe(10_000 + 86_400);
    expect(r.days).toBeCloseTo(1_000_000 / 96_400, 10);
  });
  it('scales the budget by the epoch length', () => {
    expect(runway({ ...live, buyback: { ...live.buyback, epochSeconds: 43_200 } }).buybackPerDay).toBe(20_000);
  });
  it('is infinite (null) when nothing burns, and never negative', () => {
    const still = {
      ...live,
      staking: { ...live.staking, rewardRate: 0 },
      buyback: { ...live.buyback, budgetPerEpoch: 0 },
    };
    expect(runway(still).days).toBeNull();
    expect(runway({ ...live, treasuryStable: -5 }).days).toBe(0);
  });
  it('counts no emissions cost without a price', () => {
    expect(runway({ ...live, price: null }).emissionsCostPerDay).toBe(0);
  });
});

describe('protocol-owned liquidity', () => {
  it('is the LP share times the reserves', () => {
    const pol = protocolOwnedLiquidity({ balance: 25, totalSupply: 100, reserveHome: 1_000, reserveStable: 2_000 }, 2);
    expect(pol).toEqual({ share: 0.25, home: 250, stable: 500, value: 1_000 });
  });
  it('is zero for an empty pool and clamps the share', () => {
    expect(protocolOwnedLiquidity({ balance: 1, totalSupply: 0, reserveHome: 0, reserveStable: 0 }, null).value).toBe(
      0,
    );
    expect(
      protocolOwnedLiquidity({ balance: 200, totalSupply: 100, reserveHome: 10, reserveStable: 10 }, 1).share,
    ).toBe(1);
  });
});

describe('supply budget', () => {
  it('counts the net change in either direction against the budget', () => {
    expect(supplyBudgetUse({ netChange: -500, budget: 2_000 })).toEqual({
      netChange: -500,
      budget: 2_000,
      used: 500,
      left: 1_500,
      usedFraction: 0.25,
    });
    expect(supplyBudgetUse({ netChange: 2_500, budget: 2_000 }).left).toBe(0);
    expect(supplyBudgetUse({ netChange: 0, budget: 0 }).usedFraction).toBe(0);
  });
});

describe('staking cost', () => {
  it('is emissions per second times price', () => {
    const c = stakingCost({ aprBps: 1234, rewardRate: 1, totalStaked: 0, emissionsRemaining: 0 }, 0.5);
    expect(c.apr).toBeCloseTo(0.1234);
    expect(c.homePerDay).toBe(86_400);
    expect(c.stablePerDay).toBe(43_200);
    expect(c.stablePerYear).toBe(31_536_000 * 0.5);
  });
});

function snap(hour: number, over: Partial<KpiSnapshot> = {}): KpiSnapshot {
  return {
    time: hour * 3600,
    filled: false,
    blockNumber: BigInt(hour),
    price: 2,
    reserveHome: e18(1_000),
    reserveStable: e6(2_000),
    totalSupply: e18(1e6),
    totalStaked: e18(100),
    delegatedVotes: 0n,
    treasuryHome: e18(10),
    treasuryStable: e6(500),
    holderCount: 1,
    minted: 0n,
    burned: 0n,
    feesToTreasury: 0n,
    feesBurned: 0n,
    rewardsPaid: 0n,
    volumeHome: 0n,
    volumeStable: 0n,
    transferCount: 0,
    lastSignal: null,
    paused: false,
    ...over,
  };
}

describe('buildSeries', () => {
  const kpis = [
    snap(10, { rewardsPaid: e18(5), feesToTreasury: e18(1), feesBurned: e18(1) }),
    snap(11, { rewardsPaid: e18(8), feesToTreasury: e18(3), feesBurned: e18(2) }),
    snap(12, { rewardsPaid: e18(8), feesToTreasury: e18(3), feesBurned: e18(2), price: null }),
  ];
  const movements = [
    {
      id: 'a',
      time: 11 * 3600 + 60,
      blockNumber: 1n,
      kind: 'buyback' as const,
      asset: null,
      counterparty: null,
      amount: e6(100),
      homeAmount: e18(49),
    },
    {
      id: 'b',
      time: 11 * 3600 + 120,
      blockNumber: 2n,
      kind: 'buyback' as const,
      asset: null,
      counterparty: null,
      amount: e6(50),
      homeAmount: e18(25),
    },
    {
      id: 'c',
      time: 11 * 3600 + 180,
      blockNumber: 3n,
      kind: 'stable_in' as const,
      asset: null,
      counterparty: null,
      amount: e6(1e6),
      homeAmount: null,
    },
  ];
  const series = buildSeries({ kpis, movements, stableDecimals: 6, from: 11 * 3600, polShare: 0.1 });

  it('turns cumulative counters into per-hour flows, using the hour before the range as seed', () => {
    expect(series.map((p) => p.time)).toEqual([11 * 3600, 12 * 3600]);
    const first = series[0]!;
    expect(first.emissions).toBeCloseTo(3);
    expect(first.feesToTreasury).toBeCloseTo(2);
    expect(first.feesBurned).toBeCloseTo(1);
    expect(first.feeRevenueValue).toBeCloseTo(6);
    expect(first.emissionsValue).toBeCloseTo(6);
    expect(series[1]!.emissions).toBe(0);
  });
  it('buckets buybacks by hour and ignores other movements', () => {
    expect(series[0]!.buybackStable).toBeCloseTo(150);
    expect(series[0]!.buybackHome).toBeCloseTo(74);
    expect(series[1]!.buybackStable).toBe(0);
  });
  it('values the treasury and POL at the hour price (zero without one)', () => {
    expect(series[0]!.treasuryValue).toBeCloseTo(500 + 10 * 2);
    expect(series[0]!.polValue).toBeCloseTo(0.1 * (2_000 + 1_000 * 2));
    expect(series[1]!.treasuryValue).toBeCloseTo(500);
  });
  it('totals the flows', () => {
    const t = seriesTotals(series);
    expect(t.emissions).toBeCloseTo(3);
    expect(t.buybackStable).toBeCloseTo(150);
  });
});

describe('downsample', () => {
  it('keeps at most max points and always the last', () => {
    const pts = Array.from({ length: 1001 }, (_, i) => i);
    const d = downsample(pts, 100);
    expect(d.length).toBeLessThanOrEqual(100);
    expect(d[0]).toBe(0);
    expect(d[d.length - 1]).toBe(1000);
    expect(downsample([1, 2], 100)).toEqual([1, 2]);
  });
});

describe('CSV', () => {
  it('quotes commas, quotes, line breaks and edge spaces, doubling quotes', () => {
    expect(escapeCsvCell('plain')).toBe('plain');
    expect(escapeCsvCell('a,b')).toBe('"a,b"');
    expect(escapeCsvCell('say "hi"')).toBe('"say ""hi"""');
    expect(escapeCsvCell('two\nlines')).toBe('"two\nlines"');
    expect(escapeCsvCell(' padded')).toBe('" padded"');
    expect(escapeCsvCell('price (stable/HOME)')).toBe('price (stable/HOME)');
  });
  it('neutralises spreadsheet formulas but keeps negative numbers', () => {
    expect(escapeCsvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(escapeCsvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(escapeCsvCell('-12.5')).toBe('-12.5');
    expect(escapeCsvCell(-3)).toBe('-3');
  });
  it('writes empty cells for null, undefined and non-finite numbers', () => {
    expect(toCsv(['a', 'b', 'c'], [[null, undefined, Number.NaN]])).toBe('a,b,c\r\n,,\r\n');
  });
  it('exports every series with a header row that names units', () => {
    const series = buildSeries({ kpis: [snap(1), snap(2)], movements: [], stableDecimals: 6, from: 3600, polShare: 0 });
    const csv = treasuryCsv(series);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(TREASURY_CSV_COLUMNS.map((c) => c.header).join(','));
    expect(lines[0]).toContain('treasury stable (stable)');
    expect(lines[0]).toContain('emissions (HOME/h)');
    expect(lines[0]).toContain('buyback spend (stable/h)');
    expect(lines[1]!.startsWith('1970-01-01T01:00:00.000Z,3600,2,10,500,')).toBe(true);
    expect(lines[1]!.split(',')).toHaveLength(TREASURY_CSV_COLUMNS.length);
  });
});

describe('treasury movements and buyback activity', () => {
  const kpis = [
    snap(10, { feesToTreasury: e18(1) }),
    snap(11, { feesToTreasury: e18(4) }),
    snap(12, { feesToTreasury: e18(4) }),
    snap(13, { feesToTreasury: e18(6.5) }),
  ];

  it('lists each hour of transfer-fee income as a movement, none for hours without income', () => {
    const fees = feeIncomeMovements(kpis, 11 * 3600);
    expect(fees.map((m) => [m.time / 3600, m.amount])).toEqual([
      [11, e18(3)],
      [13, e18(2.5)],
    ]);
    expect(fees.every((m) => m.kind === 'fee_income')).toBe(true);
    // The hour before the range only seeds the first delta.
    expect(feeIncomeMovements(kpis, 12 * 3600).map((m) => m.time / 3600)).toEqual([13]);
  });

  it('merges fee income with indexed events, newest first, up to the limit', () => {
    const stableIn = {
      id: 's',
      time: 12 * 3600 + 5,
      blockNumber: 7n,
      kind: 'stable_in' as const,
      asset: null,
      counterparty: null,
      amount: e6(5),
      homeAmount: null,
    };
    const merged = mergeMovements([stableIn], feeIncomeMovements(kpis, 0), 2);
    expect(merged.map((m) => m.id)).toEqual([`fees-${13 * 3600}`, 's']);
  });

  it('says when a buyback budget is set but nothing was spent over a day or more', () => {
    const live = { buyback: { budgetPerEpoch: 10_000, epochSeconds: 86_400, remainingInEpoch: 10_000 } };
    const day = Array.from({ length: 24 }, (_, i) => ({ time: i * 3600 }));
    expect(buybackActivity(live, { buybackStable: 0 }, day)).toEqual({
      budgetPerDay: 10_000,
      spentPerDay: 0,
      idle: true,
    });
    expect(buybackActivity(live, { buybackStable: 2_500 }, day)).toMatchObject({ spentPerDay: 2_500, idle: false });
    // Less than a day of history: too early to call it idle.
    expect(buybackActivity(live, { buybackStable: 0 }, day.slice(0, 5)).idle).toBe(false);
  });
});

describe('market-operation movements (issue 13)', () => {
  it('reads both sides with units and says which way they flowed', () => {
    const add = movementAmounts({ kind: 'pol_add', amount: e6(12_500), homeAmount: e18(125_000) }, 6);
    expect(add).toMatchObject({ stable: 12_500, home: 125_000 });
    expect(add.flow).toMatch(/added to the pool/);
    const sell = movementAmounts({ kind: 'range_sell', amount: e6(98_815.127304), homeAmount: e18(1_000_000) }, 6);
    expect(sell).toMatchObject({ stable: 98_815.127304, home: 1_000_000 });
    expect(sell.flow).toMatch(/sold above the upper band/);
    expect(movementAmounts({ kind: 'range_buy', amount: e6(10_000), homeAmount: e18(142_226) }, 6).flow).toMatch(
      /burned/,
    );
    expect(movementAmounts({ kind: 'pol_remove', amount: e6(1), homeAmount: e18(10) }, 6)).toMatchObject({
      stable: 1,
      home: 10,
    });
    // HOME-only kinds keep their amount on the HOME side.
    expect(movementAmounts({ kind: 'fee_income', amount: e18(5), homeAmount: null }, 6)).toMatchObject({
      stable: null,
      home: 5,
    });
  });

  it('the indexer adapter accepts the new kinds and still refuses unknown ones', () => {
    const row = {
      id: 'x',
      timestamp: 1,
      blockNumber: '2',
      asset: null,
      counterparty: null,
      amount: '3',
      homeAmount: '4',
    };
    for (const kind of ['pol_add', 'pol_remove', 'range_buy', 'range_sell'] as const) {
      expect(parseTreasuryMovement({ ...row, kind }).kind).toBe(kind);
    }
    expect(() => parseTreasuryMovement({ ...row, kind: 'fee_income' })).toThrow(/treasury.kind/);
    expect(() => parseTreasuryMovement({ ...row, kind: 'mint' })).toThrow(/treasury.kind/);
  });

  it('range buys count with buybacks in the hourly burned series; POL and range sells do not', () => {
    const kpis = [snap(10), snap(11)];
    const mv = (id: string, kind: 'range_buy' | 'pol_add' | 'range_sell', stable: number, homeAmt: number) => ({
      id,
      time: 11 * 3600 + 60,
      blockNumber: 1n,
      kind,
      asset: null,
      counterparty: null,
      amount: e6(stable),
      homeAmount: e18(homeAmt),
    });
    const movements = [mv('a', 'range_buy', 100, 1_400), mv('b', 'pol_add', 500, 5_000), mv('c', 'range_sell', 9, 60)];
    const series = buildSeries({ kpis, movements, stableDecimals: 6, from: 11 * 3600, polShare: 0 });
    expect(series[0]!.buybackStable).toBeCloseTo(100);
    expect(series[0]!.buybackHome).toBeCloseTo(1_400);
  });
});
