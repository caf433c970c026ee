'use client';

/**
 * The wallet layer (wagmi + viem's write paths) is heavy, and most visitors only read. It is
 * loaded as islands after hydration (see ./lazy.tsx), all over one shared config so they share
 * the connection. Only the nav's island (on every page) mounts WagmiProvider, which restores
 * and reconnects the session; the others take the config through WagmiContext alone, because
 * a second WagmiProvider with reconnectOnMount=false would clear the restored connections.
 */
import type { ReactNode } from 'react';
import { WagmiContext, WagmiProvider } from 'wagmi';
import { usePublicConfig } from '@/app/providers';
import { VoteButtons } from '@/components/proposals/vote-buttons';
import { VotePanel } from './vote-panel';
import { VoterPanel } from './voter-panel';
import { getWagmiConfig } from './wagmi-config';
import { WalletButton } from './wallet-button';

function WithWagmi({ children, root = false }: { children: ReactNode; root?: boolean }) {
  const config = getWagmiConfig(usePublicConfig());
  return root ? (
    <WagmiProvider config={config} reconnectOnMount>
      {children}
    </WagmiProvider>
  ) : (
    <WagmiContext.Provider value={config}>{children}</WagmiContext.Provider>
  );
}

export function WalletButtonIsland() {
  return (
    <WithWagmi root>
      <WalletButton />
    </WithWagmi>
  );
}

export function VoterPanelIsland() {
  return (
    <WithWagmi>
      <VoterPanel />
    </WithWagmi>
  );
}

export function VoteButtonsIsland({ proposalId }: { proposalId: bigint }) {
  return (
    <WithWagmi>
      <VoteButtons proposalId={proposalId} />
    </WithWagmi>
  );
}

export function VotePanelIsland({ proposalId, state }: { proposalId: string; state: string }) {
  return (
    <WithWagmi>
      <VotePanel proposalId={proposalId} state={state} />
    </WithWagmi>
  );
}
