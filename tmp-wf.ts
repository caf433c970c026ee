import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { readPriceCsv } from './lib/data/node';
import { volSeries, futureVol, HORIZON_HOURS } from './lib/ml/features';
import { walkForward } from './lib/ml/volatility/walkforward';
import { CANDIDATES } from './lib/ml/volatility/candidates';
import { VALIDATION_END } from './lib/ml/volatility/splits';
import { qlikeVol } from './lib/ml/stats';
await tf.setBackend(process.argv[2] ?? 'cpu');
const p = readPriceCsv('data/prices/btcusd_1h_2018-05_2023-03.csv');
const s = volSeries(p.timestamp, p.close);
const t0 = performance.now();
const rows = await walkForward(s);
console.log('rows', rows.length, 'ms', performance.now() - t0);
const test = rows.filter(r => r.timestamp >= VALIDATION_END && r.t + HORIZON_HOURS < s.n);
const out: Record<string, number> = {}; let c80=0,c95=0; const servedCount: Record<string, number> = {};
for (const r of test) { const y = futureVol(s.sumSq, r.t); for (const c of CANDIDATES) out[c] = (out[c]??0) + qlikeVol(y, r.candidates[c]!)/test.length; out.served=(out.served??0)+qlikeVol(y,r.rvNext)/test.length; if (y>=r.lower80&&y<=r.upper80) c80++; if (y>=r.lower95&&y<=r.upper95) c95++; servedCount[r.served]=(servedCount[r.served]??0)+1; }
console.log(out, c80/test.length, c95/test.length, servedCount);
