/** HOME token: transfers and balances, supply (mint/burn), delegation and votes, fees. */
import { type Context, ponder } from 'ponder:registry';
import { account, balanceHourly, delegation, feeCharged, supplyEvent, transfer } from 'ponder:schema';
import { type Address, zeroAddress } from 'viem';
import { eventId, hourOf } from '../math';
import { updateState } from '../state';

/** Adds `delta` to an account's balance; returns the balances before and after. */
async function moveBalance(
  context: Context<'HomeostatToken:Transfer'>,
  address: Address,
  delta: bigint,
  timestamp: number,
) {
  const row = await context.db.find(account, { address });
  const before = row?.balance ?? 0n;
  const after = before + delta;
  if (row) await context.db.update(account, { address }).set({ balance: after, updatedAt: timestamp });
  else
    await context.db
      .insert(account)
      .values({ address, balance: after, staked: 0n, votes: 0n, delegate: null, updatedAt: timestamp });
  await context.db
    .insert(balanceHourly)
    .values({ address, hour: hourOf(timestamp), balance: after })
    .onConflictDoUpdate({ balance: after });
  return { before, after };
}

ponder.on('HomeostatToken:Transfer', async ({ event, context }) => {
  const { from, to, value } = event.args;
  const timestamp = Number(event.block.timestamp);
  const treasury = context.contracts.Treasury.address.toLowerCase();
  await context.db.insert(transfer).values({
    id: eventId(event),
    blockNumber: event.block.number,
    timestamp,
    txHash: event.transaction.hash,
    from,
    to,
    amount: value,
  });
  let holderDelta = 0;
  if (from !== zeroAddress) {
    const b = await moveBalance(context, from, -value, timestamp);
    if (b.before > 0n && b.after === 0n) holderDelta -= 1;
  }
  if (to !== zeroAddress) {
    const b = await moveBalance(context, to, value, timestamp);
    if (b.before === 0n && b.after > 0n) holderDelta += 1;
  }
  const minted = from === zeroAddress ? value : 0n;
  const burned = to === zeroAddress ? value : 0n;
  const treasuryDelta = (to.toLowerCase() === treasury ? value : 0n) - (from.toLowerCase() === treasury ? value : 0n);
  const state = await updateState(context, event, (s) => ({
    totalSupply: s.totalSupply + minted - burned,
    minted: s.minted + minted,
    burned: s.burned + burned,
    treasuryHome: s.treasuryHome + treasuryDelta,
    holderCount: s.holderCount + holderDelta,
    transferCount: s.transferCount + 1,
  }));
  if (minted > 0n || burned > 0n) {
    await context.db.insert(supplyEvent).values({
      id: eventId(event),
      blockNumber: event.block.number,
      timestamp,
      delta: minted - burned,
      totalSupply: state.totalSupply,
      account: minted > 0n ? to : from,
    });
  }
});

ponder.on('HomeostatToken:DelegateChanged', async ({ event, context }) => {
  const { delegator, fromDelegate, toDelegate } = event.args;
  const timestamp = Number(event.block.timestamp);
  await context.db.insert(delegation).values({ id: eventId(event), timestamp, delegator, fromDelegate, toDelegate });
  await context.db
    .insert(account)
    .values({ address: delegator, balance: 0n, staked: 0n, votes: 0n, delegate: toDelegate, updatedAt: timestamp })
    .onConflictDoUpdate({ delegate: toDelegate, updatedAt: timestamp });
});

ponder.on('HomeostatToken:DelegateVotesChanged', async ({ event, context }) => {
  const { delegate, previousVotes, newVotes } = event.args;
  const timestamp = Number(event.block.timestamp);
  await context.db
    .insert(account)
    .values({ address: delegate, balance: 0n, staked: 0n, votes: newVotes, delegate: null, updatedAt: timestamp })
    .onConflictDoUpdate({ votes: newVotes, updatedAt: timestamp });
  await updateState(context, event, (s) => ({ delegatedVotes: s.delegatedVotes + newVotes - previousVotes }));
});

ponder.on('HomeostatToken:FeeCharged', async ({ event, context }) => {
  const { from, to, toTreasury, burned } = event.args;
  await context.db.insert(feeCharged).values({
    id: eventId(event),
    timestamp: Number(event.block.timestamp),
    from,
    to,
    toTreasury,
    burned,
  });
  await updateState(context, event, (s) => ({
    feesToTreasury: s.feesToTreasury + toTreasury,
    feesBurned: s.feesBurned + burned,
  }));
});
