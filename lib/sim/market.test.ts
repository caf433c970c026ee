import { describe, expect, it } from 'vitest';
import { parsePriceCsv } from '../data/prices';
import { DataError } from '../errors';
import { indexAt, toHourlyPath } from './market';

describe('toHourlyPath', () => {
  it('puts daily data on an hourly grid by geometric interpolation', () => {
    const p = toHourlyPath(parsePriceCsv('timestamp,close\n2020-01-01,100\n2020-01-02,400\n', 'd.csv'));
    expect(p.price).toHaveLength(25);
    expect(p.price[12]).toBeCloseTo(200, 9);
    expect(p.price[24]).toBeCloseTo(400, 9);
    expect(indexAt(p, Date.parse('2020-01-01T06:00:00Z') / 1000)).toBe(6);
  });

  it('rejects data finer than hourly', () => {
    const csv = 'timestamp,close\n2020-01-01T00:00:00Z,1\n2020-01-01T00:01:00Z,2\n2020-01-01T00:02:00Z,3\n';
    expect(() => toHourlyPath(parsePriceCsv(csv, 'm.csv'))).toThrow(DataError);
  });
});
