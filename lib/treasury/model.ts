/**
 * Treasury page model: runway, protocol-owned liquidity, the 24 h supply budget, staking cost
 * and the hourly series, from indexed KPI snapshots, treasury movements and live chain reads.
 * Pure: no I/O, no React. Token amounts here are whole tokens (numbers); stable amounts are
 * whole stable units (1 stable ≈ 1 USD); rates are per second unless the name says otherwise.
 */
import type { KpiSnapshot } from '../indexer/types';
import { toUnits } from '../metrics';

export const treasuryRanges = { '24h': 24, '7d': 168, '30d': 720, all: Number.POSITIVE_INFINITY } as const;
export type TreasuryRange = keyof typeof treasuryRanges;
export const isTreasuryRange = (value: string): value is TreasuryRange => value in treasuryRanges;

const DAY = 86_400;
const YEAR = 31_536_000;

/**
 * Kinds of treasury movement. The operator's market operations (issue 13): pol_add / pol_remove
 * (protocol-owned liquidity into / out of the pool), range_buy (stable for HOME below the lower
 * band, burned) and range_sell (treasury HOME for stable above the upper band).
 */
export const MOVEMENT_KINDS = [
  'buyback',
  'withdraw',
  'stable_in',
  'stable_out',
  'fee_income',
  'pol_add',
  'pol_remove',
  'range_buy',
  'range_sell',
] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

/** Kinds whose `amount` is the stable side (raw stable units) and `homeAmount` the HOME side. */
const STABLE_SIDE = new Set<MovementKind>([
  'buyback',
  'stable_in',
  'stable_out',
  'pol_add',
  'pol_remove',
  'range_buy',
  'range_sell',
]);

/**
 * A movement's two sides in whole units and how they flowed, for a person to read:
 * stable null when the amount is HOME (withdraw of HOME, fee income), home null when there is none.
 */
export function movementAmounts(
  m: Pick<TreasuryMovement, 'kind' | 'amount' | 'homeAmount'>,
  stableDecimals: number,
): { stable: number | null; home: number | null; flow: string } {
  const stableSide = STABLE_SIDE.has(m.kind);
  const stable = stableSide ? toUnits(m.amount, stableDecimals) : null;
  const home = stableSide ? (m.homeAmount === null ? null : toUnits(m.homeAmount, 18)) : toUnits(m.amount, 18);
  const flow: Record<MovementKind, string> = {
    buyback: 'stable spent → HOME bought and burned',
    range_buy: 'stable spent below the lower band → HOME bought and burned',
    range_sell: 'treasury HOME sold above the upper band → stable received',
    pol_add: 'stable + HOME added to the pool (LP tokens kept)',
    pol_remove: 'LP tokens redeemed → stable + HOME back to the treasury',
    stable_in: 'stable received',
    stable_out: 'stable paid out',
    withdraw: 'withdrawn by governance',
    fee_income: 'transfer fees received',
  };
  return { stable, home, flow: flow[m.kind] };
}

/** One movement of the treasury as the indexer records it (stable in/out, buyback, withdrawal). */
export type TreasuryMovement = {
  id: string;
  time: number;
  blockNumber: bigint;
  /**
   * fee_income: transfer fees paid to the treasury (HOME), one row per hour from the indexer's
   * cumulative fee counter; the other kinds are single on-chain events.
   */
  kind: MovementKind;
  /** Token moved (null for unknown). */
  asset: string | null;
  counterparty: string | null;
  /** Raw units of `asset` (buyback: stable spent). */
  amount: bigint;
  /** Buyback only: HOME bought and burned (raw, 18 decimals). */
  homeAmount: bigint | null;
};

