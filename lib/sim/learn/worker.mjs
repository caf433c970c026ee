// Worker-thread entry of `train:policy`. Node's worker threads do not inherit tsx's loader hooks
// (Node 20), so each worker registers tsx itself before loading the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
