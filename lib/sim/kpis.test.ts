import { describe, expect, it } from 'vitest';
import { annualizedVol, annualizedVolEvery, capAndRatioKpis, marketCap, maxDrawdown, relativeToMarket } from './kpis';

describe('volatility at two sampling intervals', () => {
  it('hour-to-hour noise that reverts within the day counts in the hourly figure only', () => {
    // ±1% every hour, back where it started every other hour: hourly vol is large, daily ≈ 0.
    const zigzag = Array.from({ length: 24 * 60 + 1 }, (_, i) => (i % 2 === 0 ? 1 : 1.01));
    expect(annualizedVol(zigzag, 0, zigzag.length - 1)).toBeGreaterThan(0.9);
    expect(annualizedVolEvery(zigzag, 0, zigzag.length - 1, 24)).toBeLessThan(1e-9);
  });

  it('a random walk has about the same annualised vol sampled hourly or daily', () => {
    let x = 0;
    let s = 12345;
    const rand = () => {
      s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
      return s / 2 ** 31;
    };
    const walk = Array.from({ length: 24 * 2000 + 1 }, () => {
      x += (rand() < 0.5 ? -1 : 1) * 0.01;
      return Math.exp(x);
    });
    const hourly = annualizedVol(walk, 0, walk.length - 1);
    const daily = annualizedVolEvery(walk, 0, walk.length - 1, 24);
    expect(hourly).toBeCloseTo(0.01 * Math.sqrt(8760), 2);
    expect(daily / hourly).toBeGreaterThan(0.9);
    expect(daily / hourly).toBeLessThan(1.1);
  });

  it('max drawdown is the largest peak-to-trough fall', () => {
    expect(maxDrawdown([1, 2, 1, 1.5, 0.5, 3], 0, 5)).toBeCloseTo(0.75, 12);
  });
});

describe('market cap and token-to-market KPIs', () => {
  it('a rebase (price ÷ f, supply × f) leaves market-cap volatility and drawdown at 0', () => {
    // Price halves in steps as supply doubles: every hour the market cap is 100.
    const price = [1, 0.8, 0.5, 0.625, 0.5];
    const supply = [100, 125, 200, 160, 200];
    expect(marketCap(price, supply)).toEqual([100, 100, 100, 100, 100]);
    const k = capAndRatioKpis({ price, supply, market: [1, 1, 1, 1, 1] });
    expect(k.mcapVolatility).toBe(0);
    expect(k.mcapMaxDrawdown).toBe(0);
    // The price per token fell 50 %, and so did the token against a flat market.
    expect(maxDrawdown(price, 0, 4)).toBeCloseTo(0.5, 12);
    expect(k.tokenToMarketMaxDrawdown).toBeCloseTo(0.5, 12);
  });

  it('market-cap drawdown by hand: 100 → 120 → 90 → 130 → 65 is a 50 % fall from 130', () => {
    const k = capAndRatioKpis({
      price: [1, 1.2, 0.9, 1.3, 0.65],
      supply: [100, 100, 100, 100, 100],
      market: [1, 1, 1, 1, 1],
    });
    expect(k.mcapMaxDrawdown).toBeCloseTo(0.5, 12);
    // Hourly log returns ln 1.2, ln 0.75, ln(13/9), ln 0.5: sample std × √8760.
    const r = [Math.log(1.2), Math.log(0.75), Math.log(13 / 9), Math.log(0.5)];
    const m = r.reduce((a, b) => a + b) / 4;
    const sd = Math.sqrt(r.reduce((a, b) => a + (b - m) ** 2, 0) / 3);
    expect(k.mcapVolatility).toBeCloseTo(sd * Math.sqrt(8760), 10);
  });

  it('token-to-market ratio: a token that falls less than its market has no relative drawdown', () => {
    const token = [2, 1.8, 1.6];
    const market = [100, 80, 60];
    expect(relativeToMarket(token, market)).toEqual([1, 1.125, 1.6 / 0.6 / 2]);
    expect(capAndRatioKpis({ price: token, supply: [1, 1, 1], market }).tokenToMarketMaxDrawdown).toBe(0);
    // The token halves while the market holds, then both recover: 50 % relative drawdown.
    expect(
      capAndRatioKpis({ price: [1, 0.5, 1], supply: [1, 1, 1], market: [10, 10, 10] }).tokenToMarketMaxDrawdown,
    ).toBeCloseTo(0.5, 12);
  });
});
