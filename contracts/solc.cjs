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

// solcjs (wasm) sometimes crashes ("memory access out of bounds", "getWasmTableEntry(...) is not a function") on
// large inputs where every source is inlined. Passing only the sources that need output and resolving the rest
// through the import callback compiles the same program, so on a crash we retry that way in a fresh process
// (the wasm heap of the crashed one cannot be trusted).
const RETRY_FLAG = '--homeostat-retry';

function reduceInput(raw) {
  const input = JSON.parse(raw);
  const selection = (input.settings && input.settings.outputSelection) || {};
  for (const name of Object.keys(input.sources)) {
    const wanted = selection[name] && Object.values(selection[name]).some((outputs) => outputs.length > 0);
    if (!wanted && input.sources[name].content !== undefined) delete input.sources[name];
  }
  return JSON.stringify(input);
}

let input = fs.readFileSync(0, 'utf8');
if (argv.includes(RETRY_FLAG)) input = reduceInput(input);
let output;
try {
  output = solc.compile(input, { import: findImports });
} catch (err) {
  if (argv.includes(RETRY_FLAG)) throw err;
  const { spawnSync } = require('node:child_process');
  const retry = spawnSync(process.execPath, [__filename, ...argv, RETRY_FLAG], {
    input,
    maxBuffer: 1 << 30,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  if (retry.status !== 0) process.exit(retry.status ?? 1);
  output = retry.stdout.toString('utf8');
}
process.stdout.write(output);
