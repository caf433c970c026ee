import { encodeFunctionData, type Hex, keccak256, stringToBytes } from 'viem';
import { describe, expect, it } from 'vitest';
import { policyControllerAbi } from '../contracts/abis';
import { type ControllerState, decodeAction, decodeProposal, headroomAfter, ratio } from './decode';
import { parseJsonLines } from './jsonl';
import { checkJustification, isJustificationHash, justificationSource } from './justification';
import { passingNow, proposalTitle, quorumProgress, timeLeft, vetoProgress, votingElapsed } from './progress';
import { formatDuration, formatParamValue } from './units';
import { voterAdvice } from './voter';

const E18 = 10n ** 18n;
const state: ControllerState = {
  params: { 0: 1_000_000_000n * E18, 1: 5000n, 2: 30n, 3: 5n * 10n ** 17n, 4: 10_000_000_000n, 5: 0n },
  guardrails: {
    0: {
      min: 500_000_000n * E18,
      max: 2_000_000_000n * E18,
      maxStep: 10_000_000n * E18,
      smallStep: 2_500_000n * E18,
      minDelay: 21600n,
    },
    2: { min: 0n, max: 300n, maxStep: 25n, smallStep: 5n, minDelay: 43200n },
    4: { min: 0n, max: 100_000_000_000n, maxStep: 10_000_000_000n, smallStep: 2_500_000_000n, minDelay: 43200n },
  },
  supplyWindow: { netChange: 1_000_000n * E18, budget: 20_000_000n * E18 },
  supplyNonce: 3n,
  paused: false,
};
const setParameter = (id: number, from: bigint, to: bigint) =>
  encodeFunctionData({ abi: policyControllerAbi, functionName: 'setParameter', args: [id, from, to] });

describe('decodeAction', () => {
  it('decodes a fee change into units, delta, lane test and headroom', () => {
    const c = decodeAction(setParameter(2, 30n, 55n), state);
    expect(c.kind).toBe('setParameter');
    if (c.kind !== 'setParameter') return;
    expect(c.label).toBe('Transfer fee');
    expect(c.currentText).toBe('0.30% (30 bps)');
    expect(c.proposedText).toBe('0.55% (55 bps)');
    expect(c.deltaText).toBe('+25 bps');
    expect(c.small).toBe(false);
    expect(c.stale).toBe(false);
    expect(c.headroom).toEqual({ toMin: '55 bps', toMax: '245 bps', stepShare: 1 });
  });

  it('uses the stable token decimals for the buyback budget and flags a stale expected value', () => {
    const c = decodeAction(setParameter(4, 9_000_000_000n, 7_500_000_000n), state, {
      stableDecimals: 6,
      stableSymbol: 'TUSD',
    });
    if (c.kind !== 'setParameter') throw new Error(c.kind);
    expect(c.currentText).toBe('9,000 TUSD/epoch');
    expect(c.proposedText).toBe('7,500 TUSD/epoch');
    expect(c.deltaText).toBe('−1,500 TUSD/epoch');
    expect(c.small).toBe(true);
    expect(c.stale).toBe(true);
  });

  it('decodes a mint with the rolling supply budget left after it', () => {
    const data = encodeFunctionData({
      abi: policyControllerAbi,
      functionName: 'changeSupply',
      args: [2_000_000n * E18, 3n],
    });
    const c = decodeAction(data, state);
    if (c.kind !== 'changeSupply') throw new Error(c.kind);
    expect(c.label).toBe('Mint to treasury');
    expect(c.deltaText).toBe('+2,000,000 HOME');
    expect(c.small).toBe(true);
    expect(c.budgetLeftText).toBe('17,000,000 HOME');
    expect(c.budgetShare).toBeCloseTo(0.15);
    expect(c.stale).toBe(false);
  });

  it('reports a burn over budget and unknown calls without throwing', () => {
    const burn = encodeFunctionData({
      abi: policyControllerAbi,
      functionName: 'changeSupply',
      args: [-25_000_000n * E18, 2n],
    });
    const c = decodeAction(burn, state);
    if (c.kind !== 'changeSupply') throw new Error(c.kind);
    expect(c.label).toBe('Burn from treasury');
    expect(c.budgetLeftText).toBe('over budget by 4,000,000 HOME');
    expect(c.stale).toBe(true);
    expect(decodeAction('0xdeadbeef' as Hex, state).kind).toBe('unknown');
    expect(decodeAction(encodeFunctionData({ abi: policyControllerAbi, functionName: 'unpause' }), null).kind).toBe(
      'unpause',
    );
  });

  it('works without controller state (no headroom, lane unknown)', () => {
    const [c] = decodeProposal([setParameter(1, 5000n, 5250n)], null);
    if (c?.kind !== 'setParameter') throw new Error('kind');
    expect(c.currentText).toBe('50.00% of the fee (5000 bps)');
    expect(c.small).toBeNull();
    expect(c.headroom).toBeNull();
  });
});

