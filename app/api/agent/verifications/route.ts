import type { Verification } from '@/lib/agent/records';
import { trackRecord } from '@/lib/agent/records';
import { summariseOnChain, trackSeries } from '@/lib/governance/transparency';
import { jsonResponse } from '@/lib/server/api';
import { readAgentLines } from '../_files';
import { loadOnChainVerifications } from '../_onchain';

export const dynamic = 'force-dynamic';

/**
 * The hash-chained Verify records, the model's track record and its running series; and the same
 * records as the VerificationLog holds them: the track record from on-chain records alone, the
 * contract's tally, and which local records match, differ from, or are missing on the chain.
 */
export async function GET() {
  try {
    const [file, chain] = await Promise.all([
      readAgentLines<Verification & { decisionId: string }>('verifications.jsonl'),
      loadOnChainVerifications(),
    ]);
    const records = file.records.filter((r) => r.kind === 'forecast' || r.kind === 'effect');
    const onChain = chain.available
      ? {
          available: true as const,
          source: chain.source,
          address: chain.address,
          indexerError: chain.indexerError,
          tally: chain.tally,
          ...summariseOnChain(records, chain.records),
        }
      : { available: false as const, why: chain.why };
    return jsonResponse({
      onChain,
      available: file.available,
      skipped: file.skipped + (file.records.length - records.length),
      tornTail: file.tornTail,
      verifications: records,
      trackRecord: trackRecord(records),
      series: trackSeries(records),
    });
  } catch {
    return jsonResponse({ error: 'verification log unreadable' }, 500);
  }
}
