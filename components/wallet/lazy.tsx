'use client';

import dynamic from 'next/dynamic';
import { useEffect, useState } from 'react';
import { type AnnouncedWallet, discoverWallets, openWalletGate, useWalletGate } from './gate';
import { VoteReadOnly, VoterPanelFrame, VoterPanelReadOnly } from './read-only';

/**
 * The wallet's places on a page. The wallet layer (./islands: wagmi, viem's write paths) loads
 * only when wanted (see ./gate.ts): a "Connect" click, or a stored session to restore. Until then
 * each place shows what it shows with no wallet connected, without the wallet code.
 */

const skeleton = (className: string) => () => (
  <span className={`inline-block animate-pulse rounded bg-slate-200 dark:bg-slate-800 ${className}`} />
);

const preloadIslands = () => void import('./islands');

const WalletButtonIsland = dynamic(() => import('./islands').then((m) => m.WalletButtonIsland), {
  ssr: false,
  loading: skeleton('h-8 w-36'),
});
const VoterPanelIsland = dynamic(() => import('./islands').then((m) => m.VoterPanelIsland), {
  ssr: false,
  loading: () => <VoterPanelFrame busy />,
});
const VoteButtonsIsland = dynamic(() => import('./islands').then((m) => m.VoteButtonsIsland), {
  ssr: false,
  loading: skeleton('mt-2 h-8 w-64'),
});
const VotePanelIsland = dynamic(() => import('./islands').then((m) => m.VotePanelIsland), {
  ssr: false,
  loading: skeleton('h-24 w-full'),
});

export function WalletButton() {
  const gate = useWalletGate();
  if (gate.wanted === true) return <WalletButtonIsland />;
  if (gate.wanted === 'unknown') return skeleton('h-8 w-36')();
  return <ConnectButtons />;
}

/** Injected wallets found by EIP-6963, each a "Connect <name>" button that loads the wallet layer. */
function ConnectButtons() {
  const [wallets, setWallets] = useState<AnnouncedWallet[] | null>(null);
  const [connecting, setConnecting] = useState(false);
  useEffect(() => {
    const stop = discoverWallets(setWallets);
    // Wallets answer requestProvider synchronously; none by now means none installed (a wallet
    // injected later announces itself, and the list follows).
    setWallets((w) => w ?? []);
    return stop;
  }, []);
  if (wallets === null) return skeleton('h-8 w-36')();
  if (wallets.length === 0) {
    return (
      <span className="text-sm text-slate-500" data-testid="read-only">
        Read-only · no wallet found
      </span>
    );
  }
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      {wallets.map((w) => (
        <button
          key={w.uuid}
          type="button"
          className="rounded bg-indigo-600 px-3 py-1.5 font-medium text-white hover:bg-indigo-500 disabled:opacity-60"
          disabled={connecting}
          // Start downloading the wallet layer as the pointer or focus arrives, ahead of the click.
          onPointerEnter={preloadIslands}
          onFocus={preloadIslands}
          onClick={() => {
            setConnecting(true);
            openWalletGate(w.rdns);
          }}
        >
          {connecting ? 'Connecting…' : `Connect ${w.name}`}
        </button>
      ))}
    </div>
  );
}

export function VoterPanel() {
  const gate = useWalletGate();
  if (gate.wanted === true) return <VoterPanelIsland />;
  if (gate.wanted === 'unknown') {
    // One line, the height of the read-only text nearly every visitor gets next (no layout shift).
    return (
      <VoterPanelFrame busy>
        <div className="mt-2 h-5 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
      </VoterPanelFrame>
    );
  }
  return <VoterPanelReadOnly />;
}

/** Approve / Veto / Abstain in the proposal list: nothing without a connected wallet. */
export function VoteButtons({ proposalId }: { proposalId: bigint }) {
  const gate = useWalletGate();
  return gate.wanted === true ? <VoteButtonsIsland proposalId={proposalId} /> : null;
}

export function VotePanel({ proposalId, state }: { proposalId: string; state: string }) {
  const gate = useWalletGate();
  if (gate.wanted === true) return <VotePanelIsland proposalId={proposalId} state={state} />;
  if (gate.wanted === 'unknown') return skeleton('h-24 w-full')();
  return <VoteReadOnly />;
}
