/**
 * What the wallet's places show with no wallet connected. Shared by the wallet layer (./islands)
 * and by the pages before that layer loads (./lazy), so both read the same.
 */

export function VoterPanelFrame({ busy = false, children }: { busy?: boolean; children?: React.ReactNode }) {
  return (
    <section aria-labelledby="voter-heading" className="card" aria-busy={busy || undefined}>
      <h2 id="voter-heading" className="card-title">
        Your votes
      </h2>
      {children ?? <div className="mt-2 h-16 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />}
    </section>
  );
}

export function VoterPanelReadOnly() {
  return (
    <VoterPanelFrame>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        Read-only mode. Connect a wallet to delegate and vote.
      </p>
    </VoterPanelFrame>
  );
}

export function VoteReadOnly() {
  return (
    <div className="text-sm text-slate-600 dark:text-slate-400" data-testid="vote-read-only">
      Read-only mode: connect a wallet (top right) to vote. Everything on this page is public without one.
    </div>
  );
}
