/**
 * Token-health dashboard model: turns indexed hourly KPI snapshots, the holder distribution and
 * oracle signals into the cards and series the dashboard shows. Pure: no I/O, no React.
 *
 * Conventions: prices are stable per HOME; volatility is annualised realized volatility of
 * hourly log returns (lib/metrics: sqrt(Σr²)·sqrt(8760/n)); liquidity depth is the stable value
 * needed to move the pool price ±2 % (fee included); amounts in HOME are converted from raw
 * 18-decimal units, stable amounts from the stable token's decimals.
 */
import type { Holder, KpiSnapshot, MarketPricePoint, OracleSignal } from '../indexer/types';
import {
  ewmaVolatility,
  holderConcentration,
  latestEwmaVolatility,
  liquidityDepth,
  logReturns,
  quoteSwap,
  realizedVolatility,
  rollingRealizedVolatility,
  stakingRatio,
  supplyGrowth,
  toUnits,
  VOLATILITY_WINDOWS,
  velocity,
} from '../metrics';

export const dashboardRanges = { '24h': 24, '7d': 168, '30d': 720, all: Number.POSITIVE_INFINITY } as const;
export type DashboardRange = keyof typeof dashboardRanges;

/** Hours of history fetched before the range so 30-day volatility is defined from its first point. */
export const VOLATILITY_LOOKBACK_HOURS = VOLATILITY_WINDOWS['30d'];

/** Trade size used for the slippage figure, in stable units. */
export const SLIPPAGE_TRADE_STABLE = 10_000;

export type SeriesPoint = {
  time: number;
  price: number | null;
  rv24h: number | null;
  ewma: number | null;
  depth2pct: number | null;
  supply: number;
  staked: number;
  stakingRatio: number | null;
  treasuryStable: number;
  treasuryHome: number;
  /** Cumulative minted + rewards − burned since deploy, HOME. */
  netEmissions: number;
  sentiment: number | null;
  /** Cumulative pool volume since deploy, stable. */
  volumeStable: number;
  /** Pool volume in this hour, stable (null for the first point, or after a gap in the snapshots). */
  volumeHour: number | null;
};

export type DashboardData = {
  range: DashboardRange;
  /** Time of the newest snapshot (chain time). */
  updatedAt: number | null;
  cards: {
    price: { value: number | null; change: number | null };
    /** The market factor on the oracle's price feed (what moves holders' demand): latest USD price, change over the range. */
    market: { usd: number | null; change: number | null; observedAt: number | null };
    volatility: { rv24h: number | null; rv7d: number | null; rv30d: number | null; ewma: number | null };
    liquidity: {
      depth2pct: number | null;
      slippage: number | null;
      tradeSize: number;
      reserveHome: number;
      reserveStable: number;
    };
    sentiment: { index: number | null; signals: number; posts: number | null; lastSignalAt: number | null };
    supply: { total: number; netEmissions: number; growthAnnualized: number | null; minted: number; burned: number };
    staking: { staked: number; ratio: number | null; aprBps: number | null };
    holders: {
      count: number;
      gini: number | null;
      nakamoto: number | null;
      top10Share: number | null;
      hhi: number | null;
    };
    velocity: { value: number | null; transferVolume: number };
  };
  series: SeriesPoint[];
};

export type DashboardInput = {
  range: DashboardRange;
  /** Hourly snapshots, oldest first, covering the range plus the volatility lookback where available. */
  kpis: KpiSnapshot[];
  holders: Holder[];
  signals: OracleSignal[];
  /** The oracle's market-price feed, oldest first (absent: not shown). */
  marketPrices?: MarketPricePoint[];
  stableDecimals: number;
  aprBps?: number | null;
  /** Posts behind the sentiment signals in the range, when the raw post log is readable. */
  posts?: number | null;
  /** Transfer volume (HOME) in the range, when known. */
  transferVolume?: number;
};

