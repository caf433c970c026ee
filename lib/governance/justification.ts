/**
 * The AI's justification document (schema homeostat.justification/1, canonical JSON whose
 * keccak256 is committed on-chain as justificationHash). Fetching, verifying and reading it.
 */
import { bytesToString, type Hex, keccak256 } from 'viem';

/** The only hash form the justification route accepts: 0x + 64 lower-case hex digits. */
export const JUSTIFICATION_HASH_RE = /^0x[0-9a-f]{64}$/;

export function isJustificationHash(value: string): value is Hex {
  return JUSTIFICATION_HASH_RE.test(value);
}

export function bytesMatchHash(bytes: Uint8Array, hash: Hex): boolean {
  return keccak256(bytes).toLowerCase() === hash.toLowerCase();
}

export type JustificationCheck =
  | { status: 'match'; text: string; doc: JustificationDoc | null }
  | { status: 'mismatch'; text: string; actual: Hex; doc: JustificationDoc | null }
  | { status: 'unavailable'; reason: string };

/** Checks fetched bytes against the on-chain hash; the document is parsed only for display. */
export function checkJustification(bytes: Uint8Array, expected: Hex): JustificationCheck {
  const actual = keccak256(bytes);
  const text = bytesToString(bytes);
  const doc = parseJustification(text);
  return actual.toLowerCase() === expected.toLowerCase()
    ? { status: 'match', text, doc }
    : { status: 'mismatch', text, actual, doc };
}

export type JustificationDoc = {
  schema?: string;
  decisionId?: string;
  text?: string;
  policy?: string;
  objective?: string;
  expectedLane?: string;
  changes?: { parameter: string; from: number; to: number; requested: number; clampedBy: string[] }[];
  expectedEffects?: { kpi: string; direction: string; estimate: number; unit: string; basis: string }[];
  forecasts?: {
    volatility?: {
      rvNext: number;
      lower80: number;
      upper80: number;
      lower95: number;
      upper95: number;
      horizonHours: number;
      modelVersion?: string;
      modelHash?: string;
    };
  };
  inputs?: { inputHash?: string; state?: Record<string, unknown> };
  trackRecord?: Record<string, number | null>;
};

export function parseJustification(text: string): JustificationDoc | null {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as JustificationDoc) : null;
  } catch {
    return null;
  }
}

/**
 * Where the browser can fetch a justification URI from. Same-origin paths are fetched; data:
 * URIs are decoded locally (CSP connect-src is 'self'); other origins are not fetched (the user
 * gets the URI and hash to check by hand).
 */
export type JustificationSource =
  | { kind: 'path'; path: string }
  | { kind: 'data'; bytes: Uint8Array }
  | { kind: 'external'; uri: string }
  | { kind: 'none' };

export function justificationSource(uri: string | null | undefined): JustificationSource {
  if (!uri) return { kind: 'none' };
  if (uri.startsWith('/') && !uri.startsWith('//')) return { kind: 'path', path: uri };
  const data = /^data:([^,]*),(.*)$/s.exec(uri);
  if (data) {
    const meta = data[1] ?? '';
    const payload = data[2] ?? '';
    try {
      if (/;base64$/i.test(meta)) {
        const bin = atob(payload);
        return { kind: 'data', bytes: Uint8Array.from(bin, (c) => c.charCodeAt(0)) };
      }
      return { kind: 'data', bytes: new TextEncoder().encode(decodeURIComponent(payload)) };
    } catch {
      return { kind: 'external', uri };
    }
  }
  return { kind: 'external', uri };
}
