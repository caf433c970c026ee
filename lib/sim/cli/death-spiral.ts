/**
 * The `death-spiral` scenario (lib/sim/death-spiral.ts): guarded (2 %/24 h net-supply guardrail)
 * against the unbounded counterfactual, over seeds. Prints a Markdown table (median over seeds).
 *
 *   tsx lib/sim/cli/death-spiral.ts [--seeds N] [--json out.json]
 *
 * Exit codes: 0 ok, 2 bad input.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError } from '../../errors';
import { type DeathSpiralResult, runDeathSpiral } from '../death-spiral';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const fmt = (x: number) => (Math.abs(x) >= 1e6 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(2) : x.toFixed(3));

export function deathSpiralTable(seeds: number | readonly number[]): {
  table: string;
  runs: Record<string, Omit<DeathSpiralResult, 'path'>[]>;
} {
  const runs: Record<string, Omit<DeathSpiralResult, 'path'>[]> = { guarded: [], unbounded: [] };
  const list = typeof seeds === 'number' ? Array.from({ length: seeds }, (_, i) => i + 1) : seeds;
  for (const s of list) {
    for (const [name, bps] of [
      ['guarded', 200],
      ['unbounded', null],
    ] as const) {
      const { path: _path, ...rest } = runDeathSpiral(s, { maxNetSupplyChangeBps: bps });
      runs[name]?.push(rest);
    }
  }
  const rows: [string, (r: Omit<DeathSpiralResult, 'path'>) => number][] = [
    ['token supply end / start', (r) => r.supplyGrowth],
    ['max net supply change in any 24 h (% of supply)', (r) => 100 * r.maxWindowNetFrac],
    ['token price end / start', (r) => r.tokenPriceRatio],
    ['token market cap end / start', (r) => r.tokenMcapRatio],
    ['min stable price', (r) => r.minStablePrice],
    ['stable supply end ($ M)', (r) => r.stableSupplyEnd / 1e6],
    ['stables queued for redemption end ($ M)', (r) => r.queueEnd / 1e6],
    ['treasury end / start', (r) => r.treasuryEnd / r.treasuryStart],
  ];
  let table = `| median over ${list.length} seeds, 240 h | guarded (2 %/24 h) | unbounded |\n|---|---|---|\n`;
  for (const [label, f] of rows) {
    table += `| ${label} | ${fmt(median((runs.guarded ?? []).map(f)))} | ${fmt(median((runs.unbounded ?? []).map(f)))} |\n`;
  }
  return { table, runs };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const { values } = parseArgs({ options: { seeds: { type: 'string' }, json: { type: 'string' } } });
    const seeds = Number(values.seeds ?? '10');
    if (!Number.isInteger(seeds) || seeds < 1 || seeds > 1000)
      throw new ConfigError('--seeds', 'must be an integer 1-1000');
    const { table, runs } = deathSpiralTable(seeds);
    process.stdout.write(table);
    if (values.json) writeFileSync(values.json, `${JSON.stringify(runs, null, 1)}\n`);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  }
}