export function buildDashboard(input: DashboardInput): DashboardData {
  const { kpis, range, stableDecimals } = input;
  const home = (raw: bigint) => toUnits(raw);
  const stable = (raw: bigint) => toUnits(raw, stableDecimals);

  // Volatility runs over the whole fetched history; the series shows only the range.
  const priced = kpis.filter((k) => k.price !== null && k.price > 0);
  const prices = priced.map((k) => k.price as number);
  const returns = logReturns(prices);
  // returns[i] is the log return into priced[i + 1]; both rolling series align with it.
  const rolling24h = rollingRealizedVolatility(returns, VOLATILITY_WINDOWS['24h']);
  const ewmaSeries = ewmaVolatility(returns);
  const rvAt = new Map<number, number | null>();
  const ewmaAt = new Map<number, number | null>();
  for (let i = 0; i < returns.length; i++) {
    rvAt.set(priced[i + 1]!.time, rolling24h[i] ?? null);
    ewmaAt.set(priced[i + 1]!.time, ewmaSeries[i] ?? null);
  }

  const last = kpis.at(-1);
  const rangeHours = dashboardRanges[range];
  const start = last ? last.time - (Number.isFinite(rangeHours) ? rangeHours * 3600 : Number.POSITIVE_INFINITY) : 0;
  const inRange = kpis.filter((k) => k.time > start);
  const signalsInRange = input.signals.filter((s) => s.timestamp > start);
  const sentimentAt = (time: number) => {
    let latest: OracleSignal | undefined;
    for (const s of input.signals) if (s.timestamp <= time + 3600) latest = s;
    return latest ? latest.sentimentBps / 10_000 : null;
  };

  const previousOf = new Map<number, KpiSnapshot>();
  for (let i = 1; i < kpis.length; i++) previousOf.set(kpis[i]!.time, kpis[i - 1]!);
  const series: SeriesPoint[] = inRange.map((k) => {
    const prev = previousOf.get(k.time);
    const reserveHome = home(k.reserveHome);
    const reserveStable = stable(k.reserveStable);
    const supply = home(k.totalSupply);
    const staked = home(k.totalStaked);
    return {
      time: k.time,
      price: k.price,
      rv24h: rvAt.get(k.time) ?? null,
      ewma: ewmaAt.get(k.time) ?? null,
      depth2pct:
        reserveHome > 0 && reserveStable > 0
          ? liquidityDepth({ reserveToken: reserveHome, reserveStable }).totalStable
          : null,
      supply,
      staked,
      stakingRatio: supply > 0 ? stakingRatio(staked, supply) : null,
      treasuryStable: stable(k.treasuryStable),
      treasuryHome: home(k.treasuryHome),
      netEmissions: home(k.minted + k.rewardsPaid) - home(k.burned + k.feesBurned),
      sentiment: sentimentAt(k.time),
      volumeStable: stable(k.volumeStable),
      volumeHour: prev && prev.time === k.time - 3600 ? stable(k.volumeStable - prev.volumeStable) : null,
    };
  });

  const first = inRange[0];
  const lastPoint = series.at(-1);
  const reserveHome = last ? home(last.reserveHome) : 0;
  const reserveStable = last ? stable(last.reserveStable) : 0;
  const concentration = holderConcentration(input.holders.map((h) => h.balance).filter((b) => b > 0n));
  const periodHours = first && last ? Math.max(1, (last.time - first.time) / 3600) : 1;
  const sentimentValues = signalsInRange.map((s) => s.sentimentBps / 10_000);
  const lastSignal = input.signals.at(-1);
  const averageSupply = series.length ? series.reduce((a, p) => a + p.supply, 0) / series.length : 0;

  return {
    range,
    updatedAt: last?.time ?? null,
    cards: {
      price: {
        value: last?.price ?? null,
        change: first?.price && last?.price ? last.price / first.price - 1 : null,
      },
      volatility: {
        rv24h: realizedVolatility(returns, VOLATILITY_WINDOWS['24h']),
        rv7d: realizedVolatility(returns, VOLATILITY_WINDOWS['7d']),
        rv30d: realizedVolatility(returns, VOLATILITY_WINDOWS['30d']),
        ewma: latestEwmaVolatility(returns),
      },
      liquidity: {
        depth2pct: lastPoint?.depth2pct ?? null,
        slippage:
          reserveHome > 0 && reserveStable > 0
            ? quoteSwap({ amountIn: SLIPPAGE_TRADE_STABLE, reserveIn: reserveStable, reserveOut: reserveHome }).slippage
            : null,
        tradeSize: SLIPPAGE_TRADE_STABLE,
        reserveHome,
        reserveStable,
      },
      market: marketCard(input.marketPrices ?? [], start),
      sentiment: {
        index: sentimentValues.length ? sentimentValues.reduce((a, b) => a + b, 0) / sentimentValues.length : null,
        signals: sentimentValues.length,
        posts: input.posts ?? null,
        lastSignalAt: lastSignal?.timestamp ?? null,
      },
      supply: {
        total: lastPoint?.supply ?? 0,
        netEmissions: lastPoint && series[0] ? lastPoint.netEmissions - series[0].netEmissions : 0,
        growthAnnualized:
          first && last && first.totalSupply > 0n && last.time > first.time
            ? supplyGrowth(first.totalSupply, last.totalSupply, periodHours).annualizedRate
            : null,
        minted: last ? home(last.minted) : 0,
        burned: last ? home(last.burned + last.feesBurned) : 0,
      },
      staking: { staked: lastPoint?.staked ?? 0, ratio: lastPoint?.stakingRatio ?? null, aprBps: input.aprBps ?? null },
      holders: {
        count: last?.holderCount ?? concentration.holders,
        gini: concentration.gini,
        nakamoto: concentration.nakamoto,
        top10Share: concentration.top10Share,
        hhi: concentration.hhi,
      },
      velocity: {
        value:
          input.transferVolume !== undefined && averageSupply > 0
            ? velocity(input.transferVolume, averageSupply)
            : null,
        transferVolume: input.transferVolume ?? 0,
      },
    },
    series,
  };
}

/** Latest market-factor price and its change since the first post in the range. */
function marketCard(points: readonly MarketPricePoint[], start: number): DashboardData['cards']['market'] {
  const last = points.at(-1);
  if (!last) return { usd: null, change: null, observedAt: null };
  const usd = toUnits(last.price, 18);
  const first = points.find((p) => p.timestamp > start);
  const change = first && first !== last && first.price > 0n ? usd / toUnits(first.price, 18) - 1 : null;
  return { usd, change, observedAt: last.observedAt };
}
