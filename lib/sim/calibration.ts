/**
 * The economy's calibration targets and its settled-start measurements (lib/sim/README.md,
 * "Calibration targets" and "A settled start"). Pure TypeScript: used by `npm run sim:calibrate`
 * (cli/calibrate.ts) and by the tests.
 */
import type { PolicyParameters } from '../policy/types';
import { runBacktest } from './backtest';
import { DEFAULT_ECONOMY, type EconomyConfig } from './config';
import { Economy } from './economy';
import { annualizedVol } from './kpis';
import type { MarketPath } from './market';

// ---------------------------------------------------------------- statistics

/** Hourly (or per-sample) log returns of a price series. */
export function logReturns(prices: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 1; i < prices.length; i++) out.push(Math.log((prices[i] ?? 1) / (prices[i - 1] ?? 1)));
  return out;
}

/** Pearson kurtosis m4 / m2² (3 for a normal distribution; "excess" kurtosis is this minus 3). */
export function kurtosis(x: readonly number[]): number {
  const n = x.length;
  if (n < 4) return Number.NaN;
  const mean = x.reduce((a, b) => a + b, 0) / n;
  let m2 = 0;
  let m4 = 0;
  for (const v of x) {
    const d = (v - mean) ** 2;
    m2 += d;
    m4 += d * d;
  }
  m2 /= n;
  m4 /= n;
  return m2 > 0 ? m4 / (m2 * m2) : Number.NaN;
}

/** Sample autocorrelation of `x` at `lag`. */
export function autocorrelation(x: readonly number[], lag: number): number {
  const n = x.length;
  if (lag <= 0 || lag >= n) return Number.NaN;
  const mean = x.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const d = (x[i] ?? 0) - mean;
    den += d * d;
    if (i >= lag) num += d * ((x[i - lag] ?? 0) - mean);
  }
  return den > 0 ? num / den : Number.NaN;
}

/** Pearson correlation of two equally long series. */
export function correlation(x: readonly number[], y: readonly number[]): number {
  const n = Math.min(x.length, y.length);
  if (n < 3) return Number.NaN;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += x[i] ?? 0;
    sy += y[i] ?? 0;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] ?? 0) - mx;
    const dy = (y[i] ?? 0) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : Number.NaN;
}

/**
 * Annualised volatility of overlapping 24 h log returns (every hour starts one), × √365. Uses all
 * 24 phases of the day, so in a 500 h block it rests on ~476 returns instead of ~20: the
 * block-to-block comparison of the settled start is then about the process, not sampling noise.
 */
export function dailyVolOverlapping(prices: ArrayLike<number>, from: number, to: number): number {
  const r: number[] = [];
  for (let i = from + 24; i <= to; i++) r.push(Math.log((prices[i] ?? 1) / (prices[i - 24] ?? 1)));
  if (r.length < 2) return 0;
  const mean = r.reduce((a, b) => a + b, 0) / r.length;
  const v = r.reduce((a, b) => a + (b - mean) ** 2, 0) / (r.length - 1);
  return Math.sqrt(v * 365);
}

// ---------------------------------------------------------------- the settled start

/** Agent classes whose wealth the settled start tracks. */
export const WEALTH_CLASSES = [
  'holders (all)',
  'holders, panic-prone',
  'holders, never panic',
  'holders, top-10 stakers',
  'speculators (momentum / fundamentalist)',
  'noise traders',
  'LPs (pool + LP wallet)',
  'treasury',
] as const;
export type WealthClass = (typeof WEALTH_CLASSES)[number];

/** Each class's wealth in stable at the current price. */
export function classWealth(e: Economy, stakers: ReadonlySet<number>): Record<WealthClass, number> {
  const p = e.price;
  let all = 0;
  let panic = 0;
  let calm = 0;
  let top = 0;
  for (let i = 0; i < e.hLiquid.length; i++) {
    const w = (e.hStable[i] ?? 0) + p * ((e.hLiquid[i] ?? 0) + (e.hStaked[i] ?? 0) + (e.hUnbonding[i] ?? 0));
    all += w;
    if (Number.isFinite(e.hPanicDD[i] ?? Infinity)) panic += w;
    else calm += w;
    if (stakers.has(i)) top += w;
  }
  let spec = 0;
  for (let j = 0; j < e.mToken.length; j++) spec += (e.mStable[j] ?? 0) + p * (e.mToken[j] ?? 0);
  let noise = 0;
  for (let k = 0; k < e.nToken.length; k++) noise += (e.nStable[k] ?? 0) + p * (e.nToken[k] ?? 0);
  return {
    'holders (all)': all,
    'holders, panic-prone': panic,
    'holders, never panic': calm,
    'holders, top-10 stakers': top,
    'speculators (momentum / fundamentalist)': spec,
    'noise traders': noise,
    'LPs (pool + LP wallet)': e.poolStable + p * e.poolToken + e.lpWalletStable + p * e.lpWalletToken,
    treasury: e.treasuryStable + p * e.treasuryToken,
  };
}

