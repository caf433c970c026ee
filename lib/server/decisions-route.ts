// The transparency log route (/api/agent/decisions): every AI decision joined with what the chain
// says happened. Served by Next's route handler and the production server's fast path alike,
// computed once per (decision log, chain head, indexed block) and stale-while-revalidate.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { loadServerConfig } from '../app-config';
import { getPublicClient } from '../chain/client';
import { getProposals } from '../chain/governance';
import { getCastVotesCount, getProposalTxs } from '../governance/chain';
import {
  buildTransparencyLog,
  type ChainProposalFacts,
  indexRecords,
  type OnChainSource,
  selectLogEntries,
} from '../governance/transparency';
import { agentDataDir, loadOnChainVerifications, readAgentLines } from './agent-data';
import { type ApiResult, errorResult, jsonResult } from './api';
import { cachedJson, chainHead, indexerStatus } from './live';

/**
 * Every AI decision (proposals and no-action), newest first, joined with what the chain says
 * happened (state, tallies, queue/execute transactions). The chain join is best effort: without
 * it the log is still served, with `chainError` saying why.
 */
export async function decisionsRoute(): Promise<ApiResult> {
  try {
    const { env, deployment } = loadServerConfig();
    const file = path.join(agentDataDir(), 'decisions.jsonl');
    const [log, head, status] = await Promise.all([
      stat(file).then(
        (s) => `${s.size}:${s.mtimeMs}`,
        () => 'missing',
      ),
      chainHead(env.rpcUrl).then(
        (h) => h.number.toString(),
        () => 'no-chain',
      ),
      indexerStatus(env.indexerUrl).then(
        (s) => String(s.indexedBlock),
        () => 'no-indexer',
      ),
    ]);
    const family = `decisions|${deployment.contracts.HomeostatGovernor}|${file}`;
    const body = await cachedJson([family, log, head, status].join('|'), loadDecisions, family);
    return { status: 200, body };
  } catch (e) {
    if (e instanceof DecisionLogUnreadable) return jsonResult({ error: 'decision log unreadable' }, 500);
    return errorResult(e);
  }
}

class DecisionLogUnreadable extends Error {}

async function loadDecisions(): Promise<unknown> {
  let file: Awaited<ReturnType<typeof readAgentLines<Record<string, unknown>>>>;
  try {
    file = await readAgentLines<Record<string, unknown>>('decisions.jsonl');
  } catch {
    throw new DecisionLogUnreadable();
  }
  const selected = selectLogEntries(file.records);
  const entries = selected.entries;
  const skipped = file.skipped + selected.skipped;
  const facts = new Map<string, ChainProposalFacts>();
  let chainError: string | null = null;
  const onChainRead = loadOnChainVerifications();
  try {
    const { env, deployment } = loadServerConfig();
    const client = getPublicClient(env.rpcUrl);
    const [proposals, txs, counts] = await Promise.all([
      getProposals(client, {
        governor: deployment.contracts.HomeostatGovernor,
        fromBlock: BigInt(deployment.startBlock),
      }),
      getProposalTxs(client, deployment),
      getCastVotesCount(client, deployment),
    ]);
    for (const p of proposals) {
      const t = txs.get(p.id.toString());
      facts.set(p.id.toString(), {
        proposalId: p.id.toString(),
        state: p.state,
        votes: p.votes,
        voteCount: counts.get(p.id.toString()) ?? 0,
        createdTx: t?.created ?? p.transactionHash,
        queuedTx: t?.queued ?? null,
        executedTx: t?.executed ?? null,
        canceledTx: t?.canceled ?? null,
      });
    }
  } catch (e) {
    chainError = /fetch failed|ECONNREFUSED|timed out|HTTP request failed/i.test(String((e as Error)?.message))
      ? 'chain RPC unreachable'
      : ((e as { shortMessage?: string }).shortMessage ?? 'chain read failed');
  }
  const onChain = await onChainRead;
  const source: OnChainSource = onChain.available
    ? { records: indexRecords(onChain.records) }
    : { unavailable: onChain.why };
  return {
    available: file.available,
    skipped,
    tornTail: file.tornTail,
    chainError,
    verificationLog: onChain.available
      ? { available: true, source: onChain.source, address: onChain.address, count: onChain.records.length }
      : { available: false, why: onChain.why },
    decisions: buildTransparencyLog(entries, facts, source),
  };
}
