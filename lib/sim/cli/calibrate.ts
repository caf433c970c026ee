/**
 * The economy's calibration report (lib/sim/README.md, "Calibration targets" and "A settled
 * start"): the tuned static policy on the TRAINING span only (before 2020), each target with the
 * value reached and PASS/FAIL, then the settled-start figures on a flat market.
 *
 *   tsx lib/sim/cli/calibrate.ts [--seeds 1,2,3] [--flat-seeds 1-8] [--json out.json]
 *
 * Exit codes: 0 every target and settled-start check passes, 1 some fail, 2 bad input.
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { readPriceCsv } from '../../data/node';
import { ConfigError, HomeostatError } from '../../errors';
import { TUNED } from '../../policy/tuned';
import {
  blockSpread,
  checkTargets,
  measureSettledStart,
  type TrainingStats,
  trainingStats,
  WEALTH_CLASSES,
} from '../calibration';
import { toHourlyPath } from '../market';
import { HOURLY_DATA, TRAINING_SPAN, toUnix } from '../spans';

/** Settled-start rules (issue 11): blocks 2..n within ±10 % of their mean; no class loses > 20 %. */
export const SETTLED_BLOCK_TOLERANCE = 0.1;
export const SETTLED_MAX_WEALTH_LOSS = 0.2;

function seedList(name: string, text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) throw new ConfigError(name, `expected seeds like 1,2,3 or 1-8 (got ${text})`);
    const a = Number(m[1]);
    const b = m[2] !== undefined ? Number(m[2]) : a;
    if (b < a) throw new ConfigError(name, `range ${part} runs backwards`);
    for (let s = a; s <= b; s++) out.push(s);
  }
  return out;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

export type Io = { stdout: (s: string) => void; stderr: (s: string) => void };
const defaultIo: Io = { stdout: (s) => console.log(s), stderr: (s) => console.error(s) };

export function main(argv: string[], io: Io = defaultIo): number {
  try {
    return report(argv, io.stdout);
  } catch (e) {
    if (e instanceof HomeostatError) {
      io.stderr(`${e.name}: ${e.message}`);
      return 2;
    }
    if (e instanceof Error && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`${e.message}\nusage: sim:calibrate [--seeds 1,2,3] [--flat-seeds 1-8] [--json out.json]`);
      return 2;
    }
    throw e;
  }
}

function report(argv: string[], log: (s: string) => void): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      seeds: { type: 'string', default: '1,2,3' },
      'flat-seeds': { type: 'string', default: '1-8' },
      json: { type: 'string' },
    },
    strict: true,
  });
  const seeds = seedList('--seeds', values.seeds ?? '1,2,3');
  const flatSeeds = seedList('--flat-seeds', values['flat-seeds'] ?? '1-8');
  const t0 = performance.now();

  // 1. Calibration targets on the training span (static policy only; never the 2020–2023 crash windows).
  const path = toHourlyPath(readPriceCsv(HOURLY_DATA));
  const start = toUnix(TRAINING_SPAN.start);
  const end = toUnix(TRAINING_SPAN.end);
  const per = seeds.map((seed) => trainingStats(path, seed, start, end));
  const keys = Object.keys(per[0] as TrainingStats) as (keyof TrainingStats)[];
  const mean = Object.fromEntries(
    keys.map((k) => [k, per.reduce((a, s) => a + s[k], 0) / per.length]),
  ) as TrainingStats;
  const targets = checkTargets(mean);
  log(`Calibration targets: tuned static policy, ${TRAINING_SPAN.name} (${HOURLY_DATA}), seeds ${seeds.join(',')}`);
  log(`  token daily vol ${pct(mean.tokenDailyVol)}, market daily vol ${pct(mean.marketDailyVol)}`);
  for (const t of targets) {
    const each = per
      .map((s) =>
        checkTargets(s)
          .find((x) => x.name === t.name)
          ?.value.toFixed(3),
      )
      .join(' / ');
    log(
      `  ${t.pass ? 'PASS' : 'FAIL'}  ${t.name.padEnd(50)} target ${t.target.padEnd(10)} mean ${t.value.toFixed(3)}  (per seed ${each})`,
    );
  }

  // 2. The settled start: a flat market from the initial state, the treasury at rest.
  const settled = measureSettledStart({ ...TUNED.static }, { seeds: flatSeeds });
  log(
    `\nSettled start: flat market, tuned static levels, treasury at rest, ${settled.hours} h from the initial state, ` +
      `means over seeds ${flatSeeds[0]}–${flatSeeds.at(-1)}`,
  );
  log('  block (h)     vol hourly  vol daily  staking ratio  price   fundamentalists  volume/h');
  settled.blocks.forEach((b, i) => {
    const from = i * settled.blockHours;
    log(
      `  ${`${from}–${from + settled.blockHours}`.padEnd(12)}  ${pct(b.volHourly).padStart(10)}  ${pct(b.volDaily).padStart(9)}  ` +
        `${pct(b.stakingRatio).padStart(13)}  ${b.price.toFixed(3)}  ${pct(b.fundamentalistShare).padStart(15)}  ${(b.volumePerHour / 1000).toFixed(0).padStart(6)} k`,
    );
  });
  const checks = [
    { name: 'hourly vol, blocks 2..n within ±10% of their mean', value: blockSpread(settled.blocks, 'volHourly') },
    { name: 'daily vol, blocks 2..n within ±10% of their mean', value: blockSpread(settled.blocks, 'volDaily') },
    {
      name: 'staking ratio, blocks 2..n within ±10% of their mean',
      value: blockSpread(settled.blocks, 'stakingRatio'),
    },
  ].map((c) => ({ ...c, pass: c.value <= SETTLED_BLOCK_TOLERANCE }));
  for (const c of checks) log(`  ${c.pass ? 'PASS' : 'FAIL'}  ${c.name.padEnd(52)} largest deviation ${pct(c.value)}`);
  log(`  wealth change over ${settled.hours} h (at the then-current price):`);
  let wealthPass = true;
  for (const c of WEALTH_CLASSES) {
    const w = settled.wealthChange[c];
    const ok = w >= -SETTLED_MAX_WEALTH_LOSS;
    wealthPass &&= ok;
    log(`  ${ok ? 'PASS' : 'FAIL'}  ${c.padEnd(42)} ${w >= 0 ? '+' : ''}${pct(w)}`);
  }
  log(
    `  (turnover: the holders handed the trader accounts ${pct(settled.netEntryFrac)} of the traders' start wealth, net)`,
  );
  log(`\n${((performance.now() - t0) / 1000).toFixed(1)} s`);

  if (values.json) {
    try {
      writeFileSync(
        values.json,
        `${JSON.stringify({ seeds, mean, perSeed: per, targets, settled, checks }, null, 2)}\n`,
      );
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code ?? 'error';
      throw new ConfigError('--json', `cannot write ${values.json} (${code})`, { cause });
    }
  }
  const ok = targets.every((t) => t.pass) && checks.every((c) => c.pass) && wealthPass;
  return ok ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
