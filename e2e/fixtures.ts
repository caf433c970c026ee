/**
 * Playwright fixtures for the real local stack:
 * - `wallet`: an EIP-1193 provider injected into the page and announced through EIP-6963. It
 *   forwards every request to the e2e anvil, whose dev accounts are unlocked, so the app's real
 *   wagmi code signs and sends real transactions. Tests can switch its chain or make it reject.
 * - `chain`: a viem test client for the same anvil (mine, move time). State is not reverted
 *   between tests (see the fixture), so each test sets up what it relies on.
 */
import { test as base, type Page } from '@playwright/test';
import { type Address, createPublicClient, createTestClient, http, publicActions, walletActions } from 'viem';
import { readDeployment } from '../lib/contracts/deployments-node';
import { devAccount } from '../scripts/lib/accounts';
import { e2eStack } from './stack';

export type WalletControl = {
  address: Address;
  /** Chain id the wallet reports; set to another id to test the wrong-network prompt. */
  setChainId(id: number): Promise<void>;
  /** The next signing request (tx or typed data) is rejected with EIP-1193 code 4001. */
  rejectNext(): void;
};

const testClient = createTestClient({ mode: 'anvil', transport: http(e2eStack.rpcUrl) })
  .extend(publicActions)
  .extend(walletActions);
export type ChainClient = typeof testClient;

async function injectWallet(page: Page, address: Address, initialChainId: number): Promise<WalletControl> {
  let chainId = initialChainId;
  let reject = false;
  // Like a real wallet: no accounts are exposed until the site asks and the user approves.
  let authorized = false;
  const signing = new Set(['eth_sendTransaction', 'eth_signTypedData_v4', 'personal_sign', 'eth_sign']);
  await page.exposeFunction('__homeostatWalletRequest', async (method: string, params: unknown[]) => {
    switch (method) {
      case 'eth_requestAccounts':
        if (reject) {
          reject = false;
          return { error: { code: 4001, message: 'User rejected the request.' } };
        }
        authorized = true;
        return { result: [address] };
      case 'eth_accounts':
        return { result: authorized ? [address] : [] };
      case 'eth_chainId':
        return { result: `0x${chainId.toString(16)}` };
      case 'wallet_switchEthereumChain': {
        const next = Number.parseInt((params[0] as { chainId: string }).chainId, 16);
        if (next !== 31337) return { error: { code: 4902, message: `Unrecognized chain ${next}` } };
        chainId = next;
        return { result: null, event: { name: 'chainChanged', data: `0x${next.toString(16)}` } };
      }
      case 'wallet_requestPermissions':
        authorized = true;
        return { result: [{ parentCapability: 'eth_accounts' }] };
      case 'wallet_getPermissions':
        return { result: authorized ? [{ parentCapability: 'eth_accounts' }] : [] };
      case 'wallet_revokePermissions':
        authorized = false;
        return { result: null };
    }
    if (signing.has(method) && reject) {
      reject = false;
      return { error: { code: 4001, message: 'User rejected the request.' } };
    }
    const res = await fetch(e2eStack.rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    });
    const body = (await res.json()) as { result?: unknown; error?: { code: number; message: string } };
    return body.error ? { error: body.error } : { result: body.result };
  });
  await page.addInitScript(() => {
    type Listener = (...args: unknown[]) => void;
    const listeners = new Map<string, Set<Listener>>();
    const call = (window as unknown as Record<string, (m: string, p: unknown[]) => Promise<unknown>>)
      .__homeostatWalletRequest!;
    const provider = {
      isHomeostatTestWallet: true,
      async request({ method, params }: { method: string; params?: unknown[] }) {
        const out = (await call(method, params ?? [])) as {
          result?: unknown;
          error?: { code: number; message: string };
          event?: { name: string; data: unknown };
        };
        if (out.error) throw Object.assign(new Error(out.error.message), { code: out.error.code });
        if (out.event) for (const l of listeners.get(out.event.name) ?? []) l(out.event.data);
        return out.result;
      },
      on(event: string, listener: Listener) {
        if (!listeners.has(event)) listeners.set(event, new Set());
        listeners.get(event)!.add(listener);
      },
      removeListener(event: string, listener: Listener) {
        listeners.get(event)?.delete(listener);
      },
    };
    (window as unknown as { __homeostatWalletEmit(e: string, d: unknown): void }).__homeostatWalletEmit = (
      event,
      data,
    ) => {
      for (const l of listeners.get(event) ?? []) l(data);
    };
    const info = {
      uuid: '6f1c1b8e-2a1f-4d0e-9a57-6f6d8b1d1e01',
      name: 'Test Wallet',
      icon: 'data:image/svg+xml,%3Csvg xmlns="http://www.w3.org/2000/svg" width="32" height="32"/%3E',
      rdns: 'dev.homeostat.testwallet',
    };
    const announce = () =>
      window.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail: Object.freeze({ info, provider }) }));
    window.addEventListener('eip6963:requestProvider', announce);
    announce();
  });
  return {
    address,
    async setChainId(id: number) {
      chainId = id;
      await page.evaluate(
        (hex) =>
          (window as unknown as { __homeostatWalletEmit(e: string, d: unknown): void }).__homeostatWalletEmit(
            'chainChanged',
            hex,
          ),
        `0x${id.toString(16)}`,
      );
    },
    rejectNext() {
      reject = true;
    },
  };
}

export const test = base.extend<{
  chain: ChainClient;
  deployment: ReturnType<typeof readDeployment>;
  wallet: WalletControl;
  walletChainId: number;
  holderIndex: number;
}>({
  walletChainId: [31337, { option: true }],
  holderIndex: [5, { option: true }],
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixture signature
  chain: async ({}, use) => {
    // No evm_snapshot/evm_revert: the stack's indexer would see every revert as a reorg, and
    // deep or frequent ones have left Ponder stuck. Tests leave their state on the chain and
    // set up what they rely on themselves; the market test runs last (see playwright.config.ts).
    await use(testClient);
  },
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixture signature
  deployment: async ({}, use) => {
    await use(readDeployment(e2eStack.deploymentsFile, 31337));
  },
  wallet: async ({ page, chain, walletChainId, holderIndex }, use) => {
    void chain; // the snapshot must be taken before the wallet acts
    await use(await injectWallet(page, devAccount(holderIndex).address, walletChainId));
  },
});

export const expect = test.expect;
export const readClient = createPublicClient({ transport: http(e2eStack.rpcUrl) });
