import { DataError } from '../errors';
import { type CsvTable, parseCsv, parseFiniteNumber, parseTimestamp } from './csv';

/**
 * A validated price series, oldest first. Timestamps are unix seconds, strictly increasing;
 * every number is finite; prices are > 0; volume is >= 0.
 */
export type PriceSeries = {
  source: string;
  timestamp: number[];
  close: number[];
  open?: number[];
  high?: number[];
  low?: number[];
  volume?: number[];
};

export type ParsePriceCsvOptions = {
  /** Name of the price column (default `close`). */
  priceColumn?: string;
  /** Name of the volume column, if any (default: `volume`, else `volume_usd`, else none). */
  volumeColumn?: string;
};

/** Parses and validates an OHLCV CSV (header required; `timestamp` and `close` required). */
export function parsePriceCsv(text: string, source = '<input>', options: ParsePriceCsvOptions = {}): PriceSeries {
  return pricesFromTable(parseCsv(text, source), options);
}

export function pricesFromTable(table: CsvTable, options: ParsePriceCsvOptions = {}): PriceSeries {
  const file = table.source;
  const priceColumn = options.priceColumn ?? 'close';
  const timeColumn = table.columns.includes('timestamp')
    ? 'timestamp'
    : table.columns.includes('date')
      ? 'date'
      : undefined;
  if (!timeColumn) throw new DataError('missing required column "timestamp"', { file, line: 1 });
  if (!table.columns.includes(priceColumn)) {
    throw new DataError(`missing required column "${priceColumn}"`, { file, line: 1 });
  }
  if (table.rows.length === 0) throw new DataError('no data rows after the header', { file });
  const volumeColumn = options.volumeColumn ?? ['volume', 'volume_usd'].find((c) => table.columns.includes(c));
  if (options.volumeColumn && !table.columns.includes(options.volumeColumn)) {
    throw new DataError(`missing column "${options.volumeColumn}"`, { file, line: 1 });
  }
  const optional = (['open', 'high', 'low'] as const).filter((c) => table.columns.includes(c));

  const out: PriceSeries = { source: file, timestamp: [], close: [] };
  for (const c of optional) out[c] = [];
  if (volumeColumn) out.volume = [];

  let previous: number | undefined;
  for (const { line, record } of table.rows) {
    const t = parseTimestamp(record[timeColumn], { file, line, column: timeColumn });
    if (previous !== undefined) {
      if (t === previous) throw new DataError(`duplicate timestamp ${iso(t)}`, { file, line, column: timeColumn });
      if (t < previous) {
        throw new DataError(
          `timestamp ${iso(t)} is earlier than the row before (${iso(previous)}); rows must be in ascending order`,
          {
            file,
            line,
            column: timeColumn,
          },
        );
      }
    }
    previous = t;
    out.timestamp.push(t);
    out.close.push(positive(record[priceColumn], { file, line, column: priceColumn }));
    for (const c of optional) out[c]?.push(positive(record[c], { file, line, column: c }));
    if (volumeColumn) {
      const v = parseFiniteNumber(record[volumeColumn], { file, line, column: volumeColumn });
      if (v < 0) throw new DataError(`volume ${v} is negative`, { file, line, column: volumeColumn });
      out.volume?.push(v);
    }
  }
  return out;
}

function positive(value: string | undefined, where: { file: string; line: number; column: string }) {
  const n = parseFiniteNumber(value, where);
  if (n <= 0) throw new DataError(`price ${n} must be greater than zero`, where);
  return n;
}

const iso = (t: number) => new Date(t * 1000).toISOString();

/**
 * The largest move between consecutive prices in `close[0..end]`: the index of the later row
 * and the factor (≥ 1, up or down) as text, e.g. "×3.20" or "×1.00e+600" (computed in log
 * space, so ×1e600 does not overflow). What to point at when a series is too extreme to model.
 */
export function largestMove(close: readonly number[], end = close.length - 1): { index: number; factor: string } {
  let index = 0;
  let log10 = 0;
  for (let i = 1; i <= end && i < close.length; i++) {
    const move = Math.abs(Math.log10(close[i]!) - Math.log10(close[i - 1]!));
    if (move > log10) {
      index = i;
      log10 = move;
    }
  }
  const whole = Math.floor(log10);
  const factor = log10 < 21 ? (10 ** log10).toPrecision(3) : `${(10 ** (log10 - whole)).toFixed(2)}e+${whole}`;
  return { index, factor: `×${factor}` };
}
