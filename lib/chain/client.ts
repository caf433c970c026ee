import { createPublicClient, http, type PublicClient } from 'viem';

const clients = new Map<string, PublicClient>();

/** One viem public client per RPC URL (server side: API routes, agent, scripts). */
export function getPublicClient(rpcUrl: string): PublicClient {
  let client = clients.get(rpcUrl);
  if (!client) {
    client = createPublicClient({ transport: http(rpcUrl, { timeout: 10_000, retryCount: 1 }) }) as PublicClient;
    clients.set(rpcUrl, client);
  }
  return client;
}
