/** HomeostatGovernor: proposals with the agent's decision metadata, votes, lifecycle, escalations. */
import { type Context, ponder } from 'ponder:registry';
import { decision, escalation, proposal, vote } from 'ponder:schema';
import type { Address, Hex } from 'viem';
import type { LogEvent } from '../math';

ponder.on('HomeostatGovernor:ProposalCreated', async ({ event, context }) => {
  const a = event.args;
  await context.db
    .insert(proposal)
    .values({
      id: a.proposalId,
      blockNumber: event.block.number,
      createdAt: Number(event.block.timestamp),
      txHash: event.transaction.hash,
      proposer: a.proposer,
      description: a.description,
      targets: [...a.targets],
      calldatas: [...a.calldatas],
      voteStart: a.voteStart,
      voteEnd: a.voteEnd,
      forVotes: 0n,
      againstVotes: 0n,
      abstainVotes: 0n,
      voteCount: 0,
      queuedAt: null,
      eta: null,
      executedAt: null,
      canceledAt: null,
      escalatedTo: null,
    })
    // An id can come back after a cancel (same actions and description): start it over.
    .onConflictDoUpdate({
      blockNumber: event.block.number,
      createdAt: Number(event.block.timestamp),
      voteStart: a.voteStart,
      voteEnd: a.voteEnd,
    });
});

ponder.on('HomeostatGovernor:DecisionProposed', async ({ event, context }) => {
  const a = event.args;
  const values = {
    decisionId: a.decisionId,
    lane: a.lane,
    modelHash: a.modelHash,
    inputHash: a.inputHash,
    justificationHash: a.justificationHash,
    justificationURI: a.justificationURI,
  };
  await context.db
    .insert(decision)
    .values({ proposalId: a.proposalId, ...values })
    .onConflictDoUpdate(values);
});

type VoteArgs = {
  voter: Address;
  proposalId: bigint;
  support: number;
  weight: bigint;
  reason: string;
  params?: Hex;
};

async function recordVote(event: LogEvent, context: Context<'HomeostatGovernor:VoteCast'>, a: VoteArgs) {
  await context.db.insert(vote).values({
    id: `${a.proposalId}-${a.voter.toLowerCase()}`,
    proposalId: a.proposalId,
    voter: a.voter,
    support: a.support,
    weight: a.weight,
    reason: a.reason,
    params: a.params ?? null,
    blockNumber: event.block.number,
    timestamp: Number(event.block.timestamp),
    txHash: event.transaction.hash,
  });
  await context.db.update(proposal, { id: a.proposalId }).set((row) => ({
    forVotes: row.forVotes + (a.support === 1 ? a.weight : 0n),
    againstVotes: row.againstVotes + (a.support === 0 ? a.weight : 0n),
    abstainVotes: row.abstainVotes + (a.support === 2 ? a.weight : 0n),
    voteCount: row.voteCount + 1,
  }));
}

ponder.on('HomeostatGovernor:VoteCast', ({ event, context }) => recordVote(event, context, event.args));
ponder.on('HomeostatGovernor:VoteCastWithParams', ({ event, context }) => recordVote(event, context, event.args));

ponder.on('HomeostatGovernor:ProposalQueued', async ({ event, context }) => {
  await context.db
    .update(proposal, { id: event.args.proposalId })
    .set({ queuedAt: Number(event.block.timestamp), eta: event.args.etaSeconds });
});

ponder.on('HomeostatGovernor:ProposalExecuted', async ({ event, context }) => {
  await context.db.update(proposal, { id: event.args.proposalId }).set({ executedAt: Number(event.block.timestamp) });
});

ponder.on('HomeostatGovernor:ProposalCanceled', async ({ event, context }) => {
  await context.db.update(proposal, { id: event.args.proposalId }).set({ canceledAt: Number(event.block.timestamp) });
});

ponder.on('HomeostatGovernor:ProposalEscalated', async ({ event, context }) => {
  const { proposalId, escalatedProposalId } = event.args;
  await context.db
    .insert(escalation)
    .values({ proposalId, escalatedProposalId, timestamp: Number(event.block.timestamp) })
    .onConflictDoNothing();
  await context.db.update(proposal, { id: proposalId }).set({ escalatedTo: escalatedProposalId });
});
