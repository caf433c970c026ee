/**
 * Anvil's deterministic dev accounts, derived at run time from anvil's public test mnemonic.
 * Local chain only: these keys are public knowledge and must never hold real value. Nothing
 * under app/ or components/ may import this file (a test checks the client bundle).
 */

import { bytesToHex } from 'viem';
import { type HDAccount, mnemonicToAccount } from 'viem/accounts';

const ANVIL_MNEMONIC = 'test test test test test test test test test test test junk';

export type DevAccount = { index: number; account: HDAccount; address: `0x${string}`; privateKey: `0x${string}` };

export function devAccount(index: number): DevAccount {
  const account = mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: index });
  const key = account.getHdKey().privateKey;
  if (!key) throw new Error(`no private key for dev account ${index}`);
  return { index, account, address: account.address, privateKey: bytesToHex(key) };
}

/** Roles on the local chain (see contracts/README.md). */
export const localAccounts = {
  deployer: devAccount(0),
  agent: devAccount(1),
  guardian: devAccount(2),
  reporter: devAccount(3),
};
