// Node-only file helpers (the rest of lib/data is pure and also runs in the browser).
import { readFileSync } from 'node:fs';
import { DataError } from '../errors';
import { type ParsePriceCsvOptions, type PriceSeries, parsePriceCsv } from './prices';

export function readTextFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new DataError(
      code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? 'error'})`,
      { file: path },
      { cause },
    );
  }
}

export function readPriceCsv(path: string, options: ParsePriceCsvOptions = {}): PriceSeries {
  return parsePriceCsv(readTextFile(path), path, options);
}
