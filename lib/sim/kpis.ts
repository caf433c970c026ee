/** KPIs of one backtest over its evaluation window. */
export type Kpis = {
  policy: string;
  objective: string;
  seed: number;
  start: string;
  end: string;
  hours: number;
  /** Std of hourly log returns of the token price × √8760. */
  annualizedVolatility: number;
  /** Largest peak-to-trough fall of the token price within the window (fraction). */
  maxDrawdown: number;
  /** Hours with |price / 7-day EMA − 1| > stabilityBand. */
  hoursOutsideBand: number;
  stabilityBand: number;
  /** Largest |mints − burns| in any rolling 24 h window, % of supply (guardrail: 2%). */
  maxNetSupplyChange24hPct: number;
  /** Supply at the end minus at the start (tokens, and %). */
  totalSupplyChange: number;
  totalSupplyChangePct: number;
  /** Stable the treasury spent on buybacks in the window. */
  treasurySpent: number;
  /** Staked / circulating (supply − treasury − emissions budget): mean over the window and at the end. */
  stakingRatio: number;
  stakingRatioEnd: number;
  /** Proposals made within the window. */
  proposals: number;
  /** Parameter changes the controller would have rejected (must be 0). */
  guardrailViolations: number;
  /** Reference: the exogenous market's own volatility and drawdown over the window. */
  marketAnnualizedVolatility: number;
  marketMaxDrawdown: number;
  priceStart: number;
  priceEnd: number;
  rewardsPaid: number;
  feesBurned: number;
  panicStarts: number;
  /**
   * The same volatility measured on daily (every 24th hour) log returns, × √365, for the token
   * and the market. Reported beside the hourly figure because the two can rank policies
   * differently: hour-to-hour noise that reverts within a day counts in the hourly figure only.
   */
  annualizedVolatilityDaily: number;
  marketAnnualizedVolatilityDaily: number;
};

export function annualizedVol(prices: ArrayLike<number>, from: number, to: number, periodsPerYear = 8760): number {
  let n = 0;
  let s = 0;
  let s2 = 0;
  for (let i = from + 1; i <= to; i++) {
    const r = Math.log((prices[i] ?? 1) / (prices[i - 1] ?? 1));
    n++;
    s += r;
    s2 += r * r;
  }
  if (n < 2) return 0;
  const mean = s / n;
  return Math.sqrt(Math.max(0, (s2 - n * mean * mean) / (n - 1)) * periodsPerYear);
}

/** Annualised volatility of returns over `every` samples (e.g. 24 for daily returns from hourly prices). */
export function annualizedVolEvery(
  prices: ArrayLike<number>,
  from: number,
  to: number,
  every: number,
  samplesPerYear = 8760,
): number {
  const sampled: number[] = [];
  for (let i = from; i <= to; i += every) sampled.push(prices[i] ?? 1);
  return annualizedVol(sampled, 0, sampled.length - 1, samplesPerYear / every);
}

export function maxDrawdown(prices: ArrayLike<number>, from: number, to: number): number {
  let peak = prices[from] ?? 0;
  let dd = 0;
  for (let i = from; i <= to; i++) {
    const p = prices[i] ?? 0;
    if (p > peak) peak = p;
    else if (peak > 0) dd = Math.max(dd, 1 - p / peak);
  }
  return dd;
}
