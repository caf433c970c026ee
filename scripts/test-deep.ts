/**
 * `npm run test:deep`: the contracts' fuzz and invariant suites in the nightly-style `deep`
 * profile (foundry.toml: fuzz 5,000 runs; invariants 1,000 runs x depth 128), with a summary of
 * what ran: runs, calls and wall time per fuzz test and invariant, and totals.
 *
 *   npm run test:deep                                   every suite, deep profile
 *   npm run test:deep -- --match-path 'contracts/test/Adversarial*'    extra args go to forge test
 *
 * Compiles first (file by file, see scripts/forge-build.ts). Tests that carry their own
 * `forge-config: default.…` settings (lighter runs for `npm test`) also carry `deep.…` ones with
 * the profile's numbers: Foundry applies a test's default.* settings to every profile that has
 * none of its own. Writes .homeostat/bench/contracts-deep.json; exits 1 when a test fails.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { forgeBuild } from './forge-build';
import { bin, root, StartError } from './lib/proc';

type Duration = { secs: number; nanos: number } | string;
type TestResult = {
  status: string;
  reason: string | null;
  duration: Duration;
  kind: {
    Fuzz?: { runs: number; mean_gas: number };
    Invariant?: { runs: number; calls: number; reverts: number };
    Unit?: { gas: number };
  };
};
type Report = Record<string, { duration: Duration; test_results: Record<string, TestResult> }>;

/** forge --json writes durations as "1m 2s 3ms …" (or {secs, nanos}): seconds. */
export function seconds(d: Duration): number {
  if (typeof d === 'object') return d.secs + d.nanos / 1e9;
  const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 1e-3, µs: 1e-6, us: 1e-6, ns: 1e-9 };
  let total = 0;
  for (const m of d.matchAll(/([\d.]+)\s*(h|ms|µs|us|ns|m|s)\b/g)) total += Number(m[1]) * (units[m[2]!] ?? 0);
  return total;
}

function runForge(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin.forge, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const out: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out).toString() }));
  });
}

async function main() {
  const env: Record<string, string> = { FOUNDRY_PROFILE: 'deep' };
  await forgeBuild({ tests: true });
  const extra = process.argv.slice(2);
  console.log(
    `forge test (profile deep${Object.keys(env).length > 1 ? `, ${JSON.stringify(env)}` : ''}) ${extra.join(' ')}`,
  );
  const started = performance.now();
  const { code, stdout } = await runForge(['test', '--json', ...extra], env);
  const wall = (performance.now() - started) / 1000;
  const start = stdout.indexOf('{');
  if (start < 0) throw new StartError(`forge test printed no JSON report (exit ${code})`);
  const report = JSON.parse(stdout.slice(start)) as Report;

  type Row = {
    suite: string;
    test: string;
    kind: string;
    runs: number;
    calls: number | null;
    seconds: number;
    ok: boolean;
    reason: string | null;
  };
  const rows: Row[] = [];
  for (const [suite, s] of Object.entries(report)) {
    for (const [test, r] of Object.entries(s.test_results)) {
      const fuzz = r.kind.Fuzz;
      const inv = r.kind.Invariant;
      if (!fuzz && !inv) continue; // unit tests are the same in every profile
      rows.push({
        suite: suite.split(':').pop() ?? suite,
        test: test.split('(')[0] ?? test,
        kind: inv ? 'invariant' : 'fuzz',
        runs: inv?.runs ?? fuzz?.runs ?? 0,
        calls: inv ? inv.calls : null,
        seconds: seconds(r.duration),
        ok: r.status === 'Success',
        reason: r.reason,
      });
    }
  }
  const failed = Object.values(report)
    .flatMap((s) => Object.entries(s.test_results))
    .filter(([, r]) => r.status !== 'Success');
  const table = [
    ['suite', 'test', 'kind', 'runs', 'calls', 'time', 'result'],
    ...rows.map((r) => [
      r.suite,
      r.test,
      r.kind,
      String(r.runs),
      r.calls === null ? '' : String(r.calls),
      `${r.seconds.toFixed(1)} s`,
      r.ok ? 'ok' : 'FAIL',
    ]),
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  for (const row of table)
    console.log(
      row
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    );
  const invariants = rows.filter((r) => r.kind === 'invariant');
  const calls = invariants.reduce((n, r) => n + (r.calls ?? 0), 0);
  const fuzzRuns = rows.filter((r) => r.kind === 'fuzz').reduce((n, r) => n + r.runs, 0);
  console.log(
    `\n${invariants.length} invariants: ${calls.toLocaleString('en')} calls; ${rows.length - invariants.length} fuzz tests: ${fuzzRuns.toLocaleString('en')} runs; ` +
      `${failed.length} failed; wall ${(wall / 60).toFixed(1)} min (suites run in parallel, so per-test times overlap)`,
  );
  for (const [name, r] of failed) console.log(`FAIL ${name}: ${r.reason ?? ''}`);
  const file = path.join(root, '.homeostat', 'bench', 'contracts-deep.json');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(
    file,
    `${JSON.stringify({ env, args: extra, wallSeconds: wall, invariantCalls: calls, fuzzRuns, failed: failed.length, tests: rows }, null, 2)}\n`,
  );
  console.log(`summary: ${path.relative(root, file)}`);
  process.exit(code === 0 && failed.length === 0 ? 0 : 1);
}

main().catch((e: unknown) => {
  console.error(`test:deep: ${e instanceof StartError ? e.message : (e as Error)?.stack}`);
  process.exit(1);
});
