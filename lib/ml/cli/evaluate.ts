// `evaluate [--json out.json] [--no-model]` — the evaluation table on the bundled real data:
// volatility (walk-forward, scored on the time-ordered test split), the published artifact,
// sentiment vs the lexicon baseline, anomaly detection on injected events, liquidity depth.
import { writeFileSync } from 'node:fs';
import { readPriceCsv, readTextFile } from '../../data/node';
import { parseTextCsv } from '../../data/sentiment';
import { detectAnomalies } from '../anomalies/detector';
import { injectAnomalies, scoreDetections } from '../anomalies/inject';
import { modelFromMemory } from '../artifacts';
import { readCurrentArtifact } from '../artifacts-node';
import { futureVol, HORIZON_HOURS, type VolSeries } from '../features';
import { depthFromTvl } from '../liquidity/depth';
import { forecastDepthSeries, scoreDepthForecasts } from '../liquidity/forecast';
import { parsePoolDaysCsv } from '../liquidity/pools';
import { featurize } from '../sentiment/featurize';
import { lexiconLabel } from '../sentiment/lexicon';
import { accuracy, macroF1, modelIdf, predictClasses, sentimentSplit } from '../sentiment/model';
import { mean, qlikeVol, squaredError } from '../stats';
import { BASELINES, CANDIDATES } from '../volatility/candidates';
import { loadVolatilityModel, staticCandidates } from '../volatility/index';
import { splitHours, TRAIN_END, VALIDATION_END } from '../volatility/splits';
import { walkForward } from '../volatility/walkforward';
import { parseArgs, runCli, setNodeBackend } from './common';
import { volSeriesFromPrices } from './forecast';
import { HOURLY_PRICES, TWEETS } from './train';

export const UNISWAP_POOLS = 'data/liquidity/uniswap_v3_8pools_daily_2021-05_2025-12.csv';
/** The pool whose TVL becomes the liquidity column of the anomaly benchmark (WBTC/USDT 0.3%). */
const ANOMALY_POOL_PAIR = 'WBTC/USDT';

const day = (t: number) => new Date(t * 1000).toISOString().slice(0, 10);
const f4 = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : '   n/a');
const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : 'n/a');
const pad = (s: string, n: number) => s.padEnd(n);

function volTable(title: string, s: VolSeries, rows: { t: number; f: Record<string, number | undefined> }[]) {
  const names = ['served', ...CANDIDATES];
  const y = rows.map((r) => futureVol(s.sumSq, r.t));
  const stats = Object.fromEntries(
    names.map((n) => [
      n,
      {
        qlike: mean(rows.map((r, i) => qlikeVol(y[i]!, r.f[n]!))),
        // MSE of the 24h RV in squared percentage points (RV 0.03 = 3%).
        mse: mean(rows.map((r, i) => squaredError(100 * y[i]!, 100 * r.f[n]!))),
      },
    ]),
  ) as Record<string, { qlike: number; mse: number }>;
  const bestBaseline = Math.min(...BASELINES.map((b) => stats[b]!.qlike));
  console.log(`\n${title}`);
  console.log(`  ${pad('forecast', 13)} ${pad('QLIKE', 8)} ${pad('MSE (pp²)', 10)} QLIKE / best baseline`);
  for (const n of names) {
    const m = stats[n]!;
    console.log(`  ${pad(n, 13)} ${f4(m.qlike)}   ${f4(m.mse).padStart(7)}    ${(m.qlike / bestBaseline).toFixed(3)}`);
  }
  return { stats, bestBaseline };
}

