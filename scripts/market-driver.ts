/**
 * Market driver (local chain only): replays a real hourly price path onto the local anvil chain
 * with many actors sending real transactions, and feeds the signal oracle an hourly sentiment
 * index from real labelled posts. A thin executor: every decision is made by the pure, tested
 * functions in lib/market; this file reads chain state, sends what they plan, and logs.
 *
 *   tsx scripts/market-driver.ts      (npm start runs it with RPC_URL and DEPLOYMENTS_FILE)
 *
 * Configuration: lib/market/config.ts (MARKET_SCENARIO, MARKET_START, MARKET_SPEED, MARKET_SEED,
 * MARKET_HOURS, ...). Output: one JSON line per simulated hour on stdout; problems as JSON
 * lines with "level":"error"; a bad data file or setting stops it at start with one line.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  type Abi,
  type Address,
  type ContractFunctionArgs,
  type ContractFunctionName,
  createTestClient,
  encodeFunctionData,
  type Hex,
  http,
  maxUint256,
  type PublicClient,
  publicActions,
  walletActions,
  zeroAddress,
} from 'viem';
import { withHistory } from '../lib/chain/archive';
import { proposalStates } from '../lib/chain/governance';
import {
  homeostatGovernorAbi,
  homeostatTokenAbi,
  signalOracleAbi,
  stakingAbi,
  testStableAbi,
  uniswapV2PairAbi,
  uniswapV2Router02Abi,
} from '../lib/contracts/abis';
import { readDeployment } from '../lib/contracts/deployments-node';
import { readPriceCsv, readTextFile } from '../lib/data/node';
import { HomeostatError } from '../lib/errors';
import { readControllerState } from '../lib/governance/chain';
import { decodeProposal } from '../lib/governance/decode';
import {
  type AccountState,
  type Action,
  type MarketState,
  planHour,
  planInitialLiquidity,
  type Role,
  type Roles,
} from '../lib/market/actors';
import { type Pool, planArbitrage, poolPrice } from '../lib/market/arbitrage';
import { parseMarketConfig } from '../lib/market/config';
import { chainPolicyFrom, EconomyPlanner, economySeed, startEconomy } from '../lib/market/economy-plan';
import {
  type Ballot,
  type ChangeView,
  changesFromDecoded,
  decideBallot,
  emptyTally,
  markToMarketPnl,
  SUPPORT_VALUE,
  type VoterView,
  type VoteTally,
} from '../lib/market/electorate';
import { createRng, type Rng } from '../lib/market/prng';
import { createReplay, findStartIndex } from '../lib/market/replay';
import { allActors, anvilRoles } from '../lib/market/roles';
import { behaviourOf } from '../lib/market/scenarios';
import { buildPostLogRecord, parseSentimentCorpus, pickPosts } from '../lib/market/sentiment-feed';

const HOUR = 3600;
/** Deadline far in the future: simulated time runs ahead of any wall-clock deadline. */
const NO_DEADLINE = 2n ** 255n;
const MIN_ETH = 10n ** 19n;

function log(record: Record<string, unknown>) {
  process.stdout.write(`${JSON.stringify(record, (_, v) => (typeof v === 'bigint' ? v.toString() : v))}\n`);
}

type Call = { to: Address; data: Hex };

/** A typed contract call, encoded (the ABI checks the function name and arguments). */
function call<const abi extends Abi, name extends ContractFunctionName<abi, 'nonpayable' | 'payable'>>(
  to: Address,
  abi: abi,
  functionName: name,
  args: ContractFunctionArgs<abi, 'nonpayable' | 'payable', name>,
): Call {
  return { to, data: encodeFunctionData({ abi, functionName, args } as never) };
}

