import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readTextFile } from '../../data/node';
import { parseTextCsv } from '../../data/sentiment';
import { DataError } from '../../errors';
import { featurize, HASH_DIM, tokenize } from './featurize';
import { lexiconLabel } from './lexicon';
import { accuracy, classifyTexts, macroF1, sentimentSplit, trainSentimentModel } from './model';

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
    const features = ids.map((i) => featurize(corpus.text[i]!));
    const labels = ids.map((i) => corpus.label![i]!);
    const a = await trainSentimentModel(features, labels, { epochs: 1, seed: 5 });
    const b = await trainSentimentModel(features, labels, { epochs: 1, seed: 5 });
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
