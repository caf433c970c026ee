/**
 * Copies TF.js's WebAssembly binaries from node_modules to public/tfjs-wasm/ so the browser's
 * wasm backend can fetch them same-origin (CSP connect-src 'self'). Copied rather than committed:
 * the binaries (≈1.2 MB) must match the installed @tensorflow/tfjs-backend-wasm JS glue exactly,
 * and a copy made from node_modules at build time cannot drift from it. Idempotent; run by
 * `npm start` / `npm test` before `next build`.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

export function copyWasm(root = process.cwd()): string[] {
  const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json', { paths: [root] }));
  const from = path.join(dist, 'dist');
  const to = path.join(root, 'public', 'tfjs-wasm');
  mkdirSync(to, { recursive: true });
  const copied: string[] = [];
  for (const name of readdirSync(from).filter((n) => n.endsWith('.wasm'))) {
    const src = path.join(from, name);
    const dst = path.join(to, name);
    let same = false;
    try {
      same = statSync(dst).size === statSync(src).size && readFileSync(dst).equals(readFileSync(src));
    } catch {}
    if (!same) {
      copyFileSync(src, dst);
      copied.push(name);
    }
  }
  return copied;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const copied = copyWasm();
  console.log(copied.length ? `copy-wasm: ${copied.join(', ')} → public/tfjs-wasm/` : 'copy-wasm: up to date');
}
