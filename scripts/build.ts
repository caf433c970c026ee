/**
 * `npm run build`: the production build (next build), stamped with the fingerprint of its sources
 * so `npm start` reuses it until a source changes (scripts/lib/build-cache.ts).
 *
 *   tsx scripts/build.ts            build unless the build in NEXT_DIST_DIR (default .next) is current
 *   tsx scripts/build.ts --force    build regardless
 */
import { spawnSync } from 'node:child_process';
import { buildIsCurrent, distDir, markBuilt, sourceFingerprint } from './lib/build-cache';
import { bin, root } from './lib/proc';

const dist = distDir(root);
if (!process.argv.includes('--force') && buildIsCurrent(root, dist)) {
  console.log(`build: ${dist} is current (sources unchanged since it was built)`);
  process.exit(0);
}
// Taken before building: an edit made during the build makes the next start rebuild.
const fingerprint = sourceFingerprint(root);
const result = spawnSync(process.execPath, [bin.next, 'build'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
});
if (result.status !== 0) process.exit(result.status ?? 1);
markBuilt(dist, fingerprint);
