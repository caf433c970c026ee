/**
 * What browser bundles get for `@tensorflow/tfjs` (next.config.ts aliases it under the `browser`
 * condition): tfjs-core with its chained tensor methods, tfjs-layers and the cpu backend —
 * everything the forecast worker needs for its first forecast, which runs on cpu while the
 * backends are still being measured. The WebGL backend (≈40% of the full bundle) is imported
 * by backend.ts only when WebGL is measured or forced, and wasm already was; the converter
 * (graph models), tfjs-data and the training gradients are not used in the browser at all.
 * Node keeps the full package. `tfjs-browser.test.ts` checks that every `tf.*` member used by
 * the browser-side modules is exported here.
 */
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import { version_cpu } from '@tensorflow/tfjs-backend-cpu';
import { version_core } from '@tensorflow/tfjs-core';
import { version_layers } from '@tensorflow/tfjs-layers';

export * from '@tensorflow/tfjs-backend-cpu';
export * from '@tensorflow/tfjs-core';
export * from '@tensorflow/tfjs-layers';

export const version = {
  'tfjs-core': version_core,
  'tfjs-backend-cpu': version_cpu,
  'tfjs-layers': version_layers,
  tfjs: version_core,
};