/** Values read from the chain at one block (already converted to whole units). */
export type TreasuryLive = {
  blockNumber: bigint;
  time: number;
  /** Pool spot price, stable per HOME (null for an empty pool). */
  price: number | null;
  treasuryHome: number;
  treasuryStable: number;
  lp: { balance: number; totalSupply: number; reserveHome: number; reserveStable: number };
  staking: { aprBps: number | null; rewardRate: number; totalStaked: number; emissionsRemaining: number };
  buyback: { budgetPerEpoch: number; epochSeconds: number; remainingInEpoch: number };
  /** controller.supplyWindow(): net mints − burns in the rolling window, and the budget (HOME). */
  supplyWindow: { netChange: number; budget: number; windowSeconds: number };
  paused: boolean;
};

export type Runway = {
  /** Buyback spend per day at the current budget: budgetPerEpoch × 86 400 / epochSeconds (stable/day). */
  buybackPerDay: number;
  /** Staking emissions valued at the pool price: rewardRate × 86 400 × price (stable/day). */
  emissionsCostPerDay: number;
  burnPerDay: number;
  /** treasuryStable / burnPerDay; null when nothing burns (infinite runway). */
  days: number | null;
};

/**
 * Runway at the current burn: the days the treasury's stable lasts if it paid, every day, the
 * buyback budget now in force plus the market value of the staking emissions now in force.
 *   runway = treasuryStable / (buybackBudget × 86 400 / epochLength + rewardRate × 86 400 × price)
 * Emissions come out of the staking budget, not the treasury; counting them at market value is
 * the conservative reading (what the protocol gives away, as if it had to buy it back).
 */
export function runway(live: Pick<TreasuryLive, 'treasuryStable' | 'price' | 'staking' | 'buyback'>): Runway {
  const epoch = live.buyback.epochSeconds > 0 ? live.buyback.epochSeconds : DAY;
  const buybackPerDay = (live.buyback.budgetPerEpoch * DAY) / epoch;
  const emissionsCostPerDay = live.staking.rewardRate * DAY * (live.price ?? 0);
  const burnPerDay = buybackPerDay + emissionsCostPerDay;
  return {
    buybackPerDay,
    emissionsCostPerDay,
    burnPerDay,
    days: burnPerDay > 0 ? Math.max(0, live.treasuryStable) / burnPerDay : null,
  };
}

export type ProtocolOwnedLiquidity = {
  /** Treasury's share of the pool's LP tokens (0..1). */
  share: number;
  home: number;
  stable: number;
  /** Both sides valued in stable at the pool price. */
  value: number;
};

/** POL = (LP tokens held by the treasury / LP total supply) × pool reserves. */
export function protocolOwnedLiquidity(lp: TreasuryLive['lp'], price: number | null): ProtocolOwnedLiquidity {
  const share = lp.totalSupply > 0 ? Math.min(1, Math.max(0, lp.balance / lp.totalSupply)) : 0;
  const home = share * lp.reserveHome;
  const stable = share * lp.reserveStable;
  return { share, home, stable, value: stable + home * (price ?? 0) };
}

export type SupplyBudgetUse = {
  /** Signed net change in the window (HOME; mints − burns). */
  netChange: number;
  budget: number;
  /** |netChange|: the budget applies to the net change in either direction. */
  used: number;
  left: number;
  /** used / budget (0..1, or more if the window was overdrawn before a budget change). */
  usedFraction: number;
};

/** The 24 h supply-change budget used and left, from controller.supplyWindow(). */
export function supplyBudgetUse(window: Pick<TreasuryLive['supplyWindow'], 'netChange' | 'budget'>): SupplyBudgetUse {
  const used = Math.abs(window.netChange);
  return {
    netChange: window.netChange,
    budget: window.budget,
    used,
    left: Math.max(0, window.budget - used),
    usedFraction: window.budget > 0 ? used / window.budget : used > 0 ? 1 : 0,
  };
}

export type StakingCost = {
  apr: number | null;
  /** Emissions in HOME per day and their value in stable per day and per year. */
  homePerDay: number;
  stablePerDay: number;
  stablePerYear: number;
};

