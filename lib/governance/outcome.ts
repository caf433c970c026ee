/**
 * A proposal's state named by what happened to it. The governor's ProposalState says only
 * "Defeated"; why (vetoed on the optimistic lane, quorum not reached or a majority against on
 * the full vote) follows from the lane, the tally and the thresholds fixed at the snapshot,
 * mirroring HomeostatGovernor._quorumReached / _voteSucceeded. Pure.
 */
import type { Lane, Tally } from './progress';

export type OutcomeTone = 'open' | 'passed' | 'executed' | 'failed' | 'vetoed' | 'neutral';

export type NamedOutcome = {
  /** Short label for a badge, e.g. "Vetoed", "Defeated: quorum not reached". */
  label: string;
  /** One sentence with the numbers behind the label, when they are known. */
  detail: string | null;
  tone: OutcomeTone;
};

export type OutcomeInput = {
  /** The governor's state name (OpenZeppelin ProposalState), or null when the chain is not known. */
  state: string | null;
  lane: Lane | null;
  votes: Tally | null;
  /** Thresholds fixed at the snapshot (token units); null when unknown. */
  quorum?: bigint | null | undefined;
  vetoThreshold?: bigint | null | undefined;
  /** Formats a raw token amount for `detail` (the UI passes its own). */
  formatVotes?: (raw: bigint) => string;
};

const defaultFormat = (raw: bigint) => (raw / 10n ** 18n).toLocaleString('en-US');

/** Why a Defeated proposal failed, from the lane, tally and thresholds. */
function defeated(i: OutcomeInput): NamedOutcome {
  const fmt = i.formatVotes ?? defaultFormat;
  const v = i.votes;
  // On the optimistic lane the only way to fail is the veto (quorum is deemed reached).
  if (i.lane === 'optimistic') {
    return {
      label: 'Vetoed',
      detail:
        v && i.vetoThreshold != null
          ? `${fmt(v.against)} votes against reached the veto threshold of ${fmt(i.vetoThreshold)}.`
          : 'Votes against reached the veto threshold.',
      tone: 'vetoed',
    };
  }
  if (!v) return { label: 'Defeated', detail: null, tone: 'failed' };
  const counted = v.for + v.abstain;
  const noVotes = v.for === 0n && v.against === 0n && v.abstain === 0n;
  const short = i.quorum != null && counted < i.quorum;
  if (noVotes) {
    return {
      label: 'Defeated: quorum not reached',
      detail:
        i.quorum != null ? `Nobody voted; ${fmt(i.quorum)} votes (approve + abstain) were needed.` : 'Nobody voted.',
      tone: 'failed',
    };
  }
  // Holders who voted against outnumber those for: that is what decided it, even if quorum also failed.
  if (v.against > v.for) {
    return {
      label: 'Defeated: majority against',
      detail: `${fmt(v.against)} against, ${fmt(v.for)} for${short ? '; the quorum was not reached either' : ''}.`,
      tone: 'failed',
    };
  }
  if (short) {
    return {
      label: 'Defeated: quorum not reached',
      detail: `${fmt(counted)} votes (approve + abstain) of the ${fmt(i.quorum as bigint)} needed.`,
      tone: 'failed',
    };
  }
  if (v.for === v.against) {
    return {
      label: 'Defeated: tied vote',
      detail: `${fmt(v.for)} for and ${fmt(v.against)} against; approvals must exceed vetoes.`,
      tone: 'failed',
    };
  }
  // More approvals than vetoes and still defeated: only the quorum can have failed.
  return { label: 'Defeated: quorum not reached', detail: null, tone: 'failed' };
}

export function nameOutcome(i: OutcomeInput): NamedOutcome {
  switch (i.state) {
    // The governor's own names where they already say what happened; details in words.
    case 'Pending':
      return { label: 'Pending', detail: 'Voting has not started yet.', tone: 'open' };
    case 'Active':
      return { label: 'Active', detail: 'Voting is open.', tone: 'open' };
    case 'Succeeded':
      return { label: 'Succeeded', detail: 'Passed; waiting to be queued in the timelock.', tone: 'passed' };
    case 'Queued':
      return {
        label: 'Queued',
        detail: 'Passed; waiting out the timelock delay before it can execute.',
        tone: 'passed',
      };
    case 'Executed':
      return { label: 'Executed', detail: 'Passed and in force on-chain.', tone: 'executed' };
    case 'Defeated':
      return defeated(i);
    case 'Canceled':
      return {
        label: 'Canceled',
        detail: 'Withdrawn by the guardian or the proposer before it took effect.',
        tone: 'neutral',
      };
    case 'Expired':
      return { label: 'Expired', detail: 'Passed but was not executed in time.', tone: 'neutral' };
    case null:
      return { label: 'Not on-chain', detail: null, tone: 'neutral' };
    default:
      return { label: i.state, detail: null, tone: 'neutral' };
  }
}
