import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { Nav } from '@/components/nav';
import { type PublicConfig, publicConfig } from '@/lib/app-config';
import { Providers } from './providers';
import './globals.css';

// Every page is rendered per request: the CSP nonce (proxy.ts) must reach Next's inline
// scripts, and the deployment config is read at request time.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: 'Homeostat — adaptive tokenomics with a human veto',
  description:
    'Live token health, in-browser forecasts, and AI-proposed parameter changes that holders approve or veto.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  let config: PublicConfig | undefined;
  let configError: string | undefined;
  try {
    config = publicConfig();
  } catch (e) {
    configError = (e as Error).message;
  }
  return (
    <html lang="en">
      <body className="min-h-screen font-sans antialiased">
        {config ? (
          <Providers config={config}>
            <Nav />
            <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
          </Providers>
        ) : (
          <main className="mx-auto max-w-2xl px-4 py-16">
            <h1 className="text-2xl font-semibold">Homeostat is not configured</h1>
            <p className="mt-4">The app could not load its deployment:</p>
            <pre className="mt-2 whitespace-pre-wrap rounded bg-red-50 p-3 text-sm text-red-900">{configError}</pre>
            <p className="mt-4">
              Run <code>npm start</code> for the local stack, or set <code>RPC_URL</code>, <code>CHAIN_ID</code> and{' '}
              <code>DEPLOYMENTS_FILE</code> (see <code>.env.example</code>).
            </p>
          </main>
        )}
      </body>
    </html>
  );
}
