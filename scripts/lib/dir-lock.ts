import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { HomeostatError } from '../../lib/errors';

/**
 * One process per embedded database folder (issue 14: a second stack opened the first one's PGlite
 * folder, read its data and left it unrecoverable). `<dir>.lock` holds the owner's pid; a lock
 * whose process is gone (a SIGKILLed wrapper) is taken over. Returns the release function (also run
 * on exit).
 */
export function lockDir(dir: string, variable: string): () => void {
  const file = `${path.resolve(dir)}.lock`;
  mkdirSync(path.dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file, { force: true });
        } catch {}
      };
      process.once('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = Number(readFileSync(file, 'utf8').trim());
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder)) {
      throw new HomeostatError(
        `${variable}: ${dir} is in use by process ${holder} (another stack?); stop it, or give this one another INDEXER_PORT`,
      );
    }
    rmSync(file, { force: true }); // its owner is gone: take it over
  }
  throw new HomeostatError(`${variable}: could not lock ${dir}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
