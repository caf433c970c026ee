/**
 * Evaluation only: runs ES-tuned settings (the JSON `train:policy -- --target adaptive|pid` writes)
 * and the committed learned network on the bundled crash paths, with backtest:compare's protocol
 * (1,500 h of real history as lead-in, stability objective, seeds 1–10), and prints the rows in the
 * compare table's units. Nothing here feeds back into training.
 *
 *   tsx lib/sim/learn/evaluate-crash.ts FILE… [--seeds 1-10] [--learned] [--policies static,pid,…]
 *   (FILE: an ES-tuned settings JSON, or a learned network's artifact, e.g. another training seed's)
 *     [--scenario NAME] [--hours H] [--workers N] [--json out.json]
 *
 * --policies adds registered policies by name; --scenario applies a stress of lib/sim/scenarios.ts
 * from each window's first hour; --hours cuts each window to its first H hours (e.g. the treasury
 * left after 72 h of a death spiral).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { readPriceCsv } from '../../data/node';
import { POLICY_NAMES, type PolicyName } from '../../policy/registry';
import { currentLearnedNetwork } from '../../policy/strategies/learned-load';
import { parseSeeds } from '../cli/compare';
import type { Kpis } from '../kpis';
import { toHourlyPath } from '../market';
import { parseSimScenario, SIM_STRESS } from '../scenarios';
import { CRASH_SPANS, HOURLY_DATA } from '../spans';
import type { TrainTarget } from './candidates';
import { createPool } from './pool';
import type { EvalJob } from './reward';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    seeds: { type: 'string', default: '1-10' },
    learned: { type: 'boolean', default: false },
    workers: { type: 'string' },
    json: { type: 'string' },
    policies: { type: 'string' },
    scenario: { type: 'string' },
    hours: { type: 'string' },
  },
});
const seeds = parseSeeds(values.seeds ?? '1-10');
const entries: { label: string; target: TrainTarget; theta: number[]; named?: PolicyName }[] = positionals.map(
  (file) => {
    const j = JSON.parse(readFileSync(file, 'utf8')) as
      | { target: TrainTarget; theta: number[]; budget: number }
      | { format: string; version: string; weights: number[] };
    // A learned network's artifact (train:policy --out DIR), e.g. one of several training seeds.
    if ('weights' in j) return { label: j.version, target: 'learned' as TrainTarget, theta: j.weights };
    return { label: `${j.target} (ES, ${j.budget} backtests)`, target: j.target, theta: j.theta };
  },
);
if (values.learned) {
  const net = currentLearnedNetwork();
  entries.push({ label: `learned ${net.hash}`, target: 'learned', theta: Array.from(net.weights) });
}
for (const name of (values.policies ?? '').split(',').filter(Boolean)) {
  if (!(POLICY_NAMES as readonly string[]).includes(name)) throw new Error(`unknown policy ${name}`);
  entries.push({ label: name, target: 'learned', theta: [], named: name as PolicyName });
}
const scenario = parseSimScenario(values.scenario);
const stress = scenario === 'none' ? undefined : SIM_STRESS[scenario];
const hours = values.hours !== undefined ? Number(values.hours) : undefined;
const windows = CRASH_SPANS.map((w) =>
  hours === undefined ? w : { ...w, end: new Date(Date.parse(w.start) + hours * 3_600_000).toISOString() },
);
const path = toHourlyPath(readPriceCsv(HOURLY_DATA));
const pool = createPool(path, values.workers !== undefined ? Number(values.workers) : availableParallelism());
const t0 = performance.now();
const jobs: EvalJob[] = [];
for (const window of windows) {
  for (const e of entries) {
    for (const seed of seeds) {
      jobs.push({
        id: jobs.length,
        target: e.target,
        theta: e.theta,
        named: e.named,
        stress,
        window,
        seed,
        leadInHours: 1500,
        withKpis: true,
      });
    }
  }
}
const parts = await pool.evaluate(jobs);
await pool.close();
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const se = (xs: number[]) => {
  const m = mean(xs);
  return xs.length > 1 ? Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1) / xs.length) : 0;
};
const rows: { path: string; policy: string; runs: Kpis[] }[] = [];
let i = 0;
for (const window of windows) {
  for (const e of entries) {
    const runs = seeds.map(() => parts[i++]?.kpis as Kpis);
    rows.push({ path: window.name, policy: e.label, runs });
  }
}
const cell = (runs: Kpis[], f: (k: Kpis) => number, scale = 100, d = 1) =>
  `${(scale * mean(runs.map(f))).toFixed(d)} ± ${(scale * se(runs.map(f))).toFixed(d)}`;
console.log(
  '| path | policy | vol hourly % | vol daily % | max drawdown % | mcap drawdown % | token/market drawdown % | h out of ±10 % band | treasury start ($M) | treasury end ($M) | max 24 h net supply % | violations |',
);
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  console.log(
    `| ${r.path} | ${r.policy} | ${cell(r.runs, (k) => k.annualizedVolatility)} | ${cell(r.runs, (k) => k.annualizedVolatilityDaily)} | ` +
      `${cell(r.runs, (k) => k.maxDrawdown)} | ${cell(r.runs, (k) => k.mcapMaxDrawdown)} | ${cell(r.runs, (k) => k.tokenToMarketMaxDrawdown)} | ` +
      `${cell(r.runs, (k) => k.hoursOutsideBand, 1, 0)} | ${cell(r.runs, (k) => k.treasuryStableStart, 1e-6, 2)} | ${cell(r.runs, (k) => k.treasuryStableEnd, 1e-6, 2)} | ` +
      `${cell(r.runs, (k) => k.maxNetSupplyChange24hPct, 1, 2)} | ${r.runs.reduce((s, k) => s + k.guardrailViolations, 0)} |`,
  );
}
console.log(
  `\n(${jobs.length} backtests on ${pool.size} worker thread(s) in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
);
if (values.json) {
  writeFileSync(values.json, `${JSON.stringify({ seeds, leadInHours: 1500, scenario, hours, rows }, null, 2)}\n`);
}
