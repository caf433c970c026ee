/**
 * Creates a sample AI-style proposal on the local chain so there is something to vote on:
 * raise the transfer fee by one allowed step, proposed by the agent account (anvil #1) through
 * HomeostatGovernor.proposeDecision with its on-chain commitments.
 *
 *   npm run sample-proposal            (uses RPC_URL / DEPLOYMENTS_FILE like npm start)
 */
import path from 'node:path';
import {
  type Address,
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  http,
  keccak256,
  toHex,
} from 'viem';
import { homeostatGovernorAbi, policyControllerAbi } from '../lib/contracts/abis';
import type { Deployment } from '../lib/contracts/deployments';
import { readDeployment } from '../lib/contracts/deployments-node';
import { PolicyParam } from '../lib/contracts/params';
import { parseEnv } from '../lib/env';
import { localAccounts } from './lib/accounts';
import { root } from './lib/proc';

export async function createSampleProposal(rpcUrl: string, deployment: Deployment) {
  const transport = http(rpcUrl);
  const client = createPublicClient({ transport });
  const wallet = createWalletClient({ account: localAccounts.agent.account, transport });
  const controller = deployment.contracts.PolicyController;
  const governor = deployment.contracts.HomeostatGovernor;
  const [current, guardrail] = await Promise.all([
    client.readContract({
      address: controller,
      abi: policyControllerAbi,
      functionName: 'parameter',
      args: [PolicyParam.TransferFee],
    }),
    client.readContract({
      address: controller,
      abi: policyControllerAbi,
      functionName: 'guardrail',
      args: [PolicyParam.TransferFee],
    }),
  ]);
  const step = guardrail.maxStep < 10n ? guardrail.maxStep : 10n;
  const { timestamp } = await client.getBlock();
  // The governor refuses a copy of a live action set and, for its rejection cooldown, a vetoed or
  // defeated one (review M-1): each sample therefore tries the largest allowed step first, then
  // smaller ones and the other direction, until it finds a change the governor accepts.
  const candidates: bigint[] = [];
  for (let s = step; s >= 1n; s--) {
    if (current + s <= guardrail.max) candidates.push(current + s);
    if (current - s >= guardrail.min) candidates.push(current - s);
  }
  let lastError: unknown = new Error(`no transfer fee step is allowed from ${current} bps`);
  for (const next of candidates) {
    const calldata = encodeFunctionData({
      abi: policyControllerAbi,
      functionName: 'setParameter',
      args: [PolicyParam.TransferFee, current, next],
    });
    // The block time makes each sample a new proposal id.
    const description = `# Sample: transfer fee ${current} → ${next} bps\n\nA sample proposal created by scripts/sample-proposal.ts at chain time ${timestamp} so there is something to vote on.`;
    const justification = JSON.stringify({
      kind: 'sample',
      parameter: 'transferFeeBps',
      from: current.toString(),
      to: next.toString(),
    });
    let simulated: Awaited<ReturnType<typeof simulate>>;
    const simulate = () =>
      client.simulateContract({
        account: localAccounts.agent.account,
        address: governor,
        abi: homeostatGovernorAbi,
        functionName: 'proposeDecision',
        args: [
          [controller as Address],
          [0n],
          [calldata],
          description,
          {
            decisionId: keccak256(toHex(`sample-${timestamp}-${next}`)),
            modelHash: keccak256(toHex('sample-model')),
            inputHash: keccak256(toHex(`sample-inputs-${timestamp}`)),
            justificationHash: keccak256(toHex(justification)),
            justificationURI: `data:application/json,${encodeURIComponent(justification)}`,
          },
        ],
      });
    try {
      simulated = await simulate();
    } catch (e) {
      const reverted = e instanceof BaseError ? e.walk((x) => x instanceof ContractFunctionRevertedError) : null;
      const name = reverted instanceof ContractFunctionRevertedError ? reverted.data?.errorName : undefined;
      if (name === 'HomeostatGovernor_ActionsAlreadyLive' || name === 'HomeostatGovernor_RecentlyRejected') {
        lastError = e;
        continue;
      }
      throw e;
    }
    const { request, result } = simulated;
    const hash = await wallet.writeContract(request);
    await client.waitForTransactionReceipt({ hash });
    return { proposalId: result, transactionHash: hash, from: current, to: next };
  }
  throw lastError;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const env = parseEnv();
  createSampleProposal(env.rpcUrl, readDeployment(path.resolve(root, env.deploymentsFile), env.chainId))
    .then((r) =>
      console.log(`proposal ${r.proposalId} created (transfer fee ${r.from} → ${r.to} bps) in ${r.transactionHash}`),
    )
    .catch((e: Error & { shortMessage?: string }) => {
      console.error(`sample-proposal: ${e.shortMessage ?? e.message}`);
      process.exit(1);
    });
}
