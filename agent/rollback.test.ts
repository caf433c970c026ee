/**
 * The chain going back under the agent (found by `npm run chaos`: a killed anvil restarts from
 * its last state dump, losing the blocks mined since, the agent's proposal among them). The log
 * must not keep claiming a proposal the chain no longer has: within its epoch the decision is
 * proposed again, after it the decision is abandoned, and nothing is proposed twice.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BlockNotFoundError, type PublicClient, type WalletClient } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterEach, describe, expect, it } from 'vitest';
import { foldLog, type LogEntry } from '../lib/agent/records';
import type { Deployment } from '../lib/contracts/deployments';
import { strategyFor } from '../lib/policy/registry';
import { createChainBoundary } from './chain';
import { createHarFallback } from './forecast';
import { silentLogger } from './log';
import { Agent } from './loop';
import { AgentStore, readJsonLines } from './store';
import { CONTROLLER, FakeChain, GOVERNOR, syntheticPool } from './testing';

const NOW = 1_800_000_000;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agent-rollback-'));
  dirs.push(dir);
  const chain = new FakeChain(NOW, syntheticPool(NOW, 48));
  const make = () =>
    new Agent({
      chain,
      store: new AgentStore(path.join(dir, 'data'), path.join(dir, 'just')),
      forecasters: { fallback: createHarFallback() },
      strategy: strategyFor('adaptive'),
      log: silentLogger,
      config: {
        chainId: 31337,
        governor: GOVERNOR,
        controller: CONTROLLER,
        intervalSeconds: 3600,
        horizonHours: 24,
        minHistoryHours: 24,
        execute: true,
      },
    });
  const log = () => readJsonLines<LogEntry>(path.join(dir, 'data', 'decisions.jsonl'));
  return { chain, make, log };
}

/** The chain loses every proposal (its blocks were not in the state the node restarted from). */
function loseProposals(chain: FakeChain) {
  chain.proposals = [];
  chain.rolledBack = true;
}

describe('agent after the chain went back', () => {
  it('re-proposes a lost proposal within its epoch, exactly once, and the log follows the chain', async () => {
    const { chain, make, log } = setup();
    const agent = make();
    await agent.tick();
    expect(chain.proposals).toHaveLength(1);
    const [first] = foldLog(log()).values();
    expect(first?.proposed?.proposalId).toBe('1');

    loseProposals(chain);
    await agent.tick();
    expect(chain.proposals).toHaveLength(1);
    const again = foldLog(log()).get(first!.decision.decisionId)!;
    expect(again.rolledBack).toBe(1);
    expect(again.proposed?.proposalId).toBe(chain.proposals[0]!.proposalId.toString());
    expect(log().filter((e) => e.type === 'rolled-back')).toHaveLength(1);

    // Further ticks (and a restarted agent) leave it alone.
    await agent.tick();
    await make().tick();
    expect(chain.proposals).toHaveLength(1);
    expect(log().filter((e) => e.type === 'rolled-back')).toHaveLength(1);
  });

  it('abandons a lost proposal whose epoch has ended, naming the rollback, without proposing it again', async () => {
    const { chain, make, log } = setup();
    await make().tick();
    const [first] = foldLog(log()).values();
    expect(first?.proposed).toBeDefined();

    // The agent was down while the chain went back; it restarts an epoch later.
    loseProposals(chain);
    chain.now += 3600;
    const restarted = make();
    await restarted.tick();
    const d = foldLog(log()).get(first!.decision.decisionId)!;
    expect(d.proposed).toBeUndefined();
    expect(d.abandoned).toMatch(/rollback/);
    expect(chain.proposals.some((p) => p.decisionId === first!.decision.decisionId)).toBe(false);
  });

  it('keeps a proposal the event cache missed but the governor still has', async () => {
    const { chain, make, log } = setup();
    const agent = make();
    await agent.tick();
    const kept = chain.proposals;
    // Events come back empty (e.g. a lagging node), but the governor knows the proposal.
    chain.decisionEvents = async () => [];
    chain.proposalExists = async (id: bigint) => kept.some((p) => p.proposalId === id);
    await agent.tick();
    expect(log().some((e) => e.type === 'rolled-back')).toBe(false);
    expect(foldLog(log()).values().next().value?.proposed?.proposalId).toBe('1');
  });
});

describe('chain boundary head()', () => {
  /** A node whose blocks the test rewrites; records the ranges asked for DecisionProposed events. */
  function fakeNode() {
    const blocks = new Map<bigint, `0x${string}`>();
    let head = 0n;
    const ranges: [bigint, bigint][] = [];
    const mine = (n: bigint, tag = 'a') => {
      for (let i = 0n; i <= n; i++) if (!blocks.has(i) || tag !== 'a') blocks.set(i, `0x${tag}${i.toString(16)}`);
      head = n;
    };
    const client = {
      async getBlock(args?: { blockNumber?: bigint }) {
        const n = args?.blockNumber ?? head;
        const hash = n <= head ? blocks.get(n) : undefined;
        if (!hash) throw new BlockNotFoundError({ blockNumber: n });
        return { number: n, hash, timestamp: 1000n + n };
      },
      async getBlockNumber() {
        return head;
      },
      async getContractEvents(args: { fromBlock: bigint; toBlock: bigint }) {
        ranges.push([args.fromBlock, args.toBlock]);
        return [];
      },
    };
    const boundary = createChainBoundary({
      client: client as unknown as PublicClient,
      wallet: {} as WalletClient,
      account: privateKeyToAccount(`0x${'11'.repeat(32)}`),
      deployment: {
        chainId: 31337,
        startBlock: 1,
        contracts: { HomeostatGovernor: GOVERNOR },
      } as unknown as Deployment,
    });
    return {
      boundary,
      mine,
      ranges,
      rewrite: (n: bigint, tag: string) => blocks.set(n, `0x${tag}${n.toString(16)}`),
      setHead: (n: bigint) => (head = n),
    };
  }

  it('reports a lower head, or another hash at the height seen last, once, and re-reads events from the start', async () => {
    const node = fakeNode();
    node.mine(10n);
    expect((await node.boundary.head()).rolledBack).toBe(false);
    await node.boundary.decisionEvents();
    node.mine(12n);
    expect((await node.boundary.head()).rolledBack).toBe(false);
    await node.boundary.decisionEvents();
    expect(node.ranges.at(-1)).toEqual([11n, 12n]); // incremental

    node.setHead(9n); // restarted from an older dump
    expect((await node.boundary.head()).rolledBack).toBe(true);
    await node.boundary.decisionEvents();
    expect(node.ranges.at(-1)).toEqual([1n, 9n]); // cache rebuilt from the deployment's first block

    // Re-grown past the old height with other blocks: the block seen last has another hash.
    for (let n = 10n; n <= 13n; n++) node.rewrite(n, 'b');
    node.setHead(13n);
    node.rewrite(9n, 'b');
    expect((await node.boundary.head()).rolledBack).toBe(true);
    expect((await node.boundary.head()).rolledBack).toBe(false);
  });
});
