/** Staking, treasury, signal oracle and policy controller. */
import { type Context, ponder } from 'ponder:registry';
import {
  account,
  marketPrice,
  oracleSignal,
  parameterChange,
  pauseEvent,
  stakeEvent,
  supplyChange,
  treasuryEvent,
} from 'ponder:schema';
import type { Address } from 'viem';
import { eventId, type LogEvent } from '../math';
import { updateState } from '../state';

type StakeKind = 'stake' | 'unstake' | 'claim';

async function recordStake(
  event: LogEvent,
  context: Context<'Staking:Staked'>,
  kind: StakeKind,
  who: Address,
  amount: bigint,
) {
  const timestamp = Number(event.block.timestamp);
  await context.db.insert(stakeEvent).values({
    id: eventId(event),
    blockNumber: event.block.number,
    timestamp,
    kind,
    account: who,
    amount,
  });
  if (kind === 'claim') {
    await updateState(context, event, (s) => ({ rewardsPaid: s.rewardsPaid + amount }));
    return;
  }
  const delta = kind === 'stake' ? amount : -amount;
  await context.db
    .insert(account)
    .values({ address: who, balance: 0n, staked: delta, votes: 0n, delegate: null, updatedAt: timestamp })
    .onConflictDoUpdate((row) => ({ staked: row.staked + delta, updatedAt: timestamp }));
  await updateState(context, event, (s) => ({ totalStaked: s.totalStaked + delta }));
}

ponder.on('Staking:Staked', ({ event, context }) =>
  recordStake(event, context, 'stake', event.args.account, event.args.amount),
);
ponder.on('Staking:Unstaked', ({ event, context }) =>
  recordStake(event, context, 'unstake', event.args.account, event.args.amount),
);
ponder.on('Staking:RewardClaimed', ({ event, context }) =>
  recordStake(event, context, 'claim', event.args.account, event.args.amount),
);

ponder.on('Treasury:BuybackExecuted', async ({ event, context }) => {
  await context.db.insert(treasuryEvent).values({
    id: eventId(event),
    blockNumber: event.block.number,
    timestamp: Number(event.block.timestamp),
    kind: 'buyback',
    asset: context.contracts.StableToken.address,
    counterparty: context.contracts.UniswapV2Pair.address,
    amount: event.args.stableIn,
    homeAmount: event.args.homeBought,
    epoch: event.args.epoch,
  });
});

ponder.on('Treasury:Withdrawn', async ({ event, context }) => {
  await context.db.insert(treasuryEvent).values({
    id: eventId(event),
    blockNumber: event.block.number,
    timestamp: Number(event.block.timestamp),
    kind: 'withdraw',
    asset: event.args.asset,
    counterparty: event.args.to,
    amount: event.args.amount,
    homeAmount: null,
    epoch: null,
  });
});

/** The stable side of the treasury (the config only delivers transfers from or to it). */
ponder.on('StableToken:Transfer', async ({ event, context }) => {
  const treasury = context.contracts.Treasury.address.toLowerCase();
  const { from, to, value } = event.args;
  const incoming = to.toLowerCase() === treasury;
  const outgoing = from.toLowerCase() === treasury;
  if (incoming === outgoing) return;
  await context.db.insert(treasuryEvent).values({
    id: eventId(event),
    blockNumber: event.block.number,
    timestamp: Number(event.block.timestamp),
    kind: incoming ? 'stable_in' : 'stable_out',
    asset: context.contracts.StableToken.address,
    counterparty: incoming ? from : to,
    amount: value,
    homeAmount: null,
    epoch: null,
  });
  await updateState(context, event, (s) => ({ treasuryStable: s.treasuryStable + (incoming ? value : -value) }));
});

ponder.on('SignalOracle:SignalPosted', async ({ event, context }) => {
  const a = event.args;
  const round = Number(a.round);
  await context.db.insert(oracleSignal).values({
    round,
    blockNumber: event.block.number,
    timestamp: Number(event.block.timestamp),
    observedAt: Number(a.observedAt),
    sentimentBps: a.sentimentBps,
    anomalyBps: a.anomalyBps,
    offchainVolume: a.offchainVolume,
    contentHash: a.contentHash,
  });
  await updateState(context, event, () => ({
    signalRound: round,
    sentimentBps: a.sentimentBps,
    anomalyBps: a.anomalyBps,
    signalObservedAt: Number(a.observedAt),
  }));
});

