/**
 * What went wrong when the app asked the wallet to switch to its chain, in words. wagmi's injected
 * connector (switchChain) asks `wallet_switchEthereumChain`; on 4902 (unknown chain) it asks
 * `wallet_addEthereumChain` and then checks the wallet's chain. Every failure on that second path
 * comes back as UserRejectedRequestError, including "added the network but did not switch to it",
 * which the app used to report as "You rejected the request in your wallet". Pure.
 */

type ErrorLike = { name?: string; code?: number; message?: string; shortMessage?: string; cause?: unknown };

/** The error and its causes, outermost first (bounded: cause chains can be cyclic). */
function chain(error: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  let e: unknown = error;
  while (e && typeof e === 'object' && out.length < 8 && !out.includes(e as ErrorLike)) {
    out.push(e as ErrorLike);
    e = (e as ErrorLike).cause;
  }
  return out;
}

export type SwitchFailure = 'added-not-switched' | 'rejected' | 'add-failed' | 'not-configured' | 'other';

export function classifySwitchError(error: unknown): SwitchFailure {
  const all = chain(error);
  const text = all.map((e) => `${e.shortMessage ?? ''} ${e.message ?? ''}`).join(' ');
  // wagmi's own marker: wallet_addEthereumChain succeeded, the wallet stayed on another chain.
  if (/switch after adding network/i.test(text)) return 'added-not-switched';
  if (all.some((e) => e.name === 'ChainNotConfiguredError')) return 'not-configured';
  const userRejected = all.some((e) => e.name === 'UserRejectedRequestError');
  // viem's wrapper carries 4001 and "User rejected" itself; what the wallet said is underneath it.
  const wallet = all.filter((e) => e.name !== 'UserRejectedRequestError');
  const walletText = wallet.map((e) => `${e.shortMessage ?? ''} ${e.message ?? ''}`).join(' ');
  // A 4001 from the wallet is the person saying no (to the switch, or to adding the network).
  if (wallet.some((e) => e.code === 4001) || /user (rejected|denied)/i.test(walletText)) return 'rejected';
  // Only the wrapper, nothing underneath: a rejection reported without detail.
  if (userRejected && wallet.length === 0) return 'rejected';
  // Wrapped as a rejection without a 4001 underneath: the wallet refused to add the network.
  if (userRejected) return 'add-failed';
  return 'other';
}

/** The innermost message (the wallet's own words), for 'add-failed' and 'other'. */
function innermost(error: unknown): string {
  const all = chain(error);
  for (let i = all.length - 1; i >= 0; i--) {
    const m = all[i]?.shortMessage ?? all[i]?.message;
    if (m) return m.split('\n')[0] ?? m;
  }
  return 'unknown error';
}

export function switchErrorMessage(error: unknown, chainName: string): string {
  switch (classifySwitchError(error)) {
    case 'added-not-switched':
      return `${chainName} was added to your wallet, but the wallet did not switch to it. Select ${chainName} in your wallet (or press the button again).`;
    case 'rejected':
      return `You declined switching to ${chainName} (or adding it) in your wallet. Nothing was sent.`;
    case 'add-failed':
      return `Your wallet could not add ${chainName}: ${innermost(error)}`;
    case 'not-configured':
      return `This app is not configured for that chain.`;
    case 'other':
      return `Could not switch to ${chainName}: ${innermost(error)}`;
  }
}
