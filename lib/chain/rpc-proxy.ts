/** Rules for the app's same-origin JSON-RPC proxy: which requests may pass to the node. */

export const MAX_RPC_BODY_BYTES = 256 * 1024;
export const MAX_RPC_BATCH = 50;

/** Read-only methods plus eth_sendRawTransaction (already signed by the user's wallet). */
export const allowedRpcMethods = new Set([
  'eth_chainId',
  'net_version',
  'eth_blockNumber',
  'eth_getBlockByNumber',
  'eth_getBlockByHash',
  'eth_call',
  'eth_estimateGas',
  'eth_gasPrice',
  'eth_maxPriorityFeePerGas',
  'eth_feeHistory',
  'eth_getBalance',
  'eth_getCode',
  'eth_getStorageAt',
  'eth_getTransactionCount',
  'eth_getTransactionByHash',
  'eth_getTransactionReceipt',
  'eth_getLogs',
  'eth_sendRawTransaction',
]);

export type RpcCheck = { ok: true } | { ok: false; reason: string };

export function isAllowedRpcRequest(body: unknown): RpcCheck {
  const calls = Array.isArray(body) ? body : [body];
  if (calls.length === 0) return { ok: false, reason: 'empty batch' };
  if (calls.length > MAX_RPC_BATCH) return { ok: false, reason: `batch larger than ${MAX_RPC_BATCH}` };
  for (const call of calls) {
    if (typeof call !== 'object' || call === null) return { ok: false, reason: 'not a JSON-RPC request' };
    const method = (call as { method?: unknown }).method;
    if (typeof method !== 'string' || !allowedRpcMethods.has(method)) {
      return { ok: false, reason: `method ${typeof method === 'string' ? method.slice(0, 64) : '?'} is not allowed` };
    }
  }
  return { ok: true };
}
