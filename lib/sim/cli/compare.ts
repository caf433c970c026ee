/**
 * The policies side by side: every policy on every market path, over several seeds, with means
 * and standard errors over the seeds of the KPIs (lib/sim/kpis.ts). Prints Markdown tables (and
 * JSON with --json). Without --paths it runs the bundled crash paths (never used for tuning).
 *
 *   tsx lib/sim/cli/compare.ts [--paths DIR] [--leadin H] [--seeds 1-10] [--policies a,b,…]
 *     [--objective stability|growth|scarcity] [--json out.json] [--train] [--workers N]
 *
 * --paths DIR   every *.csv in DIR is one path (columns timestamp, close; hourly or coarser, as
 *               `backtest` reads them); the window is the whole file, preceded by --leadin hours
 *               (a flat market at its first price, added by runBacktest).
 * --leadin H    lead-in hours before each window, KPIs not counted (default 1500); on the bundled
 *               data the lead-in comes from the real history before each crash.
 * --seeds       a list and/or ranges: 1-10, 1,2,5, 1-3,7 (default 1-10).
 * --policies    comma-separated, from: static, fixed-supply, rebase, pid, pid-ff, range, adaptive,
 *               static-defaults (default: all of them).
 * --train       bundled data only: add the training span as a path (a check, not a result).
 * --workers N   worker threads (default: one per core; 0 = in this thread).
 * --scenario S  a stress from each window's first hour under every policy (lib/sim/scenarios.ts):
 *               bank-run, liquidity-drain, staking-bank-run; death-spiral prints the seigniorage
 *               model's guarded-vs-unbounded table instead (lib/sim/death-spiral.ts).
 *
 * Exit codes: 0 ok, 1 a run exceeded a guardrail, 2 bad input (the message names the file and
 * line, or the option).
 */
import { readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { readPriceCsv } from '../../data/node';
import { largestMove } from '../../data/prices';
import { ConfigError, DataError, HomeostatError } from '../../errors';
import { OBJECTIVE_MODES, type ObjectiveMode } from '../../policy/types';
import type { Kpis } from '../kpis';
import { type MarketPath, toHourlyPath } from '../market';
import { parseSimScenario, SIM_SCENARIOS, SIM_STRESS, type SimScenario } from '../scenarios';
import { CRASH_SPANS, HOURLY_DATA, TRAINING_SPAN, toUnix } from '../spans';
import { COMPARE_POLICIES, type CompareJob, type ComparePolicy, type CompareReply, runJob } from './compare-jobs';
import { deathSpiralTable } from './death-spiral';

export type Io = { stdout: (s: string) => void; stderr: (s: string) => void };
const defaultIo: Io = { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) };

export const USAGE =
  'usage: backtest:compare [--paths DIR] [--leadin H] [--seeds 1-10] [--policies a,b,…] ' +
  '[--objective stability|growth|scarcity] [--json out.json] [--train] [--workers N] ' +
  `[--scenario ${SIM_SCENARIOS.join('|')}]\n`;

/** KPIs aggregated over seeds (means and standard errors), in table order. */
export const COMPARE_KPIS = [
  'annualizedVolatility',
  'annualizedVolatilityDaily',
  'mcapVolatility',
  'mcapVolatilityDaily',
  'maxDrawdown',
  'mcapMaxDrawdown',
  'tokenToMarketMaxDrawdown',
  'hoursOutsideBand',
  'treasuryStableStart',
  'treasuryStableEnd',
  'maxNetSupplyChange24hPct',
  'totalSupplyChangePct',
  'holderWealthChangePct',
  'guardrailViolations',
  'proposals',
  'operations',
  'marketAnnualizedVolatility',
  'marketAnnualizedVolatilityDaily',
  'marketMaxDrawdown',
] as const satisfies readonly (keyof Kpis)[];
export type CompareKpi = (typeof COMPARE_KPIS)[number];

/** One market path: a file (or the bundled data) and its evaluation window. */
type PathSpec = { label: string; file: string; path: number; start: number | undefined; end: number | undefined };

export type CompareRow = {
  path: string;
  file: string;
  policy: ComparePolicy;
  seeds: number[];
  mean: Record<CompareKpi, number>;
  /** Standard error of the mean over seeds (0 with one seed). */
  se: Record<CompareKpi, number>;
  runs: Kpis[];
};

