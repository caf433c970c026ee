'use client';

/**
 * When the wallet layer (wagmi, viem's write paths: the heaviest code of a read-only page) is
 * loaded. Most visitors only read, so it loads when the visitor asks for a wallet (a "Connect"
 * click) or has a wallet session to restore (wagmi's stored connections), and not otherwise.
 * Until then the wallet's places on the page show what wagmi would show without a connection,
 * and injected wallets are listed through EIP-6963 directly (a few lines, no library).
 */
import { useSyncExternalStore } from 'react';

type State = {
  /** 'unknown' on the server and during hydration; then whether the wallet layer is wanted. */
  wanted: 'unknown' | boolean;
  /** The EIP-6963 wallet (rdns) the visitor clicked before the wallet layer was loaded. */
  connectTo: string | null;
};

let state: State = { wanted: 'unknown', connectTo: null };
const listeners = new Set<() => void>();
const set = (next: Partial<State>) => {
  state = { ...state, ...next };
  for (const l of listeners) l();
};
const subscribe = (l: () => void) => {
  listeners.add(l);
  if (state.wanted === 'unknown') set({ wanted: hasStoredSession() });
  return () => listeners.delete(l);
};
const serverState: State = { wanted: 'unknown', connectTo: null };

/** The gate's state; 'unknown' until hydrated, so the server's HTML and the first client render agree. */
export function useWalletGate(): State {
  return useSyncExternalStore(
    subscribe,
    () => state,
    () => serverState,
  );
}

/** Loads the wallet layer; with a wallet's rdns, it connects to that wallet once loaded. */
export function openWalletGate(connectTo?: string) {
  set({ wanted: true, connectTo: connectTo ?? state.connectTo });
}

export const hasPendingConnect = () => state.connectTo !== null;

/**
 * Hands the pending connect request to the wallet layer, if `available` (the wallets wagmi has
 * discovered so far) holds the wallet clicked; otherwise it stays pending.
 */
export function takePendingConnect<C extends { id: string }>(available: readonly C[]): C | undefined {
  const found = state.connectTo ? available.find((c) => c.id === state.connectTo) : undefined;
  if (found) set({ connectTo: null });
  return found;
}

/**
 * Whether wagmi stored a connection to restore (its 'wagmi.store' entry, written by its persist
 * middleware: `{ state: { connections: { __type: 'Map', value: [...] } } }`). Unreadable storage
 * (private mode, blocked cookies) means no session.
 */
export function hasStoredSession(storage: Pick<Storage, 'getItem'> | undefined = safeLocalStorage()): boolean {
  try {
    const raw = storage?.getItem('wagmi.store');
    if (!raw) return false;
    const parsed = JSON.parse(raw) as { state?: { connections?: { value?: unknown[] } } };
    return (parsed.state?.connections?.value?.length ?? 0) > 0;
  } catch {
    return false;
  }
}

function safeLocalStorage(): Storage | undefined {
  try {
    return typeof window === 'undefined' ? undefined : window.localStorage;
  } catch {
    return undefined;
  }
}

/** An injected wallet announced through EIP-6963. */
export type AnnouncedWallet = { uuid: string; name: string; rdns: string };

/**
 * Lists injected wallets by EIP-6963 (requestProvider → announceProvider), as wagmi's own
 * discovery does, without loading wagmi. Returns a stop function.
 */
export function discoverWallets(onChange: (wallets: AnnouncedWallet[]) => void): () => void {
  const found = new Map<string, AnnouncedWallet>();
  const onAnnounce = (event: Event) => {
    const info = (event as CustomEvent<{ info?: Partial<AnnouncedWallet> }>).detail?.info;
    if (!info?.uuid || !info.name || !info.rdns || found.has(info.uuid)) return;
    found.set(info.uuid, { uuid: info.uuid, name: info.name, rdns: info.rdns });
    onChange([...found.values()]);
  };
  window.addEventListener('eip6963:announceProvider', onAnnounce);
  window.dispatchEvent(new Event('eip6963:requestProvider'));
  return () => window.removeEventListener('eip6963:announceProvider', onAnnounce);
}