export type SettledBlock = {
  /** Annualised volatility of hourly log returns in the block. */
  volHourly: number;
  /** Annualised volatility of overlapping 24 h log returns in the block. */
  volDaily: number;
  /** (Staked + unbonding) / circulating, mean over the block's hours. */
  stakingRatio: number;
  /** Mean token price in the block (stable). */
  price: number;
  /** Share of speculators using the fundamentalist rule, mean over the block. */
  fundamentalistShare: number;
  /** Stable traded on the pool per hour, mean over the block. */
  volumePerHour: number;
};

export type SettledStart = {
  seeds: number[];
  hours: number;
  blockHours: number;
  /** Per block: the mean over seeds. */
  blocks: SettledBlock[];
  /** Per class: wealth at the end / at the start − 1 (mean over seeds), at the then-current price. */
  wealthChange: Record<WealthClass, number>;
  /** Value the holders handed to the trader accounts through turnover over the run (at the end price), as a fraction of the traders' start wealth. */
  netEntryFrac: number;
};

/**
 * Runs the economy from its initial state on a flat market (the exogenous price constant) for
 * `hours`, with `params` in force and the treasury at rest (as in every backtest's lead-in), and
 * measures each `blockHours` block. Means over `seeds`.
 */
export function measureSettledStart(
  params: PolicyParameters,
  { seeds = [1, 2, 3, 4, 5, 6, 7, 8], hours = 4_000, blockHours = 500, cfg = DEFAULT_ECONOMY as EconomyConfig } = {},
): SettledStart {
  const nBlocks = Math.floor(hours / blockHours);
  const sums: SettledBlock[] = Array.from({ length: nBlocks }, () => ({
    volHourly: 0,
    volDaily: 0,
    stakingRatio: 0,
    price: 0,
    fundamentalistShare: 0,
    volumePerHour: 0,
  }));
  const wealth = Object.fromEntries(WEALTH_CLASSES.map((c) => [c, 0])) as Record<WealthClass, number>;
  let netEntry = 0;
  for (const seed of seeds) {
    const e = new Economy(cfg, params, seed);
    e.treasuryResting = true;
    const order = Array.from(e.hStaked.keys()).sort((a, b) => (e.hStaked[b] ?? 0) - (e.hStaked[a] ?? 0));
    const stakers = new Set(order.slice(0, 10));
    const w0 = classWealth(e, stakers);
    const traders0 = w0['speculators (momentum / fundamentalist)'] + w0['noise traders'];
    for (let b = 0; b < nBlocks; b++) {
      const from = e.priceHistory.length - 1;
      const v0 = e.totals.volumeStable;
      let ratio = 0;
      let price = 0;
      let fund = 0;
      for (let h = 0; h < blockHours; h++) {
        e.step(1);
        const circulating = e.supply - e.treasuryToken - e.emissionsBudget;
        ratio += (e.totalStaked + e.totalUnbonding) / circulating;
        price += e.price;
        let f = 0;
        for (let j = 0; j < e.mStrategy.length; j++) f += e.mStrategy[j] ?? 0;
        fund += e.mStrategy.length > 0 ? f / e.mStrategy.length : 0;
      }
      const to = e.priceHistory.length - 1;
      const s = sums[b] as SettledBlock;
      s.volHourly += annualizedVol(e.priceHistory, from, to);
      s.volDaily += dailyVolOverlapping(e.priceHistory, from, to);
      s.stakingRatio += ratio / blockHours;
      s.price += price / blockHours;
      s.fundamentalistShare += fund / blockHours;
      s.volumePerHour += (e.totals.volumeStable - v0) / blockHours;
    }
    const w1 = classWealth(e, stakers);
    for (const c of WEALTH_CLASSES) wealth[c] += w1[c] / w0[c] - 1;
    netEntry += (e.totals.turnoverStable + e.price * e.totals.turnoverToken) / traders0;
  }
  const n = seeds.length;
  const mean = (x: number) => x / n;
  return {
    seeds,
    hours: nBlocks * blockHours,
    blockHours,
    blocks: sums.map((s) => ({
      volHourly: mean(s.volHourly),
      volDaily: mean(s.volDaily),
      stakingRatio: mean(s.stakingRatio),
      price: mean(s.price),
      fundamentalistShare: mean(s.fundamentalistShare),
      volumePerHour: mean(s.volumePerHour),
    })),
    wealthChange: Object.fromEntries(WEALTH_CLASSES.map((c) => [c, mean(wealth[c])])) as Record<WealthClass, number>,
    netEntryFrac: mean(netEntry),
  };
}

