import fc from 'fast-check';
import { type Hex, zeroHash } from 'viem';
import { describe, expect, it } from 'vitest';
import { DataError } from '../errors';
import {
  checkAgainstLocal,
  fromRawRecord,
  type OnChainVerification,
  onChainTrackRecord,
  type RawVerificationRecord,
  toFixed,
  verificationPayload,
} from './onchain-verification';
import { effectVerdict, forecastVerdict, sealVerification, trackRecord, type Verification } from './records';

const ID = `0x${'ab'.repeat(32)}` as Hex;
const forecast = (rvNext: number, l80: number, u80: number, l95: number, u95: number) => ({
  rvNext,
  lower80: l80,
  upper80: u80,
  lower95: l95,
  upper95: u95,
  horizonHours: 24,
  modelVersion: 'har@test',
  modelHash: zeroHash,
});

/** The contract's rule (VerificationLog._checkInterval), on the encoded integers. */
function contractAccepts(lower: bigint, upper: bigint, realised: bigint, hit: boolean) {
  if (lower > upper) return false;
  return hit ? realised >= lower && realised <= upper : realised <= lower || realised >= upper;
}

/** What the contract would store for a payload (as the real chain's view returns it). */
function stored(local: Verification, txHash: Hex | null = null): OnChainVerification {
  const p = verificationPayload(ID, local);
  const raw: RawVerificationRecord = {
    contentHash: p.header.contentHash,
    prevHash: p.header.prevHash,
    kind: p.kind === 'forecast' ? 0 : 1,
    windowFrom: p.header.windowFrom,
    windowTo: p.header.windowTo,
    verifiedAt: p.header.verifiedAt,
    recordedAt: p.header.verifiedAt + 5,
    hit80: p.kind === 'forecast' ? p.numbers.hit80 : false,
    hit95: p.kind === 'forecast' ? p.numbers.hit95 : false,
    effectsChecked: p.kind === 'effect' ? p.effectsChecked : 0,
    effectsMatched: p.kind === 'effect' ? p.effectsMatched : 0,
    forecast: p.kind === 'forecast' ? p.numbers.forecast : 0n,
    lower80: p.kind === 'forecast' ? p.numbers.lower80 : 0n,
    upper80: p.kind === 'forecast' ? p.numbers.upper80 : 0n,
    lower95: p.kind === 'forecast' ? p.numbers.lower95 : 0n,
    upper95: p.kind === 'forecast' ? p.numbers.upper95 : 0n,
    realised: p.kind === 'forecast' ? p.numbers.realised : 0n,
  };
  return fromRawRecord(ID, raw, { txHash, blockNumber: txHash ? 7n : null });
}

