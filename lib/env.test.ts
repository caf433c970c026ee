import { describe, expect, it } from 'vitest';
import { parseEnv } from './env';
import { ConfigError } from './errors';

describe('parseEnv', () => {
  it('defaults to the local stack', () => {
    expect(parseEnv({})).toMatchObject({
      rpcUrl: 'http://127.0.0.1:8545',
      chainId: 31337,
      deploymentsFile: 'deployments/31337.json',
      localChain: true,
      anvilStateHistory: 128,
      anvilTxHistory: 256,
      localTxWindow: 256,
      chainHistoryBlocks: undefined,
      appPort: 3000,
      indexerUrl: 'http://127.0.0.1:42069',
    });
  });

  it('follows ANVIL_PORT and points at another chain with RPC_URL + CHAIN_ID', () => {
    expect(parseEnv({ ANVIL_PORT: '9000' }).rpcUrl).toBe('http://127.0.0.1:9000');
    expect(parseEnv({ RPC_URL: 'https://rpc.example/', CHAIN_ID: '8453' })).toMatchObject({
      rpcUrl: 'https://rpc.example',
      chainId: 8453,
      localChain: false,
      deploymentsFile: 'deployments/8453.json',
    });
  });

  it('keeps a window of local transactions only on the local chain with the embedded database', () => {
    expect(parseEnv({ ANVIL_TX_HISTORY: '2048' }).localTxWindow).toBe(2048);
    expect(parseEnv({ ANVIL_TX_HISTORY: 'all' })).toMatchObject({ anvilTxHistory: 'all', localTxWindow: undefined });
    expect(parseEnv({ DATABASE_URL: 'postgres://u@localhost/db' }).localTxWindow).toBeUndefined();
    expect(parseEnv({ RPC_URL: 'https://rpc.example', CHAIN_ID: '8453' }).localTxWindow).toBeUndefined();
  });

  it.each([
    [{ ANVIL_PORT: 'abc' }, 'ANVIL_PORT'],
    [{ ANVIL_TX_HISTORY: 'some' }, 'ANVIL_TX_HISTORY'],
    [{ ANVIL_STATE_HISTORY: '4' }, 'ANVIL_STATE_HISTORY'],
    [{ ANVIL_TX_HISTORY: '64' }, 'ANVIL_TX_HISTORY'],
    [{ CHAIN_HISTORY_BLOCKS: 'all' }, 'CHAIN_HISTORY_BLOCKS'],
    [{ APP_PORT: '70000' }, 'APP_PORT'],
    [{ RPC_URL: 'ftp://x' }, 'RPC_URL'],
    [{ RPC_URL: 'https://rpc.example' }, 'CHAIN_ID'],
    [{ CHAIN_ID: '-1' }, 'CHAIN_ID'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ INDEXER_URL: 'not a url' }, 'INDEXER_URL'],
  ])('names the bad variable: %o', (source, variable) => {
    try {
      parseEnv(source);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).variable).toBe(variable);
      expect((e as Error).message.startsWith(`${variable}:`)).toBe(true);
    }
  });
});
