/**
 * CSV export (RFC 4180): comma-separated, CRLF line ends, fields quoted when they hold a comma,
 * a quote, a line break or leading/trailing spaces; quotes doubled. Cells that a spreadsheet
 * would run as a formula (=, +, -, @, tab, CR at the start) are prefixed with a single quote
 * unless they are plain numbers, so an exported text field cannot execute in Excel/Sheets.
 */
import type { TreasuryPoint } from './model';

export type CsvCell = string | number | boolean | null | undefined;

const NUMERIC = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i;

export function escapeCsvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && !NUMERIC.test(text)) text = `'${text}`;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: string[], rows: CsvCell[][]): string {
  return `${[header, ...rows].map((r) => r.map(escapeCsvCell).join(',')).join('\r\n')}\r\n`;
}

/** The treasury series columns: header (with units) and how to read each point. */
export const TREASURY_CSV_COLUMNS: { header: string; value: (p: TreasuryPoint) => CsvCell }[] = [
  { header: 'time (UTC ISO 8601)', value: (p) => new Date(p.time * 1000).toISOString() },
  { header: 'unix time (s)', value: (p) => p.time },
  { header: 'price (stable/HOME)', value: (p) => p.price },
  { header: 'treasury HOME (HOME)', value: (p) => p.treasuryHome },
  { header: 'treasury stable (stable)', value: (p) => p.treasuryStable },
  { header: 'treasury value (stable)', value: (p) => p.treasuryValue },
  { header: 'emissions (HOME/h)', value: (p) => p.emissions },
  { header: 'emissions value (stable/h)', value: (p) => p.emissionsValue },
  { header: 'fees to treasury (HOME/h)', value: (p) => p.feesToTreasury },
  { header: 'fees burned (HOME/h)', value: (p) => p.feesBurned },
  { header: 'fee revenue value (stable/h)', value: (p) => p.feeRevenueValue },
  { header: 'buyback spend (stable/h)', value: (p) => p.buybackStable },
  { header: 'buyback bought and burned (HOME/h)', value: (p) => p.buybackHome },
  { header: 'total staked (HOME)', value: (p) => p.totalStaked },
  { header: 'protocol-owned liquidity at current LP share (stable)', value: (p) => p.polValue },
];

export function treasuryCsv(series: TreasuryPoint[]): string {
  return toCsv(
    TREASURY_CSV_COLUMNS.map((c) => c.header),
    series.map((p) => TREASURY_CSV_COLUMNS.map((c) => c.value(p))),
  );
}
