import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError } from '../errors';
import { parseCsv } from './csv';
import { parsePriceCsv } from './prices';

describe('parseCsv line numbers', () => {
  it('name the line each record starts on, whatever the line ends, blank lines and quoted line breaks', () => {
    const eol = fc.constantFrom('\n', '\r\n', '\r');
    const cell = fc.oneof(
      fc.stringMatching(/^[a-z0-9 .]{0,8}$/),
      fc
        .tuple(fc.stringMatching(/^[a-z]{0,4}$/), eol, fc.stringMatching(/^[a-zé]{0,4}$/))
        .map(([a, e, b]) => `${a}${e}${b}`),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(cell, cell, eol, fc.nat({ max: 2 })), { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        eol,
        (records, bom, headerEol) => {
          let text = `${bom ? '\uFEFF' : ''}a,b${headerEol}`;
          let line = 2;
          let last = headerEol;
          const expected: number[] = [];
          for (const [a, b, end, blanks] of records) {
            // A CR followed by an LF is one CRLF, not a blank line: blank lines after a CR are CRs.
            text += (last === '\r' && end === '\n' ? '\r' : end).repeat(blanks);
            line += blanks;
            expected.push(line);
            const quote = (s: string) => `"${s}"`;
            text += `${quote(a)},${quote(b)}${end}`;
            last = end;
            line += 1 + (a.match(/\r\n|\r|\n/g)?.length ?? 0) + (b.match(/\r\n|\r|\n/g)?.length ?? 0);
          }
          const t = parseCsv(text, 'x.csv');
          expect(t.rows.map((r) => r.line)).toEqual(expected);
          expect(t.rows.map((r) => [r.record.a, r.record.b])).toEqual(records.map(([a, b]) => [a, b]));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('regression: blank lines before a bad row no longer shift the reported line', () => {
    try {
      parsePriceCsv('timestamp,close\n\n\n2020-01-01,abc\n', 'p.csv');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DataError);
      expect((e as DataError).location).toMatchObject({ line: 4, column: 'close' });
    }
  });
});
