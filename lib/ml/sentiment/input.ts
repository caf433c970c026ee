/**
 * Input guard for posts that reach the sentiment model or the stored post log (the sentiment
 * CLI, the market driver's feed). Two outcomes only:
 *
 * - **rejected, with a named reason** — text that is not a post: oversized (bounded time and
 *   memory per post), binary (NUL and other C0 control characters), or broken UTF-16 (an unpaired
 *   surrogate cannot be encoded as UTF-8, so its bytes, and their hash, would be ambiguous);
 * - **accepted**, with a separate `scored` form for the model: NFKC-normalised (full-width and
 *   other compatibility letters fold to ASCII, so "ｓｅｌｌ" reads as "sell") and with invisible
 *   format characters (zero-width spaces and joiners, bidi overrides and isolates, BOM, soft
 *   hyphen) and C1 controls removed, so they cannot split a word to hide it from the model.
 *
 * The stored and hashed text is always the original: nothing here rewrites what was posted.
 * HTML, SQL or prompt-like text needs no special case: the model sees hashed word n-grams (no
 * interpreter, no prompt), the log is JSON-encoded, and the app renders text as text.
 */

/** Longest post accepted, in UTF-16 code units (long-form posts on the big platforms stay under this). */
export const MAX_POST_CHARS = 10_000;

export type PostRejection = {
  code: 'oversized' | 'binary' | 'control-character' | 'unpaired-surrogate';
  message: string;
};

export type PostCheck = { ok: true; scored: string } | { ok: false; rejection: PostRejection };

const hex = (c: number) => `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;

/** Invisible formatting (Unicode category Cf) and C1 controls: removed before scoring. */
const INVISIBLE = /[\p{Cf}\u0080-\u009f]/gu;

export function checkPost(text: string): PostCheck {
  if (text.length > MAX_POST_CHARS) {
    return {
      ok: false,
      rejection: {
        code: 'oversized',
        message: `post is ${text.length} characters long; at most ${MAX_POST_CHARS} are accepted`,
      },
    };
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) {
      return {
        ok: false,
        rejection: { code: 'binary', message: `post contains a NUL character at position ${i + 1} (binary data?)` },
      };
    }
    // Tab, line feed and carriage return are text; the other C0 controls and DEL are not.
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) {
      return {
        ok: false,
        rejection: {
          code: 'control-character',
          message: `post contains control character ${hex(c)} at position ${i + 1}`,
        },
      };
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const pair = c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
      if (!pair) {
        return {
          ok: false,
          rejection: {
            code: 'unpaired-surrogate',
            message: `post contains an unpaired surrogate ${hex(c)} at position ${i + 1}`,
          },
        };
      }
      i++;
    }
  }
  return { ok: true, scored: text.normalize('NFKC').replace(INVISIBLE, '') };
}
