import { resultResponse } from '@/lib/server/api';
import { dashboardRoute } from '@/lib/server/poll-routes';

export const dynamic = 'force-dynamic';

/** Token-health cards and hourly series for ?range=24h|7d|30d|all (see lib/server/poll-routes.ts). */
export async function GET(request: Request) {
  return resultResponse(await dashboardRoute(new URL(request.url)));
}
