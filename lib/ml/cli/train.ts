// `train [--only volatility|sentiment]` — regenerates the published artifacts under
// public/models (deterministic: same data + same code → same weights → same content hash).
// Volatility trains on the cpu backend; sentiment on wasm (≈3× faster for its 16384×24 layer).
import * as tf from '@tensorflow/tfjs';
import { readPriceCsv, readTextFile } from '../../data/node';
import { parseTextCsv } from '../../data/sentiment';
import { captureModel } from '../artifacts';
import { writeArtifact } from '../artifacts-node';
import { volSeries } from '../features';
import { countFeatures, fitIdf, weighFeatures } from '../sentiment/featurize';
import { lexiconLabel } from '../sentiment/lexicon';
import {
  accuracy,
  macroF1,
  predictClasses,
  sentimentMeta,
  sentimentSplit,
  trainSentimentModel,
} from '../sentiment/model';
import { splitHours, TRAIN_END, VALIDATION_END } from '../volatility/splits';
import { trainStaticVolatility } from '../volatility/static';
import { isMainModule, parseArgs, runCli, setNodeBackend } from './common';

export const HOURLY_PRICES = 'data/prices/btcusd_1h_2018-05_2023-03.csv';
export const TWEETS = 'data/sentiment/twitter_financial_news_train.csv';

const iso = (t: number) => new Date(t * 1000).toISOString();

async function trainVolatility() {
  await setNodeBackend('cpu');
  const prices = readPriceCsv(HOURLY_PRICES);
  const s = volSeries(prices.timestamp, prices.close);
  const { vm, trained, metrics, spans } = await trainStaticVolatility(s);
  const { modelJson, weights } = await captureModel(vm.model, { volatility: vm.meta });
  const record = {
    task: 'volatility: RV of the next 24 hourly log returns, with 80%/95% intervals',
    data: { file: HOURLY_PRICES, from: iso(prices.timestamp[0]!), to: iso(prices.timestamp.at(-1)!) },
    splits: {
      trainEnd: iso(TRAIN_END),
      validationEnd: iso(VALIDATION_END),
      train: { from: iso(spans.train.from), to: iso(spans.train.to), hours: spans.train.hours },
      validation: { from: iso(spans.validation.from), to: iso(spans.validation.to), hours: spans.validation.hours },
      test: { from: iso(spans.test.from), to: iso(spans.test.to), hours: splitHours(s, 'test').length },
    },
    served: vm.meta.served,
    metrics,
    training: {
      backend: tf.getBackend(),
      ms: Math.round(trained.trainingMs),
      bestEpoch: trained.bestEpoch,
      epochs: trained.epochsRun,
    },
    tfjs: tf.version.tfjs,
  };
  const out = writeArtifact('volatility', modelJson, weights, record);
  vm.model.dispose();
  console.log(
    `volatility → ${out.dir} (served: ${vm.meta.served}; test QLIKE ${metrics.test.served.qlike.toFixed(4)})`,
  );
}

async function trainSentiment() {
  await setNodeBackend('wasm');
  const corpus = parseTextCsv(readTextFile(TWEETS), TWEETS);
  const labels = corpus.label!;
  const counts = corpus.text.map(countFeatures);
  const split = sentimentSplit(corpus.text.length);
  // Document frequencies from the training tweets only.
  const idf = fitIdf(split.train.map((i) => counts[i]!));
  const features = counts.map((c) => weighFeatures(c, idf));
  const pick = (ix: number[]) => ({ features: ix.map((i) => features[i]!), labels: ix.map((i) => labels[i]!) });
  const train = pick(split.train);
  const validation = pick(split.validation);
  const test = pick(split.test);
  const result = await trainSentimentModel(train.features, train.labels, { validation, idf });
  const pred = predictClasses(result.model, test.features);
  const lex = split.test.map((i) => ['negative', 'positive', 'neutral'].indexOf(lexiconLabel(corpus.text[i]!).label));
  const metrics = {
    test: {
      rows: test.labels.length,
      model: { accuracy: accuracy(test.labels, pred), macroF1: macroF1(test.labels, pred) },
      lexicon: { accuracy: accuracy(test.labels, lex), macroF1: macroF1(test.labels, lex) },
    },
    validation: { macroF1: result.validationMacroF1 },
  };
  const { modelJson, weights } = await captureModel(result.model, { sentiment: sentimentMeta(idf) });
  const out = writeArtifact('sentiment', modelJson, weights, {
    task: 'sentiment of financial tweets: negative / positive / neutral, score = P(pos) - P(neg)',
    data: { file: TWEETS, rows: corpus.text.length, split: '80/10/10 seeded permutation (sentimentSplit)' },
    metrics,
    training: { backend: tf.getBackend(), ms: Math.round(result.trainingMs), bestEpoch: result.bestEpoch },
    tfjs: tf.version.tfjs,
  });
  result.model.dispose();
  console.log(
    `sentiment → ${out.dir} (test macro-F1 ${metrics.test.model.macroF1.toFixed(3)}, lexicon ${metrics.test.lexicon.macroF1.toFixed(3)})`,
  );
}

// Only when run as the command: evaluate.ts imports HOURLY_PRICES/TWEETS from here, and an
// unguarded top level made every `npm run evaluate` retrain (and rewrite) the artifacts first.
if (isMainModule(import.meta.url)) {
  await runCli(async () => {
    const args = parseArgs(process.argv.slice(2), ['only']);
    const only = args.values.get('only');
    if (!only || only === 'volatility') await trainVolatility();
    if (!only || only === 'sentiment') await trainSentiment();
  });
}
