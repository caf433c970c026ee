/**
 * What can move the token's volatility in this model, and by how much: the evidence behind
 * lib/sim/README.md ("Which levers move volatility"). Under the tuned static policy it prints
 *  1. ablations: each behavioural channel of the economy switched off in turn (a diagnosis of
 *     where the volatility comes from, not a policy: no lever can switch a channel off);
 *  2. one-lever sweeps: each policy lever held at a fixed level across its guardrail range;
 *  3. the market held flat (the exogenous path constant): the token's own, endogenous volatility;
 *  4. with --adaptive: the tuned adaptive policy with each of its parts switched off;
 * with hourly and daily-sampled annualised volatility and max drawdown, means over seeds and
 * windows. Usage: tsx lib/sim/cli/levers.ts [--crash] [--adaptive] [--seeds 1,2]
 * (--crash uses the evaluation crash paths instead of the training windows.)
 */
import { parseArgs } from 'node:util';
import { readPriceCsv } from '../../data/node';
import { defaultGuardrails } from '../../policy/guardrails';
import { type AdaptiveConfig, createAdaptiveStrategy } from '../../policy/strategies/adaptive';
import { createStaticStrategy } from '../../policy/strategies/static';
import { TUNED } from '../../policy/tuned';
import type { PolicyParameters, Strategy } from '../../policy/types';
import { runBacktest } from '../backtest';
import { DEFAULT_ECONOMY, type EconomyConfig } from '../config';
import { type MarketPath, toHourlyPath } from '../market';
import { CRASH_SPANS, HOURLY_DATA, TRAINING_WINDOWS, toUnix } from '../spans';

const { values } = parseArgs({
  options: {
    crash: { type: 'boolean', default: false },
    adaptive: { type: 'boolean', default: false },
    seeds: { type: 'string', default: '1,2' },
  },
});
const seeds = (values.seeds ?? '1').split(',').map(Number);
const spans = values.crash ? CRASH_SPANS : TRAINING_WINDOWS;
const path = toHourlyPath(readPriceCsv(HOURLY_DATA));
const g = defaultGuardrails(DEFAULT_ECONOMY.totalSupply, DEFAULT_ECONOMY.initialPrice);

type Row = { name: string; vol: number; volDaily: number; dd: number };
type Windows = { path: MarketPath; windows: { start: number; end: number }[] };
const evaluation: Windows = { path, windows: spans.map((s) => ({ start: toUnix(s.start), end: toUnix(s.end) })) };
/** The exogenous market held constant for 4,000 h; KPIs over the last 2,500 h (after the start-up transient). */
const flat: Windows = (() => {
  const hours = 4_000;
  const t0 = toUnix('2020-01-01T00:00:00Z');
  const timestamp = Float64Array.from({ length: hours }, (_, h) => t0 + h * 3600);
  const flatPath = { timestamp, price: new Float64Array(hours).fill(30_000), source: 'flat', inputStepSeconds: 3600 };
  return { path: flatPath, windows: [{ start: t0 + 1_500 * 3600, end: t0 + (hours - 1) * 3600 }] };
})();

function run(
  name: string,
  economy: Partial<EconomyConfig>,
  params: PolicyParameters = TUNED.static,
  on: Windows = evaluation,
  strategy: Strategy = createStaticStrategy(params),
): Row {
  let vol = 0;
  let volDaily = 0;
  let dd = 0;
  let n = 0;
  for (const seed of seeds) {
    for (const w of on.windows) {
      const { kpis } = runBacktest(on.path, {
        policy: strategy,
        initialParams: strategy.name === 'static' ? params : undefined,
        seed,
        start: w.start,
        end: w.end,
        economy: { ...DEFAULT_ECONOMY, ...economy },
      });
      vol += kpis.annualizedVolatility;
      volDaily += kpis.annualizedVolatilityDaily;
      dd += kpis.maxDrawdown;
      n++;
    }
  }
  return { name, vol: vol / n, volDaily: volDaily / n, dd: dd / n };
}

