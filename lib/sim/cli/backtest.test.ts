import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Io, main } from './backtest';

const dir = mkdtempSync(join(tmpdir(), 'homeostat-backtest-'));
const slice = join(dir, 'slice.csv');

function capture(): Io & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (s: string) => {
      io.out += s;
    },
    stderr: (s: string) => {
      io.err += s;
    },
  };
  return io;
}

beforeAll(() => {
  // A small real slice: the FTX crash week of the bundled hourly data (header + ~500 rows).
  const lines = readFileSync('data/prices/btcusd_1h_2018-05_2023-03.csv', 'utf8').split('\n');
  const from = lines.findIndex((l) => l.startsWith('2022-11-01T00'));
  writeFileSync(slice, [lines[0], ...lines.slice(from, from + 500)].join('\n'));
});

describe('backtest CLI', () => {
  it('prints KPIs as JSON and writes --output', () => {
    const io = capture();
    const out = join(dir, 'kpis.json');
    const code = main(
      [
        '--prices',
        slice,
        '--policy',
        'adaptive',
        '--objective',
        'stability',
        '--output',
        out,
        '--start',
        '2022-11-05',
        '--seed',
        '3',
      ],
      io,
    );
    expect(io.err).toBe('');
    expect(code).toBe(0);
    const kpis = JSON.parse(io.out);
    for (const k of [
      'annualizedVolatility',
      'maxDrawdown',
      'hoursOutsideBand',
      'maxNetSupplyChange24hPct',
      'totalSupplyChange',
      'treasurySpent',
      'stakingRatio',
      'proposals',
    ]) {
      expect(kpis).toHaveProperty(k);
    }
    expect(kpis.start).toBe('2022-11-05T00:00:00.000Z');
    expect(kpis.seed).toBe(3);
    expect(kpis.maxNetSupplyChange24hPct).toBeLessThanOrEqual(2);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(kpis);
  });

  it.each([
    [
      'a bad number names file, line and column',
      'timestamp,close\n2022-01-01T00:00:00Z,1\n2022-01-01T01:00:00Z,2\n2022-01-01T02:00:00Z,oops\n',
      /DataError: .*bad\.csv, line 4, column "close": "oops" is not a finite number/,
    ],
    ['a missing column', 'timestamp,price\n2022-01-01T00:00:00Z,1\n', /line 1: missing required column "close"/],
    [
      'out-of-order rows',
      'timestamp,close\n2022-01-01T02:00:00Z,1\n2022-01-01T01:00:00Z,2\n',
      /line 3, column "timestamp"/,
    ],
    ['an empty file', '', /the file is empty/],
  ])('exits 2 on bad input: %s', (_name, csv, message) => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, csv);
    const io = capture();
    expect(main(['--prices', file, '--policy', 'static'], io)).toBe(2);
    expect(io.err).toMatch(message);
  });

  it.each([
    [['--policy', 'static'], /--prices: required/],
    [['--prices', 'x.csv', '--policy', 'magic'], /--policy: must be one of static, (.+, )?pid, (.+, )?adaptive/],
    [['--prices', 'x.csv', '--policy', 'pid', '--objective', 'chaos'], /--objective: must be one of/],
    [['--prices', 'x.csv', '--policy', 'pid', '--start', 'yesterday'], /--start: not an ISO-8601/],
    [['--prices', 'does-not-exist.csv', '--policy', 'pid'], /does-not-exist\.csv: file not found/],
    [['--prices', 'x.csv', '--policy', 'pid', '--bogus'], /Unknown option '--bogus'/],
    [['--prices', 'x.csv', '--policy', 'pid', '--leadin', '1.5'], /--leadin: must be a non-negative integer/],
    [['--prices', 'x.csv', '--policy', 'pid', '--leadin', '5', '--warmup', '5'], /--leadin: give --leadin or/],
  ])('exits 2 on bad options: %j', (argv, message) => {
    const io = capture();
    expect(main(argv, io)).toBe(2);
    expect(io.err).toMatch(message);
  });

  it("--leadin: a window at the file's first hour gets a flat lead-in; KPIs cover the window only", () => {
    const run = (leadin: string) => {
      const io = capture();
      const code = main(['--prices', slice, '--policy', 'static', '--end', '2022-11-10', '--leadin', leadin], io);
      expect(io.err).toBe('');
      expect(code).toBe(0);
      return JSON.parse(io.out);
    };
    const short = run('0');
    const long = run('800');
    expect(long.start).toBe('2022-11-01T00:00:00.000Z');
    expect(long.hours).toBe(short.hours);
    expect(long.marketAnnualizedVolatility).toBe(short.marketAnnualizedVolatility);
    expect(long.annualizedVolatility).not.toBe(short.annualizedVolatility);
  });

  it('exits with status 2 as a real process', () => {
    const file = join(dir, 'bad2.csv');
    writeFileSync(file, 'timestamp,close\n2022-01-01T00:00:00Z,-5\n');
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'lib/sim/cli/backtest.ts', '--prices', file, '--policy', 'static'],
      {
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bad2\.csv, line 2, column "close": price -5 must be greater than zero/);
  });
});
