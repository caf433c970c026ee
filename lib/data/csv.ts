import { parse } from 'csv-parse/sync';
import { DataError } from '../errors';

/** A parsed CSV: header names and rows as records, each with the 1-based file line it started on. */
export type CsvTable = {
  source: string;
  columns: string[];
  rows: { line: number; record: Record<string, string> }[];
};

/**
 * Parses CSV text with a header row. Quoted fields may span lines (tweets do), so this uses
 * a real parser and keeps the line each record starts on for error messages.
 */
export function parseCsv(text: string, source = '<input>'): CsvTable {
  if (text.trim() === '') throw new DataError('the file is empty; expected a header row', { file: source });
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      info: true,
      skip_empty_lines: true,
      relax_column_count: false,
      bom: true,
      // Any line end, mixed within a file too (a CRLF export appended to by a Unix tool):
      // left to auto-detection, the first one found would be the only one, and later lines
      // would be misread and misnumbered.
      record_delimiter: ['\r\n', '\n', '\r'],
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (cause) {
    const err = cause as { lines?: number; message?: string };
    throw new DataError(
      `malformed CSV (${err.message ?? 'parse error'})`,
      { file: source, line: err.lines },
      { cause },
    );
  }
  const [header, ...body] = records;
  if (!header) throw new DataError('the file has no header row', { file: source });
  const columns = header.record.map((c) => c.trim());
  const seen = new Set<string>();
  for (const c of columns) {
    if (c === '') throw new DataError('the header has an empty column name', { file: source, line: 1 });
    if (seen.has(c)) throw new DataError(`the header names column "${c}" twice`, { file: source, line: 1 });
    seen.add(c);
  }
  // csv-parse reports the line a record *ends* on; the start line is the previous record's end + 1.
  let previousEnd = header.info.lines;
  const rows = body.map(({ record, info }) => {
    const row: Record<string, string> = {};
    columns.forEach((c, i) => {
      row[c] = record[i] ?? '';
    });
    const line = previousEnd + 1;
    previousEnd = info.lines;
    return { line, record: row };
  });
  return { source, columns, rows };
}

/** Parses a finite number from a CSV cell, or throws a DataError naming the cell. */
export function parseFiniteNumber(value: string | undefined, where: { file: string; line: number; column: string }) {
  const text = (value ?? '').trim();
  if (text === '') throw new DataError('empty value where a number is required', where);
  const n = Number(text);
  if (!Number.isFinite(n)) throw new DataError(`"${truncate(text)}" is not a finite number`, where);
  return n;
}

/**
 * Parses a timestamp cell: ISO-8601 (a date, or date and time; no zone means UTC) or unix
 * seconds. Returns unix seconds.
 */
export function parseTimestamp(value: string | undefined, where: { file: string; line: number; column: string }) {
  const text = (value ?? '').trim();
  if (text === '') throw new DataError('empty timestamp', where);
  if (/^\d+(\.\d+)?$/.test(text)) {
    const n = Number(text);
    // Milliseconds are a common mistake: anything past year 5000 in seconds is rejected.
    if (n > 95_617_584_000) throw new DataError(`timestamp ${text} looks like milliseconds; use unix seconds`, where);
    return Math.floor(n);
  }
  const iso = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(text);
  if (!iso) throw new DataError(`"${truncate(text)}" is not an ISO-8601 timestamp or unix seconds`, where);
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(text) && text.length > 10;
  const normalised = text.replace(' ', 'T') + (hasZone || text.length === 10 ? '' : 'Z');
  const ms = Date.parse(text.length === 10 ? `${text}T00:00:00Z` : normalised);
  if (!Number.isFinite(ms)) throw new DataError(`"${truncate(text)}" is not a valid date`, where);
  return Math.floor(ms / 1000);
}

function truncate(text: string, max = 40) {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
