import { type Hex, keccak256, stringToBytes } from 'viem';

/**
 * Canonical JSON (RFC 8785 style): object keys sorted by UTF-16 code units, no whitespace,
 * numbers in ECMAScript's shortest round-trip form, bigints as decimal strings, `undefined`
 * members dropped. Two parties holding the same value get the same bytes, so the keccak256 of
 * those bytes (committed on-chain) can be checked by anyone who fetches the document.
 * Non-finite numbers are refused: a NaN in a justification is a bug, not something to hash.
 */
export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

function write(v: unknown, path: string): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(v)) throw new TypeError(`canonicalJson: ${path} is ${v}`);
      return JSON.stringify(Object.is(v, -0) ? 0 : v);
    case 'bigint':
      return JSON.stringify(v.toString());
    case 'string':
      return JSON.stringify(v);
    case 'object': {
      if (Array.isArray(v))
        return `[${v.map((x, i) => (x === undefined ? 'null' : write(x, `${path}[${i}]`))).join(',')}]`;
      const entries = Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => x !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${write(x, `${path}.${k}`)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: ${path} has unsupported type ${typeof v}`);
  }
}

/**
 * A copy of `value` with every non-finite number replaced by its name ("NaN", "Infinity",
 * "-Infinity"), for committing to inputs that were refused *because* they held such numbers.
 */
export function finiteForHash(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (Array.isArray(value)) return value.map(finiteForHash);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, finiteForHash(v)]));
  }
  return value;
}

/** keccak256 of the canonical JSON bytes (UTF-8): the commitment put on-chain. */
export function hashCanonical(value: unknown): { json: string; hash: Hex } {
  const json = canonicalJson(value);
  return { json, hash: keccak256(stringToBytes(json)) };
}

/** JSON.stringify replacer for log lines and records: bigints as decimal strings. */
export function bigintReplacer(_key: string, v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : v;
}
