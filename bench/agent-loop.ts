/**
 * Benchmark: one agent loop iteration (Collect → Analyze → Predict → Act, plus housekeeping
 * and the status file), excluding chain confirmation: the chain boundary is an in-memory fake
 * that answers at once, the history is 3,000 hours of the bundled BTC path (so the real
 * lib/ml volatility model from public/models runs with window calibration, not the fallback).
 * Target (issue 6): ≤ 2 s. Prints the median.   tsx bench/agent-loop.ts [--iterations N]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHarFallback, createMlForecaster, findVolatilityArtifact } from '../agent/forecast';
import { silentLogger } from '../agent/log';
import { Agent } from '../agent/loop';
import { AgentStore } from '../agent/store';
import { CONTROLLER, FakeChain, GOVERNOR, syntheticPool } from '../agent/testing';
import { readPriceCsv } from '../lib/data/node';
import { strategyFor } from '../lib/policy/registry';

const HOURS = 3000;
const argIdx = process.argv.indexOf('--iterations');
const N = argIdx > 0 ? Number(process.argv[argIdx + 1]) : 15;

const prices = readPriceCsv('data/prices/btcusd_1h_2018-05_2023-03.csv');
const start = prices.close.length - HOURS;
const scale = 0.1 / prices.close[start]!;
const closes = prices.close.slice(start).map((c) => c * scale);
const NOW = 1_800_000_000;
const artifact = findVolatilityArtifact(['public/models']);
if (!artifact) throw new Error('no volatility artifact in public/models');
const primary = await createMlForecaster(artifact);
const dir = mkdtempSync(path.join(os.tmpdir(), 'agent-bench-'));
const chain = new FakeChain(NOW, syntheticPool(NOW, HOURS, closes));
const agent = new Agent({
  chain,
  store: new AgentStore(path.join(dir, 'data'), path.join(dir, 'just')),
  forecasters: { primary, fallback: createHarFallback() },
  strategy: strategyFor('adaptive'),
  log: silentLogger,
  config: {
    chainId: 31337,
    governor: GOVERNOR,
    controller: CONTROLLER,
    intervalSeconds: 3600,
    horizonHours: 24,
    minHistoryHours: 24,
    execute: true,
  },
});

const times: number[] = [];
let model = '';
for (let i = 0; i <= N; i++) {
  chain.now = NOW + i * 3600; // a new epoch every iteration: every tick makes a full decision
  const t = performance.now();
  const r = await agent.tick();
  const ms = performance.now() - t;
  model = r.decided?.forecast?.modelVersion ?? model;
  if (i > 0)
    times.push(ms); // the first iteration also JIT-warms tfjs; reported separately
  else console.log(`first iteration (cold): ${ms.toFixed(0)} ms`);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)]!;
console.log(
  `agent loop iteration: median ${median.toFixed(0)} ms, p90 ${times[Math.floor(times.length * 0.9)]!.toFixed(0)} ms over ${times.length} (history ${HOURS} h, model ${model}, target ≤ 2000 ms)`,
);
rmSync(dir, { recursive: true, force: true });
primary.dispose();
if (median > 2000) process.exitCode = 1;
