/**
 * The comparison table: static / pid / adaptive on the bundled crash paths (never used for
 * tuning), averaged over seeds, with a guardrail check. Prints Markdown (and JSON with --json).
 * A fourth row, `static (defaults)`, is a reference only: fixed parameters at the objective's
 * untuned defaults (what a designer would pick without the simulator); the target is judged
 * against the tuned `static`.
 *
 *   tsx lib/sim/cli/compare.ts [--seeds 1,2,3] [--objective stability] [--json out.json] [--train]
 *
 * Exit 1 if any run exceeded a guardrail.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readPriceCsv } from '../../data/node';
import { defaultGuardrails } from '../../policy/guardrails';
import { baselineParams } from '../../policy/strategies/common';
import { createStaticStrategy } from '../../policy/strategies/static';
import type { ObjectiveMode, Strategy } from '../../policy/types';
import { POLICY_NAMES, type PolicyName, runBacktest } from '../backtest';
import { DEFAULT_ECONOMY } from '../config';
import type { Kpis } from '../kpis';
import { toHourlyPath } from '../market';
import { CRASH_SPANS, HOURLY_DATA, TRAINING_SPAN, toUnix } from '../spans';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '1,2,3,4,5' },
    objective: { type: 'string', default: 'stability' },
    json: { type: 'string' },
    train: { type: 'boolean', default: false },
  },
});
const seeds = (values.seeds ?? '1').split(',').map(Number);
const objective = (values.objective ?? 'stability') as ObjectiveMode;
const path = toHourlyPath(readPriceCsv(HOURLY_DATA));
const spans = values.train ? [TRAINING_SPAN, ...CRASH_SPANS] : CRASH_SPANS;

type Row = { span: string; policy: string; mean: Record<string, number>; se: Record<string, number>; runs: Kpis[] };
const rows: Row[] = [];
const keys = [
  'annualizedVolatility',
  'annualizedVolatilityDaily',
  'maxDrawdown',
  'hoursOutsideBand',
  'maxNetSupplyChange24hPct',
  'totalSupplyChangePct',
  'treasurySpent',
  'stakingRatio',
  'proposals',
  'guardrailViolations',
  'marketAnnualizedVolatility',
  'marketAnnualizedVolatilityDaily',
  'marketMaxDrawdown',
] as const;
const defaults = baselineParams(
  objective,
  defaultGuardrails(DEFAULT_ECONOMY.totalSupply, DEFAULT_ECONOMY.initialPrice),
);
const policies: { label: string; policy: PolicyName | Strategy }[] = [
  ...POLICY_NAMES.map((p) => ({ label: p as string, policy: p })),
  { label: 'static (defaults)', policy: { ...createStaticStrategy(defaults), name: 'static (defaults)' } },
];
let exceeded = false;
const t0 = performance.now();
for (const span of spans) {
  for (const { label, policy } of policies) {
    const runs = seeds.map(
      (seed) => runBacktest(path, { policy, objective, seed, start: toUnix(span.start), end: toUnix(span.end) }).kpis,
    );
    const mean: Record<string, number> = {};
    const se: Record<string, number> = {};
    for (const k of keys) {
      const m = runs.reduce((s, r) => s + r[k], 0) / runs.length;
      mean[k] = m;
      // Standard error of the mean over seeds (0 with one seed).
      const v = runs.length > 1 ? runs.reduce((s, r) => s + (r[k] - m) ** 2, 0) / (runs.length - 1) : 0;
      se[k] = Math.sqrt(v / runs.length);
    }
    for (const r of runs) if (r.guardrailViolations > 0 || r.maxNetSupplyChange24hPct > 2 + 1e-9) exceeded = true;
    rows.push({ span: span.name, policy: label, mean, se, runs });
  }
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const lines = [
  `Objective: ${objective}; seeds ${seeds.join(',')}; tuned on ${TRAINING_SPAN.name}; means over seeds (± standard error over seeds).`,
  '',
  '| path | policy | ann. vol (hourly) | ann. vol (daily) | max drawdown | hours out of ±10% band | max 24h net supply | total supply Δ | treasury spent | staking ratio | proposals |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
];
for (const r of rows) {
  const m = r.mean;
  const pm = (k: string) => `${pct(m[k] ?? 0)} ± ${(100 * (r.se[k] ?? 0)).toFixed(1)}`;
  lines.push(
    `| ${r.span} | ${r.policy} | ${pm('annualizedVolatility')} | ${pm('annualizedVolatilityDaily')} | ${pm('maxDrawdown')} | ${(m.hoursOutsideBand ?? 0).toFixed(0)} | ` +
      `${(m.maxNetSupplyChange24hPct ?? 0).toFixed(2)}% | ${(m.totalSupplyChangePct ?? 0).toFixed(2)}% | ${((m.treasurySpent ?? 0) / 1e6).toFixed(2)}M | ` +
      `${pct(m.stakingRatio ?? 0)} | ${(m.proposals ?? 0).toFixed(0)} |`,
  );
}
lines.push(
  '',
  'Adaptive relative to the others (negative = adaptive lower). Target: vol ≤ −25% vs static, ≤ −10% vs pid, drawdown below both.',
  '',
  '| path | market vol (hourly / daily) | market drawdown | vol vs static | vs pid | vs static (defaults) | daily vol vs static | vs pid | drawdown vs static | vs pid | target met |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: |',
);
let met = 0;
for (const span of spans) {
  const get = (p: string) => rows.find((r) => r.span === span.name && r.policy === p)?.mean ?? {};
  const s = get('static');
  const p = get('pid');
  const a = get('adaptive');
  const d = get('static (defaults)');
  const ratio = (x: number | undefined, y: number | undefined) => (x ?? 0) / (y ?? 1) - 1;
  const rel = (x: number | undefined, y: number | undefined) => `${(100 * ratio(x, y)).toFixed(1)}%`;
  const ok =
    ratio(a.annualizedVolatility, s.annualizedVolatility) <= -0.25 &&
    ratio(a.annualizedVolatility, p.annualizedVolatility) <= -0.1 &&
    (a.maxDrawdown ?? 1) < (s.maxDrawdown ?? 0) &&
    (a.maxDrawdown ?? 1) < (p.maxDrawdown ?? 0);
  if (ok) met++;
  lines.push(
    `| ${span.name} | ${pct(s.marketAnnualizedVolatility ?? 0)} / ${pct(s.marketAnnualizedVolatilityDaily ?? 0)} | ${pct(s.marketMaxDrawdown ?? 0)} | ` +
      `${rel(a.annualizedVolatility, s.annualizedVolatility)} | ${rel(a.annualizedVolatility, p.annualizedVolatility)} | ` +
      `${rel(a.annualizedVolatility, d.annualizedVolatility)} | ` +
      `${rel(a.annualizedVolatilityDaily, s.annualizedVolatilityDaily)} | ${rel(a.annualizedVolatilityDaily, p.annualizedVolatilityDaily)} | ` +
      `${rel(a.maxDrawdown, s.maxDrawdown)} | ${rel(a.maxDrawdown, p.maxDrawdown)} | ${ok ? 'yes' : 'no'} |`,
  );
}
lines.push('', `Target met on ${met} of ${spans.length} paths.`);
lines.push(
  '',
  `Guardrails: ${exceeded ? 'EXCEEDED in at least one run' : 'never exceeded (0 violations, max 24h net supply ≤ 2%)'}.`,
);
lines.push(`(${rows.length * seeds.length} backtests in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
console.log(lines.join('\n'));
if (values.json) writeFileSync(values.json, `${JSON.stringify(rows, null, 2)}\n`);
if (exceeded) process.exitCode = 1;
