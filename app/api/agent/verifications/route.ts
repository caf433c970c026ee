import type { Verification } from '@/lib/agent/records';
import { trackRecord } from '@/lib/agent/records';
import { trackSeries } from '@/lib/governance/transparency';
import { jsonResponse } from '@/lib/server/api';
import { readAgentLines } from '../_files';

export const dynamic = 'force-dynamic';

/** The hash-chained Verify records, the model's track record and its running series. */
export async function GET() {
  try {
    const file = await readAgentLines<Verification & { decisionId: string }>('verifications.jsonl');
    const records = file.records.filter((r) => r.kind === 'forecast' || r.kind === 'effect');
    return jsonResponse({
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
