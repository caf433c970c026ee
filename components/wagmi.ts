import { defineChain } from 'viem';
import { type CreateConnectorFn, cookieStorage, createConfig, createStorage, http } from 'wagmi';
import type { PublicConfig } from '@/lib/app-config';

/**
 * One wagmi config per page load. Injected wallets are discovered through EIP-6963
 * (multiInjectedProviderDiscovery), so no connector list is hard-coded. Reads go through the
 * app's same-origin RPC proxy; writes go through the user's wallet.
 */
export function makeWagmiConfig(config: PublicConfig) {
  const chain = defineChain({
    id: config.chainId,
    name: config.chainName,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [config.walletRpcUrl ?? config.rpcPath] } },
  });
  return createConfig({
    chains: [chain],
    connectors: [] as CreateConnectorFn[],
    multiInjectedProviderDiscovery: true,
    ssr: true,
    storage: createStorage({ storage: cookieStorage }),
    transports: { [chain.id]: http(config.rpcPath, { batch: { wait: 16 } }) },
    pollingInterval: 1_000,
  });
}

declare module 'wagmi' {
  interface Register {
    config: ReturnType<typeof makeWagmiConfig>;
  }
}
