/**
 * The agent's only door to the chain (viem). An interface so the loop can be unit-tested with a
 * fake; the real implementation batches reads into one HTTP request per step and estimates gas
 * with headroom for every write (ERC20Votes checkpoints, see lib/chain/gas.ts).
 */
import {
  type Address,
  BaseError,
  BlockNotFoundError,
  ContractFunctionRevertedError,
  type Hex,
  keccak256,
  type LocalAccount,
  type PublicClient,
  parseAbi,
  parseEventLogs,
  stringToBytes,
  type WalletClient,
} from 'viem';
import type { PoolPoint, SwapPoint } from '../lib/agent/history';
import {
  type ForecastCommitmentPayload,
  fromRawRecord,
  kindIndex,
  type OnChainVerification,
  type RawVerificationRecord,
  type VerificationKind,
  type VerificationPayload,
} from '../lib/agent/onchain-verification';
import type { LifecycleState } from '../lib/agent/records';
import type { ChainSnapshot, RawGuardrail } from '../lib/agent/snapshot';
import { gasWithHeadroom } from '../lib/chain/gas';
import { proposalStates } from '../lib/chain/governance';
import {
  homeostatGovernorAbi,
  homeostatTokenAbi,
  policyControllerAbi,
  signalOracleAbi,
  stakingAbi,
  testStableAbi,
  timelockControllerAbi,
  uniswapV2PairAbi,
  verificationLogAbi,
} from '../lib/contracts/abis';
import type { Deployment } from '../lib/contracts/deployments';

/** Read on its own (governors deployed before the rule lack it; see rejectionCooldown()). */
const rejectionCooldownAbi = parseAbi(['function rejectionCooldown() view returns (uint256)']);

export type ProposalCall = { targets: Address[]; values: bigint[]; calldatas: Hex[]; description: string };
export type DecisionMetadata = {
  decisionId: Hex;
  modelHash: Hex;
  inputHash: Hex;
  justificationHash: Hex;
  justificationURI: string;
};
export type ProposedEvent = {
  proposalId: bigint;
  decisionId: Hex;
  lane: 'optimistic' | 'full';
  txHash: Hex;
  blockNumber: bigint;
};

export type WriteResult =
  | { ok: true; txHash: Hex; blockNumber: bigint }
  | { ok: false; errorName: string; message: string };

export interface ChainBoundary {
  /**
   * The chain head. `rolledBack` is true when the chain went back since the previous call (the
   * head is lower, or the block seen last has another hash now): a local node restarted from an
   * older saved state, or a reorg. The incremental event caches are rebuilt from the start then.
   */
  head(): Promise<{ blockNumber: bigint; timestamp: number; rolledBack?: boolean }>;
  snapshot(): Promise<ChainSnapshot>;
  /** Pool observations (Sync) and swap volumes since the last call (incremental, cached). */
  poolEvents(): Promise<{ points: PoolPoint[]; swaps: SwapPoint[] }>;
  /** Every DecisionProposed event so far (incremental, cached). */
  decisionEvents(): Promise<ProposedEvent[]>;
  proposalState(id: bigint): Promise<LifecycleState>;
  /** False when the governor has no such proposal (e.g. its block was lost with a chain rollback). */
  proposalExists(id: bigint): Promise<boolean>;
  proposalEta(id: bigint): Promise<number>;
  /**
   * Seconds after a rejected proposal's deadline during which the governor refuses the same action
   * set (HomeostatGovernor.rejectionCooldown); null when this governor has no such rule.
   */
  rejectionCooldown(): Promise<number | null>;
  /** Simulates, then sends; returns the tx hash right after sending (onSent) and the event after the receipt. */
  propose(
    call: ProposalCall,
    meta: DecisionMetadata,
    onSent: (hash: Hex) => void,
  ): Promise<(WriteResult & { ok: false }) | { ok: true; event: ProposedEvent }>;
  receiptStatus(hash: Hex): Promise<'success' | 'reverted' | 'missing'>;
  queue(call: ProposalCall): Promise<WriteResult>;
  execute(call: ProposalCall): Promise<WriteResult>;
  /** Timestamp of block `n` on this chain; null when there is no such block (yet). */
  blockTimestamp(n: bigint): Promise<number | null>;
  /** Address of the VerificationLog, undefined when the deployment has none (records then stay local). */
  readonly verificationLog: Address | undefined;
  /** Number of records in the VerificationLog (0 without one). */
  verificationCount(): Promise<number>;
  /** The on-chain record of (decision, kind), or null when there is none. */
  readVerification(decisionId: Hex, kind: VerificationKind): Promise<OnChainVerification | null>;
  /** The transaction that posted (decision, kind), from its VerificationRecorded event. */
  verificationTx(decisionId: Hex, kind: VerificationKind): Promise<{ txHash: Hex; blockNumber: bigint } | null>;
  /** Simulates, then posts recordForecast / recordEffect and waits for the receipt. */
  recordVerification(p: VerificationPayload): Promise<WriteResult>;
  /** Whether the decision's forecast is committed in the VerificationLog (false without one). */
  forecastCommitted(decisionId: Hex): Promise<boolean>;
  /** Simulates, then posts commitForecast and waits for the receipt. */
  commitForecast(c: ForecastCommitmentPayload): Promise<WriteResult>;
}

