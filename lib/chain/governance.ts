import type { Address, Hex, PublicClient } from 'viem';
import { homeostatGovernorAbi, homeostatTokenAbi } from '../contracts/abis';

/** OpenZeppelin's IGovernor.ProposalState, in enum order. */
export const proposalStates = [
  'Pending',
  'Active',
  'Canceled',
  'Defeated',
  'Succeeded',
  'Queued',
  'Expired',
  'Executed',
] as const;
export type ProposalStateName = (typeof proposalStates)[number];

/** Vote support values of GovernorCountingSimple: Against = veto, For = approve. */
export const VoteSupport = { Against: 0, For: 1, Abstain: 2 } as const;
export type VoteSupportValue = (typeof VoteSupport)[keyof typeof VoteSupport];

export type ProposalSummary = {
  id: bigint;
  proposer: Address;
  description: string;
  targets: readonly Address[];
  values: readonly bigint[];
  calldatas: readonly Hex[];
  /** Snapshot and deadline as ERC-6372 timepoints (unix seconds: the token uses a timestamp clock). */
  voteStart: bigint;
  voteEnd: bigint;
  state: ProposalStateName;
  votes: { against: bigint; for: bigint; abstain: bigint };
  createdBlock: bigint;
  transactionHash: Hex;
};

export type GetProposalsParameters = { governor: Address; fromBlock: bigint };
export type GetProposalsReturnType = ProposalSummary[];

/** All proposals on the governor, newest first, with live state and tallies. */
export async function getProposals(
  client: PublicClient,
  { governor, fromBlock }: GetProposalsParameters,
): Promise<GetProposalsReturnType> {
  const logs = await client.getContractEvents({
    address: governor,
    abi: homeostatGovernorAbi,
    eventName: 'ProposalCreated',
    fromBlock,
    toBlock: 'latest',
  });
  const proposals = await Promise.all(
    logs.map(async (log) => {
      const a = log.args;
      const id = a.proposalId as bigint;
      const [state, votes] = await Promise.all([
        client.readContract({ address: governor, abi: homeostatGovernorAbi, functionName: 'state', args: [id] }),
        client.readContract({
          address: governor,
          abi: homeostatGovernorAbi,
          functionName: 'proposalVotes',
          args: [id],
        }),
      ]);
      const [against, forVotes, abstain] = votes as readonly [bigint, bigint, bigint];
      return {
        id,
        proposer: a.proposer as Address,
        description: (a.description as string) ?? '',
        targets: (a.targets ?? []) as readonly Address[],
        values: (a.values ?? []) as readonly bigint[],
        calldatas: (a.calldatas ?? []) as readonly Hex[],
        voteStart: a.voteStart as bigint,
        voteEnd: a.voteEnd as bigint,
        state: proposalStates[Number(state)] ?? 'Pending',
        votes: { against, for: forVotes, abstain },
        createdBlock: log.blockNumber,
        transactionHash: log.transactionHash,
      } satisfies ProposalSummary;
    }),
  );
  return proposals.sort((x, y) => Number(y.createdBlock - x.createdBlock));
}

export type VoterInfo = {
  balance: bigint;
  /** Current voting power (delegated votes). */
  votes: bigint;
  delegate: Address;
};

export async function getVoterInfo(client: PublicClient, { token, account }: { token: Address; account: Address }) {
  const [balance, votes, delegate] = await Promise.all([
    client.readContract({ address: token, abi: homeostatTokenAbi, functionName: 'balanceOf', args: [account] }),
    client.readContract({ address: token, abi: homeostatTokenAbi, functionName: 'getVotes', args: [account] }),
    client.readContract({ address: token, abi: homeostatTokenAbi, functionName: 'delegates', args: [account] }),
  ]);
  return { balance, votes, delegate } satisfies VoterInfo;
}

/** Query options: tuple keys so the cache can be invalidated per governor or account. */
export const governanceQueries = {
  proposals: (client: PublicClient, params: GetProposalsParameters) => ({
    queryKey: [
      'governance',
      'proposals',
      { governor: params.governor, fromBlock: params.fromBlock.toString() },
    ] as const,
    queryFn: () => getProposals(client, params),
  }),
  voter: (client: PublicClient, params: { token: Address; account: Address }) => ({
    queryKey: ['governance', 'voter', params] as const,
    queryFn: () => getVoterInfo(client, params),
  }),
};
