/**
 * The production build, built once and reused until its sources change.
 *
 * `npm start` serves the optimised app (what every measured figure is for). A `next build` costs
 * minutes on two cores, so a build is kept with a fingerprint of everything that goes into it
 * (app, components, lib, public, the configs and the lockfile: file paths and contents hashed)
 * and rebuilt only when the fingerprint differs. Generated or per-run files that the app reads at
 * run time (deployments, .homeostat) are not part of it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Folders and files a production build depends on, relative to the repository root. */
export const BUILD_INPUTS = [
  'app',
  'components',
  'lib',
  'public',
  'next.config.ts',
  'postcss.config.mjs',
  'tsconfig.json',
  'proxy.ts',
  'package-lock.json',
] as const;

/** Files inside the inputs that never change what `next build` emits (tests, docs). */
const IGNORED = /(\.test\.tsx?|README\.md)$/;

const FINGERPRINT_FILE = 'homeostat-build-fingerprint';

function walk(root: string, rel: string, out: string[]) {
  const abs = path.join(root, rel);
  if (!existsSync(abs)) return;
  const st = statSync(abs);
  if (st.isFile()) {
    if (!IGNORED.test(rel)) out.push(rel);
    return;
  }
  if (!st.isDirectory()) return;
  for (const name of readdirSync(abs).sort()) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    walk(root, path.join(rel, name), out);
  }
}

/** SHA-256 over the sorted input paths and their contents (hex). */
export function sourceFingerprint(root: string, inputs: readonly string[] = BUILD_INPUTS): string {
  const files: string[] = [];
  for (const input of inputs) walk(root, input, files);
  const hash = createHash('sha256');
  for (const rel of files.sort()) {
    hash.update(rel.split(path.sep).join('/'));
    hash.update('\0');
    hash.update(readFileSync(path.join(root, rel)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** The dist folder (NEXT_DIST_DIR, as next.config.ts reads it). */
export function distDir(root: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(root, env.NEXT_DIST_DIR ?? '.next');
}

/** True when `dist` holds a complete build made from exactly these sources. */
export function buildIsCurrent(root: string, dist: string): boolean {
  const file = path.join(dist, FINGERPRINT_FILE);
  if (!existsSync(path.join(dist, 'BUILD_ID')) || !existsSync(file)) return false;
  return readFileSync(file, 'utf8').trim() === sourceFingerprint(root);
}

/** Records that the build in `dist` was made from `fingerprint` (taken before the build started). */
export function markBuilt(dist: string, fingerprint: string) {
  writeFileSync(path.join(dist, FINGERPRINT_FILE), `${fingerprint}\n`);
}
