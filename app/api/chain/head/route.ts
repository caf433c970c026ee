import { resultResponse } from '@/lib/server/api';
import { chainHeadRoute } from '@/lib/server/poll-routes';

export const dynamic = 'force-dynamic';

/** The chain head: block number and timestamp (see lib/server/poll-routes.ts). */
export async function GET() {
  return resultResponse(await chainHeadRoute());
}
