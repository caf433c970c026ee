/**
 * Domain types of indexed history, as the app and agent see them. Token amounts are raw
 * `bigint` units (HOME 18 decimals, the stable its own), prices stable per HOME, times unix
 * seconds of block time. Raw indexer rows never leave lib/indexer.
 */
import type { Address, Hex } from 'viem';

export type IndexerStatus = {
  chainId: number;
  /** Last block the indexer has processed (null before the first checkpoint). */
  indexedBlock: number | null;
  indexedTimestamp: number | null;
  /** True once historical catch-up finished. */
  ready: boolean;
  /** The chain's head as the indexer sees it (null when its RPC does not answer). */
  chainHead: number | null;
  lagBlocks: number | null;
};

export type Candle = {
  /** Start of the candle. */
  time: number;
  /** Length in seconds (3600 for hourly). */
  interval: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volumeHome: bigint;
  volumeStable: bigint;
  swapCount: number;
  /** Reserves at the close. */
  reserveHome: bigint;
  reserveStable: bigint;
};

export type ReservePoint = {
  time: number;
  reserveHome: bigint;
  reserveStable: bigint;
  price: number;
  /** Raw resolution only. */
  blockNumber?: bigint;
};

export type OracleSignalSnapshot = {
  round: number;
  sentimentBps: number;
  anomalyBps: number;
  observedAt: number;
};

/** Protocol state at the end of one hour. */
export type KpiSnapshot = {
  time: number;
  /** True when no event happened that hour and the previous state was carried forward. */
  filled: boolean;
  blockNumber: bigint;
  price: number | null;
  reserveHome: bigint;
  reserveStable: bigint;
  totalSupply: bigint;
  totalStaked: bigint;
  delegatedVotes: bigint;
  treasuryHome: bigint;
  treasuryStable: bigint;
  holderCount: number;
  /** Cumulative since deploy. */
  minted: bigint;
  burned: bigint;
  feesToTreasury: bigint;
  feesBurned: bigint;
  rewardsPaid: bigint;
  volumeHome: bigint;
  volumeStable: bigint;
  transferCount: number;
  lastSignal: OracleSignalSnapshot | null;
  paused: boolean;
};

export type Holder = { address: Address; balance: bigint };

export type HolderDistribution = {
  /** The time asked for; balances are as of the end of its hour's last event. */
  at: number;
  holderCount: number;
  /** Largest first. */
  holders: Holder[];
};

export type Lane = 'full' | 'optimistic';

export type Decision = {
  decisionId: Hex;
  lane: Lane;
  modelHash: Hex;
  inputHash: Hex;
  justificationHash: Hex;
  justificationURI: string;
};

/** What the indexer saw happen to a proposal (voting state depends on the clock: ask the governor). */
export type ProposalLifecycle = 'created' | 'queued' | 'executed' | 'canceled';

export type IndexedProposal = {
  id: bigint;
  proposer: Address;
  description: string;
  targets: Address[];
  calldatas: Hex[];
  createdAt: number;
  blockNumber: bigint;
  txHash: Hex;
  voteStart: bigint;
  voteEnd: bigint;
  votes: { for: bigint; against: bigint; abstain: bigint };
  voteCount: number;
  lifecycle: ProposalLifecycle;
  queuedAt: number | null;
  eta: bigint | null;
  executedAt: number | null;
  canceledAt: number | null;
  escalatedTo: bigint | null;
  decision: Decision | null;
};

export type VoteSupport = 'against' | 'for' | 'abstain';

export type IndexedVote = {
  proposalId: bigint;
  voter: Address;
  support: VoteSupport;
  weight: bigint;
  reason: string;
  timestamp: number;
  blockNumber: bigint;
  txHash: Hex;
};

export type OracleSignal = OracleSignalSnapshot & {
  timestamp: number;
  offchainVolume: bigint;
  contentHash: Hex;
};

/** One round of the oracle's market-price feed: the market factor's price, USD. */
export type MarketPricePoint = {
  round: number;
  /** When the reporter observed it (unix seconds). */
  observedAt: number;
  /** Block time of the post. */
  timestamp: number;
  /** USD with 18 decimals, as posted. */
  price: bigint;
};

/** An on-chain Verify record (VerificationLog), in domain units; defined with its encoding in lib/agent. */
export type { OnChainVerification as IndexedVerification } from '../agent/onchain-verification';
