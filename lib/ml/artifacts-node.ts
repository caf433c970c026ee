// Node-only: writes and reads artifacts under public/models (served as /models/... by Next.js).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelIndex, ModelJson } from './artifacts';
import { WEIGHTS_FILE } from './artifacts';

export const MODELS_DIR = 'public/models';
export const INDEX_FILE = 'index.json';

/** First 12 hex digits of sha256(model.json bytes ‖ weights): the version id and folder suffix. */
export function contentHash(modelJsonText: string, weights: Uint8Array): string {
  return createHash('sha256').update(modelJsonText).update(weights).digest('hex').slice(0, 12);
}

/**
 * Writes `<root>/<name>-<hash>/{model.json, weights.bin, version.json}` and points
 * `<root>/index.json` at it. The folder is written under a temporary name and renamed, so a
 * browser never sees half an artifact. Returns the version id and folder.
 */
export function writeArtifact(
  name: string,
  modelJson: ModelJson,
  weights: Uint8Array,
  record: Record<string, unknown>,
  root = MODELS_DIR,
): { version: string; dir: string; hash: string } {
  const modelText = `${JSON.stringify(modelJson)}\n`;
  const hash = contentHash(modelText, weights);
  const version = `${name}-${hash}`;
  const dir = join(root, version);
  const tmp = join(root, `.${version}.partial`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  writeFileSync(join(tmp, 'model.json'), modelText);
  writeFileSync(join(tmp, WEIGHTS_FILE), weights);
  writeFileSync(join(tmp, 'version.json'), `${JSON.stringify({ name, version, hash, ...record }, null, 2)}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  const index = readIndex(root);
  index.models[name] = { version, path: `/models/${version}/model.json`, hash, createdBy: 'lib/ml/cli/train.ts' };
  const indexTmp = join(root, `.${INDEX_FILE}.partial`);
  writeFileSync(indexTmp, `${JSON.stringify(index, null, 2)}\n`);
  renameSync(indexTmp, join(root, INDEX_FILE));
  return { version, dir, hash };
}

export function readIndex(root = MODELS_DIR): ModelIndex {
  const file = join(root, INDEX_FILE);
  if (!existsSync(file)) return { models: {} };
  return JSON.parse(readFileSync(file, 'utf8')) as ModelIndex;
}

/** The current artifact of `name` as in-memory bytes, or undefined if none was trained yet. */
export function readCurrentArtifact(name: string, root = MODELS_DIR) {
  const entry = readIndex(root).models[name];
  if (!entry) return undefined;
  const dir = join(root, entry.version);
  const modelJson = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as ModelJson;
  const weights = new Uint8Array(readFileSync(join(dir, WEIGHTS_FILE)));
  const record = JSON.parse(readFileSync(join(dir, 'version.json'), 'utf8')) as Record<string, unknown>;
  return { modelJson, weights, record, version: entry.version, dir };
}