export type CompareReport = {
  objective: ObjectiveMode;
  /** The stress scenario from the window's first hour ('none': the path alone). */
  scenario?: SimScenario;
  leadInHours: number;
  seeds: number[];
  policies: ComparePolicy[];
  workers: number;
  wallSeconds: number;
  rows: CompareRow[];
};

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        paths: { type: 'string' },
        leadin: { type: 'string', default: '1500' },
        seeds: { type: 'string', default: '1-10' },
        policies: { type: 'string' },
        objective: { type: 'string', default: 'stability' },
        json: { type: 'string' },
        train: { type: 'boolean', default: false },
        workers: { type: 'string' },
        scenario: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    const leadInHours = nonNegativeInteger('--leadin', values.leadin ?? '1500');
    const scenario = parseSimScenario(values.scenario);
    if (scenario === 'death-spiral') {
      // Not a stress on this economy: the seigniorage model, guarded against unbounded.
      const seedsDs = parseSeeds(values.seeds ?? '1-10');
      const { table, runs } = deathSpiralTable(seedsDs);
      io.stdout(`### death-spiral (lib/sim/death-spiral.ts)\n\n${table}`);
      if (values.json) writeAtomic(values.json, `${JSON.stringify({ scenario, seeds: seedsDs, runs }, null, 2)}\n`);
      return 0;
    }
    const seeds = parseSeeds(values.seeds ?? '1-10');
    const policies = parsePolicies(values.policies);
    const objective = values.objective ?? 'stability';
    if (!(OBJECTIVE_MODES as readonly string[]).includes(objective)) {
      throw new ConfigError('--objective', `must be one of ${OBJECTIVE_MODES.join(', ')} (got ${objective})`);
    }
    const workers =
      values.workers !== undefined ? nonNegativeInteger('--workers', values.workers) : availableParallelism();
    if (values.train && values.paths)
      throw new ConfigError('--train', 'applies to the bundled data only, not to --paths');

    const { specs, paths } = values.paths ? loadDir(values.paths) : loadBundled(values.train ?? false);
    const report = await compare({
      specs,
      paths,
      policies,
      seeds,
      objective: objective as ObjectiveMode,
      leadInHours,
      workers,
      scenario,
    });
    // Extreme but well-formed prices overflow the KPIs; a NaN in the table would read as a
    // result, so the run fails and names the file and its largest move instead.
    for (const row of report.rows) {
      for (const k of COMPARE_KPIS) {
        if (!Number.isFinite(row.mean[k])) {
          const spec = specs.find((s) => s.label === row.path);
          const p = spec ? paths[spec.path] : undefined;
          const move = largestMove(p ? Array.from(p.price) : []);
          throw new DataError(
            `KPI ${k} is not finite for ${row.policy}: the price path is too extreme to simulate (largest hourly move ${move.factor})`,
            { file: row.file },
          );
        }
      }
    }
    io.stdout(`${formatReport(report)}\n`);
    if (values.json) writeAtomic(values.json, `${JSON.stringify(report, null, 2)}\n`);
    const exceeded = report.rows.some((r) =>
      r.runs.some((k) => k.guardrailViolations > 0 || k.maxNetSupplyChange24hPct > 2 + 1e-9),
    );
    return exceeded ? 1 : 0;
  } catch (e) {
    if (e instanceof HomeostatError) {
      io.stderr(`${e.name}: ${e.message}\n`);
      return 2;
    }
    if (e instanceof Error && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`${e.message}\n${USAGE}`);
      return 2;
    }
    throw e;
  }
}

/** Every *.csv in `dir`, sorted by name, each read and put on the hourly grid (errors name the file and line). */
function loadDir(dir: string): { specs: PathSpec[]; paths: MarketPath[] } {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new ConfigError('--paths', `${dir} is not a directory`);
    names = readdirSync(dir)
      .filter((n) => n.toLowerCase().endsWith('.csv'))
      .sort();
  } catch (cause) {
    if (cause instanceof HomeostatError) throw cause;
    const code = (cause as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError('--paths', `cannot read directory ${dir} (${code})`, { cause });
  }
  if (names.length === 0) throw new ConfigError('--paths', `no .csv files in ${dir}`);
  const specs: PathSpec[] = [];
  const paths: MarketPath[] = [];
  for (const name of names) {
    const file = join(dir, name);
    paths.push(toHourlyPath(readPriceCsv(file)));
    specs.push({ label: name.replace(/\.csv$/i, ''), file, path: paths.length - 1, start: undefined, end: undefined });
  }
  return { specs, paths };
}

