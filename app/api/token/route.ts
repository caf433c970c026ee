import { resultResponse } from '@/lib/server/api';
import { tokenRoute } from '@/lib/server/poll-routes';

export const dynamic = 'force-dynamic';

/** HOME total supply at the chain head (see lib/server/poll-routes.ts). */
export async function GET() {
  return resultResponse(await tokenRoute());
}
