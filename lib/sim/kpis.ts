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
  /**
   * The same on market capitalisation (price × total supply), hourly and daily. A rebase moves the
   * price per token and the supply in opposite directions and leaves this unchanged, so it is the
   * figure to compare a rebasing policy on; for every other policy it differs from the price's
   * only by the (small) supply changes.
   */
  mcapVolatility: number;
  mcapVolatilityDaily: number;
  /** Largest peak-to-trough fall of market capitalisation within the window (fraction). */
  mcapMaxDrawdown: number;
  /**
   * Largest peak-to-trough fall of the token-to-market ratio (token price ÷ the exogenous market
   * price, normalised to 1 at the window start): how much worse the token did than the market.
   */
  tokenToMarketMaxDrawdown: number;
  /** Treasury stable when the window opened and when it closed. */
  treasuryStableStart: number;
  treasuryStableEnd: number;
  /** Change of the holders' total wealth (stable + tokens at the pool price) over the window, %. */
  holderWealthChangePct: number;
  /** Hours in the window in which a standing operation (a rebase, a range buy or sell) executed. */
  operations: number;
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

/** Price × supply per hour (market capitalisation, stable). */
export function marketCap(price: ArrayLike<number>, supply: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < price.length; i++) out.push((price[i] ?? 0) * (supply[i] ?? 0));
  return out;
}

/** token[i] / market[i], normalised to 1 at index 0 (the token's performance relative to the market). */
export function relativeToMarket(token: ArrayLike<number>, market: ArrayLike<number>): number[] {
  const base = (token[0] ?? 1) / (market[0] ?? 1);
  const out: number[] = [];
  for (let i = 0; i < token.length; i++) out.push((token[i] ?? 0) / (market[i] ?? 1) / base);
  return out;
}

/**
 * The window KPIs computed from hourly series aligned by index (index 0 = the window's start):
 * market-cap volatility (hourly, and daily from every 24th hour) and drawdown, and the drawdown of
 * the token-to-market ratio.
 */
export function capAndRatioKpis(series: {
  price: ArrayLike<number>;
  supply: ArrayLike<number>;
  market: ArrayLike<number>;
}): Pick<Kpis, 'mcapVolatility' | 'mcapVolatilityDaily' | 'mcapMaxDrawdown' | 'tokenToMarketMaxDrawdown'> {
  const cap = marketCap(series.price, series.supply);
  const last = cap.length - 1;
  const ratio = relativeToMarket(series.price, series.market);
  return {
    mcapVolatility: annualizedVol(cap, 0, last),
    mcapVolatilityDaily: annualizedVolEvery(cap, 0, last, 24),
    mcapMaxDrawdown: maxDrawdown(cap, 0, last),
    tokenToMarketMaxDrawdown: maxDrawdown(ratio, 0, ratio.length - 1),
  };
}
