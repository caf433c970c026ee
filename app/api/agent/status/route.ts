import { jsonResponse } from '@/lib/server/api';
import { readAgentStatus } from '../_files';

export const dynamic = 'force-dynamic';

/** The agent's health file (last iteration, last decision, errors); available:false when absent. */
export async function GET() {
  try {
    return jsonResponse(await readAgentStatus());
  } catch {
    return jsonResponse({ error: 'agent status unreadable' }, 500);
  }
}
