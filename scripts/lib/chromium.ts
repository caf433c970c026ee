// Which Chromium the e2e suite and the browser benchmarks drive. Playwright cannot download
// browsers here, so it is CHROMIUM_PATH (or PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH), else Debian's
// `chromium` on PATH.
import { execFileSync } from 'node:child_process';

/** The Chromium executable, or undefined when none is configured or on PATH. */
export function chromiumPath(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH ?? process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH;
  if (fromEnv) return fromEnv;
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The Chromium executable, or an error that says how to get one. */
export function requireChromium(): string {
  const found = chromiumPath();
  if (!found) {
    throw new Error('Chromium not found: install Debian chromium (apt-get install -y chromium) or set CHROMIUM_PATH');
  }
  return found;
}
