import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockDir } from './dir-lock';

describe('embedded database folder lock', () => {
  it('one holder at a time; released on release; a dead holder is taken over', async () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'dir-lock-')), 'pglite');
    // A live process holds it.
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    writeFileSync(`${dir}.lock`, `${other.pid}\n`);
    expect(() => lockDir(dir, 'INDEXER_PGLITE_DIR')).toThrow(
      new RegExp(`^INDEXER_PGLITE_DIR: .*pglite is in use by process ${other.pid} \\(another stack\\?\\)`),
    );
    other.kill('SIGKILL');
    await new Promise((r) => other.once('exit', r));
    // Its holder is gone: taken over.
    const release = lockDir(dir, 'INDEXER_PGLITE_DIR');
    expect(readFileSync(`${dir}.lock`, 'utf8').trim()).toBe(String(process.pid));
    release();
    expect(existsSync(`${dir}.lock`)).toBe(false);
    lockDir(dir, 'INDEXER_PGLITE_DIR')();
  });
});
