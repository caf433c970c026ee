import { parseCsv, parseFiniteNumber, parseTimestamp } from '../../data/csv';
import { DataError } from '../../errors';

/** Daily pool rows (The Graph's Uniswap v3 poolDayData export), grouped by pool address. */
export type PoolDays = { pool: string; pair: string; timestamp: number[]; tvlUsd: number[] };

export function parsePoolDaysCsv(text: string, source = '<input>'): PoolDays[] {
  const table = parseCsv(text, source);
  for (const c of ['date', 'pool_address', 'tvlUSD']) {
    if (!table.columns.includes(c)) throw new DataError(`missing required column "${c}"`, { file: source, line: 1 });
  }
  const pairColumn = table.columns.find((c) => c.startsWith('pair')) ?? 'pool_address';
  const pools = new Map<string, PoolDays>();
  for (const { line, record } of table.rows) {
    const pool = record.pool_address!;
    const t = parseTimestamp(record.date, { file: source, line, column: 'date' });
    const tvl = parseFiniteNumber(record.tvlUSD, { file: source, line, column: 'tvlUSD' });
    let p = pools.get(pool);
    if (!p) {
      p = { pool, pair: record[pairColumn] ?? pool, timestamp: [], tvlUsd: [] };
      pools.set(pool, p);
    }
    const last = p.timestamp[p.timestamp.length - 1];
    if (last !== undefined && t <= last) {
      throw new DataError(`dates for pool ${pool} are not strictly ascending`, { file: source, line, column: 'date' });
    }
    p.timestamp.push(t);
    p.tvlUsd.push(tvl);
  }
  return [...pools.values()];
}
