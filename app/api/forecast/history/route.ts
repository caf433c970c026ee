import { resultResponse } from '@/lib/server/api';
import { forecastHistoryRoute } from '@/lib/server/poll-routes';

export const dynamic = 'force-dynamic';

/** Hourly closes for the forecast panel, ?source=chain|demo&fallback=demo (see lib/server/poll-routes.ts). */
export async function GET(request: Request) {
  return resultResponse(await forecastHistoryRoute(new URL(request.url)));
}