/** Errors the governor can surface, including those bubbling from the timelock and controller. */
const errorsAbi = [
  ...homeostatGovernorAbi,
  ...policyControllerAbi.filter((x) => x.type === 'error'),
  ...timelockControllerAbi.filter((x) => x.type === 'error'),
] as const;

/** The custom error's name (e.g. PolicyController_StaleValue), or viem's short message. */
export function decodeRevert(e: unknown): { errorName: string; message: string } {
  if (e instanceof BaseError) {
    const reverted = e.walk((x) => x instanceof ContractFunctionRevertedError);
    if (reverted instanceof ContractFunctionRevertedError) {
      const name = reverted.data?.errorName ?? reverted.signature ?? 'unknown revert';
      const args = reverted.data?.args?.map((a) => (typeof a === 'bigint' ? a.toString() : String(a))).join(', ');
      return { errorName: name, message: args ? `${name}(${args})` : name };
    }
    return { errorName: e.name, message: e.shortMessage };
  }
  return { errorName: (e as Error)?.name ?? 'Error', message: (e as Error)?.message ?? String(e) };
}

/** True for failures worth retrying (the node is down or slow), false for answers (reverts). */
export function isTransportError(e: unknown): boolean {
  const text = `${(e as Error)?.name ?? ''} ${(e as Error)?.message ?? ''}`;
  return /HttpRequestError|TimeoutError|fetch failed|ECONNREFUSED|ECONNRESET|socket hang up|SocketClosed|RpcRequestError/i.test(
    text,
  );
}

