/**
 * Text → sparse hashed features: word unigrams and bigrams plus character 3–5-grams of each
 * word (fastText-style sub-words, so "downgrades" shares evidence with "downgrade"). Features
 * are hashed (FNV-1a) into HASH_DIM buckets, so there is no vocabulary file to ship and unseen
 * words still map somewhere. Values are log(1+count), L2-normalised per text.
 */
export const HASH_DIM = 1 << 14;

export type SparseFeatures = { index: Int32Array; value: Float32Array };

/** Lower-cases and replaces what carries no sentiment but a lot of variety (URLs, tickers, numbers). */
export function normaliseText(text: string): string {
  return text
    .toLowerCase()
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/\$[a-z][a-z.]{0,6}\b/g, ' tkr ')
    .replace(/[+-]?\d+(?:[.,]\d+)*/g, (n) =>
      n.startsWith('-') ? ' minusnum ' : n.startsWith('+') ? ' plusnum ' : ' num ',
    )
    .replace(/%/g, ' pct ');
}

export function tokenize(text: string): string[] {
  return normaliseText(text).match(/[a-z][a-z'&-]*/g) ?? [];
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function featurize(text: string): SparseFeatures {
  const tokens = tokenize(text);
  const counts = new Map<number, number>();
  const add = (key: string) => {
    const b = fnv1a(key) % HASH_DIM;
    counts.set(b, (counts.get(b) ?? 0) + 1);
  };
  for (let i = 0; i < tokens.length; i++) {
    const w = tokens[i]!;
    add(`w:${w}`);
    if (i + 1 < tokens.length) add(`b:${w} ${tokens[i + 1]}`);
    const padded = `<${w}>`;
    for (let n = 3; n <= 5; n++) for (let k = 0; k + n <= padded.length; k++) add(`c:${padded.slice(k, k + n)}`);
  }
  if (counts.size === 0) add('empty');
  const index = Int32Array.from(counts.keys());
  const value = Float32Array.from(counts.values(), (c) => Math.log1p(c));
  let norm = 0;
  for (const v of value) norm += v * v;
  norm = Math.sqrt(norm);
  for (let i = 0; i < value.length; i++) value[i] = value[i]! / norm;
  return { index, value };
}

/** Dense [rows, HASH_DIM] matrix for inference (a handful of rows at a time). */
export function denseBatch(features: SparseFeatures[]): Float32Array {
  const x = new Float32Array(features.length * HASH_DIM);
  features.forEach((f, r) => {
    for (let i = 0; i < f.index.length; i++) x[r * HASH_DIM + f.index[i]!] = f.value[i]!;
  });
  return x;
}
