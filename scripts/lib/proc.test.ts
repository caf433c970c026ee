import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { assertPortFree, foundryBinary, requireBinary, StartError, startService } from './proc';

describe('start preflight', () => {
  it('a busy port gives one line naming the variable to change', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as net.AddressInfo).port;
    try {
      await expect(assertPortFree(port, 'ANVIL_PORT', 'local chain')).rejects.toThrow(
        new StartError(`port ${port} (local chain) is already in use: stop whatever uses it or set ANVIL_PORT`),
      );
    } finally {
      server.close();
    }
    await expect(assertPortFree(port, 'ANVIL_PORT', 'local chain')).resolves.toBeUndefined();
  });

  it('a missing binary says to run npm ci', () => {
    expect(() => requireBinary('/nonexistent/anvil', 'anvil')).toThrow(/anvil not found at .*: run `npm ci` first/);
  });
});

describe('supervised services', () => {
  const groupAlive = (pid: number) => {
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  it('a service whose wrapper is killed with SIGKILL leaves no orphan: its group is ended before it counts as exited', async () => {
    // The wrapper (sh) starts a long-lived child in its group, as scripts/indexer.ts starts Ponder.
    const s = startService('orphan-test', 'sh', ['-c', 'sleep 300 & wait'], {}, { quiet: true });
    const pid = s.child.pid as number;
    await new Promise((r) => setTimeout(r, 300));
    process.kill(pid, 'SIGKILL');
    await s.exited;
    expect(groupAlive(pid)).toBe(false);
  });

  it('stop() ends the whole group', async () => {
    const s = startService('stop-test', 'sh', ['-c', 'sleep 300 & sleep 300 & wait'], {}, { quiet: true });
    const pid = s.child.pid as number;
    await new Promise((r) => setTimeout(r, 300));
    expect(groupAlive(pid)).toBe(true);
    await s.stop();
    expect(groupAlive(pid)).toBe(false);
  });
});

describe('Foundry binaries', () => {
  it('are resolved for the running platform, not hard-coded to linux-amd64', () => {
    expect(foundryBinary('anvil', 'darwin', 'arm64')).toMatch(/@foundry-rs\/anvil-darwin-arm64\/bin\/anvil$/);
    expect(foundryBinary('forge', 'linux', 'x64')).toMatch(/@foundry-rs\/forge-linux-amd64\/bin\/forge$/);
    expect(foundryBinary('anvil', 'win32', 'x64')).toMatch(/anvil-win32-amd64[/\\]bin[/\\]anvil\.exe$/);
  });
});
