/**
 * Voting progress and time, shaped for display. Thresholds are computed by the governor from
 * *delegated* supply at the proposal's snapshot (token.getPastTotalVotes(snapshot)), so they are
 * fixed once the snapshot passes; a proposal's own mint or burn (to/from the treasury, after
 * execution) cannot move them.
 */
import { type ChainClock, realSeconds } from '../chain/clock';
import type { ProposalStateName } from '../chain/governance';
import { ratio } from './decode';
import { formatDuration } from './units';

export type Lane = 'optimistic' | 'full';

/** governor.proposalLane(id): 0 Full, 1 Optimistic. */
export function laneFromId(lane: number | bigint): Lane {
  return Number(lane) === 1 ? 'optimistic' : 'full';
}

export type Tally = { for: bigint; against: bigint; abstain: bigint };

export type Progress = {
  /** Votes counted toward the threshold and the threshold itself (raw token units). */
  value: bigint;
  threshold: bigint | null;
  /** value / threshold, clamped to 0..1 for bars; null while the threshold is unknown. */
  share: number | null;
  reached: boolean;
};

function progress(value: bigint, threshold: bigint | null): Progress {
  if (threshold === null) return { value, threshold, share: null, reached: false };
  const share = threshold === 0n ? 1 : Math.min(1, ratio(value, threshold));
  return { value, threshold, share, reached: value >= threshold };
}

/** Veto: Against votes against vetoThreshold(snapshot) (the optimistic lane's test; shown on both lanes). */
export function vetoProgress(tally: Tally, vetoThreshold: bigint | null): Progress {
  return progress(tally.against, vetoThreshold);
}

/** Quorum: For + Abstain against quorum(snapshot) (GovernorCountingSimple "quorum=for,abstain"). */
export function quorumProgress(tally: Tally, quorum: bigint | null): Progress {
  return progress(tally.for + tally.abstain, quorum);
}

/** Would the proposal pass if voting ended now? Mirrors the governor's _voteSucceeded/_quorumReached. */
export function passingNow(
  lane: Lane,
  tally: Tally,
  quorum: bigint | null,
  vetoThreshold: bigint | null,
): boolean | null {
  if (lane === 'optimistic') return vetoThreshold === null ? null : tally.against < vetoThreshold;
  if (quorum === null) return null;
  return tally.for + tally.abstain >= quorum && tally.for > tally.against;
}

export type Phase =
  | { phase: 'before-voting'; seconds: number; realSeconds: number | null; text: string }
  | { phase: 'voting'; seconds: number; realSeconds: number | null; text: string }
  | { phase: 'queued'; seconds: number; realSeconds: number | null; text: string }
  | { phase: 'done'; seconds: 0; realSeconds: 0; text: string };

/**
 * A span of chain time as a person reads it. When the chain's clock runs at real speed it is just
 * the duration; on an accelerated chain (the local market) the real time comes first and the chain
 * time beside it: "≈ 11 min (2 d 17 h of chain time)".
 */
function span(chainSeconds: number, clock: ChainClock | null | undefined): { real: number | null; text: string } {
  const chain = formatDuration(chainSeconds);
  const real = realSeconds(chainSeconds, clock);
  if (!clock?.simulated || real === null) return { real, text: chain };
  return { real, text: `≈ ${formatDuration(Math.round(real))} (${chain} of chain time)` };
}

/**
 * Where the proposal is in time, by chain time (block.timestamp), not the visitor's clock: the
 * chain is the only clock that decides. With `clock` (how fast the chain runs against real time,
 * see lib/chain/clock.ts) the text leads with the real time left.
 */
export function timeLeft(
  state: ProposalStateName,
  now: number,
  voteStart: bigint,
  voteEnd: bigint,
  eta: bigint | null = null,
  clock?: ChainClock | null,
): Phase {
  const start = Number(voteStart);
  const end = Number(voteEnd);
  if (state === 'Pending') {
    const s = Math.max(0, start - now);
    const t = span(s, clock);
    return { phase: 'before-voting', seconds: s, realSeconds: t.real, text: `Voting starts in ${t.text}` };
  }
  if (state === 'Active') {
    const s = Math.max(0, end - now);
    const t = span(s, clock);
    return { phase: 'voting', seconds: s, realSeconds: t.real, text: `${t.text} left to vote` };
  }
  if (state === 'Queued' && eta !== null && eta > 0n) {
    const s = Math.max(0, Number(eta) - now);
    const t = span(s, clock);
    return {
      phase: 'queued',
      seconds: s,
      realSeconds: t.real,
      text: s > 0 ? `Executable in ${t.text}` : 'Executable now',
    };
  }
  const ended: Partial<Record<ProposalStateName, string>> = {
    Succeeded: 'Voting ended: passed, waiting to be queued',
    Defeated: 'Voting ended: defeated',
    Canceled: 'Canceled',
    Expired: 'Expired',
    Executed: 'Executed',
    Queued: 'Queued',
  };
  return { phase: 'done', seconds: 0, realSeconds: 0, text: ended[state] ?? state };
}

/** Share of the voting period elapsed (0..1), for a time bar. */
export function votingElapsed(now: number, voteStart: bigint, voteEnd: bigint): number {
  const start = Number(voteStart);
  const end = Number(voteEnd);
  if (end <= start) return 1;
  return Math.min(1, Math.max(0, (now - start) / (end - start)));
}

/** A proposal title from its (chain-supplied) description: first line without a Markdown '#'. */
export function proposalTitle(description: string, id: bigint | string): string {
  const first = description
    .split('\n')[0]
    ?.replace(/^#+\s*/, '')
    .trim();
  return first || `Proposal ${id}`;
}

/** The body of a description after the title line, without the trailing "Justification: …" line. */
export function proposalBody(description: string): string {
  return description
    .split('\n')
    .slice(1)
    .filter((l) => !/^Justification: /.test(l))
    .join('\n')
    .trim();
}
