/**
 * Seeded pseudo-random numbers for the market simulation: the same seed gives the same market.
 *
 * Generator: sfc32 (Small Fast Counter, Chris Doty-Humphrey; passes PractRand), seeded through
 * a 32-bit string hash so any text seed works. `fork(label)` derives an independent stream from
 * the parent seed and a label, never from how far the parent has advanced — so hour 100's plan
 * depends only on (seed, 100), and adding an actor never reshuffles the others.
 */
export type Rng = {
  readonly seed: string;
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer uniform in [min, max] (inclusive). */
  int(min: number, max: number): number;
  /** true with probability p. */
  chance(p: number): boolean;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Uniform in [min, max). */
  uniform(min: number, max: number): number;
  /** One element, uniformly; throws on an empty array. */
  pick<T>(items: readonly T[]): T;
  /** k distinct elements (k ≤ length), in random order. */
  sample<T>(items: readonly T[], k: number): T[];
  /** An independent stream named `label`. */
  fork(label: string | number): Rng;
};

/** cyrb53-style string hash to four 32-bit words. */
function hashSeed(text: string): [number, number, number, number] {
  let h1 = 0xdeadbeef ^ text.length;
  let h2 = 0x41c6ce57 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [h1 >>> 0, h2 >>> 0, (h1 ^ h2) >>> 0, (h1 + h2) >>> 0];
}

export function createRng(seed: string | number): Rng {
  const seedText = String(seed);
  let [a, b, c, d] = hashSeed(seedText);
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // Discard the first outputs: sfc32 needs a few rounds to mix a weak seed.
  for (let i = 0; i < 12; i++) next();

  const rng: Rng = {
    seed: seedText,
    next,
    int(min, max) {
      if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max < min) {
        throw new RangeError(`int(${min}, ${max}): need integers with min <= max`);
      }
      return min + Math.floor(next() * (max - min + 1));
    },
    chance: (p) => next() < p,
    normal() {
      // 1 − u is in (0, 1], so the log is finite.
      const u = 1 - next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    uniform: (min, max) => min + (max - min) * next(),
    pick(items) {
      if (items.length === 0) throw new RangeError('pick from an empty array');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    sample(items, k) {
      if (k > items.length) throw new RangeError(`sample ${k} of ${items.length}`);
      const copy = [...items];
      for (let i = 0; i < k; i++) {
        const j = i + Math.floor(next() * (copy.length - i));
        [copy[i], copy[j]] = [copy[j] as (typeof copy)[number], copy[i] as (typeof copy)[number]];
      }
      return copy.slice(0, k);
    },
    fork: (label) => createRng(`${seedText}/${label}`),
  };
  return rng;
}
