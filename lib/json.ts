/**
 * JSON that keeps bigints: encoded as {"$bigint":"123"} and restored on parse. Used between the
 * app's API routes and its client components, so token amounts never lose precision.
 */
export function stringifyWithBigints(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? { $bigint: v.toString() } : v));
}

/**
 * The inverse of stringifyWithBigints. A plain JSON.parse, then one pass that swaps the
 * {"$bigint"} wrappers for bigints, only when the text has any: a JSON.parse reviver is called
 * for every value, which made the app's polled responses (thousands of numbers in a chart's
 * history) several times slower to read on the main thread.
 */
export function parseWithBigints<T = unknown>(text: string): T {
  const value: unknown = JSON.parse(text);
  return (text.includes('"$bigint"') ? reviveBigints(value) : value) as T;
}

function reviveBigints(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const a = v as unknown[];
    for (let i = 0; i < a.length; i++) a[i] = reviveBigints(a[i]);
    return a;
  }
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 1 && keys[0] === '$bigint' && typeof o.$bigint === 'string' && /^-?\d+$/.test(o.$bigint)) {
    return BigInt(o.$bigint);
  }
  for (const k of keys) {
    const before = o[k];
    const after = reviveBigints(before);
    // defineProperty, not assignment: a key named "__proto__" (an own property after JSON.parse)
    // must stay a plain property.
    if (after !== before)
      Object.defineProperty(o, k, { value: after, writable: true, enumerable: true, configurable: true });
  }
  return o;
}
