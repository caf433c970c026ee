/**
 * The Verify step's records as the VerificationLog contract holds them: encoding a sealed local
 * record into the contract's fixed-point arguments, comparing an on-chain record with the local
 * one, and the model's track record computed from on-chain records alone. Pure (no I/O).
 *
 * Fixed point: annualised volatility × 1e9 (VALUE_SCALE), rounded to nearest. Rounding is
 * monotone, so a flag that is true of the doubles is never contradicted by the integers (the
 * contract checks flags against the numbers, non-strictly at the bounds).
 */
import { encodeAbiParameters, type Hex, keccak256, zeroHash } from 'viem';
import { DataError } from '../errors';
import { hashCanonical } from './canonical';
import type { ForecastRecord, TrackRecord, Verification } from './records';

export const VALUE_SCALE = 1_000_000_000;
const MAX_UINT64 = 2n ** 64n - 1n;
const MAX_UINT48 = 2 ** 48 - 1;
const MAX_EFFECTS = 255;

export type VerificationKind = 'forecast' | 'effect';
/** The contract's enum Kind. */
export const kindIndex: Record<VerificationKind, 0 | 1> = { forecast: 0, effect: 1 };
export const kindName = (i: number): VerificationKind | undefined =>
  i === 0 ? 'forecast' : i === 1 ? 'effect' : undefined;

export type VerificationHeader = {
  decisionId: Hex;
  contentHash: Hex;
  prevHash: Hex;
  windowFrom: number;
  windowTo: number;
  verifiedAt: number;
};

export type ForecastNumbers = {
  forecast: bigint;
  lower80: bigint;
  upper80: bigint;
  lower95: bigint;
  upper95: bigint;
  realised: bigint;
  hit80: boolean;
  hit95: boolean;
};

/** Arguments of recordForecast / recordEffect. */
export type VerificationPayload =
  | { kind: 'forecast'; header: VerificationHeader; numbers: ForecastNumbers }
  | { kind: 'effect'; header: VerificationHeader; effectsChecked: number; effectsMatched: number };

/**
 * A forecast's commitment, posted when the agent decides (VerificationLog.commitForecast): the
 * hash of the numbers its verdict will carry and the window it will be scored on. The contract
 * takes it no later than a tenth of the way into the window and then records only a verdict with
 * these numbers and this window, so the track record cannot be rewritten after the outcome.
 */
export type ForecastCommitmentPayload = { decisionId: Hex; windowFrom: number; windowTo: number; numbersHash: Hex };

const UINT64X5 = [
  { type: 'uint64' },
  { type: 'uint64' },
  { type: 'uint64' },
  { type: 'uint64' },
  { type: 'uint64' },
] as const;

/** VerificationLog.forecastHash: keccak256(abi.encode(forecast, lower80, upper80, lower95, upper95)). */
export function forecastNumbersHash(
  n: Pick<ForecastNumbers, 'forecast' | 'lower80' | 'upper80' | 'lower95' | 'upper95'>,
): Hex {
  return keccak256(encodeAbiParameters(UINT64X5, [n.forecast, n.lower80, n.upper80, n.lower95, n.upper95]));
}

/**
 * The commitment of forecast `f` scored over [from, from + horizon): the same fixed-point numbers
 * and window verificationPayload will post for its verdict. Throws DataError when unencodable.
 */
export function forecastCommitment(decisionId: Hex, f: ForecastRecord, from: number): ForecastCommitmentPayload {
  return {
    decisionId,
    windowFrom: time(from, 'from'),
    windowTo: time(from + f.horizonHours * 3600, 'to'),
    numbersHash: forecastNumbersHash({
      forecast: toFixed(f.rvNext, 'forecast'),
      lower80: toFixed(f.lower80, 'lower80'),
      upper80: toFixed(f.upper80, 'upper80'),
      lower95: toFixed(f.lower95, 'lower95'),
      upper95: toFixed(f.upper95, 'upper95'),
    }),
  };
}

/** The last moment the contract takes a commitment: a tenth of the way into its window. */
export const commitDeadline = (c: Pick<ForecastCommitmentPayload, 'windowFrom' | 'windowTo'>): number =>
  c.windowFrom + Math.floor((c.windowTo - c.windowFrom) / 10);

/** An annualised figure in the contract's fixed point; refuses what the contract could not hold. */
export function toFixed(x: number, field: string): bigint {
  if (!Number.isFinite(x) || x < 0) {
    throw new DataError(`${field} is ${x}: the on-chain record holds finite, non-negative values only`);
  }
  const v = BigInt(Math.round(x * VALUE_SCALE));
  if (v > MAX_UINT64) throw new DataError(`${field} is ${x}: above the on-chain maximum (uint64 / 1e9)`);
  return v;
}

