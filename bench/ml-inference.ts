// Median inference time per TF.js backend available in Node (cpu, wasm), for the published
// artifacts: one volatility forecast (network only, and the full forecastVolatility call with
// baselines and window calibration) and one sentiment classification.
// Run: npx tsx bench/ml-inference.ts
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { readPriceCsv } from '../lib/data/node';
import { modelFromMemory } from '../lib/ml/artifacts';
import { readCurrentArtifact } from '../lib/ml/artifacts-node';
import { FEATURE_COUNT } from '../lib/ml/features';
import { classifyTexts } from '../lib/ml/sentiment/model';
import { forecastVolatility, loadVolatilityModel } from '../lib/ml/volatility/index';

tf.env().set('PROD', true);
const REPS = 50;
const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
function time(fn: () => void) {
  fn(); // warm-up (kernel setup, first allocation)
  const t: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const s = performance.now();
    fn();
    t.push(performance.now() - s);
  }
  return median(t);
}

const vol = readCurrentArtifact('volatility');
const sent = readCurrentArtifact('sentiment');
if (!vol) throw new Error('no volatility artifact; run npm run train');
const prices = readPriceCsv('data/prices/btcusd_1h_2018-05_2023-03.csv');
const n = prices.close.length;
const short = { timestamp: prices.timestamp.slice(n - 1000), close: prices.close.slice(n - 1000) };
const long = { timestamp: prices.timestamp.slice(n - 3000), close: prices.close.slice(n - 3000) };

const forecasts: Record<string, number[]> = {};
console.log(
  `backend  network 1 row  forecastVolatility(1000 h)  forecastVolatility(3000 h, window-calibrated)  sentiment 1 text`,
);
for (const backend of ['cpu', 'wasm']) {
  await tf.setBackend(backend);
  await tf.ready();
  const vm = await loadVolatilityModel({ modelJson: vol.modelJson, weights: vol.weights });
  const x = tf.zeros([1, FEATURE_COUNT]);
  const net = time(() => tf.tidy(() => (vm.model.predict(x) as tf.Tensor).dataSync()));
  const f1 = time(() => forecastVolatility(vm, short));
  const f2 = time(() => forecastVolatility(vm, long));
  // Forecasts at 50 different hours, to compare backends (the "Verify" tolerance).
  forecasts[backend] = Array.from({ length: 50 }, (_, i) => {
    const end = n - i * 97;
    return forecastVolatility(vm, {
      timestamp: prices.timestamp.slice(end - 1000, end),
      close: prices.close.slice(end - 1000, end),
    }).rvNext;
  });
  let s = Number.NaN;
  if (sent) {
    const model = await modelFromMemory(sent.modelJson, sent.weights);
    s = time(() => classifyTexts(model, ['$BTC rallies as ETF inflows hit a record']));
    model.dispose();
  }
  x.dispose();
  vm.model.dispose();
  const ms = (v: number) => `${v.toFixed(2)} ms`;
  console.log(`${backend.padEnd(8)} ${ms(net).padEnd(14)} ${ms(f1).padEnd(27)} ${ms(f2).padEnd(47)} ${ms(s)}`);
}
const relative = forecasts.cpu!.map((v, i) => Math.abs(v - forecasts.wasm![i]!) / v);
console.log(
  `cpu vs wasm: max relative difference of rvNext over 50 windows = ${Math.max(...relative).toExponential(2)}`,
);
