// `anomalies --input series.csv --output out.jsonl [--price-column NAME] [--liquidity-column NAME]
//  [--volume-column NAME]` — one line per row: {"timestamp", "score" (0–1), "flag", "kind"}.
// Walk-forward: each row is scored from rows up to and including it.

import { parseCsv, parseFiniteNumber } from '../../data/csv';
import { readTextFile } from '../../data/node';
import { pricesFromTable } from '../../data/prices';
import { DataError } from '../../errors';
import { detectAnomalies } from '../anomalies/detector';
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
} from './common';

/** The command, in-process: returns the exit code (0 ok, 2 bad input, 1 bug). */
export const anomaliesCli = (argv: string[], io: CliIo = processIo) =>
  cliExitCode(async () => {
    const args = parseArgs(argv, ['input', 'output', 'price-column', 'liquidity-column', 'volume-column']);
    const input = required(args, 'input');
    const output = required(args, 'output');
    const table = parseCsv(readTextFile(input), input);
    const priceColumn = args.values.get('price-column') ?? 'close';
    const series = pricesFromTable(table, { priceColumn, volumeColumn: args.values.get('volume-column') });
    const liquidityColumn =
      args.values.get('liquidity-column') ?? (table.columns.includes('liquidity') ? 'liquidity' : undefined);
    let liquidity: number[] | undefined;
    if (liquidityColumn) {
      if (!table.columns.includes(liquidityColumn)) {
        throw new DataError(`missing column "${liquidityColumn}"`, { file: input, line: 1 });
      }
      liquidity = table.rows.map(({ line, record }) => {
        const where = { file: input, line, column: liquidityColumn };
        const v = parseFiniteNumber(record[liquidityColumn], where);
        if (v < 0) throw new DataError(`liquidity ${v} is negative`, where);
        return v;
      });
    }
    const scores = detectAnomalies({
      timestamp: series.timestamp,
      price: series.close,
      volume: series.volume,
      liquidity,
    });
    const out = new AtomicLineWriter(output);
    try {
      scores.forEach((s, i) => {
        out.write(
          JSON.stringify({ timestamp: isoHour(series.timestamp[i]!), score: r8(s.score), flag: s.flag, kind: s.kind }),
        );
      });
      out.commit();
    } catch (e) {
      out.abort();
      throw e;
    }
  }, io);

if (isMainModule(import.meta.url)) process.exitCode = await anomaliesCli(process.argv.slice(2));