/** The market factor's close as the oracle's 18-decimal fixed point (1e-6 precision), or null if not a price. */
function marketPriceWei(close: number): bigint | null {
  if (!Number.isFinite(close) || close <= 0 || close > 1e10) return null;
  const micro = BigInt(Math.round(close * 1e6));
  return micro > 0n ? micro * 10n ** 12n : null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Retries a chain call on transport errors with exponential backoff (0.25 s … 8 s, 6 tries). */
async function withRetry<T>(what: string, f: () => Promise<T>, tries = 6): Promise<T> {
  let delay = 250;
  for (let attempt = 1; ; attempt++) {
    try {
      return await f();
    } catch (e) {
      if (attempt >= tries || !isTransportError(e)) throw e;
      log({ level: 'warn', event: 'rpc-retry', what, attempt, delayMs: delay, error: shortError(e) });
      await sleep(delay);
      delay = Math.min(8000, delay * 2);
    }
  }
}

function isTransportError(e: unknown): boolean {
  const name = (e as { name?: string })?.name ?? '';
  const text = `${name} ${(e as Error)?.message ?? ''}`;
  return /HttpRequestError|TimeoutError|fetch failed|ECONNREFUSED|ECONNRESET|socket hang up|SocketClosed/i.test(text);
}

function shortError(e: unknown): string {
  const m = (e as { shortMessage?: string })?.shortMessage ?? (e as Error)?.message ?? String(e);
  return m.split('\n')[0] ?? m;
}

/** Puts the chain back in automine mode; set once the driver has turned automine off. */
let restoreChain: (() => Promise<void>) | undefined;

async function main() {
  const config = parseMarketConfig();
  // Data first: a malformed file stops the driver before it touches the chain.
  const prices = readPriceCsv(config.priceFile);
  const corpus = parseSentimentCorpus(readTextFile(config.sentimentFile), config.sentimentFile);
  const startIndex = findStartIndex(prices, config.start);
  const behaviour = behaviourOf(config.scenario);

  const client = createTestClient({
    mode: 'anvil',
    transport: http(config.rpcUrl, { batch: { batchSize: 200, wait: 0 }, retryCount: 3, retryDelay: 250 }),
  })
    .extend(publicActions)
    .extend(walletActions);

  // Transactions sent but not yet mined (see send() and mineBlock()).
  let pendingTxs: { hash: Hex; what: string; actor: Address }[] = [];

  const clientVersion = await withRetry('web3_clientVersion', () =>
    client.request({ method: 'web3_clientVersion' as never }),
  ).catch((e) => {
    throw new HomeostatError(`RPC_URL ${config.rpcUrl} does not answer (${shortError(e)})`);
  });
  if (!/anvil/i.test(String(clientVersion))) {
    throw new HomeostatError(
      `RPC_URL ${config.rpcUrl} is not anvil (${clientVersion}): the market driver is local-only`,
    );
  }
  const chainId = await withRetry('getChainId', () => client.getChainId());
  const deployment = readDeployment(path.resolve(config.deploymentsFile), chainId);
  const c = deployment.contracts;
  const roles = anvilRoles();
  const actors = allActors(roles);

  restoreChain = async () => {
    await client.setAutomine(true).catch(() => undefined);
  };
  const reporter = await withRetry('reporter', () =>
    client.readContract({ address: c.SignalOracle, abi: signalOracleAbi, functionName: 'reporter' }),
  );

  /**
   * Chain-side setup (idempotent): automine off (from here on transactions wait in the mempool and
   * each mineBlock() call makes one block: ~150 approvals become one block, not 150; automine is
   * restored on exit), actors and the reporter impersonated, gas, approvals of router and staking.
   * Runs at start and again whenever the node restarted under the driver: a restarted anvil (from
   * its state file) comes back with automine on and no impersonated accounts.
   */
  async function prepareChain() {
    await withRetry('setAutomine', () => client.setAutomine(false));
    for (const a of [...actors, reporter]) {
      await withRetry('impersonate', () => client.impersonateAccount({ address: a }));
      const eth = await withRetry('getBalance', () => client.getBalance({ address: a }));
      if (eth < MIN_ETH) await withRetry('setBalance', () => client.setBalance({ address: a, value: 10n ** 22n }));
    }
    const approvals: [token: Address, spender: Address][] = [
      [c.HomeostatToken, c.UniswapV2Router02],
      [c.HomeostatToken, c.Staking],
      [c.StableToken, c.UniswapV2Router02],
      [c.UniswapV2Pair, c.UniswapV2Router02],
    ];
    for (const a of actors) {
      for (const [token, spender] of approvals) {
        const allowance = await withRetry('allowance', () =>
          client.readContract({
            address: token,
            abi: homeostatTokenAbi,
            functionName: 'allowance',
            args: [a, spender],
          }),
        );
        if (allowance < maxUint256 / 2n) {
          await send(a, call(token, homeostatTokenAbi, 'approve', [spender, maxUint256]), 'approve');
        }
      }
    }
    await delegateActors();
  }

  /**
   * Every holder votes with its own tokens, so each actor delegates to itself: the deploy script
   * did it for #4..#19; traders who start without HOME and buy later need it too (ERC20Votes
   * counts tokens received after delegating). Idempotent.
   */
  async function delegateActors() {
    for (const a of actors) {
      const delegate = await withRetry('delegates', () =>
        client.readContract({
          address: c.HomeostatToken,
          abi: homeostatTokenAbi,
          functionName: 'delegates',
          args: [a],
        }),
      );
      if (delegate === zeroAddress)
        await send(a, call(c.HomeostatToken, homeostatTokenAbi, 'delegate', [a]), 'delegate');
    }
  }

  /** True (and the chain prepared again) when the node restarted since the last check. */
  async function recoverFromRestart(): Promise<boolean> {
    if (!(await withRetry('getAutomine', () => client.getAutomine()))) return false;
    // Whatever was in the old node's mempool is gone with it.
    const lost = pendingTxs.length;
    pendingTxs = [];
    log({ level: 'warn', event: 'chain-restarted', lostPendingTxs: lost });
    electorate.reset();
    await prepareChain();
    await mineBlock();
    return true;
  }

  await prepareChain();

  const [token0, tokenDecimals, stableDecimals] = await withRetry('pool metadata', () =>
    Promise.all([
      client.readContract({ address: c.UniswapV2Pair, abi: uniswapV2PairAbi, functionName: 'token0' }),
      client.readContract({ address: c.HomeostatToken, abi: homeostatTokenAbi, functionName: 'decimals' }),
      client.readContract({ address: c.StableToken, abi: testStableAbi, functionName: 'decimals' }),
    ]),
  );
  const tokenIs0 = token0.toLowerCase() === c.HomeostatToken.toLowerCase();

  async function readPool(): Promise<{ pool: Pool; lpSupply: bigint }> {
    const [[r0, r1], lpSupply] = await withRetry('getReserves', () =>
      Promise.all([
        client.readContract({
          address: c.UniswapV2Pair,
          abi: uniswapV2PairAbi,
          functionName: 'getReserves',
          blockTag: 'pending',
        }),
        client.readContract({
          address: c.UniswapV2Pair,
          abi: uniswapV2PairAbi,
          functionName: 'totalSupply',
          blockTag: 'pending',
        }),
      ]),
    );
    return {
      pool: {
        reserveToken: tokenIs0 ? r0 : r1,
        reserveStable: tokenIs0 ? r1 : r0,
        tokenDecimals: Number(tokenDecimals),
        stableDecimals: Number(stableDecimals),
      },
      lpSupply,
    };
  }

  async function readState(): Promise<MarketState> {
    const { pool, lpSupply } = await readPool();
    const [feeBps, pairExempt] = await withRetry('fee', () =>
      Promise.all([
        client.readContract({ address: c.HomeostatToken, abi: homeostatTokenAbi, functionName: 'transferFeeBps' }),
        client.readContract({
          address: c.HomeostatToken,
          abi: homeostatTokenAbi,
          functionName: 'isFeeExempt',
          args: [c.UniswapV2Pair],
        }),
      ]),
    );
    const rows = await withRetry('balances', () =>
      Promise.all(
        actors.map(async (a) => {
          const [token, stable, lp, staked] = await Promise.all([
            client.readContract({
              address: c.HomeostatToken,
              abi: homeostatTokenAbi,
              functionName: 'balanceOf',
              args: [a],
            }),
            client.readContract({ address: c.StableToken, abi: testStableAbi, functionName: 'balanceOf', args: [a] }),
            client.readContract({
              address: c.UniswapV2Pair,
              abi: uniswapV2PairAbi,
              functionName: 'balanceOf',
              args: [a],
            }),
            client.readContract({ address: c.Staking, abi: stakingAbi, functionName: 'stakedOf', args: [a] }),
          ]);
          return [a, { token, stable, lp, staked }] as const;
        }),
      ),
    );
    const accounts: Record<Address, AccountState> = {};
    for (const [a, s] of rows) accounts[a] = s;
    return { pool, lpSupply, accounts, tokenTransferFeeBps: pairExempt ? 0 : Number(feeBps) };
  }

  /**
   * Sends one call from `actor`. Gas is estimated first (a call that would revert is skipped
   * without a transaction) and padded generously (see below): the estimate runs against the pending
   * block, and a new block timestamp can cost more (e.g. a fresh ERC20Votes checkpoint).
   * A revert or a failed send is logged and skipped, never fatal.
   */
  // Transactions of the current simulated hour: sent into anvil's mempool and mined together
  // in one block when the hour closes (automine is off while the driver runs), so an hour is
  // one block, as on a real chain with many transactions per block. The indexer then sees
  // one block per simulated hour instead of one per transaction.

  async function send(actor: Address, call: Call, what = 'tx'): Promise<Hex | null> {
    try {
      const estimate = await withRetry(`estimate ${what}`, () =>
        client.estimateGas({ account: actor, to: call.to, data: call.data, blockTag: 'pending' }),
      );
      const hash = await withRetry(what, () =>
        client.sendTransaction({
          account: actor,
          chain: null,
          to: call.to,
          data: call.data,
          // Generous on purpose (local chain, gas is free): estimates run against the pending
          // block, but the hour's block is mined later at a new timestamp, where vote and
          // delegated-supply checkpoints are pushed rather than updated (measured: +50 % and more).
          gas: estimate * 2n + 100_000n,
        }),
      );
      pendingTxs.push({ hash, what, actor });
      return hash;
    } catch (e) {
      log({ level: 'error', event: 'tx-failed', what, actor, error: shortError(e) });
      return null;
    }
  }

  /**
   * The receipt of a transaction sent this hour, or null when the node no longer knows it (it
   * restarted from a state saved before the transaction): waiting longer would never end.
   */
  async function receiptOrLost(hash: Hex) {
    try {
      return await client.waitForTransactionReceipt({ hash, pollingInterval: 50, timeout: 5_000 });
    } catch (e) {
      const known = await withRetry('getTransaction', () => client.getTransaction({ hash })).catch((err: unknown) => {
        if ((err as Error)?.name === 'TransactionNotFoundError') return null;
        throw err;
      });
      if (known === null) return null;
      if (!isTransportError(e) && (e as Error)?.name !== 'WaitForTransactionReceiptTimeoutError') throw e;
      return await withRetry('receipt', () =>
        client.waitForTransactionReceipt({ hash, pollingInterval: 50, timeout: 10_000 }),
      );
    }
  }

  /** Mines the pending transactions (at `timestamp` when given) and returns their outcome. */
  async function mineBlock(timestamp?: number): Promise<{ gasUsed: bigint; reverted: number }> {
    if (timestamp !== undefined) {
      const latest = await withRetry('getBlock', () => client.getBlock());
      if (Number(latest.timestamp) < timestamp) {
        await withRetry('setNextBlockTimestamp', () => client.setNextBlockTimestamp({ timestamp: BigInt(timestamp) }));
      }
    }
    await withRetry('mine', () => client.mine({ blocks: 1 }));
    const txs = pendingTxs;
    pendingTxs = [];
    const receipts = await Promise.all(txs.map((t) => receiptOrLost(t.hash)));
    let gasUsed = 0n;
    let reverted = 0;
    receipts.forEach((r, i) => {
      if (r === null) {
        reverted++;
        log({ level: 'error', event: 'tx-lost', what: txs[i]!.what, actor: txs[i]!.actor, hash: txs[i]!.hash });
        return;
      }
      gasUsed += r.gasUsed;
      if (r.status !== 'success') {
        reverted++;
        log({
          level: 'error',
          event: 'tx-reverted',
          what: txs[i]!.what,
          actor: txs[i]!.actor,
          hash: r.transactionHash,
        });
      }
    });
    return { gasUsed, reverted };
  }

  function execute(action: Action): Promise<Hex | null> {
    const who = action.actor;
    switch (action.kind) {
      case 'faucet':
        return send(who, call(c.StableToken, testStableAbi, 'mint', [who, action.amount]), 'faucet');
      case 'swap': {
        const route: readonly Address[] =
          action.side === 'buy' ? [c.StableToken, c.HomeostatToken] : [c.HomeostatToken, c.StableToken];
        // The token charges a transfer fee on the pair, hence the fee-on-transfer variant both ways.
        return send(
          who,
          call(c.UniswapV2Router02, uniswapV2Router02Abi, 'swapExactTokensForTokensSupportingFeeOnTransferTokens', [
            action.amountIn,
            0n,
            route,
            who,
            NO_DEADLINE,
          ]),
          `swap-${action.reason}`,
        );
      }
      case 'addLiquidity':
        return send(
          who,
          call(c.UniswapV2Router02, uniswapV2Router02Abi, 'addLiquidity', [
            c.HomeostatToken,
            c.StableToken,
            action.token,
            action.stable,
            0n,
            0n,
            who,
            NO_DEADLINE,
          ]),
          'addLiquidity',
        );
      case 'removeLiquidity':
        return send(
          who,
          call(c.UniswapV2Router02, uniswapV2Router02Abi, 'removeLiquidity', [
            c.HomeostatToken,
            c.StableToken,
            action.liquidity,
            0n,
            0n,
            who,
            NO_DEADLINE,
          ]),
          'removeLiquidity',
        );
      case 'transfer':
        return send(who, call(c.HomeostatToken, homeostatTokenAbi, 'transfer', [action.to, action.amount]), 'transfer');
      case 'stake':
        return send(who, call(c.Staking, stakingAbi, 'stake', [action.amount]), 'stake');
      case 'unstake':
        return send(who, call(c.Staking, stakingAbi, 'unstake', [action.amount]), 'unstake');
    }
  }

  /** The policy levers the economy's agents react to, as the chain has them now. */
  async function readPolicy(state: MarketState) {
    const controller = await withRetry('controller state', () =>
      readControllerState(client as unknown as PublicClient, c.PolicyController),
    );
    return chainPolicyFrom(controller, state.tokenTransferFeeBps, {
      token: Number(tokenDecimals),
      stable: Number(stableDecimals),
    });
  }

  /** MARKET_MODEL=economy: the settled agents, mapped onto the pool; trader accounts funded once. */
  async function startEconomyModel() {
    const state = await readState();
    const policy = await readPolicy(state);
    const seed = economySeed(config.seed);
    const poolToken = Number(state.pool.reserveToken) / 10 ** Number(tokenDecimals);
    const poolStable = Number(state.pool.reserveStable) / 10 ** Number(stableDecimals);
    const { economy, scale } = startEconomy({ poolToken, poolStable, policy, seed });
    const planner = new EconomyPlanner(economy, scale, undefined, config.scenario.economy);
    const funding = planner.planInitialFunding(state);
    for (const action of funding) await execute(action);
    await mineBlock();
    log({
      level: 'info',
      event: 'economy-start',
      seed,
      scale,
      poolToken,
      poolStable,
      policy,
      fundingTransfers: funding.length,
    });
    return planner;
  }

  const postsFile = path.resolve(config.postsDir, `${chainId}.jsonl`);
  mkdirSync(path.dirname(postsFile), { recursive: true });

  // LPs open a position once (idempotent: only those without LP tokens), then the replay anchors.
  await mineBlock(); // approvals
  for (const action of planInitialLiquidity(await readState(), roles)) await execute(action);
  await mineBlock(); // initial liquidity
  const initial = await readPool();
  // MARKET_MODEL=economy: lib/sim's agents trade (lib/market/economy-plan.ts), nothing arbitrages.
  const economy = config.model === 'economy' ? await startEconomyModel() : undefined;
  const anchor = poolPrice(initial.pool);
  const replay = createReplay(prices, startIndex, anchor);
  const rng = createRng(config.seed);
  const t0 = Number((await withRetry('getBlock', () => client.getBlock())).timestamp);
  const arbitrageur = roles.arbitrageur[0] as Address;
  const electorate = createElectorate({
    // The anvil test client carries the public actions; viem types it apart from PublicClient.
    client: client as unknown as PublicClient,
    history: withHistory(client as unknown as PublicClient, {
      keepBlocks: config.historyBlocks,
      indexerUrl: config.indexerUrl,
    }),
    governor: c.HomeostatGovernor,
    token: c.HomeostatToken,
    controller: c.PolicyController,
    fromBlock: BigInt(deployment.startBlock),
    roles,
    rng: rng.fork('electorate'),
    tokenDecimals: Number(tokenDecimals),
    stableDecimals: Number(stableDecimals),
    send,
  });
  log({
    level: 'info',
    event: 'start',
    scenario: config.scenario.name,
    replayStart: new Date((prices.timestamp[startIndex] as number) * 1000).toISOString(),
    speed: config.speed,
    seed: config.seed,
    anchorPrice: anchor,
    chainId,
    postsFile,
    actors: actors.length,
  });

  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => (stopping = true));
  // Setup transactions are mined; from here each simulated hour is one block.
  await mineBlock();

  const targets: number[] = [];
  for (let hour = 0; !stopping && (config.hours === undefined || hour < config.hours); hour++) {
    const tickStart = Date.now();
    try {
      await runHour(hour);
    } catch (e) {
      // A whole hour failed (e.g. the RPC went away past all retries): say so, wait, go on.
      log({ level: 'error', event: 'hour-failed', hour, error: shortError(e) });
      await sleep(2000);
    }
    const wait = tickStart + 1000 / config.speed - Date.now();
    if (wait > 0 && !stopping) await sleep(wait);
  }
  // Leave the chain as we found it: pending transactions mined, automine back on.
  await mineBlock().catch(() => undefined);
  await client.setAutomine(true).catch(() => undefined);
  log({ level: 'info', event: 'stop' });

  async function runHour(hour: number) {
    const hourStartedAt = Date.now();
    await recoverFromRestart();
    const point = replay.at(hour);
    targets[hour] = point.target;
    const dayAgo = replay.at(Math.max(0, hour - 24)).target;
    const recentReturn = Math.log(point.target / dayAgo);
    const hourRng = rng.fork(`hour:${hour}`);
    const state = await readState();
    const priceBefore = poolPrice(state.pool);

    const plan = economy?.planHour(state, await readPolicy(state), point.target);
    const actions = plan
      ? plan.actions
      : planHour({ rng: hourRng.fork('actors'), state, roles, behaviour, recentReturn });
    let gasUsed = 0n;
    let failed = 0;
    const counts: Record<string, number> = {};
    for (const action of actions) {
      if (stopping) return;
      const hash = await execute(action);
      const key = action.kind === 'swap' ? `swap-${action.reason}` : action.kind;
      counts[key] = (counts[key] ?? 0) + 1;
      if (!hash) failed++;
    }

    // Arbitrage last: closes the gap between the pool and the replayed price.
    const afterActors = await readPool();
    const arb = economy
      ? null
      : planArbitrage(afterActors.pool, point.target, {
          deadband: behaviour.arbDeadband,
          tokenTransferFeeBps: state.tokenTransferFeeBps,
        });
    let arbitrage: Record<string, unknown> | null = null;
    if (arb) {
      const balances = await withRetry('arb balances', () =>
        Promise.all([
          client.readContract({
            address: c.HomeostatToken,
            abi: homeostatTokenAbi,
            functionName: 'balanceOf',
            args: [arbitrageur],
            blockTag: 'pending',
          }),
          client.readContract({
            address: c.StableToken,
            abi: testStableAbi,
            functionName: 'balanceOf',
            args: [arbitrageur],
            blockTag: 'pending',
          }),
        ]),
      );
      let amountIn = arb.amountIn;
      let capped = false;
      if (arb.side === 'buy' && balances[1] < amountIn) {
        const topUp = amountIn - balances[1] + 10n ** BigInt(afterActors.pool.stableDecimals + 6);
        await execute({ kind: 'faucet', actor: arbitrageur, amount: topUp });
      }
      if (arb.side === 'sell' && balances[0] < amountIn) {
        // The arbitrage desk is out of tokens: sell what it has; the gap closes partly this hour.
        amountIn = balances[0];
        capped = true;
      }
      if (amountIn > 0n) {
        if (!(await execute({ kind: 'swap', actor: arbitrageur, side: arb.side, amountIn, reason: 'arbitrage' })))
          failed++;
        counts['swap-arbitrage'] = (counts['swap-arbitrage'] ?? 0) + 1;
      }
      arbitrage = { side: arb.side, amountIn, capped };
    }
    // Sentiment: the hour's posts, stored off-chain, index + content hash on-chain, observed at
    // the hour's close (the timestamp of the block mined next).
    const hourEnd = t0 + (hour + 1) * HOUR;
    const observedAt = hourEnd;
    const posts = pickPosts(hourRng.fork('posts'), corpus, { recentReturn, hourReturn: point.sourceReturn });
    const round =
      Number(
        await withRetry('latestRound', () =>
          client.readContract({ address: c.SignalOracle, abi: signalOracleAbi, functionName: 'latestRound' }),
        ),
      ) + 1;
    const record = buildPostLogRecord(round, observedAt, posts);
    // The pending block (which gas estimates run against) must already carry the hour's close.
    await withRetry('setNextBlockTimestamp', () => client.setNextBlockTimestamp({ timestamp: BigInt(hourEnd) }));
    // Holders vote in the hour's block (votes are part of the hour, like trades).
    const votes = await electorate.hour(hourEnd, state, priceBefore, recentReturn).catch((e: unknown) => {
      log({ level: 'error', event: 'votes-failed', hour, error: shortError(e) });
      return null;
    });
    const volume = BigInt(Math.round(point.sourceVolume * 1e-3 * 1e6)) * 10n ** 12n; // 1/1000 of the USD volume, 18 dec
    const posted = await send(
      reporter,
      call(c.SignalOracle, signalOracleAbi, 'postSignal', [
        BigInt(round),
        observedAt,
        record.sentimentBps,
        0,
        volume,
        record.contentHash,
      ]),
      'postSignal',
    );
    // The market factor's price (the replayed path's close of the hour, USD, 18 decimals) on the
    // oracle's price feed: the agent reads the same market price the simulator's policies get.
    const marketPrice = marketPriceWei(point.sourceClose);
    const priceRound =
      Number(
        await withRetry('latestMarketPriceRound', () =>
          client.readContract({
            address: c.SignalOracle,
            abi: signalOracleAbi,
            functionName: 'latestMarketPriceRound',
          }),
        ),
      ) + 1;
    const pricePosted =
      marketPrice !== null &&
      (await send(
        reporter,
        call(c.SignalOracle, signalOracleAbi, 'postMarketPrice', [BigInt(priceRound), observedAt, marketPrice]),
        'postMarketPrice',
      )) !== null;

    // Close the simulated hour on-chain: one block at hourEnd with the hour's trades, the
    // arbitrage and the hour's oracle signal (plus anything the agent or users sent meanwhile).
    const mined = await mineBlock(hourEnd);
    gasUsed += mined.gasUsed;
    failed += mined.reverted;
    const after = await readPool();
    const price = poolPrice(after.pool);
    if (posted) {
      appendFileSync(postsFile, `${JSON.stringify(record)}\n`);
    } else {
      failed++;
    }
    if (!pricePosted) failed++;

    log({
      level: 'info',
      event: 'hour',
      hour,
      replayTime: new Date(point.sourceTimestamp * 1000).toISOString(),
      sourceClose: point.sourceClose,
      target: point.target,
      poolPriceBefore: priceBefore,
      poolPrice: price,
      deviation: price / point.target - 1,
      reserves: { token: after.pool.reserveToken, stable: after.pool.reserveStable },
      trades: counts,
      ...(plan && { economy: plan.summary }),
      arbitrage,
      votes: votes && {
        ...votes.cast,
        powerHome: votes.power,
        openProposals: votes.open,
        votedOn: votes.votedOn,
      },
      failed,
      gasUsed,
      sentiment: posted
        ? { round, bps: record.sentimentBps, posts: record.count, contentHash: record.contentHash }
        : null,
      marketPrice: pricePosted ? { round: priceRound, usd: point.sourceClose } : null,
      chainTime: observedAt,
      tickMs: Date.now() - hourStartedAt,
    });
  }
}

