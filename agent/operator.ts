/**
 * The treasury operator (thin executor around lib/treasury/operations.ts). The deploy script makes
 * the agent's account the Treasury's operator (Deploy.s.sol passes cfg.agent), so this runs in the
 * agent's process with the agent's key: one account, one nonce sequence, no second sender racing
 * the proposals. Once each chain hour it reads the state at the head, asks the planner, refuses a
 * state that is not at the head any more (StaleTreasuryStateError) or is corrupt
 * (TreasuryStateError), simulates, sends, logs the receipt's gas, reads again and asks again
 * (each kind at most once an hour). Paused: nothing is sent.
 */
import type { Address, Hex, LocalAccount, PublicClient, WalletClient } from 'viem';
import { gasWithHeadroom } from '../lib/chain/gas';
import {
  homeostatTokenAbi,
  policyControllerAbi,
  testStableAbi,
  treasuryAbi,
  uniswapV2PairAbi,
} from '../lib/contracts/abis';
import type { Deployment } from '../lib/contracts/deployments';
import { PolicyParam } from '../lib/contracts/params';
import {
  assertFresh,
  planTreasuryOperation,
  type TreasuryOperation,
  type TreasuryOperationKind,
  type TreasuryOpsState,
} from '../lib/treasury/operations';
import { decodeRevert, isTransportError } from './chain';

/** Treasury.TWAP_MIN_WINDOW: observations are recorded at most this often (seconds). */
const TWAP_MIN_WINDOW_S = 30 * 60;

import type { Logger } from './log';

export type OperatorSendResult =
  | { ok: true; txHash: Hex; blockNumber: bigint; gasUsed: bigint }
  | { ok: false; errorName: string; message: string };

export interface OperatorChain {
  head(): Promise<{ blockNumber: bigint; timestamp: number }>;
  /** The operator's state at the head block. */
  state(): Promise<TreasuryOpsState>;
  send(op: TreasuryOperation, deadline: bigint): Promise<OperatorSendResult>;
  /**
   * Records a pool price observation (Treasury.observePrice) when the newest is at least the
   * contract's TWAP_MIN_WINDOW old, so the next buyback has a time-weighted floor; null when none
   * was due.
   */
  observe(): Promise<OperatorSendResult | null>;
}

export type OperatorHourResult = { hour: number; sent: { op: TreasuryOperation; result: OperatorSendResult }[] };

export class TreasuryOperator {
  private lastHour: number | null = null;
  constructor(
    private readonly chain: OperatorChain,
    private readonly log: Logger,
    private readonly opts: { slippageBps?: number } = {},
  ) {}

  /** Acts once per chain hour; returns null when this hour was already handled. */
  async tick(): Promise<OperatorHourResult | null> {
    const head = await this.chain.head();
    const hour = Math.floor(head.timestamp / 3600);
    if (hour === this.lastHour) return null;
    const done = new Set<TreasuryOperationKind>();
    const sent: OperatorHourResult['sent'] = [];
    const observed = await this.chain.observe();
    if (observed && !observed.ok)
      this.log.warn('operator', { hour, action: 'observePrice', refused: observed.errorName });
    for (let i = 0; i < 5; i++) {
      const state = await this.chain.state();
      assertFresh(state, await this.chain.head());
      const plan = planTreasuryOperation(state, { done, slippageBps: this.opts.slippageBps ?? 50 });
      if (state.paused) {
        this.log.info('operator', { hour, block: state.blockNumber, action: 'none', why: 'the controller is paused' });
        break;
      }
      const op = plan.operation;
      if (!op) {
        if (i === 0) this.log.info('operator', { hour, block: state.blockNumber, action: 'none', passed: plan.passed });
        break;
      }
      done.add(op.kind);
      const result = await this.chain.send(op, BigInt(state.timestamp + 3600));
      sent.push({ op, result });
      if (result.ok) {
        this.log.info('operator', { hour, price: plan.price, ...op, txHash: result.txHash, gasUsed: result.gasUsed });
      } else {
        this.log.warn('operator', {
          hour,
          price: plan.price,
          ...op,
          refused: result.errorName,
          message: result.message,
        });
      }
    }
    this.lastHour = hour;
    return { hour, sent };
  }
}

