/**
 * What can move the token's volatility in this model, and by how much: the evidence behind
 * lib/sim/README.md ("Which levers move volatility"). Under the tuned static policy it prints
 *  1. ablations: each behavioural channel of the economy switched off in turn (a diagnosis of
 *     where the volatility comes from, not a policy: no lever can switch a channel off);
 *  2. one-lever sweeps: each policy lever held at a fixed level across its guardrail range;
 * with hourly and daily-sampled annualised volatility and max drawdown, means over seeds and
 * windows. Usage: tsx lib/sim/cli/levers.ts [--crash] [--seeds 1,2]
 * (--crash uses the evaluation crash paths instead of the training windows.)
 */
import { parseArgs } from 'node:util';
import { readPriceCsv } from '../../data/node';
import { defaultGuardrails } from '../../policy/guardrails';
import { createStaticStrategy } from '../../policy/strategies/static';
import type { PolicyParameters } from '../../policy/types';
import { runBacktest } from '../backtest';
import { DEFAULT_ECONOMY, type EconomyConfig } from '../config';
import { toHourlyPath } from '../market';
import { CRASH_SPANS, HOURLY_DATA, TRAINING_WINDOWS, toUnix } from '../spans';
import { TUNED } from '../tuned';

const { values } = parseArgs({
  options: { crash: { type: 'boolean', default: false }, seeds: { type: 'string', default: '1,2' } },
});
const seeds = (values.seeds ?? '1').split(',').map(Number);
const spans = values.crash ? CRASH_SPANS : TRAINING_WINDOWS;
const path = toHourlyPath(readPriceCsv(HOURLY_DATA));
const g = defaultGuardrails(DEFAULT_ECONOMY.totalSupply, DEFAULT_ECONOMY.initialPrice);

type Row = { name: string; vol: number; volDaily: number; dd: number; depth?: string };
function run(name: string, economy: Partial<EconomyConfig>, params: PolicyParameters = TUNED.static): Row {
  let vol = 0;
  let volDaily = 0;
  let dd = 0;
  let n = 0;
  for (const seed of seeds) {
    for (const span of spans) {
      const { kpis } = runBacktest(path, {
        policy: createStaticStrategy(params),
        initialParams: params,
        seed,
        start: toUnix(span.start),
        end: toUnix(span.end),
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

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const rel = (x: number) => `${x >= base.vol ? '+' : ''}${(100 * (x / base.vol - 1)).toFixed(0)}%`;
const table = (title: string, rows: Row[]) => [
  `| ${title} | ann. vol (hourly) | vs tuned static | ann. vol (daily) | max drawdown |`,
  '| --- | ---: | ---: | ---: | ---: |',
  ...rows.map((r) => `| ${r.name} | ${pct(r.vol)} | ${rel(r.vol)} | ${pct(r.volDaily)} | ${pct(r.dd)} |`),
];
console.log(
  [
    `${values.crash ? 'Crash paths' : 'Training windows'} (${spans.map((s) => s.name).join(', ')}); seeds ${seeds.join(',')}; tuned static policy unless stated.`,
    '',
    ...table('channel switched off', ablations),
    '',
    ...table('one lever at a fixed level', sweeps),
    '',
    `(${(ablations.length + sweeps.length) * seeds.length * spans.length} backtests in ${((performance.now() - t0) / 1000).toFixed(0)} s)`,
  ].join('\n'),
);
