// Node-only file helpers (the rest of lib/data is pure and also runs in the browser).
import { readFileSync, statSync } from 'node:fs';
import { DataError } from '../errors';
import { type ParsePriceCsvOptions, type PriceSeries, parsePriceCsv } from './prices';
import { decodeUtf8 } from './utf8';

/** Largest input file read: far above any real series or post corpus, well below V8's string limit. */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

/**
 * Reads a UTF-8 text file. Refuses (with a DataError naming the file) a missing or unreadable
 * file, one over MAX_INPUT_BYTES, and bytes that are not UTF-8 (binary files, Latin-1 exports),
 * naming the line and byte offset, rather than decoding them into U+FFFD silently.
 */
export function readTextFile(path: string): string {
  let bytes: Buffer;
  try {
    const size = statSync(path).size;
    if (size > MAX_INPUT_BYTES) {
      throw new DataError(
        `the file is ${(size / 2 ** 20).toFixed(0)} MiB; at most ${MAX_INPUT_BYTES / 2 ** 20} MiB is read`,
        {
          file: path,
        },
      );
    }
    bytes = readFileSync(path);
  } catch (cause) {
    if (cause instanceof DataError) throw cause;
    const code = (cause as NodeJS.ErrnoException).code;
    throw new DataError(
      code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? 'error'})`,
      { file: path },
      { cause },
    );
  }
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) {
    throw new DataError(`not valid UTF-8 (byte offset ${decoded.offset}); save the file as UTF-8`, {
      file: path,
      line: decoded.line,
    });
  }
  return decoded.text;
}

export function readPriceCsv(path: string, options: ParsePriceCsvOptions = {}): PriceSeries {
  return parsePriceCsv(readTextFile(path), path, options);
}