ponder.on('SignalOracle:MarketPricePosted', async ({ event, context }) => {
  await context.db.insert(marketPrice).values({
    round: Number(event.args.round),
    blockNumber: event.block.number,
    timestamp: Number(event.block.timestamp),
    observedAt: Number(event.args.observedAt),
    price: event.args.price,
  });
});

ponder.on('PolicyController:ParameterUpdated', async ({ event, context }) => {
  await context.db.insert(parameterChange).values({
    id: eventId(event),
    blockNumber: event.block.number,
    timestamp: Number(event.block.timestamp),
    txHash: event.transaction.hash,
    paramId: event.args.id,
    oldValue: event.args.oldValue,
    newValue: event.args.newValue,
  });
});

ponder.on('PolicyController:SupplyChanged', async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(supplyChange).values({
    id: eventId(event),
    blockNumber: event.block.number,
    timestamp: Number(event.block.timestamp),
    txHash: event.transaction.hash,
    delta: a.delta,
    oldSupply: a.oldSupply,
    newSupply: a.newSupply,
    windowNetChange: a.windowNetChange,
    buyback: a.buyback,
  });
});

ponder.on('PolicyController:Paused', async ({ event, context }) => {
  await context.db.insert(pauseEvent).values({
    id: eventId(event),
    timestamp: Number(event.block.timestamp),
    paused: true,
    account: event.args.account,
  });
  await updateState(context, event, () => ({ paused: true }));
});

ponder.on('PolicyController:Unpaused', async ({ event, context }) => {
  await context.db.insert(pauseEvent).values({
    id: eventId(event),
    timestamp: Number(event.block.timestamp),
    paused: false,
    account: event.args.account,
  });
  await updateState(context, event, () => ({ paused: false }));
});

// Treasury market operations (issue 13), sent hourly by the operator (agent/operator.ts). `amount` is
// the stable side (raw stable units), `homeAmount` the HOME side (wei), as for buybacks.
ponder.on('Treasury:LiquidityAdded', async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(treasuryEvent).values({
    id: eventId(event),
    blockNumber: event.block.number,
    timestamp: Number(event.block.timestamp),
    kind: 'pol_add',
    asset: context.contracts.StableToken.address,
    counterparty: context.contracts.UniswapV2Pair.address,
    amount: a.stableIn,
    homeAmount: a.homeIn,
    epoch: a.epoch,
  });
});

ponder.on('Treasury:LiquidityRemoved', async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(treasuryEvent).values({
    id: eventId(event),
    blockNumber: event.block.number,
    timestamp: Number(event.block.timestamp),
    kind: 'pol_remove',
    asset: context.contracts.StableToken.address,
    counterparty: context.contracts.UniswapV2Pair.address,
    amount: a.stableOut,
    homeAmount: a.homeOut,
    epoch: a.epoch,
  });
});

ponder.on('Treasury:RangeBuy', async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(treasuryEvent).values({
    id: eventId(event),
    blockNumber: event.block.number,
    timestamp: Number(event.block.timestamp),
    kind: 'range_buy',
    asset: context.contracts.StableToken.address,
    counterparty: context.contracts.UniswapV2Pair.address,
    amount: a.stableIn,
    homeAmount: a.homeBought,
    epoch: a.epoch,
  });
});

ponder.on('Treasury:RangeSell', async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(treasuryEvent).values({
    id: eventId(event),
    blockNumber: event.block.number,
    timestamp: Number(event.block.timestamp),
    kind: 'range_sell',
    asset: context.contracts.StableToken.address,
    counterparty: context.contracts.UniswapV2Pair.address,
    amount: a.stableOut,
    homeAmount: a.homeIn,
    epoch: a.epoch,
  });
});
