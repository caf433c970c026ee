import { defineConfig } from '@playwright/test';
import { e2eStack } from './e2e/stack';
import { chromiumPath } from './scripts/lib/chromium';

/**
 * E2E against the real stack in real Chromium. Playwright cannot download browsers here, so
 * the executable comes from CHROMIUM_PATH (or PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH), else
 * Debian's `chromium` on PATH. The web server is `npm start`'s own script on separate ports,
 * with a production build of the app.
 */
export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  reporter: [['list']],
  use: {
    baseURL: e2eStack.appUrl,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  // The agent's full loop needs a fresh chain: no other proposal pending and no anomaly in the
  // recent market (else the agent rightly refuses to act), so it runs first. The rest of the app
  // tests make their own state. The dashboard's live-market test stops the chain node and trades
  // for hours of chain time, so it runs last.
  projects: [
    { name: 'loop', testMatch: /agent-loop\.spec\.ts/ },
    {
      name: 'app',
      testIgnore: /(agent-loop|dashboard|electorate|human-speed)\.spec\.ts/,
      dependencies: ['loop'],
    },
    // These move chain time as the market does (hours per block): after every other test.
    { name: 'market', testMatch: /(dashboard|human-speed)\.spec\.ts/, dependencies: ['app'] },
    // Runs the market fast (speed 4) through a whole vote: the app's measured clock rate then says
    // minutes, not hours, for a while, so it goes after the human-speed countdown test.
    { name: 'electorate', testMatch: /electorate\.spec\.ts/, dependencies: ['market'] },
  ],
  webServer: {
    command: `${process.execPath} node_modules/tsx/dist/cli.mjs scripts/start.ts`,
    url: `${e2eStack.appUrl}/api/health`,
    reuseExistingServer: !process.env.CI,
    // start.ts stops its children (each in its own process group) on SIGTERM, within one grace
    // period of 15 s (scripts/lib/proc.ts GROUP_GRACE_MS) plus the chain's own stop: killed earlier,
    // it would leave the rest orphaned (an anvil outlived the suite when this was 15 s).
    gracefulShutdown: { signal: 'SIGTERM', timeout: 40_000 },
    timeout: 300_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: e2eStack.env,
  },
});
