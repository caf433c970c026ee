/** Uniswap V2 HOME/stable pair: reserves, swaps, liquidity, hourly candles. */
import { ponder } from 'ponder:registry';
import { candle, liquidityEvent, reserve, swap } from 'ponder:schema';
import { eventId, hourOf, orient, priceFromReserves } from '../math';
import { getPoolInfo, updateState } from '../state';

ponder.on('UniswapV2Pair:Sync', async ({ event, context }) => {
  const info = await getPoolInfo(context);
  const { home: reserveHome, stable: reserveStable } = orient(
    info.homeIsToken0,
    event.args.reserve0,
    event.args.reserve1,
  );
  const price = priceFromReserves(reserveHome, reserveStable, info.homeDecimals, info.stableDecimals);
  const timestamp = Number(event.block.timestamp);
  const state = await updateState(context, event, () => ({
    reserveHome,
    reserveStable,
    price: price ?? null,
  }));
  if (price === undefined) return;
  await context.db.insert(reserve).values({
    id: eventId(event),
    blockNumber: event.block.number,
    logIndex: event.log.logIndex,
    timestamp,
    reserveHome,
    reserveStable,
    price,
  });
  await context.db
    .insert(candle)
    .values({
      hour: hourOf(timestamp),
      // Candles join up: the first candle of an hour opens where the last one closed.
      open: state.price ?? price,
      high: Math.max(state.price ?? price, price),
      low: Math.min(state.price ?? price, price),
      close: price,
      volumeHome: 0n,
      volumeStable: 0n,
      swapCount: 0,
      reserveHome,
      reserveStable,
    })
    .onConflictDoUpdate((row) => ({
      high: Math.max(row.high, price),
      low: Math.min(row.low, price),
      close: price,
      reserveHome,
      reserveStable,
    }));
});

ponder.on('UniswapV2Pair:Swap', async ({ event, context }) => {
  const info = await getPoolInfo(context);
  const { amount0In, amount1In, amount0Out, amount1Out } = event.args;
  const inAmt = orient(info.homeIsToken0, amount0In, amount1In);
  const outAmt = orient(info.homeIsToken0, amount0Out, amount1Out);
  const volumeHome = inAmt.home + outAmt.home;
  const volumeStable = inAmt.stable + outAmt.stable;
  const timestamp = Number(event.block.timestamp);
  // V2 emits Sync before Swap, so the state already holds the post-swap price.
  const state = await updateState(context, event, (s) => ({
    volumeHome: s.volumeHome + volumeHome,
    volumeStable: s.volumeStable + volumeStable,
  }));
  const price = state.price ?? 0;
  await context.db.insert(swap).values({
    id: eventId(event),
    blockNumber: event.block.number,
    logIndex: event.log.logIndex,
    timestamp,
    txHash: event.transaction.hash,
    sender: event.args.sender,
    recipient: event.args.to,
    side: outAmt.home > 0n ? 'buy' : 'sell',
    homeIn: inAmt.home,
    homeOut: outAmt.home,
    stableIn: inAmt.stable,
    stableOut: outAmt.stable,
    price,
  });
  await context.db
    .insert(candle)
    .values({
      hour: hourOf(timestamp),
      open: price,
      high: price,
      low: price,
      close: price,
      volumeHome,
      volumeStable,
      swapCount: 1,
      reserveHome: state.reserveHome,
      reserveStable: state.reserveStable,
    })
    .onConflictDoUpdate((row) => ({
      volumeHome: row.volumeHome + volumeHome,
      volumeStable: row.volumeStable + volumeStable,
      swapCount: row.swapCount + 1,
    }));
});

ponder.on('UniswapV2Pair:Mint', async ({ event, context }) => {
  const info = await getPoolInfo(context);
  const a = orient(info.homeIsToken0, event.args.amount0, event.args.amount1);
  await context.db.insert(liquidityEvent).values({
    id: eventId(event),
    blockNumber: event.block.number,
    timestamp: Number(event.block.timestamp),
    kind: 'add',
    sender: event.args.sender,
    homeAmount: a.home,
    stableAmount: a.stable,
  });
});

ponder.on('UniswapV2Pair:Burn', async ({ event, context }) => {
  const info = await getPoolInfo(context);
  const a = orient(info.homeIsToken0, event.args.amount0, event.args.amount1);
  await context.db.insert(liquidityEvent).values({
    id: eventId(event),
    blockNumber: event.block.number,
    timestamp: Number(event.block.timestamp),
    kind: 'remove',
    sender: event.args.sender,
    homeAmount: a.home,
    stableAmount: a.stable,
  });
});
