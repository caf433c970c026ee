import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'homeostat-ml-cli-'));
const hourly = readFileSync('data/prices/btcusd_1h_2018-05_2023-03.csv', 'utf8').split(/\r?\n/);
const HEADER = hourly[0]!; // timestamp,open,high,low,close,volume_btc,volume_usd
/** The first `rows` data rows of the real hourly file, optionally with one row replaced. */
function slice(name: string, rows: number, edit?: (lines: string[]) => void) {
  const lines = hourly.slice(0, rows + 1);
  edit?.(lines);
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

function run(cli: string, args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `lib/ml/cli/${cli}.ts`, ...args], {
      env: { ...process.env, HOMEOSTAT_TF_BACKEND: 'cpu' },
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

const jsonl = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/** Replaces the cell of `column` in lines[row], which is file line row + 1 (lines[0] is the header). */
const setCell = (row: number, column: string, value: string) => (lines: string[]) => {
  const j = HEADER.split(',').indexOf(column);
  const cells = lines[row]!.split(',');
  cells[j] = value;
  lines[row] = cells.join(',');
};

const BAD_PRICE_INPUTS: [string, (l: string[]) => void, RegExp][] = [
  ['missing close column', (l) => (l[0] = l[0]!.replace('close', 'last')), /line 1: missing required column "close"/],
  ['unparsable number', setCell(50, 'close', '12x4'), /line 51, column "close": "12x4" is not a finite number/],
  ['NaN', setCell(60, 'close', 'NaN'), /line 61, column "close": "NaN" is not a finite number/],
  ['Infinity', setCell(70, 'high', 'Infinity'), /line 71, column "high": "Infinity" is not a finite number/],
  ['duplicate timestamp', (l) => (l[81] = l[80]!), /line 82, column "timestamp": duplicate timestamp/],
  [
    'unsorted rows',
    (l) => {
      [l[90], l[91]] = [l[91]!, l[90]!];
    },
    /line 92, column "timestamp": .* rows must be in ascending order/,
  ],
];

describe('forecast CLI', () => {
  it('writes one walk-forward line per hour after the warm-up on a real slice', async () => {
    const input = slice('prices.csv', 1600);
    const output = join(dir, 'forecast.jsonl');
    const r = await run('forecast', ['--input', input, '--output', output, '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = jsonl(output);
    expect(lines).toHaveLength(1600 - 1440);
    expect(lines[0]!.timestamp).toBe('2018-07-14T06:00:00Z'); // hour 1440 = 60 days after 2018-05-15T06:00Z
    for (const l of lines) {
      expect(Object.keys(l)).toEqual(
        expect.arrayContaining(['timestamp', 'rv_next', 'lower80', 'upper80', 'lower95', 'upper95', 'baselines']),
      );
      expect(Object.keys(l.baselines as object).sort()).toEqual(['ewma', 'garch11', 'har', 'persistence']);
      expect(l.lower95 as number).toBeLessThanOrEqual(l.lower80 as number);
      expect(l.upper80 as number).toBeLessThanOrEqual(l.upper95 as number);
    }
  });

  it('exits 2 with one line naming file, line and problem for every bad input, writing nothing', async () => {
    const cases = [
      ...BAD_PRICE_INPUTS,
      ['too short', () => {}, /2 rows is too short/] as [string, (l: string[]) => void, RegExp],
      // File line 100 is 2018-05-19T08:00Z with low 8146.1: a high of 8000 is below it.
      ['high below low', setCell(99, 'high', '8000'), /line 100, column "high": high 8000 is below low/] as [
        string,
        (l: string[]) => void,
        RegExp,
      ],
    ];
    const results = await Promise.all(
      cases.map(async ([name, edit, message], i) => {
        const input = slice(`bad-forecast-${i}.csv`, name === 'too short' ? 2 : 1500, edit);
        const output = join(dir, `bad-forecast-${i}.jsonl`);
        return { name, input, output, message, ...(await run('forecast', ['--input', input, '--output', output])) };
      }),
    );
    for (const r of results) {
      expect(r.code, r.name).toBe(2);
      expect(r.stderr.trim().split('\n'), r.name).toHaveLength(1);
      expect(r.stderr, r.name).toContain(r.input);
      expect(r.stderr, r.name).toMatch(r.message);
      expect(existsSync(r.output), r.name).toBe(false);
    }
  });

  it('exits 2 on a missing file and on unknown arguments', async () => {
    const a = await run('forecast', ['--input', join(dir, 'nope.csv'), '--output', join(dir, 'x.jsonl')]);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/nope\.csv: file not found/);
    const b = await run('forecast', ['--input', 'a.csv', '--bogus']);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/unknown argument "--bogus"/);
  });
});

describe('anomalies CLI', () => {
  it('writes one line per row with score, flag and kind, honouring column options', async () => {
    const input = slice('series.csv', 400, (l) => {
      l[0] = `${l[0]},depth`;
      for (let i = 1; i < l.length; i++) l[i] = `${l[i]},${i < 300 ? 1000000 : 400000}`;
    });
    const output = join(dir, 'anomalies.jsonl');
    const r = await run('anomalies', [
      '--input',
      input,
      '--output',
      output,
      '--price-column',
      'close',
      '--volume-column',
      'volume_btc',
      '--liquidity-column',
      'depth',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = jsonl(output);
    expect(lines).toHaveLength(400);
    expect(lines[299]).toMatchObject({ flag: true, kind: 'liquidity_drain' });
    for (const l of lines) {
      expect(l.score as number).toBeGreaterThanOrEqual(0);
      expect(l.score as number).toBeLessThanOrEqual(1);
      expect(typeof l.flag).toBe('boolean');
    }
  });

  it('exits 2 on every bad input, including a bad liquidity column', async () => {
    const cases: [string, (l: string[]) => void, RegExp, string[]][] = [
      ...BAD_PRICE_INPUTS.map(([n, e, m]) => [n, e, m, []] as [string, (l: string[]) => void, RegExp, string[]]),
      ['missing liquidity column', () => {}, /line 1: missing column "tvl"/, ['--liquidity-column', 'tvl']],
      ['missing price column', () => {}, /line 1: missing required column "mid"/, ['--price-column', 'mid']],
      [
        'NaN liquidity',
        (l) => {
          l[0] = `${l[0]},liquidity`;
          for (let i = 1; i < l.length; i++) l[i] = `${l[i]},${i === 10 ? 'NaN' : 5}`;
        },
        /line 11, column "liquidity": "NaN" is not a finite number/,
        [],
      ],
    ];
    const results = await Promise.all(
      cases.map(async ([name, edit, message, extra], i) => {
        const input = slice(`bad-anomalies-${i}.csv`, 200, edit);
        const output = join(dir, `bad-anomalies-${i}.jsonl`);
        const r = await run('anomalies', ['--input', input, '--output', output, ...extra]);
        return { name, output, message, ...r };
      }),
    );
    for (const r of results) {
      expect(r.code, r.name).toBe(2);
      expect(r.stderr, r.name).toMatch(r.message);
      expect(r.stderr.trim().split('\n'), r.name).toHaveLength(1);
      expect(existsSync(r.output), r.name).toBe(false);
    }
  });
});

describe('sentiment CLI', () => {
  it('labels real tweets in order, one line each, score in [-1, 1]', async () => {
    const tweets = readFileSync('data/sentiment/twitter_financial_news_train.csv', 'utf8');
    // Header + the first records; cut at a record boundary the CSV parser agrees with.
    const input = join(dir, 'tweets.csv');
    writeFileSync(
      input,
      `sentence\n"Shares jump 10% after earnings beat"\n"Stock plunges on fraud probe"\n"Company to hold annual meeting on May 3"\n`,
    );
    const output = join(dir, 'sentiment.jsonl');
    const r = await run('sentiment', ['--input', input, '--output', output]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = jsonl(output);
    expect(lines).toHaveLength(3);
    for (const l of lines) {
      expect(['positive', 'negative', 'neutral']).toContain(l.label);
      expect(Math.abs(l.score as number)).toBeLessThanOrEqual(1);
    }
    expect(lines[0]!.score as number).toBeGreaterThan(lines[1]!.score as number);
    expect(tweets.length).toBeGreaterThan(0);
  });

  it('exits 2 without a text column and on a malformed CSV', async () => {
    const a = join(dir, 'notext.csv');
    writeFileSync(a, 'body\nhello\n');
    const b = join(dir, 'malformed.csv');
    writeFileSync(b, 'text\n"unterminated quote\n');
    const [ra, rb] = await Promise.all([
      run('sentiment', ['--input', a, '--output', join(dir, 'a.jsonl')]),
      run('sentiment', ['--input', b, '--output', join(dir, 'b.jsonl')]),
    ]);
    expect(ra.code).toBe(2);
    expect(ra.stderr).toMatch(/notext\.csv, line 1: missing required column "text"/);
    expect(rb.code).toBe(2);
    expect(rb.stderr).toMatch(/malformed\.csv.*malformed CSV/);
  });
});
