import { type Address, zeroAddress } from 'viem';

export type VoterAtSnapshot = {
  account: Address;
  balance: bigint;
  delegate: Address;
  /** token.getVotes(account) now. */
  currentVotes: bigint;
  /** token.getPastVotes(account, snapshot); null before the snapshot has passed. */
  votesAtSnapshot: bigint | null;
  hasVoted: boolean;
  /** governor.nonces(account), for vote-by-signature. */
  nonce: bigint;
};

export type VoterAdvice =
  | { kind: 'can-vote'; text: string }
  | { kind: 'no-tokens'; text: string }
  | { kind: 'not-delegated'; text: string }
  | { kind: 'delegated-away'; text: string }
  | { kind: 'no-power-at-snapshot'; text: string }
  | { kind: 'already-voted'; text: string };

/** What the connected holder can do on this proposal, and what to tell them. */
export function voterAdvice(v: VoterAtSnapshot): VoterAdvice {
  const self = v.delegate.toLowerCase() === v.account.toLowerCase();
  if (v.hasVoted) return { kind: 'already-voted', text: 'You have voted on this proposal.' };
  if (v.delegate !== zeroAddress && !self) {
    return {
      kind: 'delegated-away',
      text: 'Your voting power is delegated to another address: they vote with it, not you. Delegate to yourself to vote on later proposals.',
    };
  }
  if (v.votesAtSnapshot !== null && v.votesAtSnapshot > 0n) {
    return { kind: 'can-vote', text: 'You can vote with your power at the snapshot.' };
  }
  if (v.balance > 0n && v.delegate === zeroAddress) {
    return {
      kind: 'not-delegated',
      text: 'You hold tokens but have not delegated them, so they carry no votes. Delegate to yourself (counts for proposals created after that).',
    };
  }
  if (v.balance === 0n && v.currentVotes === 0n) {
    return { kind: 'no-tokens', text: 'This account holds no HOME and has no voting power.' };
  }
  if (v.votesAtSnapshot === null) {
    return { kind: 'can-vote', text: 'The snapshot has not passed yet; your power is counted at the snapshot.' };
  }
  return {
    kind: 'no-power-at-snapshot',
    text: 'You had no voting power at this proposal’s snapshot (tokens or delegation came later), so a vote would count 0.',
  };
}
