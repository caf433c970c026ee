/**
 * Metrics throughput on real data (printed figures, not a timed test):
 *   tsx bench/metrics-bench.ts
 * - realized volatility (24h/7d/30d rolling) and EWMA over the full hourly BTC series (42,690 returns)
 * - holder concentration over 1,000,000 holders (raw bigint balances)
 * - liquidity depth / swap quotes, 1,000,000 calls
 */
import { readPriceCsv } from '../lib/data/node';
import {
  ewmaVolatility,
  holderConcentration,
  liquidityDepth,
  logReturns,
  quoteSwap,
  rollingRealizedVolatility,
  VOLATILITY_WINDOWS,
} from '../lib/metrics';

function time<T>(label: string, f: () => T, repeat = 5): T {
  let result: T | undefined;
  const samples: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    result = f();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  console.log(`${label.padEnd(58)} median ${samples[Math.floor(repeat / 2)]?.toFixed(2)} ms (n=${repeat})`);
  return result as T;
}

const file = 'data/prices/btcusd_1h_2018-05_2023-03.csv';
const prices = time('parse hourly CSV (42,691 rows)', () => readPriceCsv(file), 3);
const returns = time('logReturns', () => logReturns(prices.close));
for (const [name, w] of Object.entries(VOLATILITY_WINDOWS)) {
  const v = time(`rollingRealizedVolatility ${name} over ${returns.length} returns`, () =>
    rollingRealizedVolatility(returns, w),
  );
  console.log(`  last ${name} realized vol (annualized): ${(v[v.length - 1] ?? 0).toFixed(4)}`);
}
const ewma = time('ewmaVolatility λ=0.94', () => ewmaVolatility(returns));
console.log(`  last EWMA vol (annualized): ${(ewma[ewma.length - 1] ?? 0).toFixed(4)}`);

// Deterministic Pareto-ish balances (xorshift), as raw wei.
let s = 0x9e3779b9;
const rand = () => {
  s ^= s << 13;
  s ^= s >>> 17;
  s ^= s << 5;
  return (s >>> 0) / 2 ** 32;
};
const balances = Array.from({ length: 1_000_000 }, () => BigInt(Math.floor(1e6 / (rand() + 1e-6) ** 0.8)) * 10n ** 12n);
const c = time('holderConcentration, 1,000,000 holders (bigint)', () => holderConcentration(balances), 3);
console.log(
  `  gini ${c.gini?.toFixed(4)} nakamoto ${c.nakamoto} top10 ${c.top10Share?.toFixed(4)} hhi ${c.hhi?.toExponential(3)}`,
);

time(
  'liquidityDepth ×1,000,000',
  () => {
    let acc = 0;
    for (let i = 1; i <= 1_000_000; i++)
      acc += liquidityDepth({ reserveToken: 1e6 + i, reserveStable: 2e6 }).totalStable;
    return acc;
  },
  3,
);
time(
  'quoteSwap ×1,000,000',
  () => {
    let acc = 0;
    for (let i = 1; i <= 1_000_000; i++) acc += quoteSwap({ amountIn: i, reserveIn: 1e9, reserveOut: 1e9 }).slippage;
    return acc;
  },
  3,
);
