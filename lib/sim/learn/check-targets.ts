/**
 * Issue 13's targets, checked on a `backtest:compare --json` report (means over its seeds, per
 * crash path): for each candidate AI policy, its ratios to static and to pid, and PASS/FAIL per
 * target. Evaluation only; prints Markdown.
 *
 *   tsx lib/sim/learn/check-targets.ts REPORT.json [--policies learned,adaptive]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

type Row = { path: string; policy: string; mean: Record<string, number>; runs: Record<string, number>[] };

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { policies: { type: 'string', default: 'learned,adaptive' } },
});
const report = JSON.parse(readFileSync(positionals[0] ?? '', 'utf8')) as { rows: Row[]; seeds: number[] };
const candidates = (values.policies ?? '').split(',');
const paths = [...new Set(report.rows.map((r) => r.path))];
const at = (path: string, policy: string) => report.rows.find((r) => r.path === path && r.policy === policy);
const ok = (b: boolean) => (b ? 'PASS' : 'FAIL');
const lines = [
  `Targets of issue 13 on ${paths.length} crash paths, means over seeds ${report.seeds.join(',')} (ratios: candidate / reference).`,
  '',
  '| path | policy | h out / static (≤ 0.55) | h out / pid (≤ 0.80) | max DD / static (≤ 0.85) | max DD / pid (≤ 0.92) | token/market DD / static (≤ 0.75) | treasury start ≥ 80 % (min over seeds) | treasury end ≥ 30 % (min over seeds) | violations | max 24 h net supply (≤ 2 %) | all |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
];
for (const path of paths) {
  const s = at(path, 'static');
  const p = at(path, 'pid');
  if (!s || !p) throw new Error(`${path}: the report needs static and pid`);
  for (const c of candidates) {
    const r = at(path, c);
    if (!r) continue;
    const m = r.mean;
    const hs = (m.hoursOutsideBand ?? 0) / (s.mean.hoursOutsideBand ?? 1);
    const hp = (m.hoursOutsideBand ?? 0) / (p.mean.hoursOutsideBand ?? 1);
    const ds = (m.maxDrawdown ?? 0) / (s.mean.maxDrawdown ?? 1);
    const dp = (m.maxDrawdown ?? 0) / (p.mean.maxDrawdown ?? 1);
    const ts = (m.tokenToMarketMaxDrawdown ?? 0) / (s.mean.tokenToMarketMaxDrawdown ?? 1);
    const start = Math.min(...r.runs.map((k) => (k.treasuryStableStart ?? 0) / 5_000_000));
    const end = Math.min(...r.runs.map((k) => (k.treasuryStableEnd ?? 0) / Math.max(1, k.treasuryStableStart ?? 0)));
    const viol = r.runs.reduce((n, k) => n + (k.guardrailViolations ?? 0), 0);
    const net = Math.max(...r.runs.map((k) => k.maxNetSupplyChange24hPct ?? 0));
    const checks = [
      hs <= 0.55,
      hp <= 0.8,
      ds <= 0.85,
      dp <= 0.92,
      ts <= 0.75,
      start >= 0.8,
      end >= 0.3,
      viol === 0,
      net <= 2,
    ];
    const f = (x: number, lim: number) => `${x.toFixed(2)} ${ok(x <= lim)}`;
    lines.push(
      `| ${path} | ${c} | ${f(hs, 0.55)} | ${f(hp, 0.8)} | ${f(ds, 0.85)} | ${f(dp, 0.92)} | ${f(ts, 0.75)} | ` +
        `${(100 * start).toFixed(0)} % ${ok(start >= 0.8)} | ${(100 * end).toFixed(0)} % ${ok(end >= 0.3)} | ${viol} | ${net.toFixed(2)} % | ` +
        `${checks.filter(Boolean).length}/${checks.length} |`,
    );
  }
}
console.log(lines.join('\n'));
