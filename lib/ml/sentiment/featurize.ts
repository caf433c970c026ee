/**
 * Text → sparse hashed features: word unigrams and bigrams plus character 2–5-grams of the
 * normalised text, spaces included (so they span word boundaries: "ts up", "s dow"; and
 * "downgrades" shares evidence with "downgrade"). Features are hashed (FNV-1a) into HASH_DIM
 * buckets, so there is no vocabulary file to ship and unseen words still map somewhere.
 * Values are (1 + log count) · idf, L2-normalised per text; the idf (inverse document
 * frequency on the training tweets) travels with the model, quantised to one byte per bucket.
 *
 * Chosen by 5-fold cross-validation on the train + validation tweets (never the test split),
 * softmax regression, macro-F1 (exact vocabulary unless stated): word 1–2 + in-word char
 * 3–5-grams, no idf (the v1 features) 0.728; + idf 0.733; char 2–5-grams across the text
 * instead 0.745. Hashed with idf: 16,384 buckets 0.729, 65,536 0.744, 262,144 0.747 (4× the
 * weights for +0.3 points).
 */
export const HASH_DIM = 1 << 16;

export type SparseFeatures = { index: Int32Array; value: Float32Array };
/** Hashed feature counts of one text, before weighting. */
export type FeatureCounts = { index: Int32Array; count: Float32Array };

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

export function countFeatures(text: string): FeatureCounts {
  const tokens = tokenize(text);
  const counts = new Map<number, number>();
  const add = (key: string) => {
    const b = fnv1a(key) % HASH_DIM;
    counts.set(b, (counts.get(b) ?? 0) + 1);
  };
  for (let i = 0; i < tokens.length; i++) {
    add(`w:${tokens[i]}`);
    if (i + 1 < tokens.length) add(`b:${tokens[i]} ${tokens[i + 1]}`);
  }
  const joined = ` ${tokens.join(' ')} `;
  for (let n = 2; n <= 5; n++) for (let k = 0; k + n <= joined.length; k++) add(`c:${joined.slice(k, k + n)}`);
  if (tokens.length === 0) add('empty');
  return { index: Int32Array.from(counts.keys()), count: Float32Array.from(counts.values()) };
}

/** (1 + log count) · idf (1 where no idf is given), L2-normalised. */
export function weighFeatures(c: FeatureCounts, idf?: Float32Array): SparseFeatures {
  const value = new Float32Array(c.count.length);
  let norm = 0;
  for (let i = 0; i < value.length; i++) {
    const v = (1 + Math.log(c.count[i]!)) * (idf ? idf[c.index[i]!]! : 1);
    value[i] = v;
    norm += v * v;
  }
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < value.length; i++) value[i] = value[i]! / norm;
  return { index: c.index, value };
}

export function featurize(text: string, idf?: Float32Array): SparseFeatures {
  return weighFeatures(countFeatures(text), idf);
}

/** Smoothed inverse document frequency per bucket: ln((1 + n) / (1 + df)) + 1, over the given texts. */
export function fitIdf(counts: FeatureCounts[]): Float32Array {
  const df = new Float64Array(HASH_DIM);
  for (const c of counts) for (const i of c.index) df[i]!++;
  const n = counts.length;
  return quantiseIdf(Float32Array.from(df, (d) => Math.log((1 + n) / (1 + d)) + 1));
}

/**
 * The idf is stored as one byte per bucket: q = round((idf − 1) / IDF_STEP). Training uses the
 * dequantised values too, so the browser and the agent see exactly the features it was trained on.
 */
export const IDF_STEP = 1 / 16;

function quantiseIdf(idf: Float32Array): Float32Array {
  return idf.map((v) => 1 + Math.min(255, Math.max(0, Math.round((v - 1) / IDF_STEP))) * IDF_STEP);
}

export function encodeIdf(idf: Float32Array): string {
  const bytes = Uint8Array.from(idf, (v) => Math.min(255, Math.max(0, Math.round((v - 1) / IDF_STEP))));
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function decodeIdf(encoded: string): Float32Array {
  const binary = atob(encoded);
  if (binary.length !== HASH_DIM) throw new Error(`idf has ${binary.length} buckets, expected ${HASH_DIM}`);
  return Float32Array.from({ length: binary.length }, (_, i) => 1 + binary.charCodeAt(i) * IDF_STEP);
}

/** Dense [rows, HASH_DIM] matrix for inference (a handful of rows at a time). */
export function denseBatch(features: SparseFeatures[]): Float32Array {
  const x = new Float32Array(features.length * HASH_DIM);
  features.forEach((f, r) => {
    for (let i = 0; i < f.index.length; i++) x[r * HASH_DIM + f.index[i]!] = f.value[i]!;
  });
  return x;
}