const t0 = performance.now();
const base = run('tuned static, full model', {});
const ablations = [
  base,
  run('no exogenous sentiment (holders ignore BTC)', { sentimentSensitivity: 0 }),
  run('no noise traders', { noiseOrdersPerHour: 0 }),
  run('no momentum traders', { momentumSpeed: 0 }),
  run('no noise or momentum traders', { noiseOrdersPerHour: 0, momentumSpeed: 0 }),
  run('no panic', { panicProneShare: 0 }),
  run('LP depth fixed at its start (no withdrawal)', { lpSpeed: 0 }),
  run('LP floor 0.25× instead of 0.5×', { lpDepthRange: [0.25, 1.5] }),
];
const S = TUNED.static;
const rMax = g.params.stakingRewardRate.max;
const bMax = g.params.buybackBudget.max;
const sweeps = [
  ...[0, 30, 60, 100].map((fee) => run(`transfer fee ${fee} bps`, {}, { ...S, transferFeeBps: fee })),
  ...[0, 0.5, 1].map((r) => run(`staking rewards ${r * 100}% of max`, {}, { ...S, stakingRewardRate: r * rMax })),
  ...[0, 0.05, 0.25].map((b) =>
    run(`buybacks ${((b * bMax) / 1000).toFixed(0)}k stable/day`, {}, { ...S, buybackBudget: b * bMax }),
  ),
  ...[0, 10_000].map((b) => run(`burn share ${b / 100}% of the fee`, {}, { ...S, burnShareBps: b })),
];
const flatRows = [
  run('full model, transfer fee 100 bps', {}, { ...S, transferFeeBps: 100 }, flat),
  run('full model, transfer fee 0 bps', {}, { ...S, transferFeeBps: 0 }, flat),
  run('no noise traders', { noiseOrdersPerHour: 0 }, S, flat),
  run('no momentum traders', { momentumSpeed: 0 }, S, flat),
];
const variants: [string, Partial<AdaptiveConfig>][] = [
  ['tuned adaptive', {}],
  [
    'no forecast terms (stressReward = stressBuyback = stressFee = 0)',
    { stressReward: 0, stressBuyback: 0, stressFee: 0 },
  ],
  ['no gap integral (gapKi = 0)', { gapKi: 0 }],
  ['no gap feedback at all (gapReward = gapKi = gapBuyback = 0)', { gapReward: 0, gapKi: 0, gapBuyback: 0 }],
];
const adaptiveRows = values.adaptive
  ? variants.map(([name, v]) => run(name, {}, S, evaluation, createAdaptiveStrategy({ ...TUNED.adaptive, ...v })))
  : [];

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const rel = (x: number, ref: Row) => `${x >= ref.vol ? '+' : ''}${(100 * (x / ref.vol - 1)).toFixed(0)}%`;
/** Rows with the hourly volatility relative to `ref` (default: the tuned static on the full model). */
const table = (title: string, rows: Row[], ref: Row = base, refName = 'tuned static') => [
  `| ${title} | ann. vol (hourly) | vs ${refName} | ann. vol (daily) | max drawdown |`,
  '| --- | ---: | ---: | ---: | ---: |',
  ...rows.map((r) => `| ${r.name} | ${pct(r.vol)} | ${rel(r.vol, ref)} | ${pct(r.volDaily)} | ${pct(r.dd)} |`),
];
console.log(
  [
    `${values.crash ? 'Crash paths' : 'Training windows'} (${spans.map((s) => s.name).join(', ')}); seeds ${seeds.join(',')}; tuned static policy unless stated.`,
    '',
    ...table('channel switched off', ablations),
    '',
    ...table('one lever at a fixed level', sweeps),
    '',
    'The market held flat (constant exogenous price, 4,000 h, KPIs over the last 2,500 h); tuned static unless stated:',
    '',
    ...table('flat market', flatRows, flatRows[0], 'first row'),
    ...(values.adaptive ? ['', ...table('adaptive policy, one part off', adaptiveRows)] : []),
    '',
    `(${((ablations.length + sweeps.length + adaptiveRows.length) * spans.length + flatRows.length) * seeds.length} backtests in ${((performance.now() - t0) / 1000).toFixed(0)} s)`,
  ].join('\n'),
);
