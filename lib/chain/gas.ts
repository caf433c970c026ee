import type { Abi, Address, ContractFunctionArgs, ContractFunctionName, Hex, PublicClient, WalletClient } from 'viem';
import type { LocalAccount } from 'viem/accounts';

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

/**
 * One contract write as the scripts send it: simulated first (a revert surfaces with its custom
 * error before anything is sent), gas with headroom, sent, and waited for. Returns the hash and
 * whether it succeeded; throws on simulation and transport errors.
 */
export async function writeAndWait(
  client: PublicClient,
  wallet: WalletClient,
  account: LocalAccount,
  call: { address: Address; abi: Abi | readonly unknown[]; functionName: string; args?: readonly unknown[] },
  timeoutMs = 120_000,
): Promise<{ hash: Hex; ok: boolean }> {
  const request = { ...call, account } as never;
  const { request: simulated } = await client.simulateContract(request);
  const gas = gasWithHeadroom(await client.estimateContractGas(request));
  const hash = await wallet.writeContract({ ...(simulated as object), gas, chain: null } as never);
  const receipt = await client.waitForTransactionReceipt({ hash, timeout: timeoutMs });
  return { hash, ok: receipt.status === 'success' };
}
