import { loadServerConfig } from '@/lib/app-config';
import { getPublicClient } from '@/lib/chain/client';
import { getProposals } from '@/lib/chain/governance';
import { getCastVotesCount, getProposalTxs } from '@/lib/governance/chain';
import {
  buildTransparencyLog,
  type ChainProposalFacts,
  indexRecords,
  type OnChainSource,
  selectLogEntries,
} from '@/lib/governance/transparency';
import { jsonResponse } from '@/lib/server/api';
import { readAgentLines } from '../_files';
import { loadOnChainVerifications } from '../_onchain';

export const dynamic = 'force-dynamic';

/**
 * Every AI decision (proposals and no-action), newest first, joined with what the chain says
 * happened (state, tallies, queue/execute transactions). The chain join is best effort: without
 * it the log is still served, with `chainError` saying why.
 */
export async function GET() {
  let file: Awaited<ReturnType<typeof readAgentLines<Record<string, unknown>>>>;
  try {
    file = await readAgentLines<Record<string, unknown>>('decisions.jsonl');
  } catch {
    return jsonResponse({ error: 'decision log unreadable' }, 500);
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
  return jsonResponse({
    available: file.available,
    skipped,
    tornTail: file.tornTail,
    chainError,
    verificationLog: onChain.available
      ? { available: true, source: onChain.source, address: onChain.address, count: onChain.records.length }
      : { available: false, why: onChain.why },
    decisions: buildTransparencyLog(entries, facts, source),
  });
}
