import { resultResponse } from '@/lib/server/api';
import { governanceProposalRoute } from '@/lib/server/poll-routes';

export const dynamic = 'force-dynamic';

/** One proposal with its votes and, with ?account=0x…, that voter (see lib/server/poll-routes.ts). */
export async function GET(request: Request) {
  return resultResponse(await governanceProposalRoute(new URL(request.url)));
}
