import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hourlyFromPoints } from '../lib/agent/history';
import { readPriceCsv } from '../lib/data/node';
import { silentLogger } from './log';
import { createRetrainer } from './retrain';
import { AgentStore } from './store';

const dir = mkdtempSync(path.join(os.tmpdir(), 'agent-retrain-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('retrain', () => {
  it('trains a candidate with lib/ml, scores both on a later validation window, and records the version history', async () => {
    const prices = readPriceCsv('data/prices/btcusd_1h_2018-05_2023-03.csv');
    const from = prices.close.length - 1300;
    const points = prices.close
      .slice(from)
      .map((c, i) => ({ time: prices.timestamp[from + i]!, price: c, reserveStable: 1 }));
    const until = Math.floor(points.at(-1)!.time / 3600) * 3600 + 3600;
    const h = hourlyFromPoints(points, [], until);
    const store = new AgentStore(path.join(dir, 'data'), path.join(dir, 'just'));
    const r = createRetrainer({
      store,
      log: silentLogger,
      modelsDir: path.join(dir, 'models'),
      roots: [path.join(dir, 'models'), 'public/models'],
      everySeconds: 3600,
      epochs: 3,
    });
    expect(r.due(until)).toBe(false); // the schedule starts one period after the first look
    expect(r.due(until + 3600)).toBe(true);
    const promoted = await r.run(h, until + 3600);
    const history = readFileSync(store.modelsFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(history).toHaveLength(1);
    expect(['promoted', 'rejected']).toContain(history[0].outcome);
    expect(Number.isFinite(history[0].currentLoss) && Number.isFinite(history[0].candidateLoss)).toBe(true);
    expect(promoted !== undefined).toBe(history[0].outcome === 'promoted');
    expect(r.due(until + 3600)).toBe(false);
  }, 60_000);
});