async function evaluateVolatility(useModel: boolean) {
  await setNodeBackend('cpu');
  const prices = readPriceCsv(HOURLY_PRICES);
  const s = volSeriesFromPrices(prices, HOURLY_PRICES);
  const started = performance.now();
  const rows = await walkForward(s, { useModel });
  const seconds = (performance.now() - started) / 1000;
  const scored = (from: number, to: number) =>
    rows.filter((r) => r.timestamp >= from && s.timestamp[r.t + HORIZON_HOURS] !== undefined && r.timestamp < to);
  const out: Record<string, unknown> = { walkForwardSeconds: seconds };
  console.log(`VOLATILITY — target RV of the next 24 hourly log returns; data ${HOURLY_PRICES}`);
  console.log(
    `walk-forward over ${s.n} hours in ${seconds.toFixed(1)} s (refit baselines every 30 d, network every 90 d)`,
  );
  for (const [name, from, to] of [
    ['validation', TRAIN_END, VALIDATION_END],
    ['test', VALIDATION_END, Number.POSITIVE_INFINITY],
  ] as const) {
    const part = scored(from, to);
    const table = volTable(
      `walk-forward, ${name} split ${day(part[0]!.timestamp)} → ${day(part[part.length - 1]!.timestamp)} (${part.length} hours)`,
      s,
      part.map((r) => ({ t: r.t, f: { served: r.rvNext, ...r.candidates } })),
    );
    const y = part.map((r) => futureVol(s.sumSq, r.t));
    const c80 = mean(part.map((r, i) => (y[i]! >= r.lower80 && y[i]! <= r.upper80 ? 1 : 0)));
    const c95 = mean(part.map((r, i) => (y[i]! >= r.lower95 && y[i]! <= r.upper95 ? 1 : 0)));
    const servedBy: Record<string, number> = {};
    for (const r of part) servedBy[r.served] = (servedBy[r.served] ?? 0) + 1;
    console.log(`  interval coverage: 80% band ${pct(c80)}, 95% band ${pct(c95)}; served: ${JSON.stringify(servedBy)}`);
    out[name] = { ...table, coverage80: c80, coverage95: c95, servedBy, hours: part.length };
  }
  const artifact = readCurrentArtifact('volatility');
  if (artifact && useModel) {
    const vm = await loadVolatilityModel({ modelJson: artifact.modelJson, weights: artifact.weights });
    const test = splitHours(s, 'test');
    const forecasts = staticCandidates(vm, s, test);
    const table = volTable(
      `published artifact ${artifact.version} (trained on train, selected/calibrated on validation), test split`,
      s,
      Array.from(test, (t, i) => ({ t, f: { served: forecasts[i]![vm.meta.served], ...forecasts[i]! } })),
    );
    out.artifact = { version: artifact.version, served: vm.meta.served, ...table };
    vm.model.dispose();
  }
  return out;
}

async function evaluateSentiment() {
  await setNodeBackend('wasm');
  const artifact = readCurrentArtifact('sentiment');
  const corpus = parseTextCsv(readTextFile(TWEETS), TWEETS);
  const split = sentimentSplit(corpus.text.length);
  const truth = split.test.map((i) => corpus.label![i]!);
  const lex = split.test.map((i) => ['negative', 'positive', 'neutral'].indexOf(lexiconLabel(corpus.text[i]!).label));
  console.log(`\nSENTIMENT — ${TWEETS}, seeded 80/10/10 split, ${truth.length} held-out tweets`);
  const result: Record<string, unknown> = { lexicon: { accuracy: accuracy(truth, lex), macroF1: macroF1(truth, lex) } };
  if (artifact) {
    const model = await modelFromMemory(artifact.modelJson, artifact.weights);
    const idf = modelIdf(model);
    const pred = predictClasses(
      model,
      split.test.map((i) => featurize(corpus.text[i]!, idf)),
    );
    model.dispose();
    result.model = { version: artifact.version, accuracy: accuracy(truth, pred), macroF1: macroF1(truth, pred) };
    console.log(
      `  model   ${artifact.version}: accuracy ${pct(accuracy(truth, pred))}, macro-F1 ${f4(macroF1(truth, pred))}`,
    );
  } else {
    console.log('  model: no artifact (run `npm run train`)');
  }
  console.log(`  lexicon baseline: accuracy ${pct(accuracy(truth, lex))}, macro-F1 ${f4(macroF1(truth, lex))}`);
  return result;
}

