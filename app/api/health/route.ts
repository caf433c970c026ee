import { NextResponse } from 'next/server';
import { loadServerConfig } from '@/lib/app-config';
import { createTtlCache } from '@/lib/server/cache';
import { LIVE_TTL_MS } from '@/lib/server/live';

export const dynamic = 'force-dynamic';

/** One RPC probe per LIVE_TTL_MS, however many callers (monitors, load balancers) ask. */
const probes = createTtlCache<'up' | 'down'>({ ttlMs: LIVE_TTL_MS, max: 4 });

/** Liveness plus whether the chain answers; used by `npm start` and the e2e web server. */
export async function GET() {
  try {
    const { env, deployment } = loadServerConfig();
    const chain = await probes.get(env.rpcUrl, async () => {
      const res = await fetch(env.rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_blockNumber', params: [] }),
        signal: AbortSignal.timeout(2000),
      }).catch(() => undefined);
      return res?.ok ? 'up' : 'down';
    });
    return NextResponse.json({
      ok: true,
      chain,
      chainId: env.chainId,
      governor: deployment.contracts.HomeostatGovernor,
    });
  } catch (e) {
    return NextResponse.json({ ok: false, error: (e as Error).message }, { status: 503 });
  }
}
