import type { Address } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import type { Role, Roles } from './actors';

/**
 * Which anvil dev account plays which part (local chain only; the deploy script funds #4..#19
 * with HOME and test USD, see contracts/README.md). #0..#3 are deployer, agent, guardian and
 * reporter and are left alone.
 */
export const ROLE_ACCOUNT_INDICES: Readonly<Record<Role, readonly number[]>> = {
  arbitrageur: [4],
  whale: [5],
  lp: [6, 7, 8],
  staker: [9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19],
  noise: Array.from({ length: 20 }, (_, i) => 20 + i),
};

/** Anvil's public test mnemonic: these keys are public knowledge, never use them on a real chain. */
export const ANVIL_MNEMONIC = 'test test test test test test test test test test test junk';

export function anvilAddress(index: number): Address {
  return mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: index }).address;
}

export function anvilRoles(): Roles {
  const map = (indices: readonly number[]) => indices.map(anvilAddress);
  return {
    arbitrageur: map(ROLE_ACCOUNT_INDICES.arbitrageur),
    whale: map(ROLE_ACCOUNT_INDICES.whale),
    lp: map(ROLE_ACCOUNT_INDICES.lp),
    staker: map(ROLE_ACCOUNT_INDICES.staker),
    noise: map(ROLE_ACCOUNT_INDICES.noise),
  };
}

export function allActors(roles: Roles): Address[] {
  return [...new Set(Object.values(roles).flat())];
}
