'use client';

/**
 * The wallet layer (wagmi + viem's write paths) is heavy, and most visitors only read. It is
 * loaded as islands when wanted (see ./lazy.tsx and ./gate.ts), all over one shared config so they share
 * the connection. Only the nav's island (on every page) mounts WagmiProvider, which restores
 * and reconnects the session; the others take the config through WagmiContext alone, because
 * a second WagmiProvider with reconnectOnMount=false would clear the restored connections.
 */
import { type ReactNode, useState } from 'react';
import { WagmiContext, WagmiProvider } from 'wagmi';
import { usePublicConfig } from '@/app/providers';
import { VoteButtons } from '@/components/proposals/vote-buttons';
import { hasPendingConnect } from './gate';
import { VotePanel } from './vote-panel';
import { VoterPanel } from './voter-panel';
import { getWagmiConfig } from './wagmi-config';
import { WalletButton } from './wallet-button';

function WithWagmi({ children, root = false }: { children: ReactNode; root?: boolean }) {
  const config = getWagmiConfig(usePublicConfig());
  // Loaded for a stored session: restore it. Loaded by a "Connect" click: the wallet button
  // connects to the wallet clicked, and a reconnect running beside it could undo that connection.
  const [reconnect] = useState(() => !hasPendingConnect());
  return root ? (
    <WagmiProvider config={config} reconnectOnMount={reconnect}>
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
