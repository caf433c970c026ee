import { resultResponse } from '@/lib/server/api';
import { governanceProposalsRoute } from '@/lib/server/poll-routes';

export const dynamic = 'force-dynamic';

/** Every proposal with lane, thresholds at its snapshot, decoded changes, the chain's time and clock (see lib/server/poll-routes.ts). */
export async function GET() {
  return resultResponse(await governanceProposalsRoute());
}
