'use client';

import dynamic from 'next/dynamic';

const skeleton = (className: string) => () => (
  <span className={`inline-block animate-pulse rounded bg-slate-200 dark:bg-slate-800 ${className}`} />
);

/** Wallet islands, loaded after hydration so read-only pages carry no wallet code up front. */
export const WalletButton = dynamic(() => import('./islands').then((m) => m.WalletButtonIsland), {
  ssr: false,
  loading: skeleton('h-8 w-36'),
});

export const VoterPanel = dynamic(() => import('./islands').then((m) => m.VoterPanelIsland), {
  ssr: false,
  loading: () => (
    <section className="card" aria-busy="true">
      <h2 className="card-title">Your votes</h2>
      <div className="mt-2 h-16 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
    </section>
  ),
});

export const VoteButtons = dynamic(() => import('./islands').then((m) => m.VoteButtonsIsland), {
  ssr: false,
  loading: skeleton('mt-2 h-8 w-64'),
});

export const VotePanel = dynamic(() => import('./islands').then((m) => m.VotePanelIsland), {
  ssr: false,
  loading: skeleton('h-24 w-full'),
});
