/**
 * Compiles the Foundry project one entry point at a time: each contract of contracts/src, the
 * deploy script (which pulls in every contract and the Uniswap V2 bytecode), then each test file.
 * Since the treasury's market operations, a cold compile of the deploy script alone crashed solcjs
 * too; with the contracts compiled first it only compiles the script (10 s). solcjs (the wasm compiler used offline here) crashes
 * with "memory access out of bounds" when forge hands it all ~100 sources in one cold
 * compile; file by file it is fine, and forge's cache makes the later `forge test` a no-op
 * compile.
 *
 *   tsx scripts/forge-build.ts            deploy script only (what npm start needs)
 *   tsx scripts/forge-build.ts --tests    and every contracts/test/**\/*.t.sol
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { bin, root, run, StartError } from './lib/proc';

function testFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? testFiles(path.join(dir, e.name)) : e.name.endsWith('.t.sol') ? [path.join(dir, e.name)] : [],
  );
}

export async function forgeBuild({ tests = false } = {}) {
  const contracts = readdirSync(path.join(root, 'contracts/src'))
    .filter((f) => f.endsWith('.sol'))
    .sort()
    .map((f) => `contracts/src/${f}`);
  const entries = [...contracts, 'contracts/script/Deploy.s.sol', ...(tests ? testFiles('contracts/test').sort() : [])];
  for (const file of entries) await run('forge', bin.forge, ['build', file]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  forgeBuild({ tests: process.argv.includes('--tests') }).catch((e: Error) => {
    console.error(`forge-build: ${e instanceof StartError ? e.message : e.stack}`);
    process.exit(1);
  });
}
