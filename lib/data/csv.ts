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
  let records: { record: string[]; info: { lines: number; bytes: number } }[];
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
    }) as unknown as { record: string[]; info: { lines: number; bytes: number } }[];
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
  // csv-parse counts a CRLF inside a quoted field as two lines, and a record's end line does not
  // say where the next one starts (blank lines may come between). Line numbers are counted here
  // instead, from the byte offset where each record ends (info.bytes, UTF-8, BOM included).
  const lines = lineCounter(text);
  let previousEnd = header.info.bytes;
  const rows = body.map(({ record, info }) => {
    const row: Record<string, string> = {};
    columns.forEach((c, i) => {
      row[c] = record[i] ?? '';
    });
    const line = lines.startLineAfter(previousEnd);
    previousEnd = info.bytes;
    return { line, record: row };
  });
  return { source, columns, rows };
}

/**
 * 1-based line numbers by UTF-8 byte offset, for offsets given in increasing order. A line ends
 * at CRLF, LF or CR. `startLineAfter(end)` is the line of the first non-blank line at or after
 * byte `end` (where the next record starts when blank lines are skipped).
 */
function lineCounter(text: string) {
  const bytes = Buffer.from(text, 'utf8');
  let at = 0;
  let line = 1;
  const step = () => {
    const b = bytes[at];
    if (b === 0x0d) {
      at += bytes[at + 1] === 0x0a ? 2 : 1;
      line++;
    } else {
      if (b === 0x0a) line++;
      at++;
    }
  };
  return {
    startLineAfter(end: number): number {
      while (at < end && at < bytes.length) step();
      while (at < bytes.length && (bytes[at] === 0x0a || bytes[at] === 0x0d)) step();
      return line;
    },
  };
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