/** The bundled hourly BTC data, windowed to the crash paths (and the training span with --train). */
function loadBundled(train: boolean): { specs: PathSpec[]; paths: MarketPath[] } {
  const path = toHourlyPath(readPriceCsv(HOURLY_DATA));
  const spans = train ? [TRAINING_SPAN, ...CRASH_SPANS] : CRASH_SPANS;
  const specs = spans.map((s) => ({
    label: s.name,
    file: HOURLY_DATA,
    path: 0,
    start: toUnix(s.start),
    end: toUnix(s.end),
  }));
  return { specs, paths: [path] };
}

/** Runs every (path, policy, seed) and aggregates over seeds. */
export async function compare(o: {
  specs: PathSpec[];
  paths: MarketPath[];
  policies: ComparePolicy[];
  seeds: number[];
  objective: ObjectiveMode;
  leadInHours: number;
  workers: number;
  scenario?: SimScenario;
}): Promise<CompareReport> {
  const stress =
    o.scenario && o.scenario !== 'none' && o.scenario !== 'death-spiral' ? SIM_STRESS[o.scenario] : undefined;
  const t0 = performance.now();
  const jobs: (CompareJob & { spec: PathSpec })[] = [];
  for (const spec of o.specs) {
    for (const policy of o.policies) {
      for (const seed of o.seeds) {
        jobs.push({
          id: jobs.length,
          path: spec.path,
          start: spec.start,
          end: spec.end,
          leadInHours: o.leadInHours,
          policy,
          objective: o.objective,
          seed,
          stress,
          spec,
        });
      }
    }
  }
  const workers = Math.min(o.workers, jobs.length);
  const replies = workers > 0 ? await runPool(o.paths, jobs, workers) : jobs.map((j) => runInline(o.paths, j));
  const results = new Map<number, Kpis>();
  for (const r of replies) {
    const job = jobs[r.id];
    if (r.error) {
      const where = job ? `${job.spec.file}${job.spec.start !== undefined ? ` (${job.spec.label})` : ''}` : 'a path';
      // Bad input found inside a run (e.g. an empty window) names its file; anything else is a bug.
      if (r.error.bad) throw new DataError(`${r.error.name}: ${r.error.message}`, { file: where });
      throw new Error(
        `backtest ${job?.policy} seed ${job?.seed} on ${where} failed: ${r.error.name}: ${r.error.message}`,
      );
    }
    results.set(r.id, r.kpis);
  }
  const rows: CompareRow[] = [];
  for (const spec of o.specs) {
    for (const policy of o.policies) {
      const runs = jobs
        .filter((j) => j.spec === spec && j.policy === policy)
        .map((j) => results.get(j.id))
        .filter((k): k is Kpis => k !== undefined);
      rows.push({ path: spec.label, file: spec.file, policy, seeds: o.seeds, ...meanAndSe(runs), runs });
    }
  }
  return {
    objective: o.objective,
    scenario: o.scenario ?? 'none',
    leadInHours: o.leadInHours,
    seeds: o.seeds,
    policies: o.policies,
    workers,
    wallSeconds: (performance.now() - t0) / 1000,
    rows,
  };
}

function runInline(paths: MarketPath[], job: CompareJob): CompareReply {
  try {
    return { id: job.id, kpis: runJob(paths, strip(job)) };
  } catch (e) {
    const err = e as Error;
    return { id: job.id, error: { name: err.name, message: err.message, bad: e instanceof HomeostatError } };
  }
}

const strip = ({ id, path, start, end, leadInHours, policy, objective, seed, stress }: CompareJob): CompareJob => ({
  id,
  path,
  start,
  end,
  leadInHours,
  policy,
  objective,
  seed,
  stress,
});

/**
 * A small pool of worker threads: each gets the paths once and then one job at a time, the next
 * as soon as it answers, so uneven run times (long paths, slow policies) do not idle a core.
 */