export const fromFixed = (v: bigint): number => Number(v) / VALUE_SCALE;

function time(t: number, field: string): number {
  if (!Number.isSafeInteger(t) || t < 0 || t > MAX_UINT48) throw new DataError(`${field} is ${t}: not a uint48 time`);
  return t;
}

/** Effects that had a direction to check, and how many moved the expected way. */
export function effectCounts(v: Extract<Verification, { kind: 'effect' }>): { checked: number; matched: number } {
  const withDirection = v.effects.filter((e) => e.directionMatch !== null);
  return { checked: withDirection.length, matched: withDirection.filter((e) => e.directionMatch === true).length };
}

/** The contract call that records a sealed local verification. Throws DataError when it cannot be encoded. */
export function verificationPayload(decisionId: Hex, v: Verification): VerificationPayload {
  const header: VerificationHeader = {
    decisionId,
    contentHash: v.hash,
    prevHash: v.prevHash ?? zeroHash,
    windowFrom: time(v.from, 'from'),
    windowTo: time(v.to, 'to'),
    verifiedAt: time(v.at, 'at'),
  };
  if (v.kind === 'effect') {
    const { checked, matched } = effectCounts(v);
    if (checked > MAX_EFFECTS) throw new DataError(`${checked} effects checked: the on-chain record holds at most 255`);
    return { kind: 'effect', header, effectsChecked: checked, effectsMatched: matched };
  }
  return {
    kind: 'forecast',
    header,
    numbers: {
      forecast: toFixed(v.forecast, 'forecast'),
      lower80: toFixed(v.lower80, 'lower80'),
      upper80: toFixed(v.upper80, 'upper80'),
      lower95: toFixed(v.lower95, 'lower95'),
      upper95: toFixed(v.upper95, 'upper95'),
      realised: toFixed(v.realised, 'realised'),
      hit80: v.hit80,
      hit95: v.hit95,
    },
  };
}

/** One record of the VerificationLog, in domain units (volatility as a fraction, times in unix seconds). */
export type OnChainVerification = {
  decisionId: Hex;
  kind: VerificationKind;
  contentHash: Hex;
  /** Null for the first record of the chain. */
  prevHash: Hex | null;
  windowFrom: number;
  windowTo: number;
  verifiedAt: number;
  /** Block time it was posted. */
  recordedAt: number;
  /** Forecast records only (null for effect records). */
  forecast: {
    forecast: number;
    lower80: number;
    upper80: number;
    lower95: number;
    upper95: number;
    realised: number;
    hit80: boolean;
    hit95: boolean;
  } | null;
  /** Effect records only (zero for forecast records). */
  effectsChecked: number;
  effectsMatched: number;
  recorder: Hex | null;
  /** The transaction and block that posted it (null when read from contract storage only). */
  txHash: Hex | null;
  blockNumber: bigint | null;
};

export type OnChainCheck = {
  /** The on-chain hash equals the local record's hash. */
  hashMatches: boolean;
  /** The on-chain numbers equal the local record's, encoded. */
  numbersMatch: boolean;
  /** The local record still hashes to its own `hash` (nobody edited the file). */
  localIntact: boolean;
  /** Human-readable differences, empty when everything matches. */
  problems: string[];
};

/**
 * What sealVerification hashed: the record without its hash, and without the `decisionId` / `type`
 * the files add around it (verifications.jsonl, decisions.jsonl).
 */
export function sealedBody(v: Verification): Record<string, unknown> {
  const body: Record<string, unknown> = { ...v };
  delete body.hash;
  delete body.decisionId;
  delete body.type;
  return body;
}

