import { resultResponse } from '@/lib/server/api';
import { decisionsRoute } from '@/lib/server/decisions-route';

export const dynamic = 'force-dynamic';

/** Every AI decision joined with what the chain says happened (see lib/server/decisions-route.ts). */
export async function GET() {
  return resultResponse(await decisionsRoute());
}
