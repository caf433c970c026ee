import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Io, main } from './calibrate';

function capture(): Io & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (s: string) => {
      io.out += `${s}\n`;
    },
    stderr: (s: string) => {
      io.err += `${s}\n`;
    },
  };
  return io;
}

describe('sim:calibrate', () => {
  it('prints every target with its value and PASS/FAIL, and the settled-start figures; --json has the same', () => {
    const io = capture();
    const json = join(mkdtempSync(join(tmpdir(), 'homeostat-calibrate-')), 'cal.json');
    const code = main(['--seeds', '1', '--flat-seeds', '1-2', '--json', json], io);
    expect(io.err).toBe('');
    for (const name of ['daily vol / market daily vol', 'kurtosis', 'lag 24 h', 'daily volume', 'staking ratio']) {
      expect(io.out).toMatch(new RegExp(`(PASS|FAIL) +[^\\n]*${name}`));
    }
    expect(io.out).toMatch(/3500–4000/);
    expect(io.out).toMatch(/(PASS|FAIL) +speculators/);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.targets).toHaveLength(5);
    expect(report.settled.blocks).toHaveLength(8);
    // The exit status is the verdict: 0 only when every target and check passes.
    const allPass =
      report.targets.every((t: { pass: boolean }) => t.pass) && report.checks.every((c: { pass: boolean }) => c.pass);
    if (!allPass) expect(code).toBe(1);
    expect(io.out.includes('FAIL')).toBe(code !== 0);
  });

  it.each([
    [['--seeds', 'x'], /--seeds: expected seeds like 1,2,3 or 1-8/],
    [['--flat-seeds', '5-2'], /--flat-seeds: range 5-2 runs backwards/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['--seeds', '1', '--flat-seeds', '1', '--json', '/no/such/dir/x.json'], /--json: cannot write/],
  ])('exits 2 on bad options: %j', (argv, message) => {
    const io = capture();
    expect(main(argv, io)).toBe(2);
    expect(io.err).toMatch(message);
  });
});
