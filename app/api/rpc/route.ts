import { NextResponse } from 'next/server';
import { loadServerConfig } from '@/lib/app-config';
import { isAllowedRpcRequest, MAX_RPC_BODY_BYTES } from '@/lib/chain/rpc-proxy';

export const dynamic = 'force-dynamic';

/**
 * Same-origin JSON-RPC proxy for the browser's read client. Keeps RPC_URL (and any key in it)
 * server-side and lets the CSP stay at connect-src 'self'. Only read methods and already-signed
 * transactions pass; wallets sign and send through their own provider.
 */
export async function POST(request: Request) {
  const text = await request.text();
  if (text.length > MAX_RPC_BODY_BYTES) {
    return NextResponse.json(rpcError(null, -32600, 'request too large'), { status: 413 });
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return NextResponse.json(rpcError(null, -32700, 'parse error'), { status: 400 });
  }
  const check = isAllowedRpcRequest(body);
  if (!check.ok) return NextResponse.json(rpcError(null, -32601, check.reason), { status: 400 });
  const { env } = loadServerConfig();
  try {
    const upstream = await fetch(env.rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: text,
      signal: AbortSignal.timeout(10_000),
    });
    return new NextResponse(await upstream.text(), {
      status: upstream.status,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    });
  } catch {
    return NextResponse.json(rpcError(null, -32603, 'chain RPC unreachable'), { status: 502 });
  }
}

function rpcError(id: unknown, code: number, message: string) {
  return { jsonrpc: '2.0', id, error: { code, message } };
}
