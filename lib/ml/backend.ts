import * as tf from '@tensorflow/tfjs';

/**
 * Backend choice for Node and the browser. WebGL is preferred where it is real hardware,
 * but on software GL (SwiftShader) it is ~20× slower than wasm for models this small (see
 * TOOLCHAIN.md), so the decision is made by measuring: each available backend runs a tiny
 * warm-up shaped like the real work (a [1, 9]·[9, 16] dense layer), the first call (shader
 * compilation) is discarded, and the median of the next few decides.
 */
export type BackendName = 'webgl' | 'wasm' | 'cpu';

export type BackendChoice = {
  backend: BackendName;
  /** Median milliseconds of the warm-up per backend; `null` where the backend failed to start. */
  timings: Partial<Record<BackendName, number | null>>;
  /** Why each unavailable backend was skipped. */
  errors: Partial<Record<BackendName, string>>;
};

export type SelectBackendOptions = {
  /** Order of preference, also the tie-break order. Default: webgl, wasm, cpu. */
  candidates?: BackendName[];
  /** URL prefix (browser) where tfjs-backend-wasm's .wasm files are served, e.g. '/tfjs-wasm/'. */
  wasmPath?: string;
  /** Warm-up repetitions after the discarded first one. */
  repetitions?: number;
  /** A backend within this factor of the fastest counts as equal and wins by preference order. */
  tolerance?: number;
};

async function register(name: BackendName, wasmPath?: string) {
  if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (wasmPath) wasm.setWasmPaths(wasmPath);
  }
  if (name === 'webgl') {
    if (typeof document === 'undefined' && typeof OffscreenCanvas === 'undefined') {
      throw new Error('no WebGL in this environment');
    }
    // Browser bundles leave WebGL out of the first load (tfjs-browser.ts); Node already has it.
    await import('@tensorflow/tfjs-backend-webgl');
  }
}

/**
 * Starts one backend without measuring anything (for a forced backend, or a provisional first
 * forecast before the measurement has run); throws when it cannot start.
 */
export async function startBackend(name: BackendName, wasmPath?: string): Promise<void> {
  if (tf.getBackend() === name) return;
  await register(name, wasmPath);
  if (!(await tf.setBackend(name))) throw new Error(`${name}: setBackend returned false`);
  await tf.ready();
}

async function measure(repetitions: number): Promise<number> {
  const times: number[] = [];
  const x = tf.tidy(() => tf.ones([1, 9]));
  const w = tf.tidy(() => tf.fill([9, 16], 0.1));
  try {
    for (let i = 0; i <= repetitions; i++) {
      const start = performance.now();
      const y = tf.tidy(() => tf.relu(tf.matMul(x, w)).sum());
      await y.data(); // forces the GPU to finish; timing without a read-back would measure nothing
      y.dispose();
      if (i > 0) times.push(performance.now() - start);
    }
  } finally {
    x.dispose();
    w.dispose();
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** Measures the candidates, leaves the fastest active (tf.getBackend()) and reports why. */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendChoice> {
  const { candidates = ['webgl', 'wasm', 'cpu'], repetitions = 5, tolerance = 1.25 } = options;
  const timings: BackendChoice['timings'] = {};
  const errors: BackendChoice['errors'] = {};
  for (const name of candidates) {
    try {
      await register(name, options.wasmPath);
      if (!(await tf.setBackend(name))) throw new Error('setBackend returned false');
      await tf.ready();
      timings[name] = await measure(repetitions);
    } catch (e) {
      timings[name] = null;
      errors[name] = e instanceof Error ? e.message : String(e);
    }
  }
  const measured = candidates.filter((c) => typeof timings[c] === 'number');
  if (measured.length === 0) throw new Error(`no TF.js backend could start: ${JSON.stringify(errors)}`);
  const fastest = Math.min(...measured.map((c) => timings[c]!));
  const backend = measured.find((c) => timings[c]! <= fastest * tolerance)!;
  await tf.setBackend(backend);
  await tf.ready();
  return { backend, timings, errors };
}
