import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMPARE_KPIS, type CompareReport, type Io, main, parseSeeds } from './compare';

const dir = mkdtempSync(join(tmpdir(), 'homeostat-compare-'));
const good = join(dir, 'paths');
const bad = join(dir, 'bad');

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

/** 150 hourly closes: a seeded random walk with a drift (down for `a`, up for `b`). */
function walk(seed: number, drift: number): string {
  let s = seed;
  let p = 20_000;
  const rows = ['timestamp,close'];
  for (let h = 0; h < 150; h++) {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    p *= Math.exp(drift + 0.01 * (s / 2 ** 31 - 0.5));
    rows.push(`${new Date((1_600_002_000 + h * 3600) * 1000).toISOString()},${p.toFixed(2)}`);
  }
  return `${rows.join('\n')}\n`;
}

beforeAll(() => {
  mkdirSync(good);
  mkdirSync(bad);
  writeFileSync(join(good, 'a-falling.csv'), walk(1, -0.002));
  writeFileSync(join(good, 'b-rising.csv'), walk(2, 0.002));
  writeFileSync(join(good, 'notes.txt'), 'not a path');
  writeFileSync(join(bad, 'ok.csv'), walk(3, 0));
  writeFileSync(join(bad, 'broken.csv'), 'timestamp,close\n2020-09-13T12:00:00Z,100\n2020-09-13T13:00:00Z,abc\n');
});

describe('backtest:compare', () => {
  it('runs every policy on every CSV over the seeds in worker threads: tables and JSON', async () => {
    const io = capture();
    const json = join(dir, 'out.json');
    const code = await main(
      [
        '--paths',
        good,
        '--leadin',
        '48',
        '--seeds',
        '1-2',
        '--policies',
        'static,rebase',
        '--json',
        json,
        '--workers',
        '2',
      ],
      io,
    );
    expect(io.err).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8')) as CompareReport;
    expect(report.workers).toBe(2);
    expect(report.seeds).toEqual([1, 2]);
    expect(report.rows.map((r) => `${r.path}/${r.policy}`)).toEqual([
      'a-falling/static',
      'a-falling/rebase',
      'b-rising/static',
      'b-rising/rebase',
    ]);
    for (const row of report.rows) {
      expect(row.runs).toHaveLength(2);
      expect(row.runs.map((k) => k.seed)).toEqual([1, 2]);
      expect(row.runs[0]?.hours).toBe(150);
      for (const k of COMPARE_KPIS) {
        expect(Number.isFinite(row.mean[k]), k).toBe(true);
        expect(row.se[k]).toBeGreaterThanOrEqual(0);
      }
      // The mean is the mean of the runs, and the standard error is over the two seeds.
      const v = row.runs.map((k) => k.annualizedVolatility);
      expect(row.mean.annualizedVolatility).toBeCloseTo(((v[0] ?? 0) + (v[1] ?? 0)) / 2, 12);
      expect(row.se.annualizedVolatility).toBeCloseTo(Math.abs((v[0] ?? 0) - (v[1] ?? 0)) / 2, 12);
    }
    // A rebase moves supply; static's supply moves only by fee burns.
    const rebase = report.rows.find((r) => r.path === 'a-falling' && r.policy === 'rebase');
    expect(rebase?.mean.operations).toBeGreaterThan(0);
    // Markdown: both tables carry one line per path and policy.
    expect(io.out).toMatch(/### Price and market capitalisation/);
    expect(io.out).toMatch(/### Treasury, supply and governance/);
    expect(io.out.match(/^\| a-falling \| rebase \|/gm)).toHaveLength(2);
    expect(io.out).toMatch(/8 backtests on 2 worker threads in [\d.]+ s wall time/);
    expect(io.out).toMatch(/Guardrails: never exceeded/);
  });

  it('bad input: a malformed CSV is a named error and exit 2', async () => {
    const io = capture();
    const code = await main(['--paths', bad, '--seeds', '1', '--policies', 'static', '--workers', '0'], io);
    expect(code).toBe(2);
    expect(io.err).toMatch(/broken\.csv/);
    expect(io.err).toMatch(/line 3/);
    expect(io.out).toBe('');
  });

  it.each([
    [['--policies', 'static,nonsense'], /--policies.*unknown policy nonsense/],
    [['--seeds', '5-2'], /--seeds.*backwards/],
    [['--leadin=1.5'], /--leadin.*non-negative integer/],
    [['--paths', join(dir, 'missing')], /--paths.*cannot read directory/],
    [['--frobnicate'], /Unknown option/],
  ])('bad option %j → exit 2 naming it', async (args, message) => {
    const io = capture();
    expect(await main(args, io)).toBe(2);
    expect(io.err).toMatch(message);
  });

  it('seed lists and ranges', () => {
    expect(parseSeeds('1-10')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(parseSeeds('3,1-2,3')).toEqual([1, 2, 3]);
  });
});
