/**
 * Votes by signature (EIP-712), shared by the signer's and the relayer's side. The voter signs a
 * Ballot in their wallet (eth_signTypedData_v4): no transaction, no gas. Anyone may then submit
 * the signature with castVoteBySig (or castVoteWithReasonAndParamsBySig when there is a reason):
 * the voter's own wallet, another account of theirs, or a relayer they choose. The app holds no
 * key and relays nothing on its servers; the signature binds proposal, choice, voter, nonce (and
 * reason), so whoever submits it cannot change the vote.
 */
import { type Address, type Hex, isAddress, isHex } from 'viem';

export const ballotTypes = {
  Ballot: [
    { name: 'proposalId', type: 'uint256' },
    { name: 'support', type: 'uint8' },
    { name: 'voter', type: 'address' },
    { name: 'nonce', type: 'uint256' },
  ],
} as const;

export const extendedBallotTypes = {
  ExtendedBallot: [
    { name: 'proposalId', type: 'uint256' },
    { name: 'support', type: 'uint8' },
    { name: 'voter', type: 'address' },
    { name: 'nonce', type: 'uint256' },
    { name: 'reason', type: 'string' },
    { name: 'params', type: 'bytes' },
  ],
} as const;

export function governorDomain(chainId: number, governor: Address) {
  return { name: 'HomeostatGovernor', version: '1', chainId, verifyingContract: governor } as const;
}

/** What a signer hands to whoever submits it (JSON, bigints as decimal strings). */
export type SignedBallot = {
  governor: Address;
  chainId: number;
  proposalId: string;
  support: 0 | 1 | 2;
  voter: Address;
  nonce: string;
  reason: string;
  signature: Hex;
};

export function parseSignedBallot(text: string): SignedBallot {
  let v: Partial<SignedBallot>;
  try {
    v = JSON.parse(text) as Partial<SignedBallot>;
  } catch {
    throw new Error('The signed vote is not valid JSON.');
  }
  if (!v || typeof v !== 'object') throw new Error('The signed vote must be a JSON object.');
  if (!isAddress(v.governor ?? '') || !isAddress(v.voter ?? ''))
    throw new Error('governor and voter must be addresses.');
  if (!/^\d+$/.test(v.proposalId ?? '') || !/^\d+$/.test(v.nonce ?? ''))
    throw new Error('proposalId and nonce must be integers.');
  if (v.support !== 0 && v.support !== 1 && v.support !== 2) throw new Error('support must be 0, 1 or 2.');
  if (!isHex(v.signature) || v.signature.length < 132) throw new Error('signature must be a 65-byte hex string.');
  if (typeof v.chainId !== 'number') throw new Error('chainId must be a number.');
  return { ...(v as SignedBallot), reason: typeof v.reason === 'string' ? v.reason : '' };
}