// ------------------------------------------------------------------ electorate (votes)

/**
 * The holders' votes (issue 12): each simulated hour, the open proposals on the governor get the
 * ballots of the market's own accounts, decided by lib/market/electorate from the proposal's
 * decoded changes and each holder's role, holdings and recent P&L, and cast with
 * castVoteWithReason from the holder's account at the ballot's time within the voting period
 * (a fraction of it, so votes arrive spread over the period at any MARKET_SPEED). Kept apart
 * from the trading code so it survives when the actors come from the simulator's economy.
 *
 * Restart-safe: who has voted is read from the governor (hasVoted), never kept only here, and
 * ballots depend only on (seed, proposal, voter) and the state when the proposal opened.
 */
type ElectorateDeps = {
  client: PublicClient;
  /** Reads ProposalCreated from the deploy block: older than the node keeps, from the indexer. */
  history: PublicClient;
  governor: Address;
  token: Address;
  controller: Address;
  fromBlock: bigint;
  roles: Roles;
  rng: Rng;
  tokenDecimals: number;
  stableDecimals: number;
  send: (actor: Address, call: Call, what: string) => Promise<Hex | null>;
};

type OpenProposal = {
  id: bigint;
  voteStart: number;
  voteEnd: number;
  calldatas: readonly Hex[];
  /** Decided when voting opens: one scheduled ballot per holder who votes, with its power (HOME). */
  ballots?: Map<Address, Extract<Ballot, { at: number }> & { power: number }>;
  changes?: ChangeView[];
  cast: Set<Address>;
};

