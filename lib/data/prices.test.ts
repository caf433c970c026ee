import { describe, expect, it } from 'vitest';
import { DataError } from '../errors';
import { parsePriceCsv } from './prices';

describe('parsePriceCsv', () => {
  it('parses ISO and unix timestamps and optional columns', () => {
    const s = parsePriceCsv('timestamp,close,volume\n2020-01-01T00:00:00Z,10,5\n1577840400,11,0\n', 'p.csv');
    expect(s.timestamp).toEqual([1577836800, 1577840400]);
    expect(s.close).toEqual([10, 11]);
    expect(s.volume).toEqual([5, 0]);
  });

  it.each([
    ['timestamp,open\n2020-01-01,1\n', 'missing required column "close"', 1],
    ['timestamp,close\n2020-01-01,1\n2020-01-02,abc\n', '"abc" is not a finite number', 3],
    ['timestamp,close\n2020-01-01,1\n2020-01-02,NaN\n', '"NaN" is not a finite number', 3],
    ['timestamp,close\n2020-01-01,1\n2020-01-01,2\n', 'duplicate timestamp', 3],
    ['timestamp,close\n2020-01-02,1\n2020-01-01,2\n', 'ascending order', 3],
    ['timestamp,close\n2020-01-01,-1\n', 'must be greater than zero', 2],
    ['timestamp,close\nyesterday,1\n', 'is not an ISO-8601 timestamp', 2],
  ])('rejects bad input with file and line: %s', (csv, message, line) => {
    try {
      parsePriceCsv(csv, 'bad.csv');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DataError);
      expect((e as DataError).location).toMatchObject({ file: 'bad.csv', line });
      expect((e as Error).message).toContain(message);
    }
  });

  it('reports the start line of records after multi-line quoted fields', () => {
    const csv = 'timestamp,close,note\n2020-01-01,1,"a\nb"\n2020-01-02,x,c\n';
    expect(() => parsePriceCsv(csv, 'q.csv')).toThrow(/q\.csv, line 4, column "close"/);
  });
});
