/**
 * Which event logs the indexer's sync store holds in full, and so can serve as the archive of
 * history the local node no longer keeps (`POST /api/logs`, lib/chain/archive.ts).
 *
 * Ponder syncs only the events that have a handler in ./src (`ponder.on('Contract:Event')`), and
 * for StableToken only the transfers from or to the treasury. An archive read of anything else
 * would come back short without saying so, so the route refuses it. `archived-events.test.ts`
 * checks this list against the handlers.
 */
import { type Abi, type Address, encodeEventTopics, type Hex } from 'viem';
import {
  homeostatGovernorAbi,
  homeostatTokenAbi,
  policyControllerAbi,
  signalOracleAbi,
  stakingAbi,
  treasuryAbi,
  uniswapV2PairAbi,
  verificationLogAbi,
} from '../lib/contracts/abis';
import type { Deployment } from '../lib/contracts/deployments';

export const ARCHIVED_EVENTS = {
  HomeostatGovernor: {
    abi: homeostatGovernorAbi,
    events: [
      'DecisionProposed',
      'ProposalCanceled',
      'ProposalCreated',
      'ProposalEscalated',
      'ProposalExecuted',
      'ProposalQueued',
      'VoteCast',
      'VoteCastWithParams',
    ],
  },
  HomeostatToken: {
    abi: homeostatTokenAbi,
    events: ['DelegateChanged', 'DelegateVotesChanged', 'FeeCharged', 'Transfer'],
  },
  PolicyController: { abi: policyControllerAbi, events: ['ParameterUpdated', 'Paused', 'SupplyChanged', 'Unpaused'] },
  SignalOracle: { abi: signalOracleAbi, events: ['MarketPricePosted', 'SignalPosted'] },
  Staking: { abi: stakingAbi, events: ['RewardClaimed', 'Staked', 'Unstaked'] },
  Treasury: {
    abi: treasuryAbi,
    events: ['BuybackExecuted', 'LiquidityAdded', 'LiquidityRemoved', 'RangeBuy', 'RangeSell', 'Withdrawn'],
  },
  UniswapV2Pair: { abi: uniswapV2PairAbi, events: ['Burn', 'Mint', 'Swap', 'Sync'] },
  VerificationLog: { abi: verificationLogAbi, events: ['VerificationRecorded'] },
} as const satisfies Record<string, { abi: Abi; events: readonly string[] }>;

/** "address topic0" (lower case) of every archived event of this deployment. */
export function archivedLogKeys(d: Deployment): Set<string> {
  const keys = new Set<string>();
  for (const [name, { abi, events }] of Object.entries(ARCHIVED_EVENTS)) {
    const address = (d.contracts as Record<string, Address | undefined>)[name];
    if (!address) continue;
    for (const eventName of events) {
      const [topic0] = encodeEventTopics({ abi: abi as Abi, eventName } as never) as Hex[];
      keys.add(`${address.toLowerCase()} ${topic0!.toLowerCase()}`);
    }
  }
  return keys;
}
