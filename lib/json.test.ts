import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseWithBigints, stringifyWithBigints } from './json';

describe('bigint JSON', () => {
  it('round-trips bigints beyond 2^53 and leaves other values alone', () => {
    const value = { a: 2n ** 200n, b: [-5n, 1.5, 'x'], c: { $bigint: 'not-a-number' }, d: null };
    expect(parseWithBigints(stringifyWithBigints(value))).toEqual(value);
  });

  it('restores bigints at the top level, in arrays of arrays and deep in objects', () => {
    expect(parseWithBigints('{"$bigint":"-12"}')).toBe(-12n);
    expect(parseWithBigints('[[{"$bigint":"1"}],{"x":{"y":[{"$bigint":"2"}]}}]')).toEqual([[1n], { x: { y: [2n] } }]);
  });

  it('keeps objects that only look like wrappers', () => {
    expect(parseWithBigints('{"$bigint":"1","other":2}')).toEqual({ $bigint: '1', other: 2 });
    expect(parseWithBigints('{"$bigint":1}')).toEqual({ $bigint: 1 });
    expect(parseWithBigints('{"$bigint":"1e3"}')).toEqual({ $bigint: '1e3' });
  });

  it('keeps a "__proto__" key a plain property (no prototype change)', () => {
    const parsed = parseWithBigints<Record<string, unknown>>('{"__proto__":{"$bigint":"7"},"n":{"$bigint":"8"}}');
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(parsed, '__proto__')?.value).toBe(7n);
    expect(parsed.n).toBe(8n);
  });

  it('equals JSON.parse with the reviver it replaced, on any JSON with bigints (property)', () => {
    const reviver = (_k: string, v: unknown) => {
      if (v && typeof v === 'object' && !Array.isArray(v)) {
        const keys = Object.keys(v);
        const s = (v as { $bigint?: unknown }).$bigint;
        if (keys.length === 1 && keys[0] === '$bigint' && typeof s === 'string' && /^-?\d+$/.test(s)) return BigInt(s);
      }
      return v;
    };
    const withBigints = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.bigInt(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.string(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(fc.string(), tie('value'), { maxKeys: 4 }),
      ),
    })).value;
    fc.assert(
      fc.property(withBigints, (value) => {
        const text = stringifyWithBigints(value);
        expect(parseWithBigints(text)).toEqual(JSON.parse(text, reviver));
      }),
    );
  });
});