/** Compares the on-chain record with the local one: hash, numbers, and the local record's own integrity. */
export function checkAgainstLocal(local: Verification, onChain: OnChainVerification): OnChainCheck {
  const problems: string[] = [];
  const hash = local.hash;
  const localIntact = hashCanonical(sealedBody(local)).hash === hash;
  if (!localIntact) problems.push('the local record does not hash to its own hash (edited after sealing)');
  const hashMatches = onChain.contentHash.toLowerCase() === hash.toLowerCase();
  if (!hashMatches) problems.push(`on-chain hash ${onChain.contentHash} ≠ local ${hash}`);
  let expected: VerificationPayload | undefined;
  try {
    expected = verificationPayload(onChain.decisionId, local);
  } catch (e) {
    problems.push(`the local record cannot be encoded: ${(e as Error).message}`);
  }
  const diffs: string[] = [];
  if (expected) {
    const h = expected.header;
    if (expected.kind !== onChain.kind) diffs.push('kind');
    if ((onChain.prevHash ?? zeroHash).toLowerCase() !== h.prevHash.toLowerCase()) diffs.push('prevHash');
    if (onChain.windowFrom !== h.windowFrom || onChain.windowTo !== h.windowTo) diffs.push('window');
    if (onChain.verifiedAt !== h.verifiedAt) diffs.push('verifiedAt');
    if (expected.kind === 'forecast') {
      const f = onChain.forecast;
      if (!f) diffs.push('forecast numbers');
      else {
        for (const k of ['forecast', 'lower80', 'upper80', 'lower95', 'upper95', 'realised'] as const) {
          if (fromFixed(expected.numbers[k]) !== f[k]) diffs.push(k);
        }
        if (f.hit80 !== expected.numbers.hit80) diffs.push('hit80');
        if (f.hit95 !== expected.numbers.hit95) diffs.push('hit95');
      }
    } else if (
      onChain.effectsChecked !== expected.effectsChecked ||
      onChain.effectsMatched !== expected.effectsMatched
    ) {
      diffs.push('effect counts');
    }
  }
  if (diffs.length) problems.push(`on-chain ${diffs.join(', ')} differ from the local record`);
  return { hashMatches, numbersMatch: expected !== undefined && diffs.length === 0, localIntact, problems };
}

/** The contract's Record struct as viem decodes it (uint48/uint8 → number, uint64 → bigint). */
export type RawVerificationRecord = {
  contentHash: Hex;
  prevHash: Hex;
  kind: number;
  windowFrom: number;
  windowTo: number;
  verifiedAt: number;
  recordedAt: number;
  hit80: boolean;
  hit95: boolean;
  effectsChecked: number;
  effectsMatched: number;
  forecast: bigint;
  lower80: bigint;
  upper80: bigint;
  lower95: bigint;
  upper95: bigint;
  realised: bigint;
};

/** A contract Record (from a view or a VerificationRecorded event) in domain units. */
export function fromRawRecord(
  decisionId: Hex,
  r: RawVerificationRecord,
  meta: { recorder?: Hex | null; txHash?: Hex | null; blockNumber?: bigint | null } = {},
): OnChainVerification {
  const kind = kindName(Number(r.kind));
  if (!kind) throw new DataError(`on-chain record of ${decisionId} has unknown kind ${r.kind}`);
  return {
    decisionId,
    kind,
    contentHash: r.contentHash,
    prevHash: r.prevHash === zeroHash ? null : r.prevHash,
    windowFrom: Number(r.windowFrom),
    windowTo: Number(r.windowTo),
    verifiedAt: Number(r.verifiedAt),
    recordedAt: Number(r.recordedAt),
    forecast:
      kind === 'forecast'
        ? {
            forecast: fromFixed(r.forecast),
            lower80: fromFixed(r.lower80),
            upper80: fromFixed(r.upper80),
            lower95: fromFixed(r.lower95),
            upper95: fromFixed(r.upper95),
            realised: fromFixed(r.realised),
            hit80: r.hit80,
            hit95: r.hit95,
          }
        : null,
    effectsChecked: Number(r.effectsChecked),
    effectsMatched: Number(r.effectsMatched),
    recorder: meta.recorder ?? null,
    txHash: meta.txHash ?? null,
    blockNumber: meta.blockNumber ?? null,
  };
}

/**
 * The model's track record from on-chain records alone (the same definitions as records.ts
 * `trackRecord`, computed from the fixed-point numbers: hit rate and coverage exactly, the log
 * error to ~1e-9).
 */
export function onChainTrackRecord(records: readonly OnChainVerification[]): TrackRecord {
  const f = records.flatMap((r) => (r.kind === 'forecast' && r.forecast ? [r.forecast] : []));
  const e = records.filter((r) => r.kind === 'effect');
  const share = (k: number, n: number) => (n ? k / n : null);
  const checked = e.reduce((a, r) => a + r.effectsChecked, 0);
  const matched = e.reduce((a, r) => a + r.effectsMatched, 0);
  const absLog = (x: { realised: number; forecast: number }) =>
    Math.abs(Math.log(Math.max(x.realised, 1e-12) / Math.max(x.forecast, 1e-12)));
  return {
    n: f.length,
    hitRate80: share(f.filter((x) => x.hit80).length, f.length),
    coverage95: share(f.filter((x) => x.hit95).length, f.length),
    meanAbsLogError: f.length ? f.reduce((a, x) => a + absLog(x), 0) / f.length : null,
    effectDirectionHitRate: share(matched, checked),
    effectsChecked: checked,
  };
}
