'use client';

import { useEffect, useState } from 'react';
import { useChainId, useConnect, useConnection, useConnectors, useDisconnect, useSwitchChain } from 'wagmi';
import { usePublicConfig } from '@/app/providers';
import { shortAddress, userFacingError } from '@/components/format';
import { classifySwitchError, switchErrorMessage } from '@/lib/wallet/switch-error';
import { takePendingConnect } from './gate';

/**
 * Connect through any injected wallet discovered by EIP-6963. Without a wallet the app stays
 * usable read-only. On the wrong chain, a prompt to switch.
 */
export function WalletButton() {
  const { chainId: expectedChainId, chainName } = usePublicConfig();
  const connection = useConnection();
  const connectors = useConnectors();
  const connect = useConnect();
  const disconnect = useDisconnect();
  const switchChain = useSwitchChain();
  const appChainId = useChainId();
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  // The visitor clicked "Connect <wallet>" before this layer had loaded (see ./gate.ts): finish it.
  // After the effects of this commit (WagmiProvider's mount resets the connections), not inside them.
  useEffect(() => {
    if (connection.status !== 'disconnected') return;
    const timer = setTimeout(() => {
      const connector = takePendingConnect(connectors);
      if (connector) connect.mutate({ connector, chainId: expectedChainId });
    }, 0);
    return () => clearTimeout(timer);
  }, [connection.status, connectors, connect.mutate, expectedChainId]);

  if (!mounted) return <span className="inline-block h-8 w-36 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />;

  if (connection.status === 'connected') {
    const wrongChain = connection.chainId !== expectedChainId;
    return (
      <div className="flex items-center gap-2 text-sm">
        {wrongChain ? (
          <button
            type="button"
            className="rounded bg-amber-500 px-3 py-1.5 font-medium text-black hover:bg-amber-400"
            onClick={() => switchChain.mutate({ chainId: appChainId })}
          >
            Wrong network — switch to {chainName}
          </button>
        ) : null}
        <span className="font-mono" data-testid="connected-account" title={connection.address}>
          {shortAddress(connection.address)}
        </span>
        <button
          type="button"
          className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
          onClick={() => disconnect.mutate()}
        >
          Disconnect
        </button>
        {switchChain.error ? (
          <span role="alert" className="text-red-600" data-testid="switch-error">
            {switchErrorMessage(switchChain.error, chainName)}
          </span>
        ) : null}
      </div>
    );
  }

  if (connectors.length === 0) {
    return (
      <span className="text-sm text-slate-500" data-testid="read-only">
        Read-only · no wallet found
      </span>
    );
  }

  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      {connectors.map((connector) => (
        <button
          key={connector.uid}
          type="button"
          className="rounded bg-indigo-600 px-3 py-1.5 font-medium text-white hover:bg-indigo-500 disabled:opacity-60"
          disabled={connect.isPending}
          onClick={() => connect.mutate({ connector, chainId: expectedChainId })}
        >
          {connect.isPending ? 'Connecting…' : `Connect ${connector.name}`}
        </button>
      ))}
      {connect.error ? (
        <span role="alert" className="text-red-600" data-testid="connect-error">
          {/* Connecting also switches the wallet to this chain (adding it first if unknown). */}
          {classifySwitchError(connect.error) === 'added-not-switched'
            ? switchErrorMessage(connect.error, chainName)
            : userFacingError(connect.error)}
        </span>
      ) : null}
    </div>
  );
}
