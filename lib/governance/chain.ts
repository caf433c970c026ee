/**
 * Chain reads for the governance and transparency pages (viem actions; Node and browser).
 * Raw contract shapes stop here: callers get the domain types of ./decode, ./progress, ./voter.
 */
import { type Address, erc20Abi, type Hex, type PublicClient } from 'viem';
import { getProposals, type ProposalSummary, proposalStates } from '../chain/governance';
import { homeostatGovernorAbi, homeostatTokenAbi, policyControllerAbi, treasuryAbi } from '../contracts/abis';
import type { Deployment } from '../contracts/deployments';
import { POLICY_PARAM_COUNT, type PolicyParamId } from '../contracts/params';
import { type ControllerState, type DecodedChange, decodeProposal, type GuardrailBounds } from './decode';
import { type Lane, laneFromId } from './progress';
import type { UnitContext } from './units';
import type { VoterAtSnapshot } from './voter';

const ids = Array.from({ length: POLICY_PARAM_COUNT }, (_, i) => i as PolicyParamId);

export async function readControllerState(client: PublicClient, controller: Address): Promise<ControllerState> {
  const read = <const F extends string>(functionName: F, args?: readonly unknown[]) =>
    // biome-ignore lint/suspicious/noExplicitAny: viem's overloads; the ABI types the result below
    client.readContract({ address: controller, abi: policyControllerAbi, functionName, args } as any) as Promise<any>;
  const [params, guardrails, window, nonce, paused] = await Promise.all([
    Promise.all(ids.map((id) => read('parameter', [id]) as Promise<bigint>)),
    Promise.all(ids.map((id) => read('guardrail', [id]) as Promise<GuardrailBounds>)),
    (read('supplyWindow') as Promise<readonly [bigint, bigint]>).catch(() => null),
    read('supplyNonce') as Promise<bigint>,
    read('paused') as Promise<boolean>,
  ]);
  return {
    params: Object.fromEntries(ids.map((id, i) => [id, params[i]!])) as ControllerState['params'],
    guardrails: Object.fromEntries(
      ids.map((id, i) => {
        const g = guardrails[i]!;
        return [
          id,
          { min: g.min, max: g.max, maxStep: g.maxStep, smallStep: g.smallStep, minDelay: BigInt(g.minDelay) },
        ];
      }),
    ) as ControllerState['guardrails'],
    supplyWindow: window ? { netChange: window[0], budget: window[1] } : null,
    supplyNonce: nonce,
    paused,
  };
}

export async function readUnits(client: PublicClient, stable: Address, treasury?: Address): Promise<UnitContext> {
  const [decimals, symbol, epoch] = await Promise.all([
    client.readContract({ address: stable, abi: erc20Abi, functionName: 'decimals' }),
    client.readContract({ address: stable, abi: erc20Abi, functionName: 'symbol' }).catch(() => 'stable'),
    treasury
      ? client.readContract({ address: treasury, abi: treasuryAbi, functionName: 'epochLength' }).catch(() => null)
      : null,
  ]);
  return {
    stableDecimals: Number(decimals),
    stableSymbol: symbol,
    stableAddress: stable,
    ...(epoch ? { buybackEpochSeconds: Number(epoch) } : {}),
  };
}

export type DecisionMetadata = {
  decisionId: Hex;
  modelHash: Hex;
  inputHash: Hex;
  justificationHash: Hex;
  justificationURI: string;
};

export type GovernanceProposal = ProposalSummary & {
  lane: Lane;
  snapshot: bigint;
  deadline: bigint;
  eta: bigint | null;
  /** Fixed at the snapshot from delegated supply; null before the snapshot has passed. */
  quorum: bigint | null;
  vetoThreshold: bigint | null;
  /** Delegated supply at the snapshot (token.getPastTotalVotes), null before it. */
  delegatedAtSnapshot: bigint | null;
  decision: DecisionMetadata | null;
  escalatedTo: bigint | null;
  changes: DecodedChange[];
};

export type GovernanceOverview = {
  /** Chain time of the latest block (unix seconds): the clock that decides. */
  chainTime: number;
  blockNumber: bigint;
  proposals: GovernanceProposal[];
  controller: ControllerState;
  units: UnitContext;
};

