import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLearnedArtifact } from '../lib/policy/strategies/learned';
import { type Io, main } from './train-policy';

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

const tiny = [
  '--budget',
  '40',
  '--pairs',
  '2',
  '--checkpoints',
  '1',
  '--leadin',
  '48',
  '--window-hours',
  '72',
  '--seed',
  '3',
];

describe('npm run train:policy', () => {
  it('same seed → same weights hash, in worker threads or inline; progress printed; a checked artifact with its record', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'homeostat-train-policy-'));
    const runs = [];
    for (const workers of ['2', '0']) {
      const io = capture();
      const code = await main([...tiny, '--workers', workers, '--out', join(dir, workers)], io);
      expect(code, io.err).toBe(0);
      expect(io.err).toMatch(/gen 1\/2 seed 1: mean loss \d\.\d{4}, best \d\.\d{4} \(12\/40 backtests/);
      runs.push(JSON.parse(io.out.trim().split('\n').pop() ?? '{}') as { hash: string; file: string });
    }
    expect(runs[0]?.hash).toMatch(/^[0-9a-f]{12}$/);
    expect(runs[1]?.hash).toBe(runs[0]?.hash);
    const artifact = JSON.parse(readFileSync(runs[0]?.file ?? '', 'utf8'));
    expect(parseLearnedArtifact(artifact).hash).toBe(runs[0]?.hash);
    expect(artifact.record).toMatchObject({
      objective: 'stability',
      seed: 3,
      budget: 40,
      quickCheck: true,
      trainingSpan: { start: '2018-05-15T00:00:00Z', end: '2019-12-31T23:00:00Z' },
    });
    expect(artifact.record.scores).toHaveLength(6);
    for (const w of artifact.record.windows) expect(Date.parse(w.end)).toBeLessThan(Date.parse('2020-01-01T00:00:00Z'));
    const other = capture();
    expect(await main([...tiny.slice(0, -1), '4', '--workers', '0', '--out', join(dir, 'other')], other)).toBe(0);
    expect(JSON.parse(other.out.trim().split('\n').pop() ?? '{}').hash).not.toBe(runs[0]?.hash);
  });

  it('bad options exit 2 and name the option', async () => {
    for (const [args, msg] of [
      [['--budget', 'lots'], /--budget: must be an integer/],
      [['--target', 'oracle'], /--target: must be one of learned, adaptive, pid/],
      [['--budget', '10'], /--budget: 10 backtests leave no generation/],
      [['--bogus'], /Unknown option '--bogus'/],
    ] as const) {
      const io = capture();
      expect(await main([...args], io)).toBe(2);
      expect(io.err).toMatch(msg);
    }
  });
});