/** Staking APR and its cost: emissions/s × price. */
export function stakingCost(staking: TreasuryLive['staking'], price: number | null): StakingCost {
  const homePerDay = staking.rewardRate * DAY;
  return {
    apr: staking.aprBps === null ? null : staking.aprBps / 10_000,
    homePerDay,
    stablePerDay: homePerDay * (price ?? 0),
    stablePerYear: staking.rewardRate * YEAR * (price ?? 0),
  };
}

/** One hour of the treasury page's series. Flows are totals over the hour ending at `time + 1 h`. */
export type TreasuryPoint = {
  time: number;
  price: number | null;
  treasuryHome: number;
  treasuryStable: number;
  /** Treasury value: stable + HOME × price (stable). */
  treasuryValue: number;
  /** Staking rewards paid out in the hour (HOME). */
  emissions: number;
  /** Transfer fees in the hour: to the treasury, and burned (HOME). */
  feesToTreasury: number;
  feesBurned: number;
  /** Fee revenue (to treasury + burned) and emissions valued at the hour's price (stable). */
  feeRevenueValue: number;
  emissionsValue: number;
  /** Buybacks executed in the hour: stable spent and HOME bought and burned. */
  buybackStable: number;
  buybackHome: number;
  totalStaked: number;
  /** Pool reserves × the treasury's current LP share, valued in stable (see `polShare`). */
  polValue: number;
};

export type BuildSeriesInput = {
  /** Hourly snapshots, oldest first, including one hour before the range (for the first flows). */
  kpis: KpiSnapshot[];
  movements: TreasuryMovement[];
  stableDecimals: number;
  /** First hour shown (unix s); earlier snapshots only seed the deltas. */
  from: number;
  /** Treasury's current LP share (history of LP balances is not indexed). */
  polShare: number;
};

const HOUR = 3600;

export function buildSeries(input: BuildSeriesInput): TreasuryPoint[] {
  const { kpis, stableDecimals, from, polShare } = input;
  const home = (raw: bigint) => toUnits(raw, 18);
  const stable = (raw: bigint) => toUnits(raw, stableDecimals);

  const buybacks = new Map<number, { stable: number; home: number }>();
  for (const m of input.movements) {
    // Range buys burn what they buy, as buybacks do.
    if (m.kind !== 'buyback' && m.kind !== 'range_buy') continue;
    const hour = Math.floor(m.time / HOUR) * HOUR;
    const b = buybacks.get(hour) ?? { stable: 0, home: 0 };
    b.stable += stable(m.amount);
    b.home += m.homeAmount === null ? 0 : home(m.homeAmount);
    buybacks.set(hour, b);
  }

  const out: TreasuryPoint[] = [];
  let prev: KpiSnapshot | undefined;
  for (const k of kpis) {
    if (k.time >= from) {
      const price = k.price;
      const p = price ?? 0;
      const d = (a: bigint, b: bigint | undefined) => (b === undefined ? 0 : Math.max(0, home(a - b)));
      const emissions = d(k.rewardsPaid, prev?.rewardsPaid);
      const feesToTreasury = d(k.feesToTreasury, prev?.feesToTreasury);
      const feesBurned = d(k.feesBurned, prev?.feesBurned);
      const treasuryHome = home(k.treasuryHome);
      const treasuryStable = stable(k.treasuryStable);
      const b = buybacks.get(Math.floor(k.time / HOUR) * HOUR);
      out.push({
        time: k.time,
        price,
        treasuryHome,
        treasuryStable,
        treasuryValue: treasuryStable + treasuryHome * p,
        emissions,
        feesToTreasury,
        feesBurned,
        feeRevenueValue: (feesToTreasury + feesBurned) * p,
        emissionsValue: emissions * p,
        buybackStable: b?.stable ?? 0,
        buybackHome: b?.home ?? 0,
        totalStaked: home(k.totalStaked),
        polValue: polShare * (stable(k.reserveStable) + home(k.reserveHome) * p),
      });
    }
    prev = k;
  }
  return out;
}

