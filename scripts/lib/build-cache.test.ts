import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildIsCurrent, markBuilt, sourceFingerprint } from './build-cache';

let dir: string;
function tree(files: Record<string, string>) {
  dir = mkdtempSync(path.join(os.tmpdir(), 'build-cache-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('production build cache', () => {
  it('changes the fingerprint when a source changes, not when a test or a dot-folder does', () => {
    const root = tree({ 'app/page.tsx': 'a', 'lib/x.ts': 'b', 'lib/x.test.ts': 't', 'lib/.cache/y': 'c' });
    const first = sourceFingerprint(root);
    expect(sourceFingerprint(root)).toBe(first);
    writeFileSync(path.join(root, 'lib/x.test.ts'), 't2');
    writeFileSync(path.join(root, 'lib/.cache/y'), 'c2');
    expect(sourceFingerprint(root)).toBe(first);
    writeFileSync(path.join(root, 'lib/x.ts'), 'b2');
    expect(sourceFingerprint(root)).not.toBe(first);
  });

  it('a renamed file is a change even with the same content', () => {
    const root = tree({ 'lib/a.ts': 'same' });
    const before = sourceFingerprint(root);
    rmSync(path.join(root, 'lib/a.ts'));
    writeFileSync(path.join(root, 'lib/b.ts'), 'same');
    expect(sourceFingerprint(root)).not.toBe(before);
  });

  it('a build is current only when complete and made from the same sources', () => {
    const root = tree({ 'app/page.tsx': 'a' });
    const dist = path.join(root, '.next');
    mkdirSync(dist);
    expect(buildIsCurrent(root, dist)).toBe(false); // no BUILD_ID
    writeFileSync(path.join(dist, 'BUILD_ID'), 'x');
    expect(buildIsCurrent(root, dist)).toBe(false); // no fingerprint
    markBuilt(dist, sourceFingerprint(root));
    expect(buildIsCurrent(root, dist)).toBe(true);
    writeFileSync(path.join(root, 'app/page.tsx'), 'changed');
    expect(buildIsCurrent(root, dist)).toBe(false);
  });
});
