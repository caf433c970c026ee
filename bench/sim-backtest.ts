/**
 * Benchmark: median wall time of a one-year hourly backtest (8,760 steps) in Node, per policy.
 * Target (issue 6): ≤ 5 s. Usage: tsx bench/sim-backtest.ts [--runs 5]
 */
import { parseArgs } from 'node:util';
import { readPriceCsv } from '../lib/data/node';
import { POLICY_NAMES } from '../lib/policy/registry';
import { runBacktest } from '../lib/sim/backtest';
import { toHourlyPath } from '../lib/sim/market';
import { HOURLY_DATA, toUnix } from '../lib/sim/spans';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
const path = toHourlyPath(readPriceCsv(HOURLY_DATA));
const start = toUnix('2021-01-01T00:00:00Z');
const end = toUnix('2021-12-31T23:00:00Z');
const TARGET_MS = 5_000;

const results: { policy: string; medianMs: number; hours: number }[] = [];
for (const policy of POLICY_NAMES) {
  const times: number[] = [];
  let hours = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const { kpis } = runBacktest(path, { policy, seed: i + 1, start, end, warmupHours: 0 });
    times.push(performance.now() - t0);
    hours = kpis.hours;
  }
  times.sort((a, b) => a - b);
  results.push({ policy, medianMs: times[Math.floor(times.length / 2)] ?? 0, hours });
}
for (const r of results) {
  console.log(
    `sim-backtest ${r.policy.padEnd(8)} ${r.hours} h: median ${(r.medianMs / 1000).toFixed(2)} s over ${runs} runs`,
  );
}
const worst = Math.max(...results.map((r) => r.medianMs));
console.log(
  `worst median ${(worst / 1000).toFixed(2)} s (target ≤ ${TARGET_MS / 1000} s): ${worst <= TARGET_MS ? 'PASS' : 'FAIL'}`,
);
console.log(JSON.stringify({ bench: 'sim-backtest', unit: 'ms', results, targetMs: TARGET_MS }));
if (worst > TARGET_MS) process.exitCode = 1;
