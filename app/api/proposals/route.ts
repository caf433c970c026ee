import { resultResponse } from '@/lib/server/api';
import { proposalsRoute } from '@/lib/server/poll-routes';

export const dynamic = 'force-dynamic';

/** Every proposal with live state and tallies, newest first (see lib/server/poll-routes.ts). */
export async function GET() {
  return resultResponse(await proposalsRoute());
}
