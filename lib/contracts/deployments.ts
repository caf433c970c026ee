import { type Address, getAddress, isAddress } from 'viem';
import { DataError } from '../errors';

/** Names of the contracts the deploy script records. */
export const contractNames = [
  'HomeostatToken',
  'HomeostatGovernor',
  'TimelockController',
  'PolicyController',
  'Staking',
  'Treasury',
  'SignalOracle',
  'StableToken',
  'UniswapV2Factory',
  'UniswapV2Router02',
  'UniswapV2Pair',
  'WETH9',
] as const;
export type ContractName = (typeof contractNames)[number];

/**
 * Contracts added after the first deployments were written. A file without one still loads (the
 * feature it backs is then off, and says so); a file with a bad value for one is refused.
 */
export const optionalContractNames = ['VerificationLog'] as const;
export type OptionalContractName = (typeof optionalContractNames)[number];

/** Addresses of one deployment, as written by contracts/script/Deploy.s.sol to deployments/<chainId>.json. */
export type Deployment = {
  chainId: number;
  /** First block worth scanning for events (the block of the first deploy transaction). */
  startBlock: number;
  contracts: Record<ContractName, Address> & Partial<Record<OptionalContractName, Address>>;
};

/** Validates the JSON of a deployments file; names the file and the bad field. */
export function parseDeployment(json: unknown, file: string, expectedChainId?: number): Deployment {
  if (typeof json !== 'object' || json === null) throw new DataError('expected a JSON object', { file });
  const o = json as Record<string, unknown>;
  const chainId = o.chainId;
  if (typeof chainId !== 'number' || !Number.isInteger(chainId) || chainId <= 0) {
    throw new DataError('"chainId" must be a positive integer', { file, column: 'chainId' });
  }
  if (expectedChainId !== undefined && chainId !== expectedChainId) {
    throw new DataError(`"chainId" is ${chainId} but CHAIN_ID is ${expectedChainId}`, { file, column: 'chainId' });
  }
  const startBlock = o.startBlock ?? 0;
  if (typeof startBlock !== 'number' || !Number.isInteger(startBlock) || startBlock < 0) {
    throw new DataError('"startBlock" must be a non-negative integer', { file, column: 'startBlock' });
  }
  const raw = o.contracts;
  if (typeof raw !== 'object' || raw === null) throw new DataError('missing "contracts" object', { file });
  const contracts = {} as Deployment['contracts'];
  const address = (name: ContractName | OptionalContractName, value: unknown) => {
    if (typeof value !== 'string' || !isAddress(value, { strict: false })) {
      throw new DataError(`"contracts.${name}" must be an address`, { file, column: `contracts.${name}` });
    }
    return getAddress(value);
  };
  for (const name of contractNames) contracts[name] = address(name, (raw as Record<string, unknown>)[name]);
  for (const name of optionalContractNames) {
    const value = (raw as Record<string, unknown>)[name];
    if (value !== undefined) contracts[name] = address(name, value);
  }
  return { chainId, startBlock, contracts };
}
