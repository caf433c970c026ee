import type { Abi, Address, ContractFunctionArgs, ContractFunctionName, PublicClient } from 'viem';

/**
 * Gas limit with headroom for a contract write. ERC20Votes checkpoints are keyed by block
 * timestamp: an estimate taken against the latest block may update a checkpoint in place,
 * while the mined transaction (a later timestamp) pushes a new one (~20k gas more). Without
 * headroom such transactions run out of gas, so every write the app sends carries this.
 */
export async function estimateGasWithHeadroom<
  const abi extends Abi,
  functionName extends ContractFunctionName<abi, 'nonpayable' | 'payable'>,
  args extends ContractFunctionArgs<abi, 'nonpayable' | 'payable', functionName>,
>(
  client: PublicClient,
  request: { address: Address; abi: abi; functionName: functionName; args: args; account: Address },
): Promise<bigint> {
  // biome-ignore lint/suspicious/noExplicitAny: viem's generic overloads; the caller's types are already checked
  const estimate = await client.estimateContractGas(request as any);
  return gasWithHeadroom(estimate);
}

/** estimate × 1.3 + 40,000: covers a new vote checkpoint (cold SSTORE) plus rounding. */
export function gasWithHeadroom(estimate: bigint): bigint {
  return (estimate * 13n) / 10n + 40_000n;
}