function evaluateAnomalies() {
  const prices = readPriceCsv(HOURLY_PRICES);
  const pools = parsePoolDaysCsv(readTextFile(UNISWAP_POOLS), UNISWAP_POOLS);
  const pool = pools
    .filter((p) => p.pair === ANOMALY_POOL_PAIR)
    .sort((a, b) => b.timestamp.length - a.timestamp.length)[0]!;
  // Hourly liquidity: log-linear interpolation of the pool's daily TVL (real data, smoothed so the
  // day boundaries do not look like one-hour drains). Only the overlap with the BTC series is used.
  const start = prices.timestamp.findIndex((t) => t >= pool.timestamp[0]!);
  const idx = { t: [] as number[], p: [] as number[], v: [] as number[], l: [] as number[] };
  let d = 0;
  for (let i = start; i < prices.timestamp.length; i++) {
    const t = prices.timestamp[i]!;
    while (d + 1 < pool.timestamp.length && pool.timestamp[d + 1]! <= t) d++;
    if (d + 1 >= pool.timestamp.length) break;
    const w = (t - pool.timestamp[d]!) / (pool.timestamp[d + 1]! - pool.timestamp[d]!);
    const lt = (1 - w) * Math.log(Math.max(pool.tvlUsd[d]!, 1)) + w * Math.log(Math.max(pool.tvlUsd[d + 1]!, 1));
    idx.t.push(t);
    idx.p.push(prices.close[i]!);
    idx.v.push(prices.volume![i]!);
    idx.l.push(Math.exp(lt));
  }
  const base = { timestamp: idx.t, price: idx.p, volume: idx.v, liquidity: idx.l };
  const injected = injectAnomalies(base, { perKind: 50 });
  const scores = detectAnomalies(injected);
  const metrics = scoreDetections(injected.label, scores);
  const clean = detectAnomalies(base).filter((s) => s.flag).length;
  console.log(
    `\nANOMALIES — BTC hourly ${day(idx.t[0]!)} → ${day(idx.t[idx.t.length - 1]!)} (${idx.t.length} h) with ${pool.pair} TVL as liquidity;`,
  );
  console.log('  events *injected* into the real series (labels exist only for these), 50 per kind:');
  console.log(`  ${pad('kind', 16)} ${pad('recall', 8)} ${pad('precision', 10)} right kind`);
  for (const [k, m] of Object.entries(metrics.perKind)) {
    console.log(`  ${pad(k, 16)} ${pad(pct(m.recall), 8)} ${pad(pct(m.precision), 10)} ${pct(m.kindAccuracy)}`);
  }
  console.log(
    `  flags on un-injected hours: ${metrics.falseFlags} of ${metrics.cleanHours} (${pct(metrics.falseFlagRate)}); on the raw series: ${clean} flags`,
  );
  return { ...metrics, rawSeriesFlags: clean, hours: idx.t.length };
}

function evaluateLiquidity() {
  const pools = parsePoolDaysCsv(readTextFile(UNISWAP_POOLS), UNISWAP_POOLS);
  console.log('\nLIQUIDITY DEPTH ±2% (constant-product from TVL), next-day forecast, all days after a 120-day warm-up');
  console.log(
    `  ${pad('pool', 26)} ${pad('days', 6)} ${pad('MAE log model', 14)} ${pad('MAE log persist.', 17)} cover80 cover95`,
  );
  const out: Record<string, unknown>[] = [];
  for (const p of pools) {
    const actual = new Map(p.timestamp.map((t, i) => [t, depthFromTvl(p.tvlUsd[i]!).total]));
    const m = scoreDepthForecasts(forecastDepthSeries(p.timestamp, p.tvlUsd), actual);
    const name = `${p.pair} ${p.pool.slice(0, 8)}`;
    console.log(
      `  ${pad(name, 26)} ${pad(String(m.n), 6)} ${pad(f4(m.maeLogModel), 14)} ${pad(f4(m.maeLogPersistence), 17)} ${pad(pct(m.coverage80), 7)} ${pct(m.coverage95)}`,
    );
    out.push({ pool: p.pool, pair: p.pair, ...m });
  }
  return out;
}

await runCli(async () => {
  const args = parseArgs(process.argv.slice(2), ['json', 'only'], ['no-model']);
  const only = args.values.get('only');
  const report: Record<string, unknown> = {};
  if (!only || only === 'volatility') report.volatility = await evaluateVolatility(!args.flags.has('no-model'));
  if (!only || only === 'sentiment') report.sentiment = await evaluateSentiment();
  if (!only || only === 'anomalies') report.anomalies = evaluateAnomalies();
  if (!only || only === 'liquidity') report.liquidity = evaluateLiquidity();
  const json = args.values.get('json');
  if (json) writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
});