/**
 * Transfer-fee income of the treasury as movements, one per hour with income, from the KPI
 * snapshots' cumulative `feesToTreasury` (raw HOME wei). The fees are the treasury's main inflow;
 * without them the movements list said "none" beside hundreds of thousands of HOME of income.
 */
export function feeIncomeMovements(kpis: readonly KpiSnapshot[], from: number): TreasuryMovement[] {
  const out: TreasuryMovement[] = [];
  let prev: KpiSnapshot | undefined;
  for (const k of kpis) {
    if (prev && k.time >= from && k.feesToTreasury > prev.feesToTreasury) {
      out.push({
        id: `fees-${k.time}`,
        time: k.time,
        blockNumber: k.blockNumber,
        kind: 'fee_income',
        asset: null,
        counterparty: null,
        amount: k.feesToTreasury - prev.feesToTreasury,
        homeAmount: null,
      });
    }
    prev = k;
  }
  return out;
}

/** Indexed events and hourly fee income together, newest first, at most `limit`. */
export function mergeMovements(
  events: readonly TreasuryMovement[],
  feeIncome: readonly TreasuryMovement[],
  limit: number,
): TreasuryMovement[] {
  return [...events, ...feeIncome]
    .sort((a, b) => b.time - a.time || Number(b.blockNumber - a.blockNumber))
    .slice(0, limit);
}

export type BuybackActivity = {
  /** Stable the budget allows per day (budgetPerEpoch × 86 400 / epoch). */
  budgetPerDay: number;
  /** Stable actually spent per day over the range (total spent ÷ days covered by the series). */
  spentPerDay: number;
  /** The budget allows buybacks but none ran in a range of at least a day: nobody executed them. */
  idle: boolean;
};

/**
 * What the buyback budget allows beside what was spent. The runway counts the budget (the most
 * the treasury could be asked to pay); this says whether that spending is really happening.
 */
export function buybackActivity(
  live: Pick<TreasuryLive, 'buyback'>,
  totals: Pick<SeriesTotals, 'buybackStable'>,
  series: readonly Pick<TreasuryPoint, 'time'>[],
): BuybackActivity {
  const epoch = live.buyback.epochSeconds > 0 ? live.buyback.epochSeconds : DAY;
  const budgetPerDay = (live.buyback.budgetPerEpoch * DAY) / epoch;
  const first = series[0]?.time;
  const last = series[series.length - 1]?.time;
  const days = first !== undefined && last !== undefined ? (last - first + HOUR) / DAY : 0;
  return {
    budgetPerDay,
    spentPerDay: days > 0 ? totals.buybackStable / days : 0,
    idle: budgetPerDay > 0 && totals.buybackStable === 0 && days >= 1,
  };
}

export type SeriesTotals = {
  emissions: number;
  emissionsValue: number;
  feesToTreasury: number;
  feesBurned: number;
  feeRevenueValue: number;
  buybackStable: number;
  buybackHome: number;
};

export function seriesTotals(series: TreasuryPoint[]): SeriesTotals {
  const t: SeriesTotals = {
    emissions: 0,
    emissionsValue: 0,
    feesToTreasury: 0,
    feesBurned: 0,
    feeRevenueValue: 0,
    buybackStable: 0,
    buybackHome: 0,
  };
  for (const p of series) for (const k of Object.keys(t) as (keyof SeriesTotals)[]) t[k] += p[k];
  return t;
}

/** Keeps at most `max` points (every n-th, always the last) so charts stay light; CSV keeps all. */
export function downsample<T>(points: T[], max: number): T[] {
  if (points.length <= max || max < 2) return points;
  const step = Math.ceil((points.length - 1) / (max - 1));
  const out: T[] = [];
  for (let i = 0; i < points.length; i += step) out.push(points[i] as T);
  const last = points[points.length - 1] as T;
  if (out[out.length - 1] !== last) out.push(last);
  return out;
}
