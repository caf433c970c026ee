import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { assertPortFree, requireBinary, StartError } from './proc';

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