export function createOperatorChain(opts: {
  client: PublicClient;
  wallet: WalletClient;
  account: LocalAccount;
  deployment: Deployment;
}): OperatorChain {
  const { client, wallet, account, deployment } = opts;
  const c = deployment.contracts;
  let meta: { homeIs0: boolean; tokenDecimals: number; stableDecimals: number; epochLength: number } | undefined;
  const read = <T>(
    address: Address,
    abi: readonly unknown[],
    functionName: string,
    args: unknown[],
    blockNumber?: bigint,
  ) => client.readContract({ address, abi, functionName, args, blockNumber } as never) as Promise<T>;

  return {
    async head() {
      const b = await client.getBlock();
      return { blockNumber: b.number, timestamp: Number(b.timestamp) };
    },
    async state() {
      if (!meta)
        meta = await Promise.all([
          read<Address>(c.UniswapV2Pair, uniswapV2PairAbi, 'token0', []),
          read<number>(c.HomeostatToken, homeostatTokenAbi, 'decimals', []),
          read<number>(c.StableToken, testStableAbi, 'decimals', []),
          read<bigint>(c.Treasury, treasuryAbi, 'epochLength', []),
        ]).then(([t0, td, sd, ep]) => ({
          homeIs0: t0.toLowerCase() === c.HomeostatToken.toLowerCase(),
          tokenDecimals: Number(td),
          stableDecimals: Number(sd),
          epochLength: Number(ep),
        }));
      const m = meta as NonNullable<typeof meta>;
      const b = await client.getBlock();
      const at = b.number;
      const epoch = BigInt(Math.floor(Number(b.timestamp) / m.epochLength));
      const param = (id: number) => read<bigint>(c.PolicyController, policyControllerAbi, 'parameter', [id], at);
      const [reserves, tHome, tStable, lp, lpTotal, paused, spent, ops, window, params, twap] = await Promise.all([
        read<readonly [bigint, bigint, number]>(c.UniswapV2Pair, uniswapV2PairAbi, 'getReserves', [], at),
        read<bigint>(c.HomeostatToken, homeostatTokenAbi, 'balanceOf', [c.Treasury], at),
        read<bigint>(c.StableToken, testStableAbi, 'balanceOf', [c.Treasury], at),
        read<bigint>(c.UniswapV2Pair, uniswapV2PairAbi, 'balanceOf', [c.Treasury], at),
        read<bigint>(c.UniswapV2Pair, uniswapV2PairAbi, 'totalSupply', [], at),
        read<boolean>(c.PolicyController, policyControllerAbi, 'paused', [], at),
        read<bigint>(c.Treasury, treasuryAbi, 'spentInEpoch', [epoch], at),
        read<{ polStable: bigint; rangeBuyStable: bigint; rangeSellHome: bigint }>(
          c.Treasury,
          treasuryAbi,
          'epochOps',
          [epoch],
          at,
        ),
        read<readonly [bigint, bigint]>(c.PolicyController, policyControllerAbi, 'supplyWindow', [], at),
        Promise.all(
          [
            PolicyParam.BuybackBudget,
            PolicyParam.PolBudget,
            PolicyParam.PolMaxShare,
            PolicyParam.RangeLowerBand,
            PolicyParam.RangeUpperBand,
            PolicyParam.RangeBuyBudget,
            PolicyParam.RangeSellBudget,
          ].map(param),
        ),
        read<readonly [bigint, bigint]>(c.Treasury, treasuryAbi, 'twapPrice', [], at),
      ]);
      const [buyback, pol, polShare, lower, upper, rangeBuy, rangeSell] = params as bigint[] as [
        bigint,
        bigint,
        bigint,
        bigint,
        bigint,
        bigint,
        bigint,
      ];
      const [net, budget] = window;
      // Conservative burn headroom: the window's budget less everything already netted either way.
      const used = net < 0n ? -net : net;
      return {
        blockNumber: at,
        timestamp: Number(b.timestamp),
        paused,
        tokenDecimals: m.tokenDecimals,
        stableDecimals: m.stableDecimals,
        reserveHome: m.homeIs0 ? reserves[0] : reserves[1],
        reserveStable: m.homeIs0 ? reserves[1] : reserves[0],
        treasuryHome: tHome,
        treasuryStable: tStable,
        lpBalance: lp,
        lpTotalSupply: lpTotal,
        epochLength: m.epochLength,
        buybackBudget: buyback,
        buybackSpent: spent,
        polBudget: pol,
        polUsed: ops.polStable,
        polMaxShareBps: polShare,
        lowerBand: lower,
        upperBand: upper,
        rangeBuyBudget: rangeBuy,
        rangeBuyUsed: ops.rangeBuyStable,
        rangeSellBudget: rangeSell,
        rangeSellUsed: ops.rangeSellHome,
        burnHeadroom: budget > used ? budget - used : 0n,
        twapPrice: twap[0],
      };
    },
    async observe() {
      const [newest] = await read<readonly [{ at: bigint }, { at: bigint }]>(
        c.Treasury,
        treasuryAbi,
        'observations',
        [],
      );
      const b = await client.getBlock();
      if (newest.at !== 0n && b.timestamp - newest.at < BigInt(TWAP_MIN_WINDOW_S)) return null;
      return sendTreasury('observePrice', []);
    },
    send(op, deadline) {
      const [functionName, args] = callOf(op, deadline);
      return sendTreasury(functionName, args);
    },
  };

  async function sendTreasury(functionName: string, args: bigint[]): Promise<OperatorSendResult> {
    const errorsAbi = [...treasuryAbi, ...policyControllerAbi.filter((x) => x.type === 'error')];
    try {
      const { request } = await client.simulateContract({
        account,
        address: c.Treasury,
        abi: errorsAbi,
        functionName,
        args,
      } as never);
      const gas = gasWithHeadroom(
        await client.estimateContractGas({
          account,
          address: c.Treasury,
          abi: errorsAbi,
          functionName,
          args,
        } as never),
      );
      const hash = await wallet.writeContract({ ...(request as object), gas, chain: null } as never);
      const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
      if (receipt.status !== 'success')
        return { ok: false, errorName: 'Reverted', message: `${functionName} reverted in ${hash}` };
      return { ok: true, txHash: hash, blockNumber: receipt.blockNumber, gasUsed: receipt.gasUsed };
    } catch (e) {
      if (isTransportError(e)) throw e;
      return { ok: false, ...decodeRevert(e) };
    }
  }
}

/** The Treasury call for an operation. */
export function callOf(op: TreasuryOperation, deadline: bigint): [string, bigint[]] {
  switch (op.kind) {
    case 'rangeBuy':
      return ['rangeBuy', [op.stableIn, op.minHomeOut, deadline]];
    case 'rangeSell':
      return ['rangeSell', [op.homeIn, op.minStableOut, deadline]];
    case 'buyback':
      return ['buybackAndBurn', [op.stableIn, op.minHomeOut, deadline]];
    case 'addLiquidity':
      return ['addLiquidity', [op.stableAmount, op.maxHomeIn, op.minLiquidity, deadline]];
    case 'removeLiquidity':
      return ['removeLiquidity', [op.liquidity, op.minStableOut, op.minHomeOut, deadline]];
  }
}
