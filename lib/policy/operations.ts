import { supplyBudget } from './guardrails';
import { BUYBACK_EPOCH_SECONDS, type Guardrails, type MarketOperation, type PolicyState } from './types';

/**
 * What standing operations (rebase, range swaps) have already used, kept by the executor, not by
 * the strategy: a strategy cannot talk its way past a budget by forgetting what it spent.
 */
export type OperationLedger = {
  /** Unix seconds the current per-epoch budget started (epochs of BUYBACK_EPOCH_SECONDS). */
  epochStart: number;
  /** Stable spent on operation buys in the current epoch. */
  boughtStable: number;
  /** Stable value (at the price of each sale) of treasury tokens sold in the current epoch. */
  soldStable: number;
  /** Unix seconds of the last rebase (0 = never). */
  lastRebaseAt: number;
};

export const EMPTY_LEDGER: OperationLedger = { epochStart: 0, boughtStable: 0, soldStable: 0, lastRebaseAt: 0 };

export type OperationRule = 'minDelay' | 'supplyBudget' | 'epochBudget' | 'balance';

export type ClampedOperation = {
  /** 1 = no rebase. */
  rebaseFactor: number;
  buyStable: number;
  sellTokens: number;
  clampedBy: OperationRule[];
};

/** The ledger as seen at `now`: a new epoch starts with nothing used. */
export function ledgerAt(ledger: OperationLedger, now: number): OperationLedger {
  if (now < ledger.epochStart + BUYBACK_EPOCH_SECONDS) return ledger;
  const epochStart = now - (now % BUYBACK_EPOCH_SECONDS);
  return { ...ledger, epochStart, boughtStable: 0, soldStable: 0 };
}

/**
 * Clamps an operation to the guardrails, as a controller would before executing it:
 * - a rebase at most once per `supplyChange.minDelay` (24 h by default, Ampleforth's interval)
 *   and within the rolling net-supply budget (the same 2 %/24 h every mint and burn counts in);
 * - buys within the treasury's stable and a per-epoch budget equal to the buyback guardrail's max;
 * - sells within the treasury's tokens and the same per-epoch budget, valued at the current price.
 * Bought tokens are burned by the executor within the supply budget (the rest stays in the
 * treasury), exactly as resting buybacks are. Pure.
 */
export function clampOperation(
  op: MarketOperation,
  state: PolicyState,
  guardrails: Guardrails,
  ledger: OperationLedger,
): ClampedOperation {
  const used = ledgerAt(ledger, state.now);
  const clampedBy: OperationRule[] = [];
  let rebaseFactor = 1;
  const f = op.rebaseFactor;
  if (f !== undefined && Number.isFinite(f) && f > 0 && f !== 1) {
    if (used.lastRebaseAt > 0 && state.now - used.lastRebaseAt < guardrails.supplyChange.minDelay) {
      clampedBy.push('minDelay');
    } else {
      const s = state.totalSupply;
      const { mintable, burnable } = supplyBudget(guardrails, state.supplyWindow);
      let delta = (f - 1) * s;
      if (delta > mintable) {
        delta = mintable;
        clampedBy.push('supplyBudget');
      } else if (-delta > burnable) {
        delta = -burnable;
        clampedBy.push('supplyBudget');
      }
      rebaseFactor = 1 + delta / s;
    }
  }
  const epochMax = guardrails.params.buybackBudget.max;
  let buyStable = positive(op.buyStable);
  if (buyStable > state.treasuryStable) {
    buyStable = state.treasuryStable;
    clampedBy.push('balance');
  }
  if (buyStable > epochMax - used.boughtStable) {
    buyStable = Math.max(0, epochMax - used.boughtStable);
    clampedBy.push('epochBudget');
  }
  let sellTokens = positive(op.sellTokens);
  if (sellTokens > state.treasuryToken) {
    sellTokens = state.treasuryToken;
    clampedBy.push('balance');
  }
  if (sellTokens * state.price > epochMax - used.soldStable) {
    sellTokens = Math.max(0, epochMax - used.soldStable) / state.price;
    clampedBy.push('epochBudget');
  }
  return { rebaseFactor, buyStable, sellTokens, clampedBy };
}

/** The ledger after an executed operation (amounts as executed, which may be less than clamped). */
export function recordOperation(
  ledger: OperationLedger,
  now: number,
  done: { rebaseFactor: number; buyStable: number; sellStable: number },
): OperationLedger {
  const l = ledgerAt(ledger, now);
  return {
    epochStart: l.epochStart,
    boughtStable: l.boughtStable + done.buyStable,
    soldStable: l.soldStable + done.sellStable,
    lastRebaseAt: done.rebaseFactor !== 1 ? now : l.lastRebaseAt,
  };
}

const positive = (x: number | undefined) => (x !== undefined && Number.isFinite(x) && x > 0 ? x : 0);
