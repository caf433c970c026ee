'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useState } from 'react';
import { type State, WagmiProvider } from 'wagmi';
import { makeWagmiConfig } from '@/components/wagmi';
import type { PublicConfig } from '@/lib/app-config';

const PublicConfigContext = createContext<PublicConfig | null>(null);

/** The deployment and chain the app is pointed at (addresses, chain id). */
export function usePublicConfig(): PublicConfig {
  const value = useContext(PublicConfigContext);
  if (!value) throw new Error('usePublicConfig outside <Providers>');
  return value;
}

export function Providers({
  config,
  initialState,
  children,
}: {
  config: PublicConfig;
  initialState: State | undefined;
  children: ReactNode;
}) {
  // Created once per browser session: a new QueryClient per render would drop the cache.
  const [wagmiConfig] = useState(() => makeWagmiConfig(config));
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            // Keep the last good data on screen while refetching or when the RPC is down.
            staleTime: 1_000,
            retry: 3,
            retryDelay: (attempt) => Math.min(1000 * 2 ** attempt, 10_000),
          },
        },
      }),
  );
  return (
    <PublicConfigContext.Provider value={config}>
      <WagmiProvider config={wagmiConfig} initialState={initialState}>
        <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
      </WagmiProvider>
    </PublicConfigContext.Provider>
  );
}
