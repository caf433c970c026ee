/**
 * JSON that keeps bigints: encoded as {"$bigint":"123"} and restored on parse. Used between the
 * app's API routes and its client components, so token amounts never lose precision.
 */
export function stringifyWithBigints(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? { $bigint: v.toString() } : v));
}

export function parseWithBigints<T = unknown>(text: string): T {
  return JSON.parse(text, (_key, v) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && keys[0] === '$bigint' && typeof v.$bigint === 'string' && /^-?\d+$/.test(v.$bigint)) {
        return BigInt(v.$bigint);
      }
    }
    return v;
  }) as T;
}
