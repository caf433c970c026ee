'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useState } from 'react';
import type { PublicConfig } from '@/lib/app-config';

const PublicConfigContext = createContext<PublicConfig | null>(null);

/** The deployment and chain the app is pointed at (addresses, chain id). */
export function usePublicConfig(): PublicConfig {
  const value = useContext(PublicConfigContext);
  if (!value) throw new Error('usePublicConfig outside <Providers>');
  return value;
}

/** One QueryClient per browser session; wallet islands bring their own WagmiProvider. */
export function Providers({ config, children }: { config: PublicConfig; children: ReactNode }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            staleTime: 1_000,
            retry: 3,
            retryDelay: (attempt) => Math.min(1000 * 2 ** attempt, 10_000),
          },
        },
      }),
  );
  return (
    <PublicConfigContext.Provider value={config}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </PublicConfigContext.Provider>
  );
}
