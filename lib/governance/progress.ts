/**
 * Voting progress and time, shaped for display. Thresholds are computed by the governor from
 * *delegated* supply at the proposal's snapshot (token.getPastTotalVotes(snapshot)), so they are
 * fixed once the snapshot passes; a proposal's own mint or burn (to/from the treasury, after
 * execution) cannot move them.
 */
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
  | { phase: 'before-voting'; seconds: number; text: string }
  | { phase: 'voting'; seconds: number; text: string }
  | { phase: 'queued'; seconds: number; text: string }
  | { phase: 'done'; seconds: 0; text: string };

/**
 * Where the proposal is in time, by chain time (block.timestamp), not the visitor's clock:
 * local chains run accelerated, and the chain is the only clock that decides.
 */
export function timeLeft(
  state: ProposalStateName,
  now: number,
  voteStart: bigint,
  voteEnd: bigint,
  eta: bigint | null = null,
): Phase {
  const start = Number(voteStart);
  const end = Number(voteEnd);
  if (state === 'Pending') {
    const s = Math.max(0, start - now);
    return { phase: 'before-voting', seconds: s, text: `Voting starts in ${formatDuration(s)}` };
  }
  if (state === 'Active') {
    const s = Math.max(0, end - now);
    return { phase: 'voting', seconds: s, text: `${formatDuration(s)} left to vote` };
  }
  if (state === 'Queued' && eta !== null && eta > 0n) {
    const s = Math.max(0, Number(eta) - now);
    return {
      phase: 'queued',
      seconds: s,
      text: s > 0 ? `Executable in ${formatDuration(s)}` : 'Executable now',
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
  return { phase: 'done', seconds: 0, text: ended[state] ?? state };
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
