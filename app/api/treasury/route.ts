import { resultResponse } from '@/lib/server/api';
import { treasuryRoute } from '@/lib/server/poll-routes';

export const dynamic = 'force-dynamic';

/** Treasury balances, runway, POL, supply budget, staking cost, hourly series for ?range=24h|7d|30d|all (see lib/server/poll-routes.ts). */
export async function GET(request: Request) {
  return resultResponse(await treasuryRoute(new URL(request.url)));
}