export type ElectorateHour = {
  /** Votes cast this hour, by support, and the voting power behind them (HOME). */
  cast: VoteTally;
  power: VoteTally;
  /** Open proposals (Pending or Active) and the ones voted on this hour. */
  open: number;
  votedOn: string[];
};

/** A snapshot of each holder's position this hour (for P&L 24 h later) and the pool price. */
type Mark = { price: number; wealth: Map<Address, number> };

function createElectorate(d: ElectorateDeps) {
  const roleOf = new Map<Address, Role>();
  for (const [role, list] of Object.entries(d.roles) as [Role, readonly Address[]][]) {
    for (const a of list) if (!roleOf.has(a)) roleOf.set(a, role);
  }
  const voters = [...roleOf.keys()];
  const proposals = new Map<bigint, OpenProposal>();
  const done = new Set<bigint>();
  let nextBlock = d.fromBlock;
  const marks: Mark[] = [];
  const toHome = (x: bigint) => Number(x) / 10 ** d.tokenDecimals;
  const toStable = (x: bigint) => Number(x) / 10 ** d.stableDecimals;

  function position(s: AccountState, state: MarketState) {
    const share = state.lpSupply > 0n ? Number((s.lp * 1_000_000n) / state.lpSupply) / 1_000_000 : 0;
    const homeHeld = toHome(s.token + s.staked) + share * toHome(state.pool.reserveToken);
    const stable = toStable(s.stable) + share * toStable(state.pool.reserveStable);
    return { homeHeld, stable };
  }

  /** Records this hour's prices and wealth (the P&L of a ballot looks back 24 marks). */
  function observe(state: MarketState, price: number) {
    const wealth = new Map<Address, number>();
    for (const a of voters) {
      const s = state.accounts[a];
      if (!s) continue;
      const p = position(s, state);
      wealth.set(a, p.homeHeld * price + p.stable);
    }
    marks.push({ price, wealth });
    if (marks.length > 25) marks.shift();
  }

  function voterView(a: Address, votes: bigint, state: MarketState, price: number): VoterView {
    const s = state.accounts[a] ?? { token: 0n, stable: 0n, lp: 0n, staked: 0n };
    const p = position(s, state);
    const then = marks[0];
    return {
      role: roleOf.get(a) ?? 'noise',
      votes: toHome(votes),
      homeHeld: p.homeHeld,
      staked: toHome(s.staked),
      homeValue: p.homeHeld * price,
      wealth: p.homeHeld * price + p.stable,
      pnl24h: then ? markToMarketPnl(p.homeHeld, then.price, price, then.wealth.get(a) ?? 0) : 0,
    };
  }

  async function discover() {
    const latest = await withRetry('getBlockNumber', () => d.client.getBlockNumber());
    if (latest < nextBlock) return;
    const logs = await withRetry('ProposalCreated', () =>
      d.history.getContractEvents({
        address: d.governor,
        abi: homeostatGovernorAbi,
        eventName: 'ProposalCreated',
        fromBlock: nextBlock,
        toBlock: latest,
      }),
    );
    for (const l of logs) {
      const id = l.args.proposalId as bigint;
      if (proposals.has(id) || done.has(id)) continue;
      proposals.set(id, {
        id,
        voteStart: Number(l.args.voteStart),
        voteEnd: Number(l.args.voteEnd),
        calldatas: (l.args.calldatas ?? []) as readonly Hex[],
        cast: new Set(),
      });
    }
    nextBlock = latest + 1n;
  }

  /** Decides every holder's ballot once voting has opened (snapshot in the past). */
  async function open(p: OpenProposal, state: MarketState, price: number, recentReturn: number) {
    const controller = await withRetry('controller state', () => readControllerState(d.client, d.controller));
    p.changes = changesFromDecoded(decodeProposal(p.calldatas, controller), controller);
    const powers = await withRetry('getPastVotes', () =>
      Promise.all(
        voters.map((a) =>
          d.client.readContract({
            address: d.token,
            abi: homeostatTokenAbi,
            functionName: 'getPastVotes',
            args: [a, BigInt(p.voteStart)],
          }),
        ),
      ),
    );
    p.ballots = new Map();
    voters.forEach((a, i) => {
      const b = decideBallot(
        p.changes ?? [],
        voterView(a, powers[i] ?? 0n, state, price),
        { recentReturn },
        d.rng.fork(`vote:${p.id}:${a}`),
      );
      if (b.support !== 'none') p.ballots?.set(a, { ...b, power: toHome(powers[i] ?? 0n) });
    });
  }

  /**
   * The hour's votes, sent into the mempool (the caller mines them in the hour's block at
   * `hourEnd`, which must already be the pending block's timestamp).
   */
  async function hour(hourEnd: number, state: MarketState, price: number, recentReturn: number) {
    const out: ElectorateHour = { cast: emptyTally(), power: emptyTally(), open: 0, votedOn: [] };
    observe(state, price);
    await discover();
    const latest = Number((await withRetry('getBlock', () => d.client.getBlock())).timestamp);
    for (const p of proposals.values()) {
      const state_ =
        proposalStates[
          Number(
            await withRetry('state', () =>
              d.client.readContract({
                address: d.governor,
                abi: homeostatGovernorAbi,
                functionName: 'state',
                args: [p.id],
              }),
            ),
          )
        ];
      if (state_ !== 'Pending' && state_ !== 'Active') {
        proposals.delete(p.id);
        done.add(p.id);
        continue;
      }
      out.open++;
      // Votes land in the block at hourEnd: it must be inside (voteStart, voteEnd], and the
      // snapshot must be in a mined block for getPastVotes.
      if (!(p.voteStart < hourEnd && hourEnd <= p.voteEnd && p.voteStart < latest)) continue;
      if (!p.ballots) await open(p, state, price, recentReturn);
      const elapsed = (hourEnd - p.voteStart) / (p.voteEnd - p.voteStart);
      // The last block inside the period: everyone still scheduled votes now.
      const last = hourEnd + HOUR > p.voteEnd;
      const due = [...(p.ballots?.entries() ?? [])].filter(([a, b]) => !p.cast.has(a) && (last || b.at <= elapsed));
      if (due.length === 0) continue;
      // Someone may have voted from this account already (a person using a dev key, a restart).
      const voted = await withRetry('hasVoted', () =>
        Promise.all(
          due.map(([a]) =>
            d.client.readContract({
              address: d.governor,
              abi: homeostatGovernorAbi,
              functionName: 'hasVoted',
              args: [p.id, a],
            }),
          ),
        ),
      );
      let any = false;
      for (const [i, [a, b]] of due.entries()) {
        p.cast.add(a);
        if (voted[i]) continue;
        const hash = await d.send(
          a,
          call(d.governor, homeostatGovernorAbi, 'castVoteWithReason', [p.id, SUPPORT_VALUE[b.support], b.reason]),
          `vote-${b.support}`,
        );
        if (!hash) continue;
        any = true;
        out.cast[b.support]++;
        out.power[b.support] += b.power;
      }
      if (any) out.votedOn.push(p.id.toString());
    }
    return out;
  }

  return {
    hour,
    /** After a chain restart: what was learned from the lost chain may be gone with it. */
    reset() {
      proposals.clear();
      done.clear();
      nextBlock = d.fromBlock;
    },
  };
}

main().catch(async (e: unknown) => {
  // One line, naming the file/line or the variable: DataError and ConfigError messages already do.
  const message = e instanceof HomeostatError ? e.message.replace(/\s*\n\s*/g, ' ') : String((e as Error)?.stack ?? e);
  console.error(`market-driver: ${message}`);
  await restoreChain?.();
  process.exit(1);
});
