// `forecast --input prices.csv --output out.jsonl [--backend cpu|wasm] [--no-model]`
// Walk-forward 24h realised-volatility forecasts, one JSON line per hour after the warm-up.

import { readPriceCsv } from '../../data/node';
import { DataError } from '../../errors';
import { FIRST_FEATURE_HOUR, volSeries } from '../features';
import { WALK_FORWARD_DEFAULTS, walkForward } from '../volatility/walkforward';
import { AtomicLineWriter, isoHour, parseArgs, r8, required, runCli, setNodeBackend } from './common';

await runCli(async () => {
  const args = parseArgs(process.argv.slice(2), ['input', 'output', 'backend'], ['no-model', 'quiet']);
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
  const series = volSeries(prices.timestamp, prices.close);
  const quiet = args.flags.has('quiet');
  const rows = await walkForward(series, {
    useModel: !args.flags.has('no-model'),
    onProgress: quiet ? undefined : (done, total) => process.stderr.write(`\rforecast: ${done}/${total} hours`),
  });
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
    process.stderr.write(
      `\rforecast: ${rows.length} lines from ${prices.close.length} rows in ${seconds} s (${backend})\n`,
    );
  }
});

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
