import { SwitchChainError, UserRejectedRequestError } from 'viem';
import { describe, expect, it } from 'vitest';
import { classifySwitchError, switchErrorMessage } from './switch-error';

// The errors wagmi's injected connector throws from switchChain, built the same way.
const addedNotSwitched = new UserRejectedRequestError(
  new UserRejectedRequestError(new Error('User rejected switch after adding network.')),
);
const rejectedSwitch = new UserRejectedRequestError(
  Object.assign(new Error('User rejected the request.'), { code: 4001 }) as Error,
);
const addFailed = new UserRejectedRequestError(
  Object.assign(new Error('Invalid RPC URL: http://127.0.0.1:8545'), { code: -32602 }) as Error,
);

describe('switch-chain errors', () => {
  it('tells "added the network but did not switch" from a rejection', () => {
    expect(classifySwitchError(addedNotSwitched)).toBe('added-not-switched');
    expect(switchErrorMessage(addedNotSwitched, 'Homeostat local')).toBe(
      'Homeostat local was added to your wallet, but the wallet did not switch to it. Select Homeostat local in your wallet (or press the button again).',
    );
    expect(classifySwitchError(rejectedSwitch)).toBe('rejected');
    expect(switchErrorMessage(rejectedSwitch, 'X')).toMatch(/^You declined switching to X/);
  });

  it('reports a wallet that could not add the network in its own words, not as a rejection', () => {
    expect(classifySwitchError(addFailed)).toBe('add-failed');
    expect(switchErrorMessage(addFailed, 'X')).toBe(
      'Your wallet could not add X: Invalid RPC URL: http://127.0.0.1:8545',
    );
    const other = new SwitchChainError(Object.assign(new Error('Request timed out'), { code: -32603 }) as Error);
    expect(classifySwitchError(other)).toBe('other');
    expect(switchErrorMessage(other, 'X')).toBe('Could not switch to X: Request timed out');
  });
});
