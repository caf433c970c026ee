/**
 * Backtest one policy on a market path and print KPIs as JSON.
 *
 *   tsx lib/sim/cli/backtest.ts --prices path.csv --policy static|pid|adaptive
 *     [--objective stability|growth|scarcity] [--output kpis.json] [--start ISO] [--end ISO]
 *     [--seed N] [--leadin HOURS]
 *
 * --leadin: hours the policy runs before --start, KPIs not counted (default 1500); what the
 * file lacks before --start is a flat market at its first price (--warmup: the former name).
 *
 * Exit codes: 0 ok, 2 bad input (the message names the file and line, or the option).
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { readPriceCsv } from '../../data/node';
import { largestMove } from '../../data/prices';
import { ConfigError, DataError, HomeostatError } from '../../errors';
import { POLICY_NAMES, type PolicyName } from '../../policy/registry';
import { OBJECTIVE_MODES, type ObjectiveMode } from '../../policy/types';
import { runBacktest } from '../backtest';
import { toHourlyPath } from '../market';

export type Io = { stdout: (s: string) => void; stderr: (s: string) => void };
const defaultIo: Io = { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) };

export const USAGE =
  'usage: backtest --prices path.csv --policy static|pid|adaptive [--objective stability|growth|scarcity] ' +
  '[--output kpis.json] [--start ISO] [--end ISO] [--seed N] [--leadin HOURS]\n';

export function main(argv: string[], io: Io = defaultIo): number {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        prices: { type: 'string' },
        policy: { type: 'string' },
        objective: { type: 'string', default: 'stability' },
        output: { type: 'string' },
        start: { type: 'string' },
        end: { type: 'string' },
        seed: { type: 'string', default: '1' },
        leadin: { type: 'string' },
        warmup: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    if (!values.prices) throw new ConfigError('--prices', 'required: a CSV with timestamp and close columns');
    const policy = values.policy;
    if (!policy || !(POLICY_NAMES as readonly string[]).includes(policy)) {
      throw new ConfigError('--policy', `must be one of ${POLICY_NAMES.join(', ')} (got ${policy ?? 'nothing'})`);
    }
    const objective = values.objective ?? 'stability';
    if (!(OBJECTIVE_MODES as readonly string[]).includes(objective)) {
      throw new ConfigError('--objective', `must be one of ${OBJECTIVE_MODES.join(', ')} (got ${objective})`);
    }
    const seed = integer('--seed', values.seed ?? '1');
    if (values.leadin !== undefined && values.warmup !== undefined) {
      throw new ConfigError('--leadin', 'give --leadin or its former name --warmup, not both');
    }
    const leadInHours =
      values.warmup !== undefined ? integer('--warmup', values.warmup) : integer('--leadin', values.leadin ?? '1500');
    const start = values.start !== undefined ? isoTime('--start', values.start) : undefined;
    const end = values.end !== undefined ? isoTime('--end', values.end) : undefined;

    const prices = readPriceCsv(values.prices);
    const path = toHourlyPath(prices);
    const { kpis } = runBacktest(path, {
      policy: policy as PolicyName,
      objective: objective as ObjectiveMode,
      seed,
      start,
      end,
      leadInHours,
    });
    // Extreme but well-formed prices (×1e300 in an hour) overflow the KPIs; a null in the
    // output would read as a result, so the run fails and names the move instead.
    for (const [name, v] of Object.entries(kpis)) {
      if (typeof v === 'number' && !Number.isFinite(v)) {
        const move = largestMove(prices.close);
        throw new DataError(
          `KPI ${name} is not finite: the price path is too extreme to simulate ` +
            `(largest hourly move ${move.factor}, at line ${move.index + 2})`,
          { file: values.prices },
        );
      }
    }
    const json = `${JSON.stringify(kpis, null, 2)}\n`;
    if (values.output) writeAtomic(values.output, json);
    io.stdout(json);
    return 0;
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

/** Writes `<dir>/.<name>.<pid>.partial`, then renames it over `file`: never a half-written file. */
function writeAtomic(file: string, text: string) {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.partial`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (cause) {
    rmSync(tmp, { force: true });
    const code = (cause as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError('--output', `cannot write ${file} (${code})`, { cause });
  }
}

function integer(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(name, `must be a non-negative integer (got ${text})`);
  return n;
}

function isoTime(name: string, text: string): number {
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  if (!Number.isFinite(ms)) throw new ConfigError(name, `not an ISO-8601 date or time (got ${text})`);
  return Math.floor(ms / 1000);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