function runPool(paths: MarketPath[], jobs: CompareJob[], size: number): Promise<CompareReply[]> {
  return new Promise((resolve, reject) => {
    const replies: CompareReply[] = [];
    const pool: Worker[] = [];
    let next = 0;
    let failed = false;
    const finish = (err?: Error) => {
      if (failed) return;
      if (err) failed = true;
      for (const w of pool) void w.terminate();
      if (err) reject(err);
      else resolve(replies);
    };
    const feed = (w: Worker) => {
      const job = jobs[next++];
      if (job) w.postMessage(strip(job));
    };
    for (let i = 0; i < size; i++) {
      const w = new Worker(new URL('./compare-worker.mjs', import.meta.url), { workerData: { paths } });
      pool.push(w);
      w.on('message', (r: CompareReply) => {
        replies.push(r);
        if (replies.length === jobs.length) finish();
        else feed(w);
      });
      w.on('error', (e) => finish(e));
      w.on('exit', (code) => {
        if (code !== 0 && replies.length < jobs.length) finish(new Error(`a worker thread exited with code ${code}`));
      });
      feed(w);
    }
  });
}

function meanAndSe(runs: Kpis[]): { mean: Record<CompareKpi, number>; se: Record<CompareKpi, number> } {
  const mean = {} as Record<CompareKpi, number>;
  const se = {} as Record<CompareKpi, number>;
  const n = runs.length;
  for (const k of COMPARE_KPIS) {
    const m = runs.reduce((s, r) => s + r[k], 0) / n;
    const v = n > 1 ? runs.reduce((s, r) => s + (r[k] - m) ** 2, 0) / (n - 1) : 0;
    mean[k] = m;
    se[k] = Math.sqrt(v / n);
  }
  return { mean, se };
}

const pct = (x: number, digits = 1) => `${(100 * x).toFixed(digits)}%`;
const money = (x: number) => (Math.abs(x) >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : `${(x / 1e3).toFixed(0)}k`);

