/**
 * The key a service signs with, from the environment: `<PREFIX>_PRIVATE_KEY`, or `<PREFIX>_KEYSTORE`
 * (a v3 keystore JSON, lib/chain/keystore.ts) with `<PREFIX>_KEYSTORE_PASSWORD` or
 * `<PREFIX>_KEYSTORE_PASSWORD_FILE`; on the local anvil chain (31337) only, a dev key as the default.
 * Errors name the variable and never echo a key or password.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Hex } from 'viem';
import { type LocalAccount, privateKeyToAccount } from 'viem/accounts';
import type { Env } from '../env';
import { nonEmpty } from '../env';
import { ConfigError } from '../errors';
import { decryptKeystore, KeystoreError } from './keystore';

type Source = Record<string, string | undefined>;

export type Signer = { account: LocalAccount; keySource: 'env' | 'keystore' | 'anvil-default' };

export function resolveSigner(source: Source, env: Env, prefix: string, anvilDefaultKey?: () => Hex): Signer {
  const key = nonEmpty(source, `${prefix}_PRIVATE_KEY`);
  const keystore = nonEmpty(source, `${prefix}_KEYSTORE`);
  if (key !== undefined && keystore !== undefined) {
    throw new ConfigError(`${prefix}_PRIVATE_KEY`, `set either ${prefix}_PRIVATE_KEY or ${prefix}_KEYSTORE, not both`);
  }
  if (key !== undefined) {
    // The message never echoes the value: a key in a log is a leaked key.
    if (!/^0x[0-9a-fA-F]{64}$/.test(key))
      throw new ConfigError(`${prefix}_PRIVATE_KEY`, 'must be 0x followed by 64 hex digits');
    try {
      return { account: privateKeyToAccount(key as Hex), keySource: 'env' as const };
    } catch {
      throw new ConfigError(`${prefix}_PRIVATE_KEY`, 'is not a valid secp256k1 private key');
    }
  }
  if (keystore !== undefined) {
    if (!existsSync(keystore)) throw new ConfigError(`${prefix}_KEYSTORE`, `file ${keystore} does not exist`);
    let password = nonEmpty(source, `${prefix}_KEYSTORE_PASSWORD`);
    const passwordFile = nonEmpty(source, `${prefix}_KEYSTORE_PASSWORD_FILE`);
    if (password === undefined && passwordFile !== undefined) {
      if (!existsSync(passwordFile)) {
        throw new ConfigError(`${prefix}_KEYSTORE_PASSWORD_FILE`, `file ${passwordFile} does not exist`);
      }
      password = readFileSync(passwordFile, 'utf8').replace(/\r?\n$/, '');
    }
    if (password === undefined) {
      throw new ConfigError(
        `${prefix}_KEYSTORE_PASSWORD`,
        `required with ${prefix}_KEYSTORE (or ${prefix}_KEYSTORE_PASSWORD_FILE)`,
      );
    }
    try {
      return {
        account: privateKeyToAccount(decryptKeystore(readFileSync(keystore, 'utf8'), password)),
        keySource: 'keystore' as const,
      };
    } catch (e) {
      const why = e instanceof KeystoreError ? e.message : 'cannot be decrypted';
      throw new ConfigError(`${prefix}_KEYSTORE`, `${keystore}: ${why}`);
    }
  }
  if (env.chainId !== 31337 || !anvilDefaultKey) {
    throw new ConfigError(
      `${prefix}_PRIVATE_KEY`,
      `required on chain ${env.chainId} (or ${prefix}_KEYSTORE); the anvil dev key is a default on the local chain only`,
    );
  }
  return { account: privateKeyToAccount(anvilDefaultKey()), keySource: 'anvil-default' as const };
}
