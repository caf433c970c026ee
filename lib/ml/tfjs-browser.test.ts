import { readFileSync } from 'node:fs';
import * as fullTf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import * as browserTf from './tfjs-browser';

/** Modules that run in the browser (the forecast worker and the documented browser entry points). */
const BROWSER_MODULES = [
  'lib/ml/worker.ts',
  'lib/ml/backend.ts',
  'lib/ml/artifacts.ts',
  'lib/ml/volatility/index.ts',
  'lib/ml/volatility/train.ts',
  'lib/ml/volatility/model.ts',
  'lib/ml/sentiment/model.ts',
];

describe('browser TF.js (the @tensorflow/tfjs alias of browser bundles)', () => {
  it('exports every tf.* member the browser-side modules use', () => {
    const used = new Set<string>();
    for (const file of BROWSER_MODULES) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\btf\.([A-Za-z_]\w*)/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(20);
    // Type-only names (tf.Tensor2D, tf.Scalar) are runtime exports of neither.
    const runtime = [...used].filter((name) => name in fullTf);
    expect(runtime.length).toBeGreaterThan(20);
    const missing = runtime.filter((name) => !(name in browserTf));
    expect(missing).toEqual([]);
  });

  it('registers the cpu backend itself and reports a version', () => {
    expect(browserTf.findBackendFactory('cpu')).toBeTypeOf('function');
    expect(browserTf.version.tfjs).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
