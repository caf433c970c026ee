/**
 * Robust reading of the agent's JSON-lines files for the public pages: a crash can tear the
 * last line, and a public page must never fail because one line is bad, so malformed lines are
 * skipped and counted (the agent itself is stricter; see agent/store.ts).
 */
export type JsonLines<T> = {
  records: T[];
  /** Lines that were not JSON objects (skipped). */
  skipped: number;
  /** The last line was incomplete (no newline and not JSON): a write in progress or a crash. */
  tornTail: boolean;
};

export function parseJsonLines<T = Record<string, unknown>>(text: string): JsonLines<T> {
  const lines = text.split('\n');
  const records: T[] = [];
  let skipped = 0;
  let tornTail = false;
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    try {
      const value = JSON.parse(line) as unknown;
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        skipped++;
        continue;
      }
      records.push(value as T);
    } catch {
      if (i === lines.length - 1 && !text.endsWith('\n')) tornTail = true;
      else skipped++;
    }
  }
  return { records, skipped, tornTail };
}
