// `forecast --input prices.csv --output out.jsonl [--backend cpu|wasm] [--no-model]`
// Walk-forward 24h realised-volatility forecasts, one JSON line per hour after the warm-up.

import { readPriceCsv } from '../../data/node';
import { largestMove, type PriceSeries } from '../../data/prices';
import { DataError } from '../../errors';
import { FIRST_FEATURE_HOUR, type VolSeries, volSeries } from '../features';
import { WALK_FORWARD_DEFAULTS, walkForward } from '../volatility/walkforward';
import {
  AtomicLineWriter,
  type CliIo,
  cliExitCode,
  isMainModule,
  isoHour,
  parseArgs,
  processIo,
  r8,
  required,
  setNodeBackend,
} from './common';

/** The command, in-process: returns the exit code (0 ok, 2 bad input, 1 bug). */
export const forecastCli = (argv: string[], io: CliIo = processIo) =>
  cliExitCode(async () => {
    const args = parseArgs(argv, ['input', 'output', 'backend'], ['no-model', 'quiet']);
    const input = required(args, 'input');
    const output = required(args, 'output');
    const backend = await setNodeBackend(args.values.get('backend'));
    const started = performance.now();
    const prices = readPriceCsv(input);
    const minRows = FIRST_FEATURE_HOUR + WALK_FORWARD_DEFAULTS.warmupHours + 1;
    if (prices.close.length < minRows) {
      throw new DataError(
        `${prices.close.length} rows is too short: the 30-day features and the warm-up need at least ${minRows} hourly rows`,
        { file: input },
      );
    }
    checkHourly(prices.timestamp, input);
    const series = volSeriesFromPrices(prices, input);
    const quiet = args.flags.has('quiet');
    const rows = await walkForward(series, {
      useModel: !args.flags.has('no-model'),
      onProgress: quiet ? undefined : (done, total) => io.stderr(`\rforecast: ${done}/${total} hours`),
    });
    checkFinite(rows, prices, input);
    const out = new AtomicLineWriter(output);
    try {
      for (const r of rows) {
        const c = r.candidates;
        out.write(
          JSON.stringify({
            timestamp: isoHour(r.timestamp),
            rv_next: r8(r.rvNext),
            lower80: r8(r.lower80),
            upper80: r8(r.upper80),
            lower95: r8(r.lower95),
            upper95: r8(r.upper95),
            baselines: { persistence: r8(c.persistence), ewma: r8(c.ewma), garch11: r8(c.garch11), har: r8(c.har) },
            model: r8(c.model),
            served: r.served,
          }),
        );
      }
      out.commit();
    } catch (e) {
      out.abort();
      throw e;
    }
    if (!quiet) {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      io.stderr(`\rforecast: ${rows.length} lines from ${prices.close.length} rows in ${seconds} s (${backend})\n`);
    }
  }, io);

if (isMainModule(import.meta.url)) process.exitCode = await forecastCli(process.argv.slice(2));

/**
 * The series the volatility code runs on. With `high` and `low` columns it carries hourly
 * Parkinson range variances too (the network then uses the range feature set); a row whose
 * high is below its low is bad input, named by line.
 */
export function volSeriesFromPrices(prices: PriceSeries, file: string): VolSeries {
  const { high, low } = prices;
  if (!high || !low) return volSeries(prices.timestamp, prices.close);
  for (let i = 0; i < high.length; i++) {
    if (high[i]! < low[i]!) {
      throw new DataError(`high ${high[i]} is below low ${low[i]}`, { file, line: i + 2, column: 'high' });
    }
  }
  return volSeries(prices.timestamp, prices.close, { high, low });
}

/**
 * The model is hourly: rows must be spaced by one hour. Occasional gaps (exchange outages)
 * are tolerated, since a return over a gap is still a return; a series that is mostly not
 * hourly is refused with the first offending line.
 */
function checkHourly(timestamp: number[], file: string) {
  let off = 0;
  let first = -1;
  for (let i = 1; i < timestamp.length; i++) {
    if (timestamp[i]! - timestamp[i - 1]! !== 3600) {
      off++;
      if (first < 0) first = i;
    }
  }
  if (off > timestamp.length * 0.05) {
    // +2: one for the header, one because rows are 1-based (exact when no record spans lines).
    throw new DataError(`rows are not hourly (${off} of ${timestamp.length - 1} steps differ from 3600 s)`, {
      file,
      line: first + 2,
      column: 'timestamp',
    });
  }
}

/**
 * Extreme but well-formed prices (moves of ×1e300 in an hour) overflow the estimators. Output
 * of NaN/Infinity written as null would look like a complete result, so the run fails instead,
 * naming the first hour without a finite forecast and the largest move before it.
 */
function checkFinite(rows: Awaited<ReturnType<typeof walkForward>>, prices: PriceSeries, file: string) {
  for (const r of rows) {
    const c = r.candidates;
    const values = [r.rvNext, r.lower80, r.upper80, r.lower95, r.upper95, c.persistence, c.ewma, c.garch11, c.har];
    if (c.model !== undefined) values.push(c.model);
    if (values.every(Number.isFinite)) continue;
    const at = prices.timestamp.indexOf(r.timestamp);
    const move = largestMove(prices.close, at);
    throw new DataError(
      `the forecast for ${isoHour(r.timestamp)} is not finite: the prices are too extreme to model ` +
        `(largest hourly move ${move.factor}, at line ${move.index + 2})`,
      { file, line: at + 2, column: 'close' },
    );
  }
}
