import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readTextFile } from '../../data/node';
import { parseTextCsv } from '../../data/sentiment';
import { DataError } from '../../errors';
import {
  countFeatures,
  decodeIdf,
  encodeIdf,
  featurize,
  fitIdf,
  HASH_DIM,
  IDF_STEP,
  tokenize,
  weighFeatures,
} from './featurize';
import { lexiconLabel } from './lexicon';
import {
  accuracy,
  classifyTexts,
  macroF1,
  modelIdf,
  predictProbabilities,
  sentimentSplit,
  trainSentimentModel,
} from './model';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('sentiment CSV', () => {
  it('reads multi-line quoted tweets and maps labels', () => {
    const c = parseTextCsv('text,label\n"Stocks fall\non fears",0\nShares jump,1\n', 't.csv');
    expect(c.text).toEqual(['Stocks fall\non fears', 'Shares jump']);
    expect(c.line).toEqual([2, 4]);
    expect(c.label).toEqual([0, 1]);
  });

  it.each([
    ['label\n1\n', 'missing required column "text"', 1],
    ['text,label\nok,0\nbad,7\n', 'label "7" is not 0, 1 or 2', 3],
  ])('rejects %j with the line', (csv, message, line) => {
    try {
      parseTextCsv(csv, 'bad.csv');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DataError);
      expect((e as DataError).location.line).toBe(line);
      expect((e as Error).message).toContain(message);
    }
  });
});

describe('features and lexicon', () => {
  it('normalises URLs, tickers and numbers, and L2-normalises hashed counts', () => {
    expect(tokenize('$AAPL up 5% https://t.co/x')).toEqual(['tkr', 'up', 'num', 'pct']);
    const f = featurize('Shares jump after earnings beat');
    expect(Math.max(...f.index)).toBeLessThan(HASH_DIM);
    expect(f.value.reduce((s, v) => s + v * v, 0)).toBeCloseTo(1, 6);
    expect(featurize('Shares jump after earnings beat')).toEqual(f);
  });

  it('counts words, bigrams and char 2–5-grams across words, then weighs by idf', () => {
    const c = countFeatures('Up up');
    // " up up ": words "up"×2, bigram "up up", char n-grams of the 7-character string: 6+5+4+3 = 18
    // occurrences (some repeated: " u", "up", "p " twice each…).
    const total = c.count.reduce((s, v) => s + v, 0);
    expect(total).toBe(2 + 1 + 18);
    const idf = new Float32Array(HASH_DIM).fill(1);
    const i0 = c.index[0]!;
    idf[i0] = 3;
    const w = weighFeatures(c, idf);
    const raw = Array.from(c.count, (n, i) => (1 + Math.log(n)) * (c.index[i] === i0 ? 3 : 1));
    const norm = Math.hypot(...raw);
    expect(w.value[0]).toBeCloseTo(raw[0]! / norm, 6);
    expect(weighFeatures(c).value[0]).toBeCloseTo(
      (1 + Math.log(c.count[0]!)) / Math.hypot(...Array.from(c.count, (n) => 1 + Math.log(n))),
      6,
    );
  });

  it('fits a smoothed idf and round-trips it through one byte per bucket', () => {
    const counts = ['shares jump', 'shares fall', 'shares fall again'].map(countFeatures);
    const idf = fitIdf(counts);
    const shares = countFeatures('shares').index.find((i) => counts.every((c) => c.index.includes(i)))!;
    // In all 3 texts: ln(4/4) + 1 = 1; a bucket in no text: ln(4/1) + 1 ≈ 2.386 → nearest 1/16 step.
    expect(idf[shares]).toBe(1);
    const unseen = idf.findIndex((_, i) => counts.every((c) => !c.index.includes(i)));
    expect(Math.abs(idf[unseen]! - (Math.log(4) + 1))).toBeLessThanOrEqual(IDF_STEP / 2);
    expect(decodeIdf(encodeIdf(idf))).toEqual(idf);
    expect(() => decodeIdf(btoa('abc'))).toThrow(/3 buckets, expected 65536/);
  });

  it('scores finance words with negation', () => {
    expect(lexiconLabel('Shares surge after earnings beat').label).toBe('positive');
    expect(lexiconLabel('Analyst downgrades the stock, shares fall').label).toBe('negative');
    expect(lexiconLabel('Company to hold annual meeting').label).toBe('neutral');
    expect(lexiconLabel('Sales did not rise').label).toBe('negative');
  });

  it('computes accuracy and macro-F1 by hand', () => {
    const truth = [0, 0, 1, 1, 2, 2];
    const pred = [0, 1, 1, 1, 2, 0];
    expect(accuracy(truth, pred)).toBeCloseTo(4 / 6, 12);
    // F1: class0 tp1 fp1 fn1 → 0.5; class1 tp2 fp1 fn0 → 0.8; class2 tp1 fp0 fn1 → 2/3
    expect(macroF1(truth, pred)).toBeCloseTo((0.5 + 0.8 + 2 / 3) / 3, 12);
  });
});

describe('sentiment network', () => {
  it('trains deterministically on a small real slice and returns labels with scores in [-1, 1]', async () => {
    const corpus = parseTextCsv(readTextFile('data/sentiment/twitter_financial_news_train.csv'), 'tweets');
    const split = sentimentSplit(corpus.text.length);
    expect(new Set([...split.train, ...split.validation, ...split.test]).size).toBe(corpus.text.length);
    const ids = split.train.slice(0, 128);
    const counts = ids.map((i) => countFeatures(corpus.text[i]!));
    const idf = fitIdf(counts);
    const features = counts.map((c) => weighFeatures(c, idf));
    const labels = ids.map((i) => corpus.label![i]!);
    const a = await trainSentimentModel(features, labels, { epochs: 1, seed: 5, idf });
    const b = await trainSentimentModel(features, labels, { epochs: 1, seed: 5, idf });
    // classifyTexts weighs with the idf the model carries, exactly as in training.
    expect(modelIdf(a.model)).toEqual(idf);
    const p = predictProbabilities(a.model, [featurize('Shares jump', idf)])[0]!;
    expect(classifyTexts(a.model, ['Shares jump'])[0]!.probabilities).toEqual(Array.from(p));
    const ra = classifyTexts(a.model, ['Shares jump', 'Stock plunges on fraud probe']);
    const rb = classifyTexts(b.model, ['Shares jump', 'Stock plunges on fraud probe']);
    expect(ra).toEqual(rb);
    for (const r of ra) {
      expect(['positive', 'negative', 'neutral']).toContain(r.label);
      expect(r.score).toBeGreaterThanOrEqual(-1);
      expect(r.score).toBeLessThanOrEqual(1);
    }
    a.model.dispose();
    b.model.dispose();
  });
});