/** The report as Markdown: two tables (price and market cap; treasury, supply and governance) and the market's own figures. */
export function formatReport(r: CompareReport): string {
  const cell = (row: CompareRow, k: CompareKpi, f: (x: number) => string) => `${f(row.mean[k])} ± ${f(row.se[k])}`;
  const p = (row: CompareRow, k: CompareKpi) => cell(row, k, (x) => (100 * x).toFixed(1));
  const lines = [
    `${r.scenario && r.scenario !== 'none' ? `Scenario ${r.scenario}; ` : ''}Objective ${r.objective}; seeds ${formatSeeds(r.seeds)}; lead-in ${r.leadInHours} h before each window (KPIs not counted).`,
    'Means over seeds ± standard error over seeds. Volatility is annualised (hourly: std of hourly log returns × √8760; daily: every 24th hour × √365).',
    'A rebase changes the price per token and the supply in opposite directions: compare it on market capitalisation (mcap) and holders’ wealth.',
    '',
    '### Price and market capitalisation (%)',
    '',
    '| path | policy | vol (hourly) | vol (daily) | mcap vol (hourly) | mcap vol (daily) | max drawdown | mcap drawdown | token/market drawdown | hours out of ±10% band |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of r.rows) {
    lines.push(
      `| ${row.path} | ${row.policy} | ${p(row, 'annualizedVolatility')} | ${p(row, 'annualizedVolatilityDaily')} | ` +
        `${p(row, 'mcapVolatility')} | ${p(row, 'mcapVolatilityDaily')} | ${p(row, 'maxDrawdown')} | ${p(row, 'mcapMaxDrawdown')} | ` +
        `${p(row, 'tokenToMarketMaxDrawdown')} | ${cell(row, 'hoursOutsideBand', (x) => x.toFixed(0))} |`,
    );
  }
  lines.push(
    '',
    '### Treasury, supply and governance',
    '',
    '| path | policy | treasury stable (start) | treasury stable (end) | max 24 h net supply | supply Δ | holders’ wealth Δ | guardrail violations | proposals | operations |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  const fixed =
    (d: number, unit = '') =>
    (x: number) =>
      `${x.toFixed(d)}${unit}`;
  for (const row of r.rows) {
    lines.push(
      `| ${row.path} | ${row.policy} | ${cell(row, 'treasuryStableStart', money)} | ${cell(row, 'treasuryStableEnd', money)} | ` +
        `${cell(row, 'maxNetSupplyChange24hPct', fixed(2, '%'))} | ${cell(row, 'totalSupplyChangePct', fixed(2, '%'))} | ` +
        `${cell(row, 'holderWealthChangePct', fixed(1, '%'))} | ${cell(row, 'guardrailViolations', fixed(0))} | ` +
        `${cell(row, 'proposals', fixed(0))} | ${cell(row, 'operations', fixed(0))} |`,
    );
  }
  lines.push(
    '',
    '### The market factor on each path',
    '',
    '| path | vol (hourly) | vol (daily) | max drawdown |',
    '| --- | ---: | ---: | ---: |',
  );
  const seen = new Set<string>();
  for (const row of r.rows) {
    if (seen.has(row.path)) continue;
    seen.add(row.path);
    const m = row.mean;
    lines.push(
      `| ${row.path} | ${pct(m.marketAnnualizedVolatility)} | ${pct(m.marketAnnualizedVolatilityDaily)} | ${pct(m.marketMaxDrawdown)} |`,
    );
  }
  const exceeded = r.rows.filter((row) =>
    row.runs.some((k) => k.guardrailViolations > 0 || k.maxNetSupplyChange24hPct > 2 + 1e-9),
  );
  const worst = Math.max(0, ...r.rows.flatMap((row) => row.runs.map((k) => k.maxNetSupplyChange24hPct)));
  lines.push(
    '',
    exceeded.length > 0
      ? `Guardrails: EXCEEDED in ${exceeded.map((x) => `${x.path} / ${x.policy}`).join(', ')}.`
      : `Guardrails: never exceeded (0 violations; largest 24 h net supply change ${worst.toFixed(2)} % of supply, budget 2 %).`,
    `(${r.rows.reduce((n, row) => n + row.runs.length, 0)} backtests on ${r.workers === 0 ? 'the main thread' : `${r.workers} worker thread${r.workers === 1 ? '' : 's'}`} in ${r.wallSeconds.toFixed(1)} s wall time)`,
  );
  return lines.join('\n');
}

/** "1-10", "1,2,5", "1-3,7" → sorted distinct seeds. */
export function parseSeeds(text: string): number[] {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!m) throw new ConfigError('--seeds', `"${part}" is not a seed or a range a-b (got ${text})`);
    const a = Number(m[1]);
    const b = m[2] !== undefined ? Number(m[2]) : a;
    if (b < a) throw new ConfigError('--seeds', `range ${part} runs backwards`);
    if (b - a >= 1000 || out.size + (b - a) >= 1000) throw new ConfigError('--seeds', 'at most 1,000 seeds');
    for (let s = a; s <= b; s++) out.add(s);
  }
  return [...out].sort((x, y) => x - y);
}

function formatSeeds(seeds: number[]): string {
  const first = seeds[0];
  const last = seeds[seeds.length - 1];
  const contiguous = first !== undefined && last !== undefined && last - first + 1 === seeds.length;
  return contiguous && seeds.length > 2 ? `${first}–${last}` : seeds.join(',');
}

function parsePolicies(text: string | undefined): ComparePolicy[] {
  if (text === undefined) return [...COMPARE_POLICIES];
  const names = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (names.length === 0) throw new ConfigError('--policies', 'name at least one policy');
  for (const n of names) {
    if (!(COMPARE_POLICIES as readonly string[]).includes(n)) {
      throw new ConfigError('--policies', `unknown policy ${n}; use ${COMPARE_POLICIES.join(', ')}`);
    }
  }
  return [...new Set(names)] as ComparePolicy[];
}

function nonNegativeInteger(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || text.trim() === '') {
    throw new ConfigError(name, `must be a non-negative integer (got ${text})`);
  }
  return n;
}

/** Writes `<dir>/.<name>.<pid>.partial`, then renames it over `file`: never a half-written file. */
function writeAtomic(file: string, text: string) {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.partial`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (cause) {
    rmSync(tmp, { force: true });
    const code = (cause as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError('--json', `cannot write ${file} (${code})`, { cause });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
