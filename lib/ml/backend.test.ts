import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectBackend } from './backend';

describe('selectBackend', () => {
  it('measures what can start, skips what cannot, and leaves the chosen backend active', async () => {
    tf.env().set('PROD', true);
    const choice = await selectBackend({ repetitions: 3 });
    // Node has no WebGL: it is reported as unavailable with a reason, not thrown.
    expect(choice.timings.webgl).toBeNull();
    expect(choice.errors.webgl).toMatch(/WebGL/);
    expect(typeof choice.timings.wasm).toBe('number');
    expect(typeof choice.timings.cpu).toBe('number');
    expect(['wasm', 'cpu']).toContain(choice.backend);
    expect(tf.getBackend()).toBe(choice.backend);
  });
});
