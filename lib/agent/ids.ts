import { type Address, encodeAbiParameters, type Hex, keccak256, stringToHex } from 'viem';

/** Decision epochs are chain time (block.timestamp) divided by the decision interval. */
export function decisionEpoch(chainTime: number, intervalSeconds: number): number {
  return Math.floor(chainTime / intervalSeconds);
}

const DOMAIN = keccak256(stringToHex('homeostat.agent.decision/1'));

/**
 * Deterministic decision id: the same chain, governor, cadence and epoch always give the same
 * id, so a restarted agent finds its own earlier decision (in its log or in DecisionProposed
 * events, where the id is an indexed topic) instead of making a second one.
 */
export function decisionId(chainId: number, governor: Address, intervalSeconds: number, epoch: number): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: 'bytes32' }, { type: 'uint256' }, { type: 'address' }, { type: 'uint256' }, { type: 'uint256' }],
      [DOMAIN, BigInt(chainId), governor, BigInt(intervalSeconds), BigInt(epoch)],
    ),
  );
}

/**
 * Promotion rule for a retrained model: strictly better loss on the same held-out validation
 * window by at least `minImprovement` (relative), and finite. Ties keep the current model.
 */
export function shouldPromote(currentLoss: number, candidateLoss: number, minImprovement = 0.01): boolean {
  if (!Number.isFinite(candidateLoss)) return false;
  if (!Number.isFinite(currentLoss)) return true;
  return candidateLoss < currentLoss * (1 - minImprovement);
}
