import { modelVersions } from '@/lib/governance/transparency';
import { jsonResponse } from '@/lib/server/api';
import { readAgentLines } from '../_files';

export const dynamic = 'force-dynamic';

/** Model version history (models.jsonl: every retrain, promoted or not), newest first. */
export async function GET() {
  try {
    const file = await readAgentLines<Record<string, unknown>>('models.jsonl');
    return jsonResponse({
      available: file.available,
      skipped: file.skipped,
      tornTail: file.tornTail,
      models: modelVersions(file.records),
    });
  } catch {
    return jsonResponse({ error: 'model history unreadable' }, 500);
  }
}