describe('verificationPayload', () => {
  it('encodes a forecast verdict in 1e9 fixed point with its hash chain link', () => {
    const v = sealVerification(forecastVerdict(forecast(0.5, 0.4, 0.6, 0.3, 0.7), 0.55, 3600, 90_000), 90_010, null);
    const p = verificationPayload(ID, v);
    expect(p.kind).toBe('forecast');
    if (p.kind !== 'forecast') return;
    expect(p.header).toEqual({
      decisionId: ID,
      contentHash: v.hash,
      prevHash: zeroHash,
      windowFrom: 3600,
      windowTo: 90_000,
      verifiedAt: 90_010,
    });
    expect(p.numbers).toEqual({
      forecast: 500_000_000n,
      lower80: 400_000_000n,
      upper80: 600_000_000n,
      lower95: 300_000_000n,
      upper95: 700_000_000n,
      realised: 550_000_000n,
      hit80: true,
      hit95: true,
    });
  });

  it('counts only effects with a direction, and those that matched', () => {
    const before = {
      priceVolatility: 0.8,
      maxDrawdown: 0.2,
      volumeStable: 10,
      totalSupply: 100,
      treasuryStable: 5,
      stakingRatio: 0.1,
    };
    const after = { ...before, priceVolatility: 0.6, totalSupply: 101 };
    const v = sealVerification(
      effectVerdict(
        [
          { kpi: 'priceVolatility', direction: 'down', estimate: -0.1, unit: '/yr', basis: 'test' },
          { kpi: 'netSupplyChange', direction: 'down', estimate: -1, unit: 'HOME', basis: 'test' },
          { kpi: 'stakingRatio', direction: 'none', estimate: 0, unit: '', basis: 'test' },
        ],
        before,
        after,
        0,
        86_400,
      ),
      86_400,
      `0x${'11'.repeat(32)}`,
    );
    const p = verificationPayload(ID, v);
    expect(p).toMatchObject({ kind: 'effect', effectsChecked: 2, effectsMatched: 1 });
    expect(p.header.prevHash).toBe(`0x${'11'.repeat(32)}`);
  });

  it('refuses what the contract cannot hold, naming the field', () => {
    expect(() => toFixed(Number.NaN, 'realised')).toThrowError(DataError);
    expect(() => toFixed(-0.1, 'lower95')).toThrowError(/lower95 is -0.1/);
    expect(() => toFixed(2e10, 'upper95')).toThrowError(/upper95 .* above the on-chain maximum/);
  });

  it('never produces flags the contract would refuse (property: monotone rounding)', () => {
    const vol = fc.double({ min: 0, max: 50, noNaN: true });
    fc.assert(
      fc.property(fc.array(vol, { minLength: 5, maxLength: 5 }), vol, (xs, realised) => {
        const [l95, l80, f, u80, u95] = [...xs].sort((a, b) => a - b) as [number, number, number, number, number];
        const v = sealVerification(forecastVerdict(forecast(f, l80, u80, l95, u95), realised, 0, 3600), 3600, null);
        const p = verificationPayload(ID, v);
        if (p.kind !== 'forecast') return false;
        const n = p.numbers;
        return (
          contractAccepts(n.lower80, n.upper80, n.realised, n.hit80) &&
          contractAccepts(n.lower95, n.upper95, n.realised, n.hit95)
        );
      }),
    );
  });
});

describe('checkAgainstLocal', () => {
  const v = sealVerification(forecastVerdict(forecast(0.5, 0.4, 0.6, 0.3, 0.7), 0.65, 0, 86_400), 86_400, null);

  it('a faithful copy matches (hash and numbers), with the file decorations ignored', () => {
    const fromFile = { decisionId: ID, ...v } as unknown as Verification;
    expect(checkAgainstLocal(fromFile, stored(v))).toEqual({
      hashMatches: true,
      numbersMatch: true,
      localIntact: true,
      problems: [],
    });
  });

  it('flags a different on-chain hash, different numbers, and a local record edited after sealing', () => {
    const onChain = stored(v);
    const wrongHash = checkAgainstLocal(v, { ...onChain, contentHash: `0x${'99'.repeat(32)}` });
    expect(wrongHash.hashMatches).toBe(false);
    expect(wrongHash.problems.join()).toMatch(/on-chain hash 0x9999.* ≠ local/);

    const wrongNumbers = checkAgainstLocal(v, { ...onChain, forecast: { ...onChain.forecast!, realised: 0.64 } });
    expect(wrongNumbers).toMatchObject({ hashMatches: true, numbersMatch: false });
    expect(wrongNumbers.problems.join()).toMatch(/realised differ/);

    const edited = { ...v, realised: 0.5, hit80: true } as Verification;
    const tampered = checkAgainstLocal(edited, onChain);
    expect(tampered.localIntact).toBe(false);
    expect(tampered.numbersMatch).toBe(false);
  });
});

describe('onChainTrackRecord', () => {
  it('equals the local track record, from the on-chain numbers alone', () => {
    const f = forecast(0.5, 0.4, 0.6, 0.3, 0.7);
    const locals: Verification[] = [];
    let prev: Hex | null = null;
    for (const [i, realised] of [0.45, 0.65, 0.9, 0.31, 0.5999999999].entries()) {
      const s = sealVerification(forecastVerdict(f, realised, i * 3600, i * 3600 + 86_400), i * 3600 + 86_400, prev);
      locals.push(s);
      prev = s.hash;
    }
    const mine = trackRecord(locals);
    const chain = onChainTrackRecord(locals.map((l) => stored(l)));
    expect(chain.n).toBe(mine.n);
    expect(chain.hitRate80).toBe(mine.hitRate80);
    expect(chain.coverage95).toBe(mine.coverage95);
    expect(chain.meanAbsLogError).toBeCloseTo(mine.meanAbsLogError!, 8);
    expect(chain).toMatchObject({ effectsChecked: 0, effectDirectionHitRate: null });
  });
});