/** Largest |x / mean − 1| over blocks 2..n (the first block is the start-up, allowed to differ). */
export function blockSpread(blocks: readonly SettledBlock[], key: keyof SettledBlock): number {
  const xs = blocks.slice(1).map((b) => b[key]);
  if (xs.length === 0) return 0;
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.max(...xs.map((x) => Math.abs(x / m - 1)));
}

// ---------------------------------------------------------------- calibration targets

export type TargetResult = { name: string; target: string; value: number; pass: boolean; note?: string };

export type TrainingStats = {
  dailyVolRatio: number;
  kurtosis: number;
  absAcf24: number;
  volumeVolCorr: number;
  stakingRatio: number;
  tokenDailyVol: number;
  marketDailyVol: number;
};

/**
 * Runs the tuned static policy over [start, end] of `path` (with the automatic lead-in) and
 * computes the calibration statistics on the window (the lead-in excluded).
 */
export function trainingStats(
  path: MarketPath,
  seed: number,
  start: number,
  end: number,
  cfg: EconomyConfig = DEFAULT_ECONOMY,
): TrainingStats {
  const r = runBacktest(path, { policy: 'static', seed, start, end, economy: cfg, record: true });
  const prices = r.prices ?? [];
  const volumes = r.volumes ?? [];
  const rets = logReturns(prices);
  const dailyVolume: number[] = [];
  const dailyAbsReturn: number[] = [];
  for (let d = 0; (d + 1) * 24 < prices.length; d++) {
    let v = 0;
    for (let h = d * 24; h < (d + 1) * 24; h++) v += volumes[h] ?? 0;
    dailyVolume.push(v);
    dailyAbsReturn.push(Math.abs(Math.log((prices[(d + 1) * 24] ?? 1) / (prices[d * 24] ?? 1))));
  }
  return {
    dailyVolRatio: r.kpis.annualizedVolatilityDaily / r.kpis.marketAnnualizedVolatilityDaily,
    kurtosis: kurtosis(rets),
    absAcf24: autocorrelation(
      rets.map((x) => Math.abs(x)),
      24,
    ),
    volumeVolCorr: correlation(dailyVolume, dailyAbsReturn),
    stakingRatio: r.kpis.stakingRatio,
    tokenDailyVol: r.kpis.annualizedVolatilityDaily,
    marketDailyVol: r.kpis.marketAnnualizedVolatilityDaily,
  };
}

/** The targets, fixed before any policy comparison (README, "Calibration targets"), checked on mean statistics. */
export function checkTargets(s: TrainingStats): TargetResult[] {
  return [
    {
      name: 'token daily vol / market daily vol',
      target: '1.5–2.5',
      value: s.dailyVolRatio,
      pass: s.dailyVolRatio >= 1.5 && s.dailyVolRatio <= 2.5,
    },
    {
      name: 'kurtosis of hourly returns (Pearson; normal = 3)',
      target: '> 5',
      value: s.kurtosis,
      pass: s.kurtosis > 5,
    },
    {
      name: 'autocorrelation of |hourly return| at lag 24 h',
      target: '> 0.1',
      value: s.absAcf24,
      pass: s.absAcf24 > 0.1,
    },
    {
      name: 'correlation of daily volume and |daily return|',
      target: '> 0',
      value: s.volumeVolCorr,
      pass: s.volumeVolCorr > 0,
    },
    {
      name: 'staking ratio (staked / circulating, mean)',
      target: '0.15–0.35',
      value: s.stakingRatio,
      pass: s.stakingRatio >= 0.15 && s.stakingRatio <= 0.35,
    },
  ];
}
