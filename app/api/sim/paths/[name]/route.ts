import path from 'node:path';
import { readPriceCsv } from '@/lib/data/node';
import { stringifyWithBigints } from '@/lib/json';
import { errorResponse, jsonResponse } from '@/lib/server/api';
import { type MarketPath, toHourlyPath } from '@/lib/sim/market';
import { HOURLY_DATA } from '@/lib/sim/spans';
import { compactPath, isSimPathName, SIM_PATHS } from '@/lib/sim/worker-protocol';

export const dynamic = 'force-dynamic';

let hourly: MarketPath | undefined;

/**
 * One named window of the bundled hourly BTC data, warm-up included, as {t0, closes[]} (one
 * close per hour): ~30–100 KB instead of the 3 MB CSV. The data never changes, so it is cacheable.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  if (!isSimPathName(name)) {
    return jsonResponse({ error: `unknown path "${name}": one of ${Object.keys(SIM_PATHS).join(', ')}` }, 404);
  }
  try {
    hourly ??= toHourlyPath(readPriceCsv(path.join(/*turbopackIgnore: true*/ process.cwd(), HOURLY_DATA)));
    return new Response(stringifyWithBigints(compactPath(hourly, name)), {
      headers: { 'content-type': 'application/json', 'cache-control': 'public, max-age=86400' },
    });
  } catch (e) {
    return errorResponse(e);
  }
}