export async function getGovernanceOverview(
  client: PublicClient,
  deployment: Deployment,
  options: { onlyId?: bigint } = {},
): Promise<GovernanceOverview> {
  const c = deployment.contracts;
  const fromBlock = BigInt(deployment.startBlock);
  const [block, summaries, controller, units, decisionLogs] = await Promise.all([
    client.getBlock({ blockTag: 'latest' }),
    options.onlyId === undefined
      ? getProposals(client, { governor: c.HomeostatGovernor, fromBlock })
      : getOneProposal(client, c.HomeostatGovernor, fromBlock, options.onlyId),
    readControllerState(client, c.PolicyController),
    readUnits(client, c.StableToken, c.Treasury),
    client.getContractEvents({
      address: c.HomeostatGovernor,
      abi: homeostatGovernorAbi,
      eventName: 'DecisionProposed',
      fromBlock,
      toBlock: 'latest',
    }),
  ]);
  const chainTime = Number(block.timestamp);
  const decisions = new Map<string, DecisionMetadata>();
  for (const l of decisionLogs) {
    const a = l.args;
    if (a.proposalId === undefined) continue;
    decisions.set(a.proposalId.toString(), {
      decisionId: a.decisionId as Hex,
      modelHash: a.modelHash as Hex,
      inputHash: a.inputHash as Hex,
      justificationHash: a.justificationHash as Hex,
      justificationURI: a.justificationURI ?? '',
    });
  }
  const wanted = options.onlyId === undefined ? summaries : summaries.filter((p) => p.id === options.onlyId);
  const proposals = await Promise.all(
    wanted.map(async (p): Promise<GovernanceProposal> => {
      const facts = await proposalFacts(client, deployment, p, chainTime);
      return {
        ...p,
        ...facts,
        snapshot: p.voteStart,
        deadline: p.voteEnd,
        decision: decisions.get(p.id.toString()) ?? null,
        changes: decodeProposal(p.calldatas, controller, units),
      };
    }),
  );
  return { chainTime, blockNumber: block.number, proposals, controller, units };
}

/**
 * One proposal with its live state and tally, or none. getProposals reads the state and tally of
 * every proposal ever made (two calls each), which made one proposal's page slower with every
 * proposal the agent added; here only the wanted one is read.
 */
async function getOneProposal(
  client: PublicClient,
  governor: Address,
  fromBlock: bigint,
  id: bigint,
): Promise<ProposalSummary[]> {
  const logs = await client.getContractEvents({
    address: governor,
    abi: homeostatGovernorAbi,
    eventName: 'ProposalCreated',
    fromBlock,
    toBlock: 'latest',
  });
  const log = logs.find((l) => l.args.proposalId === id);
  if (!log) return [];
  const a = log.args;
  const gov = { address: governor, abi: homeostatGovernorAbi } as const;
  const [state, votes] = await Promise.all([
    client.readContract({ ...gov, functionName: 'state', args: [id] }),
    client.readContract({ ...gov, functionName: 'proposalVotes', args: [id] }),
  ]);
  const [against, forVotes, abstain] = votes as readonly [bigint, bigint, bigint];
  return [
    {
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
    },
  ];
}

type ProposalFacts = Pick<
  GovernanceProposal,
  'lane' | 'eta' | 'escalatedTo' | 'quorum' | 'vetoThreshold' | 'delegatedAtSnapshot'
>;

/** States after which lane, eta, escalation and the snapshot thresholds can no longer change. */
const FINAL_STATES = new Set(['Defeated', 'Executed', 'Canceled', 'Expired']);
/**
 * Facts of finished proposals, read once: the list re-read six values of every proposal ever made
 * on each new block, so it slowed with every proposal the agent added. The key holds the creating
 * transaction and the state, so a chain reset (anvil revert) that re-creates an id misses it.
 */
const finishedFacts = new Map<string, ProposalFacts>();