export function createChainBoundary(opts: {
  client: PublicClient;
  /** Reads event histories (from the deploy block); `client` by default (see lib/chain/archive.ts withHistory). */
  history?: PublicClient;
  wallet: WalletClient;
  account: LocalAccount;
  deployment: Deployment;
}): ChainBoundary {
  const { client, wallet, account, deployment } = opts;
  const history = opts.history ?? client;
  const c = deployment.contracts;
  const fromBlock = BigInt(deployment.startBlock);
  let meta: { tokenIs0: boolean; tokenDecimals: number; stableDecimals: number } | undefined;
  const pool = { next: fromBlock, points: [] as PoolPoint[], swaps: [] as SwapPoint[] };
  const decisions = { next: fromBlock, events: [] as ProposedEvent[] };
  /** The head seen last: the chain going back shows as a lower head or another hash at its height. */
  let seen: { number: bigint; hash: Hex } | undefined;
  const resetCaches = () => {
    Object.assign(pool, { next: fromBlock, points: [], swaps: [] });
    Object.assign(decisions, { next: fromBlock, events: [] });
  };

  async function poolMeta() {
    if (meta) return meta;
    const [token0, tokenDecimals, stableDecimals] = await Promise.all([
      client.readContract({ address: c.UniswapV2Pair, abi: uniswapV2PairAbi, functionName: 'token0' }),
      client.readContract({ address: c.HomeostatToken, abi: homeostatTokenAbi, functionName: 'decimals' }),
      client.readContract({ address: c.StableToken, abi: testStableAbi, functionName: 'decimals' }),
    ]);
    meta = { tokenIs0: token0.toLowerCase() === c.HomeostatToken.toLowerCase(), tokenDecimals, stableDecimals };
    return meta;
  }

  const read = <T>(functionName: string, address: Address, abi: readonly unknown[], args: unknown[] = []) =>
    client.readContract({ address, abi, functionName, args } as never) as Promise<T>;

  async function blockTime(
    log: { blockTimestamp?: bigint | null | undefined; blockNumber: bigint | null },
    cache: Map<bigint, number>,
  ) {
    if (log.blockTimestamp != null) return Number(log.blockTimestamp);
    const n = log.blockNumber ?? 0n;
    const hit = cache.get(n);
    if (hit !== undefined) return hit;
    const t = Number((await client.getBlock({ blockNumber: n })).timestamp);
    cache.set(n, t);
    return t;
  }

  async function send(
    functionName: 'queue' | 'execute',
    call: ProposalCall,
    descriptionHash: Hex,
  ): Promise<WriteResult> {
    const args = [call.targets, call.values, call.calldatas, descriptionHash] as const;
    try {
      const { request } = await client.simulateContract({
        account,
        address: c.HomeostatGovernor,
        abi: errorsAbi,
        functionName,
        args,
      });
      const gas = gasWithHeadroom(
        await client.estimateContractGas({ account, address: c.HomeostatGovernor, abi: errorsAbi, functionName, args }),
      );
      const hash = await wallet.writeContract({ ...request, gas, chain: null } as never);
      const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
      if (receipt.status !== 'success')
        return { ok: false, errorName: 'Reverted', message: `${functionName} reverted in ${hash}` };
      return { ok: true, txHash: hash, blockNumber: receipt.blockNumber };
    } catch (e) {
      if (isTransportError(e)) throw e;
      return { ok: false, ...decodeRevert(e) };
    }
  }

  return {
    async head() {
      const b = await client.getBlock();
      let rolledBack = false;
      if (seen) {
        if (b.number < seen.number) rolledBack = true;
        else if (b.number === seen.number) rolledBack = b.hash !== seen.hash;
        else {
          const then = await client.getBlock({ blockNumber: seen.number }).catch((e: unknown) => {
            if (e instanceof BlockNotFoundError) return null;
            throw e;
          });
          rolledBack = then?.hash !== seen.hash;
        }
      }
      if (rolledBack) resetCaches();
      seen = { number: b.number, hash: b.hash };
      return { blockNumber: b.number, timestamp: Number(b.timestamp), rolledBack };
    },

    async snapshot() {
      const m = await poolMeta();
      const block = await client.getBlock();
      const at = { blockNumber: block.number };
      const r = <T>(fn: string, address: Address, abi: readonly unknown[], args: unknown[] = []) =>
        client.readContract({ address, abi, functionName: fn, args, ...at } as never) as Promise<T>;
      const ids = [0, 1, 2, 3, 4, 5];
      // Each per-parameter read for the levels (0..5) and the treasury operations (6..11, issue 13):
      // the value, when it last changed and its guardrail, all three, or the levels alone for a
      // controller without the treasury operations (its reads of 6..11 revert). Reading only the
      // values of 6..11 once left the agent without their guardrails, so it never proposed them live.
      const withTreasuryOps = async <T>(read: (id: number) => Promise<T>): Promise<T[]> => {
        const levels = await Promise.all(ids.map(read));
        const ops = await Promise.all([6, 7, 8, 9, 10, 11].map(read)).catch((e) => {
          if (isTransportError(e)) throw e;
          return [] as T[];
        });
        return [...levels, ...ops];
      };
      const [
        reserves,
        totalSupply,
        totalStaked,
        emissionsRemaining,
        treasuryHome,
        treasuryStable,
        params,
        lastChangedAt,
        guardrails,
        supplyNonce,
        supplyWindow,
        supplyWindowLength,
        supplyBudgetBps,
        paused,
        signal,
        chainId,
        marketPrice,
        marketPriceStale,
      ] = await Promise.all([
        r<readonly [bigint, bigint, number]>('getReserves', c.UniswapV2Pair, uniswapV2PairAbi),
        r<bigint>('totalSupply', c.HomeostatToken, homeostatTokenAbi),
        r<bigint>('totalStaked', c.Staking, stakingAbi),
        r<bigint>('emissionsRemaining', c.Staking, stakingAbi),
        r<bigint>('balanceOf', c.HomeostatToken, homeostatTokenAbi, [c.Treasury]),
        r<bigint>('balanceOf', c.StableToken, testStableAbi, [c.Treasury]),
        withTreasuryOps((id) => r<bigint>('parameter', c.PolicyController, policyControllerAbi, [id])),
        withTreasuryOps((id) => r<bigint>('lastChangedAt', c.PolicyController, policyControllerAbi, [id])),
        withTreasuryOps((id) => r<RawGuardrail>('guardrail', c.PolicyController, policyControllerAbi, [id])),
        r<bigint>('supplyNonce', c.PolicyController, policyControllerAbi),
        r<readonly [bigint, bigint]>('supplyWindow', c.PolicyController, policyControllerAbi),
        r<bigint>('supplyWindowLength', c.PolicyController, policyControllerAbi),
        r<bigint>('supplyBudgetBps', c.PolicyController, policyControllerAbi),
        r<boolean>('paused', c.PolicyController, policyControllerAbi),
        // No signal yet reverts: treat it as infinitely stale (the policy's gate then refuses to act).
        r<{ round: bigint; observedAt: number; sentimentBps: number; anomalyBps: number }>(
          'latestSignal',
          c.SignalOracle,
          signalOracleAbi,
        ).catch((e) => {
          if (isTransportError(e)) throw e;
          return { round: 0n, observedAt: 0, sentimentBps: 0, anomalyBps: 0 };
        }),
        client.getChainId(),
        // The market factor's price feed (issue 11); none posted yet reverts: no feed.
        r<{ round: bigint; observedAt: number; price: bigint }>(
          'latestMarketPrice',
          c.SignalOracle,
          signalOracleAbi,
        ).catch((e) => {
          if (isTransportError(e)) throw e;
          return null;
        }),
        r<boolean>('isMarketPriceStale', c.SignalOracle, signalOracleAbi).catch((e) => {
          if (isTransportError(e)) throw e;
          return true;
        }),
      ]);
      return {
        chainId,
        blockNumber: block.number,
        timestamp: Number(block.timestamp),
        tokenDecimals: m.tokenDecimals,
        stableDecimals: m.stableDecimals,
        reserveHome: m.tokenIs0 ? reserves[0] : reserves[1],
        reserveStable: m.tokenIs0 ? reserves[1] : reserves[0],
        totalSupply,
        totalStaked,
        emissionsRemaining,
        treasuryHome,
        treasuryStable,
        params,
        lastChangedAt,
        guardrails: guardrails.map((g) => ({
          min: g.min,
          max: g.max,
          maxStep: g.maxStep,
          smallStep: g.smallStep,
          minDelay: g.minDelay,
        })),
        supplyNonce,
        supplyWindow: { netChange: supplyWindow[0], budget: supplyWindow[1] },
        supplyWindowLength,
        supplyBudgetBps,
        paused,
        oracle: {
          round: Number(signal.round),
          observedAt: Number(signal.observedAt),
          sentimentBps: Number(signal.sentimentBps),
          anomalyBps: Number(signal.anomalyBps),
        },
        marketPrice: marketPrice && {
          round: Number(marketPrice.round),
          observedAt: Number(marketPrice.observedAt),
          price: marketPrice.price,
          stale: marketPriceStale,
        },
      };
    },

    async poolEvents() {
      const m = await poolMeta();
      const to = await client.getBlockNumber();
      if (to >= pool.next) {
        const [syncs, swaps] = await Promise.all([
          history.getContractEvents({
            address: c.UniswapV2Pair,
            abi: uniswapV2PairAbi,
            eventName: 'Sync',
            fromBlock: pool.next,
            toBlock: to,
          }),
          history.getContractEvents({
            address: c.UniswapV2Pair,
            abi: uniswapV2PairAbi,
            eventName: 'Swap',
            fromBlock: pool.next,
            toBlock: to,
          }),
        ]);
        const cache = new Map<bigint, number>();
        const sd = 10 ** m.stableDecimals;
        const td = 10 ** m.tokenDecimals;
        for (const l of syncs) {
          const a = l.args as { reserve0: bigint; reserve1: bigint };
          const home = Number(m.tokenIs0 ? a.reserve0 : a.reserve1) / td;
          const stable = Number(m.tokenIs0 ? a.reserve1 : a.reserve0) / sd;
          if (home > 0)
            pool.points.push({ time: await blockTime(l, cache), price: stable / home, reserveStable: stable });
        }
        for (const l of swaps) {
          const a = l.args as { amount0In: bigint; amount1In: bigint; amount0Out: bigint; amount1Out: bigint };
          const raw = m.tokenIs0 ? a.amount1In + a.amount1Out : a.amount0In + a.amount0Out;
          pool.swaps.push({ time: await blockTime(l, cache), stable: Number(raw) / sd });
        }
        pool.next = to + 1n;
      }
      return { points: pool.points, swaps: pool.swaps };
    },

    async decisionEvents() {
      const to = await client.getBlockNumber();
      if (to >= decisions.next) {
        const logs = await history.getContractEvents({
          address: c.HomeostatGovernor,
          abi: homeostatGovernorAbi,
          eventName: 'DecisionProposed',
          fromBlock: decisions.next,
          toBlock: to,
        });
        for (const l of logs) {
          const a = l.args as { proposalId: bigint; decisionId: Hex; lane: number };
          decisions.events.push({
            proposalId: a.proposalId,
            decisionId: a.decisionId,
            lane: a.lane === 1 ? 'optimistic' : 'full',
            txHash: l.transactionHash,
            blockNumber: l.blockNumber,
          });
        }
        decisions.next = to + 1n;
      }
      return decisions.events;
    },

    async proposalState(id) {
      const s = await read<number>('state', c.HomeostatGovernor, homeostatGovernorAbi, [id]);
      return proposalStates[Number(s)] ?? 'Pending';
    },

    async proposalExists(id) {
      return (await read<bigint>('proposalSnapshot', c.HomeostatGovernor, homeostatGovernorAbi, [id])) !== 0n;
    },

    async proposalEta(id) {
      return Number(await read<bigint>('proposalEta', c.HomeostatGovernor, homeostatGovernorAbi, [id]));
    },

    async rejectionCooldown() {
      try {
        return Number(await read<bigint>('rejectionCooldown', c.HomeostatGovernor, rejectionCooldownAbi));
      } catch (e) {
        // An older governor without the rule answers with a revert: no on-chain refusal to respect.
        if (isTransportError(e)) throw e;
        return null;
      }
    },

    async propose(call, md, onSent) {
      const args = [call.targets, call.values, call.calldatas, call.description, md] as const;
      let hash: Hex;
      try {
        const { request } = await client.simulateContract({
          account,
          address: c.HomeostatGovernor,
          abi: errorsAbi,
          functionName: 'proposeDecision',
          args,
        });
        const gas = gasWithHeadroom(
          await client.estimateContractGas({
            account,
            address: c.HomeostatGovernor,
            abi: errorsAbi,
            functionName: 'proposeDecision',
            args,
          }),
        );
        hash = await wallet.writeContract({ ...request, gas, chain: null } as never);
      } catch (e) {
        if (isTransportError(e)) throw e;
        return { ok: false, ...decodeRevert(e) };
      }
      onSent(hash);
      const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
      if (receipt.status !== 'success')
        return { ok: false, errorName: 'Reverted', message: `proposeDecision reverted in ${hash}` };
      const [ev] = parseEventLogs({ abi: homeostatGovernorAbi, eventName: 'DecisionProposed', logs: receipt.logs });
      if (!ev) return { ok: false, errorName: 'NoEvent', message: `no DecisionProposed in ${hash}` };
      return {
        ok: true,
        event: {
          proposalId: ev.args.proposalId,
          decisionId: ev.args.decisionId,
          lane: ev.args.lane === 1 ? 'optimistic' : 'full',
          txHash: hash,
          blockNumber: receipt.blockNumber,
        },
      };
    },

    async receiptStatus(hash) {
      const r = await client.getTransactionReceipt({ hash }).catch(() => null);
      return r ? r.status : 'missing';
    },

    queue: (call) => send('queue', call, descriptionHashOf(call.description)),
    execute: (call) => send('execute', call, descriptionHashOf(call.description)),

    async blockTimestamp(n) {
      try {
        return Number((await client.getBlock({ blockNumber: n })).timestamp);
      } catch (e) {
        if (e instanceof BlockNotFoundError) return null;
        throw e;
      }
    },

    verificationLog: c.VerificationLog,

    async verificationCount() {
      const address = c.VerificationLog;
      if (!address) return 0;
      return Number(await client.readContract({ address, abi: verificationLogAbi, functionName: 'count' }));
    },

    async readVerification(decisionId, kind) {
      const address = c.VerificationLog;
      if (!address) return null;
      const args = [decisionId, kindIndex[kind]] as const;
      const recorded = await client.readContract({
        address,
        abi: verificationLogAbi,
        functionName: 'isRecorded',
        args,
      });
      if (!recorded) return null;
      const r = await client.readContract({ address, abi: verificationLogAbi, functionName: 'verification', args });
      return fromRawRecord(decisionId, r as RawVerificationRecord);
    },

    async verificationTx(decisionId, kind) {
      const address = c.VerificationLog;
      if (!address) return null;
      const [l] = await history.getContractEvents({
        address,
        abi: verificationLogAbi,
        eventName: 'VerificationRecorded',
        args: { decisionId, kind: kindIndex[kind] },
        fromBlock,
        toBlock: 'latest',
      });
      return l ? { txHash: l.transactionHash, blockNumber: l.blockNumber } : null;
    },

    recordVerification(p) {
      return writeLog(
        p.kind === 'forecast'
          ? ({ functionName: 'recordForecast', args: [p.header, p.numbers] } as const)
          : ({ functionName: 'recordEffect', args: [p.header, p.effectsChecked, p.effectsMatched] } as const),
      );
    },

    async forecastCommitted(decisionId) {
      const address = c.VerificationLog;
      if (!address) return false;
      const r = await client.readContract({
        address,
        abi: verificationLogAbi,
        functionName: 'forecastCommitment',
        args: [decisionId],
      });
      return r.committedAt !== 0;
    },

    commitForecast(x) {
      return writeLog({
        functionName: 'commitForecast',
        args: [x.decisionId, x.windowFrom, x.windowTo, x.numbersHash],
      } as const);
    },
  };

  /** Simulates, then posts one VerificationLog call and waits for its receipt. */
  async function writeLog(call: { functionName: string; args: readonly unknown[] }): Promise<WriteResult> {
    const address = c.VerificationLog;
    if (!address)
      return { ok: false, errorName: 'NoVerificationLog', message: 'the deployment has no VerificationLog' };
    try {
      // A union of two calls (each half typed by the ABI above) is more than viem's overloads take.
      const params = { account, address, abi: verificationLogAbi, ...call } as never;
      const { request } = await client.simulateContract(params);
      const gas = gasWithHeadroom(await client.estimateContractGas(params));
      const hash = await wallet.writeContract({ ...(request as object), gas, chain: null } as never);
      const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
      if (receipt.status !== 'success')
        return { ok: false, errorName: 'Reverted', message: `${call.functionName} reverted in ${hash}` };
      return { ok: true, txHash: hash, blockNumber: receipt.blockNumber };
    } catch (e) {
      if (isTransportError(e)) throw e;
      return { ok: false, ...decodeRevert(e) };
    }
  }
}

export const descriptionHashOf = (description: string): Hex => keccak256(stringToBytes(description));
