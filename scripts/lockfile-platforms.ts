/**
 * Keeps `npm ci` working against a registry mirror that lacks other platforms' binary
 * packages (e.g. @biomejs/cli-darwin-arm64): `npm install` then leaves those optional
 * dependencies out of package-lock.json, and `npm ci` refuses the lock as out of sync.
 *
 * This adds a lock entry for each missing optional platform package, with the version its
 * parent pins and the os/cpu/libc read from its name, so npm skips it on other platforms
 * without fetching it. Run after `npm install` changes the lock:
 *
 *   tsx scripts/lockfile-platforms.ts          fix package-lock.json
 *   tsx scripts/lockfile-platforms.ts --check  exit 1 if entries are missing
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

type Entry = {
  version?: string;
  optional?: boolean;
  optionalDependencies?: Record<string, string>;
  os?: string[];
  cpu?: string[];
  libc?: string[];
};

const osNames = ['android', 'darwin', 'freebsd', 'linux', 'netbsd', 'openbsd', 'openharmony', 'sunos', 'win32', 'aix'];
const cpuNames: Record<string, string> = {
  arm64: 'arm64',
  aarch64: 'arm64',
  x64: 'x64',
  amd64: 'x64',
  ia32: 'ia32',
  arm: 'arm',
  loong64: 'loong64',
  mips64el: 'mips64el',
  ppc64: 'ppc64',
  riscv64: 'riscv64',
  s390x: 's390x',
  wasm32: 'wasm32',
};

/** os/cpu/libc of a platform package, from its name (e.g. cli-linux-x64-musl). */
export function platformOf(name: string): Pick<Entry, 'os' | 'cpu' | 'libc'> | undefined {
  const parts = name.split('/').at(-1)!.split('-');
  const os = parts.find((p) => osNames.includes(p));
  const cpuPart = parts.find((p) => p in cpuNames);
  if (!os && cpuPart !== 'wasm32') return undefined;
  const out: Pick<Entry, 'os' | 'cpu' | 'libc'> = {};
  if (os) out.os = [os];
  if (cpuPart) out.cpu = [cpuNames[cpuPart]!];
  if (parts.includes('musl') || parts.includes('musleabihf')) out.libc = ['musl'];
  else if (os === 'linux' && (parts.includes('gnu') || parts.includes('gnueabihf'))) out.libc = ['glibc'];
  return out;
}

export function addMissingPlatformEntries(lock: { packages: Record<string, Entry> }): string[] {
  const added: string[] = [];
  for (const [key, entry] of Object.entries(lock.packages)) {
    for (const [dep, spec] of Object.entries(entry.optionalDependencies ?? {})) {
      const nested = `${key ? `${key}/` : ''}node_modules/${dep}`;
      const top = `node_modules/${dep}`;
      if (lock.packages[nested] || lock.packages[top]) continue;
      const platform = platformOf(dep);
      if (!platform || !/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(spec)) continue; // only exact-pinned platform packages
      lock.packages[top] = { version: spec, optional: true, ...platform };
      added.push(`${dep}@${spec}`);
    }
  }
  return added;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = path.resolve(import.meta.dirname, '..', 'package-lock.json');
  const lock = JSON.parse(readFileSync(file, 'utf8')) as { packages: Record<string, Entry> };
  const added = addMissingPlatformEntries(lock);
  if (process.argv.includes('--check')) {
    if (added.length) {
      console.error(`package-lock.json lacks ${added.length} platform entries: run tsx scripts/lockfile-platforms.ts`);
      process.exit(1);
    }
    console.log('package-lock.json: platform entries complete');
  } else {
    const sorted = Object.fromEntries(
      Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
    );
    writeFileSync(file, `${JSON.stringify({ ...lock, packages: sorted }, null, 2)}\n`);
    console.log(added.length ? `added ${added.length} entries: ${added.join(', ')}` : 'nothing to add');
  }
}
