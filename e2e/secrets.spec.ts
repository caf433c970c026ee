import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { devAccount } from '../scripts/lib/accounts';

/**
 * No key material in what browsers download: every file of the production build's static
 * output is searched for the dev accounts' private keys (the agent's local default among them),
 * the anvil mnemonic, and an AGENT_PRIVATE_KEY value if one is set in this environment.
 */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

test('the client bundle carries no private keys or mnemonic', () => {
  const dir = path.join(process.env.NEXT_DIST_DIR ?? '.next', 'static');
  const needles = [
    ...Array.from({ length: 20 }, (_, i) => devAccount(i).privateKey.slice(2).toLowerCase()),
    'test test test test test test test test test test test junk',
    ...(process.env.AGENT_PRIVATE_KEY ? [process.env.AGENT_PRIVATE_KEY.replace(/^0x/, '').toLowerCase()] : []),
  ];
  const all = files(dir);
  expect(all.length).toBeGreaterThan(0);
  const hits: string[] = [];
  for (const file of all) {
    const text = readFileSync(file, 'latin1').toLowerCase();
    for (const needle of needles) if (text.includes(needle)) hits.push(`${file}: ${needle.slice(0, 8)}…`);
  }
  expect(hits).toEqual([]);
});
