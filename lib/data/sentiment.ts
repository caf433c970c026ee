import { DataError } from '../errors';
import { parseCsv } from './csv';

/**
 * Short texts (tweets, posts), optionally labelled. The bundled corpus uses
 * 0 = bearish, 1 = bullish, 2 = neutral; here they become negative / positive / neutral.
 */
export const SENTIMENT_LABELS = ['negative', 'positive', 'neutral'] as const;
export type SentimentLabel = (typeof SENTIMENT_LABELS)[number];

export type TextCorpus = {
  source: string;
  text: string[];
  /** Start line in the file of each record (records may span lines). */
  line: number[];
  /** Class index (0 negative, 1 positive, 2 neutral) when the file has a `label` column. */
  label?: number[];
};

/** Reads a CSV with a `text` (or `sentence`) column and an optional `label` column (0, 1, 2). */
export function parseTextCsv(text: string, source = '<input>'): TextCorpus {
  const table = parseCsv(text, source);
  const column = ['text', 'sentence'].find((c) => table.columns.includes(c));
  if (!column) throw new DataError('missing required column "text" (or "sentence")', { file: source, line: 1 });
  const hasLabel = table.columns.includes('label');
  const out: TextCorpus = { source, text: [], line: [] };
  if (hasLabel) out.label = [];
  for (const { line, record } of table.rows) {
    out.text.push(record[column] ?? '');
    out.line.push(line);
    if (hasLabel) {
      const raw = (record.label ?? '').trim();
      if (!/^[012]$/.test(raw)) {
        throw new DataError(`label "${raw.slice(0, 20)}" is not 0, 1 or 2`, { file: source, line, column: 'label' });
      }
      out.label?.push(Number(raw));
    }
  }
  return out;
}
