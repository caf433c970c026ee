import { defineChain } from 'viem';
import { type Config, type CreateConnectorFn, createConfig, http } from 'wagmi';
import type { PublicConfig } from '@/lib/app-config';

let config: ReturnType<typeof makeWagmiConfig> | undefined;

/**
 * The wallet layer's config, created once per page and shared by every wallet island (their
 * WagmiProviders share state through it). Injected wallets are discovered through EIP-6963,
 * so no connector list is hard-coded. Reads go through the app's same-origin RPC proxy.
 */
export function getWagmiConfig(publicConfig: PublicConfig) {
  config ??= makeWagmiConfig(publicConfig);
  return config;
}

function makeWagmiConfig(publicConfig: PublicConfig) {
  const chain = defineChain({
    id: publicConfig.chainId,
    name: publicConfig.chainName,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [publicConfig.walletRpcUrl ?? publicConfig.rpcPath] } },
  });
  return createConfig({
    chains: [chain],
    connectors: [] as CreateConnectorFn[],
    multiInjectedProviderDiscovery: true,
    transports: { [chain.id]: http(publicConfig.rpcPath, { batch: { wait: 16 } }) },
    pollingInterval: 1_000,
  });
}

declare module 'wagmi' {
  interface Register {
    config: Config;
  }
}