async function proposalFacts(
  client: PublicClient,
  deployment: Deployment,
  p: ProposalSummary,
  chainTime: number,
): Promise<ProposalFacts> {
  const key = `${deployment.contracts.HomeostatGovernor}:${p.id}:${p.transactionHash}:${p.state}`;
  const known = finishedFacts.get(key);
  if (known) return known;
  const gov = { address: deployment.contracts.HomeostatGovernor, abi: homeostatGovernorAbi } as const;
  const snapshotPassed = p.voteStart < BigInt(chainTime);
  const [lane, eta, escalatedTo, quorum, vetoThreshold, delegated] = await Promise.all([
    client.readContract({ ...gov, functionName: 'proposalLane', args: [p.id] }),
    client.readContract({ ...gov, functionName: 'proposalEta', args: [p.id] }),
    client.readContract({ ...gov, functionName: 'escalatedTo', args: [p.id] }).catch(() => 0n),
    snapshotPassed
      ? client.readContract({ ...gov, functionName: 'quorum', args: [p.voteStart] }).catch(() => null)
      : null,
    snapshotPassed
      ? client.readContract({ ...gov, functionName: 'vetoThreshold', args: [p.voteStart] }).catch(() => null)
      : null,
    snapshotPassed
      ? client
          .readContract({
            address: deployment.contracts.HomeostatToken,
            abi: homeostatTokenAbi,
            functionName: 'getPastTotalVotes',
            args: [p.voteStart],
          })
          .catch(() => null)
      : null,
  ]);
  const facts: ProposalFacts = {
    lane: laneFromId(lane),
    eta: eta > 0n ? eta : null,
    escalatedTo: escalatedTo > 0n ? escalatedTo : null,
    quorum,
    vetoThreshold,
    delegatedAtSnapshot: delegated,
  };
  // Only complete answers are kept (a failed threshold read is retried next time). A vetoed
  // optimistic proposal may still be escalated (Defeated is final for everything but escalatedTo).
  const mayEscalate = p.state === 'Defeated' && facts.lane === 'optimistic' && facts.escalatedTo === null;
  const complete = quorum !== null && vetoThreshold !== null && delegated !== null;
  if (FINAL_STATES.has(p.state) && snapshotPassed && complete && !mayEscalate) {
    finishedFacts.set(key, facts);
    if (finishedFacts.size > 5_000) finishedFacts.delete(finishedFacts.keys().next().value as string);
  }
  return facts;
}

export type CastVote = {
  voter: Address;
  support: number;
  weight: bigint;
  reason: string;
  blockNumber: bigint;
  txHash: Hex;
};

/** Votes on one proposal, oldest first, with their reasons (VoteCast's proposalId is not indexed). */
export async function getCastVotes(
  client: PublicClient,
  deployment: Deployment,
  proposalId: bigint,
): Promise<CastVote[]> {
  const logs = await client.getContractEvents({
    address: deployment.contracts.HomeostatGovernor,
    abi: homeostatGovernorAbi,
    eventName: 'VoteCast',
    fromBlock: BigInt(deployment.startBlock),
    toBlock: 'latest',
  });
  return logs
    .filter((l) => l.args.proposalId === proposalId)
    .map((l) => ({
      voter: l.args.voter as Address,
      support: Number(l.args.support),
      weight: l.args.weight as bigint,
      reason: l.args.reason ?? '',
      blockNumber: l.blockNumber,
      txHash: l.transactionHash,
    }));
}

export async function getVoterAtSnapshot(
  client: PublicClient,
  deployment: Deployment,
  {
    account,
    proposalId,
    snapshot,
    chainTime,
  }: { account: Address; proposalId: bigint; snapshot: bigint; chainTime: number },
): Promise<VoterAtSnapshot> {
  const token = { address: deployment.contracts.HomeostatToken, abi: homeostatTokenAbi } as const;
  const gov = { address: deployment.contracts.HomeostatGovernor, abi: homeostatGovernorAbi } as const;
  const [balance, delegate, currentVotes, votesAtSnapshot, hasVoted, nonce] = await Promise.all([
    client.readContract({ ...token, functionName: 'balanceOf', args: [account] }),
    client.readContract({ ...token, functionName: 'delegates', args: [account] }),
    client.readContract({ ...token, functionName: 'getVotes', args: [account] }),
    snapshot < BigInt(chainTime)
      ? client.readContract({ ...token, functionName: 'getPastVotes', args: [account, snapshot] })
      : Promise.resolve(null),
    client.readContract({ ...gov, functionName: 'hasVoted', args: [proposalId, account] }),
    client.readContract({ ...gov, functionName: 'nonces', args: [account] }),
  ]);
  return { account, balance, delegate, currentVotes, votesAtSnapshot, hasVoted, nonce };
}

export type GuardianAction = {
  kind: 'pause' | 'unpause' | 'cancel';
  at: number | null;
  blockNumber: bigint;
  txHash: Hex;
  /** Account that sent the transaction (the guardian, or the timelock for unpause). */
  by: Address | null;
  proposalId: bigint | null;
};