describe('headroom and units', () => {
  it('says how far past a bound a value would be', () => {
    const h = headroomAfter(2, 310n, 10n, { min: 0n, max: 300n, maxStep: 25n, smallStep: 5n, minDelay: 0n });
    expect(h.toMax).toBe('above max by 10 bps');
    expect(h.stepShare).toBeCloseTo(0.4);
  });
  it('formats reward rate per second and per day, modes by name', () => {
    expect(formatParamValue(3, 5n * 10n ** 17n)).toBe('0.5 HOME/s (43,200 HOME/day)');
    expect(formatParamValue(5, 2n)).toBe('scarcity');
  });
  it('ratio keeps precision on 1e27-sized numbers', () => {
    expect(ratio(1_000_000_000n * E18, 4_000_000_000n * E18)).toBe(0.25);
    expect(ratio(1n, 0n)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('progress and time', () => {
  const tally = { for: 50n * E18, against: 30n * E18, abstain: 10n * E18 };
  it('veto progress is against / threshold, clamped for the bar', () => {
    expect(vetoProgress(tally, 60n * E18)).toMatchObject({ share: 0.5, reached: false });
    expect(vetoProgress(tally, 20n * E18)).toMatchObject({ share: 1, reached: true });
    expect(vetoProgress(tally, null)).toMatchObject({ share: null, reached: false });
  });
  it('quorum counts approve + abstain', () => {
    expect(quorumProgress(tally, 120n * E18).share).toBe(0.5);
    expect(quorumProgress(tally, 60n * E18).reached).toBe(true);
  });
  it('passingNow mirrors the lanes', () => {
    expect(passingNow('optimistic', tally, null, 40n * E18)).toBe(true);
    expect(passingNow('optimistic', tally, null, 30n * E18)).toBe(false);
    expect(passingNow('full', tally, 60n * E18, null)).toBe(true);
    expect(passingNow('full', { ...tally, against: 60n * E18 }, 60n * E18, null)).toBe(false);
    expect(passingNow('full', tally, null, null)).toBeNull();
  });
  it('time left follows chain time and the state', () => {
    expect(timeLeft('Pending', 1000, 4600n, 10_000n).text).toBe('Voting starts in 1 h');
    expect(timeLeft('Active', 1000, 500n, 1000n + 93_784n).text).toBe('1 d 2 h left to vote');
    expect(timeLeft('Queued', 1000, 0n, 0n, 1000n + 59n * 60n).text).toBe('Executable in 59 min');
    expect(timeLeft('Queued', 5000, 0n, 0n, 1000n).text).toBe('Executable now');
    expect(timeLeft('Defeated', 1000, 0n, 0n)).toMatchObject({ phase: 'done', text: 'Voting ended: defeated' });
    expect(votingElapsed(150, 100n, 200n)).toBe(0.5);
    expect(formatDuration(42)).toBe('42 s');
  });
  it('titles come from the first description line', () => {
    expect(proposalTitle('# Raise fee\n\nbody', 7n)).toBe('Raise fee');
    expect(proposalTitle('', 7n)).toBe('Proposal 7');
  });
});

describe('voterAdvice', () => {
  const base = {
    account: '0x00000000000000000000000000000000000000a1' as const,
    balance: 10n,
    delegate: '0x0000000000000000000000000000000000000000' as const,
    currentVotes: 0n,
    votesAtSnapshot: 0n as bigint | null,
    hasVoted: false,
    nonce: 0n,
  };
  it('prompts to self-delegate when tokens are held but not delegated', () => {
    expect(voterAdvice(base).kind).toBe('not-delegated');
  });
  it('warns when delegated away', () => {
    expect(voterAdvice({ ...base, delegate: '0x00000000000000000000000000000000000000b2' }).kind).toBe(
      'delegated-away',
    );
  });
  it('can vote with power at the snapshot; already voted wins', () => {
    const self = { ...base, delegate: base.account, votesAtSnapshot: 10n, currentVotes: 10n };
    expect(voterAdvice(self).kind).toBe('can-vote');
    expect(voterAdvice({ ...self, hasVoted: true }).kind).toBe('already-voted');
    expect(voterAdvice({ ...self, votesAtSnapshot: 0n }).kind).toBe('no-power-at-snapshot');
  });
});

describe('justifications', () => {
  it('accepts only 0x + 64 lower-case hex', () => {
    expect(isJustificationHash(`0x${'a'.repeat(64)}`)).toBe(true);
    expect(isJustificationHash(`0x${'A'.repeat(64)}`)).toBe(false);
    expect(isJustificationHash(`0x${'a'.repeat(63)}`)).toBe(false);
    expect(isJustificationHash(`0x${'a'.repeat(64)}/../x`)).toBe(false);
    expect(isJustificationHash('..%2f..%2fetc')).toBe(false);
  });
  it('checks bytes against the committed hash', () => {
    const text = '{"schema":"homeostat.justification/1","text":"<script>x</script>"}';
    const hash = keccak256(stringToBytes(text));
    const ok = checkJustification(stringToBytes(text), hash);
    expect(ok.status).toBe('match');
    if (ok.status === 'match') expect(ok.doc?.text).toBe('<script>x</script>');
    expect(checkJustification(stringToBytes(`${text} `), hash).status).toBe('mismatch');
  });
  it('classifies URIs: same-origin path, data URI, external', () => {
    expect(justificationSource('/api/justifications/0xab')).toEqual({ kind: 'path', path: '/api/justifications/0xab' });
    const d = justificationSource(`data:application/json,${encodeURIComponent('{"a":1}')}`);
    expect(d.kind).toBe('data');
    if (d.kind === 'data') expect(new TextDecoder().decode(d.bytes)).toBe('{"a":1}');
    expect(justificationSource('//evil.example/x').kind).toBe('external');
    expect(justificationSource('https://example.org/j.json').kind).toBe('external');
    expect(justificationSource('').kind).toBe('none');
  });
});

describe('parseJsonLines', () => {
  it('skips and counts malformed lines and notices a torn tail', () => {
    const r = parseJsonLines('{"a":1}\nnot json\n[1,2]\n\n{"b":2}\n{"c":');
    expect(r.records).toEqual([{ a: 1 }, { b: 2 }]);
    expect(r.skipped).toBe(2);
    expect(r.tornTail).toBe(true);
    expect(parseJsonLines('{"a":1}\n').tornTail).toBe(false);
  });
});
