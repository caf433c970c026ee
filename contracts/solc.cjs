#!/usr/bin/env node
// Offline stand-in for the native `solc` binary, so forge can compile without
// downloading a compiler. It wraps the `solc` npm package (solcjs, 0.8.28) and
// answers the two calls forge makes: `--version` and `--standard-json`.
// Imports are resolved against --base-path, --include-path and --allow-paths.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const solc = require('solc');

const argv = process.argv.slice(2);

if (argv.includes('--version')) {
  const long = solc.version().replace('.Emscripten.clang', '.Linux.g++');
  process.stdout.write(`solc, the solidity compiler commandline interface\nVersion: ${long}\n`);
  process.exit(0);
}

if (!argv.includes('--standard-json')) {
  process.stderr.write('solc.cjs: only --version and --standard-json are supported\n');
  process.exit(1);
}

const roots = [];
for (let i = 0; i < argv.length; i++) {
  const flag = argv[i];
  if (flag === '--base-path' || flag === '--include-path' || flag === '--allow-paths') {
    for (const p of String(argv[i + 1] ?? '').split(',')) if (p) roots.push(p);
    i++;
  }
}
roots.push(process.cwd());

function findImports(importPath) {
  const candidates = path.isAbsolute(importPath) ? [importPath] : roots.map((r) => path.resolve(r, importPath));
  for (const candidate of candidates) {
    try {
      return { contents: fs.readFileSync(candidate, 'utf8') };
    } catch {
      // try the next root
    }
  }
  return { error: `File not found: ${importPath} (searched ${roots.join(', ')})` };
}

const input = fs.readFileSync(0, 'utf8');
process.stdout.write(solc.compile(input, { import: findImports }));