/** Pauses, unpauses and proposal cancellations, newest first, from the chain's events. */
export async function getGuardianActions(client: PublicClient, deployment: Deployment): Promise<GuardianAction[]> {
  const fromBlock = BigInt(deployment.startBlock);
  const c = deployment.contracts;
  const [paused, unpaused, canceled] = await Promise.all([
    client.getContractEvents({ address: c.PolicyController, abi: policyControllerAbi, eventName: 'Paused', fromBlock }),
    client.getContractEvents({
      address: c.PolicyController,
      abi: policyControllerAbi,
      eventName: 'Unpaused',
      fromBlock,
    }),
    client.getContractEvents({
      address: c.HomeostatGovernor,
      abi: homeostatGovernorAbi,
      eventName: 'ProposalCanceled',
      fromBlock,
    }),
  ]);
  const rows = [
    ...paused.map((l) => ({ kind: 'pause' as const, l, by: (l.args.account as Address) ?? null, proposalId: null })),
    ...unpaused.map((l) => ({
      kind: 'unpause' as const,
      l,
      by: (l.args.account as Address) ?? null,
      proposalId: null,
    })),
    ...canceled.map((l) => ({
      kind: 'cancel' as const,
      l,
      by: null,
      proposalId: (l.args.proposalId as bigint) ?? null,
    })),
  ];
  const blocks = new Map<bigint, number>();
  await Promise.all(
    [...new Set(rows.map((r) => r.l.blockNumber))].map(async (n) =>
      blocks.set(n, Number((await client.getBlock({ blockNumber: n })).timestamp)),
    ),
  );
  const withSender = await Promise.all(
    rows.map(async (r) => ({
      kind: r.kind,
      at: blocks.get(r.l.blockNumber) ?? null,
      blockNumber: r.l.blockNumber,
      txHash: r.l.transactionHash,
      by:
        r.by ??
        (await client
          .getTransaction({ hash: r.l.transactionHash })
          .then((t) => t.from)
          .catch(() => null)),
      proposalId: r.proposalId,
    })),
  );
  return withSender.sort((a, b) => Number(b.blockNumber - a.blockNumber));
}

export type ProposalTxs = { created: Hex; queued: Hex | null; executed: Hex | null; canceled: Hex | null };

/** Transaction hashes of each proposal's lifecycle events, by proposal id. */
export async function getProposalTxs(client: PublicClient, deployment: Deployment): Promise<Map<string, ProposalTxs>> {
  const fromBlock = BigInt(deployment.startBlock);
  const gov = { address: deployment.contracts.HomeostatGovernor, abi: homeostatGovernorAbi, fromBlock } as const;
  const [created, queued, executed, canceled] = await Promise.all([
    client.getContractEvents({ ...gov, eventName: 'ProposalCreated' }),
    client.getContractEvents({ ...gov, eventName: 'ProposalQueued' }),
    client.getContractEvents({ ...gov, eventName: 'ProposalExecuted' }),
    client.getContractEvents({ ...gov, eventName: 'ProposalCanceled' }),
  ]);
  const out = new Map<string, ProposalTxs>();
  for (const l of created) {
    out.set(String(l.args.proposalId), { created: l.transactionHash, queued: null, executed: null, canceled: null });
  }
  const set = (
    k: 'queued' | 'executed' | 'canceled',
    logs: { args: { proposalId?: bigint }; transactionHash: Hex }[],
  ) => {
    for (const l of logs) {
      const p = out.get(String(l.args.proposalId));
      if (p) p[k] = l.transactionHash;
    }
  };
  set('queued', queued);
  set('executed', executed);
  set('canceled', canceled);
  return out;
}

/** Number of votes cast per proposal id. */
export async function getCastVotesCount(client: PublicClient, deployment: Deployment): Promise<Map<string, number>> {
  const logs = await client.getContractEvents({
    address: deployment.contracts.HomeostatGovernor,
    abi: homeostatGovernorAbi,
    eventName: 'VoteCast',
    fromBlock: BigInt(deployment.startBlock),
    toBlock: 'latest',
  });
  const out = new Map<string, number>();
  for (const l of logs) {
    const id = String(l.args.proposalId);
    out.set(id, (out.get(id) ?? 0) + 1);
  }
  return out;
}
