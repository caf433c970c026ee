/**
 * Known answers: the two test vectors of the Web3 Secret Storage Definition (version 3; password
 * "testpassword"), one per key derivation function, decrypt to the specification's private key. A
 * wrong password or a changed byte is refused by the MAC; a round trip of encryptKeystore decrypts.
 */
import { describe, expect, it } from 'vitest';
import { decryptKeystore, encryptKeystore, KeystoreError } from './keystore';

const PRIVATE_KEY = '0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d';
const id = '3198bc9c-6672-5ab3-d995-4942343ae5b6';
const pbkdf2 = {
  crypto: {
    cipher: 'aes-128-ctr',
    cipherparams: { iv: '6087dab2f9fdbbfaddc31a909735c1e6' },
    ciphertext: '5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46',
    kdf: 'pbkdf2',
    kdfparams: {
      c: 262144,
      dklen: 32,
      prf: 'hmac-sha256',
      salt: 'ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd',
    },
    mac: '517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2',
  },
  id,
  version: 3,
};
const scrypt = {
  crypto: {
    cipher: 'aes-128-ctr',
    cipherparams: { iv: '83dbcc02d8ccb40e466191a123791e0e' },
    ciphertext: 'd172bf743a674da9cdad04534d56926ef8358534d458fffccd4e6ad2fbde479c',
    kdf: 'scrypt',
    kdfparams: {
      dklen: 32,
      n: 262144,
      r: 1,
      p: 8,
      salt: 'ab0c7876052600dd703518d6fc3fe8984592145b591fc8fb5c6d43190334ba19',
    },
    mac: '2103ac29920d71da29f15d75b4a16dbe95cfd7ff8faea1056c33131d846e3097',
  },
  id,
  version: 3,
};

describe('v3 keystores (Web3 Secret Storage Definition test vectors)', () => {
  it('decrypts the PBKDF2-SHA-256 vector', () => {
    expect(decryptKeystore(JSON.stringify(pbkdf2), 'testpassword')).toBe(PRIVATE_KEY);
  });

  it('decrypts the scrypt vector (n 2^18, r 1, p 8: parameters OpenSSL alone refuses)', () => {
    expect(decryptKeystore(JSON.stringify(scrypt), 'testpassword')).toBe(PRIVATE_KEY);
  }, 60_000);

  it('refuses a wrong password and a changed ciphertext by the MAC', () => {
    expect(() => decryptKeystore(JSON.stringify(pbkdf2), 'testpassworD')).toThrow(/MAC mismatch/);
    const tampered = structuredClone(pbkdf2);
    tampered.crypto.ciphertext = `6${tampered.crypto.ciphertext.slice(1)}`;
    expect(() => decryptKeystore(JSON.stringify(tampered), 'testpassword')).toThrow(KeystoreError);
  });

  it('refuses an scrypt cost that is not a power of two', () => {
    const bad = structuredClone(scrypt);
    bad.crypto.kdfparams.n = 1000;
    expect(() => decryptKeystore(JSON.stringify(bad), 'testpassword')).toThrow(/power of two/);
  });

  it('reads back what encryptKeystore writes', () => {
    expect(decryptKeystore(encryptKeystore(PRIVATE_KEY, 'pw', 1024), 'pw')).toBe(PRIVATE_KEY);
  });
});
