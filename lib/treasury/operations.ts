/**
 * The treasury operator's strategy (pure): from the chain's state at one block, which of the
 * Treasury contract's market operations to send now, and how much, with the minimum out computed
 * from the pool's reserves. The executor (agent/operator.ts) reads the state, sends what this
 * returns, reads again, and asks again (each kind at most once a chain hour).
 *
 * Rules, in priority order (the contract enforces every budget, band and cap again; these keep
 * the operator from sending what it would refuse):
 * 1. Range buy: pool price below the lower band → buy (and burn) HOME with treasury stable, as much
 *    as brings the price back up to the band, within the range-buy budget left this epoch, the
 *    treasury's stable, the rolling supply budget's burn headroom, and so that the average price
 *    paid stays below the band (the contract's own minimum out).
 * 2. Range sell: pool price above the upper band → sell treasury HOME, as much as brings the price
 *    down to the band, within the range-sell budget left this epoch and the treasury's HOME, the
 *    average price received staying above the band.
 * 3. POL remove: the treasury's pool share above the governed cap (governance lowered it) → remove
 *    LP tokens down to the cap, within the POL budget left (the stable side counts).
 * 4. Buyback: the buyback budget spread evenly over the epoch's hours, as the simulator spends it
 *    (lib/sim/economy.ts: budget × 3 600 / 86 400 an hour with a one-day epoch); what is due by the
 *    end of the current hour less what was already spent this epoch, so a restart or a missed hour
 *    never spends twice and a late hour catches up. Never into a pool more than 5 % above its
 *    time-weighted price (the contract's own floor): that hour's slice waits.
 * 5. POL add: the POL budget spread over the epoch's hours the same way, within the share cap and
 *    the treasury's stable and HOME (HOME at the pool's ratio).
 *
 * Amounts are raw on-chain integers (bigint): stable in its decimals, HOME and LP in wei. Prices
 * are the contract's: stable units per whole HOME (1e18 wei).
 */
import { HomeostatError } from '../errors';

export const PRICE_SCALE = 10n ** 18n;
const BPS = 10_000n;
const HOUR = 3600;

/** The chain's state at one block, as the operator needs it (raw units). */
export type TreasuryOpsState = {
  blockNumber: bigint;
  /** block.timestamp (unix seconds). */
  timestamp: number;
  /** PolicyController.paused(): every treasury operation reverts while true. */
  paused: boolean;
  tokenDecimals: number;
  stableDecimals: number;
  reserveHome: bigint;
  reserveStable: bigint;
  treasuryHome: bigint;
  treasuryStable: bigint;
  /** Treasury's LP tokens and the pair's total supply. */
  lpBalance: bigint;
  lpTotalSupply: bigint;
  /** Treasury.epochLength() (seconds). */
  epochLength: number;
  /** Parameter 4 and Treasury.spentInEpoch(current). */
  buybackBudget: bigint;
  buybackSpent: bigint;
  /** Parameter 6 and epochOps(current).polStable. */
  polBudget: bigint;
  polUsed: bigint;
  /** Parameter 7 (bps). */
  polMaxShareBps: bigint;
  /** Parameters 8, 9 (stable units per whole HOME). */
  lowerBand: bigint;
  upperBand: bigint;
  /** Parameter 10 and epochOps(current).rangeBuyStable. */
  rangeBuyBudget: bigint;
  rangeBuyUsed: bigint;
  /** Parameter 11 (HOME wei) and epochOps(current).rangeSellHome. */
  rangeSellBudget: bigint;
  rangeSellUsed: bigint;
  /**
   * HOME wei that may still be burned in the controller's rolling supply window (a buyback or range
   * buy burns what it bought; past this the controller reverts PolicyController_SupplyBudgetExceeded).
   */
  burnHeadroom: bigint;
  /**
   * Treasury.twapPrice(): the pool's time-weighted price over the window the next buyback bounds
   * itself by (stable units per whole HOME); 0 when no observation is usable yet.
   */
  twapPrice: bigint;
};

/**
 * The Treasury contract's bound on a buyback's output (Treasury.BUYBACK_MAX_SLIPPAGE_BPS): at least
 * what the stable buys at the time-weighted price, less 5 %.
 */
export const BUYBACK_MAX_SLIPPAGE_BPS = 500n;

export type TreasuryOperationKind = 'rangeBuy' | 'rangeSell' | 'removeLiquidity' | 'buyback' | 'addLiquidity';
export const OPERATION_KINDS: readonly TreasuryOperationKind[] = [
  'rangeBuy',
  'rangeSell',
  'removeLiquidity',
  'buyback',
  'addLiquidity',
];

export type TreasuryOperation =
  | { kind: 'rangeBuy'; stableIn: bigint; minHomeOut: bigint; expectedHomeOut: bigint }
  | { kind: 'rangeSell'; homeIn: bigint; minStableOut: bigint; expectedStableOut: bigint }
  | { kind: 'removeLiquidity'; liquidity: bigint; minStableOut: bigint; minHomeOut: bigint }
  | { kind: 'buyback'; stableIn: bigint; minHomeOut: bigint; expectedHomeOut: bigint }
  | { kind: 'addLiquidity'; stableAmount: bigint; maxHomeIn: bigint; minLiquidity: bigint };

export type OperatorPlan = {
  /** What to send now; null when nothing is due. */
  operation: TreasuryOperation | null;
  /** Pool price, stable units per whole HOME. */
  price: bigint;
  /** Why each kind not chosen was passed over (for the log), in rule order. */
  passed: { kind: TreasuryOperationKind; why: string }[];
};

export type PlanOptions = {
  /** Slippage allowed on the minimum out against the reserves' quote, bps (default 50). */
  slippageBps?: number;
  /** Kinds already sent this hour: not chosen again. */
  done?: ReadonlySet<TreasuryOperationKind>;
  /** Amounts below this many whole stable units (or their HOME worth) are not worth the gas (default 1). */
  dustStable?: number;
};

/** The state cannot be reasoned on (a bad RPC answer, an empty pool, inconsistent parameters). */
export class TreasuryStateError extends HomeostatError {
  override name = 'TreasuryStateError';
  readonly problem: string;
  constructor(problem: string) {
    super(`Treasury operator: refusing to act on this state: ${problem}`);
    this.problem = problem;
  }
}

/** The state is older than the chain head: the reserves may have moved since it was read. */
export class StaleTreasuryStateError extends HomeostatError {
  override name = 'StaleTreasuryStateError';
  constructor(
    readonly stateBlock: bigint,
    readonly headBlock: bigint,
  ) {
    super(`Treasury operator: state read at block ${stateBlock} but the head is ${headBlock}; not acting on it`);
  }
}

/** Throws StaleTreasuryStateError unless the state was read at the head. */
export function assertFresh(state: Pick<TreasuryOpsState, 'blockNumber'>, head: { blockNumber: bigint }): void {
  if (state.blockNumber !== head.blockNumber) throw new StaleTreasuryStateError(state.blockNumber, head.blockNumber);
}

/** Why the state is unusable, or undefined. */
export function stateProblem(s: TreasuryOpsState): string | undefined {
  for (const [name, d] of [
    ['tokenDecimals', s.tokenDecimals],
    ['stableDecimals', s.stableDecimals],
  ] as const) {
    if (!(Number.isInteger(d) && d >= 0 && d <= 36)) return `${name} is ${d}`;
  }
  if (!(Number.isFinite(s.timestamp) && s.timestamp > 0)) return `block timestamp is ${s.timestamp}`;
  if (!(Number.isInteger(s.epochLength) && s.epochLength > 0)) return `treasury epoch length is ${s.epochLength}`;
  if (s.reserveHome <= 0n || s.reserveStable <= 0n) {
    return `pool reserves are ${s.reserveHome} HOME / ${s.reserveStable} stable (an empty pool has no price)`;
  }
  const nonNegative = {
    treasuryHome: s.treasuryHome,
    treasuryStable: s.treasuryStable,
    lpBalance: s.lpBalance,
    lpTotalSupply: s.lpTotalSupply,
    buybackBudget: s.buybackBudget,
    buybackSpent: s.buybackSpent,
    polBudget: s.polBudget,
    polUsed: s.polUsed,
    lowerBand: s.lowerBand,
    upperBand: s.upperBand,
    rangeBuyBudget: s.rangeBuyBudget,
    rangeBuyUsed: s.rangeBuyUsed,
    rangeSellBudget: s.rangeSellBudget,
    rangeSellUsed: s.rangeSellUsed,
    burnHeadroom: s.burnHeadroom,
    twapPrice: s.twapPrice,
  };
  for (const [name, v] of Object.entries(nonNegative)) if (v < 0n) return `${name} is ${v}`;
  if (s.lpBalance > s.lpTotalSupply) return `treasury LP ${s.lpBalance} exceeds the pair's supply ${s.lpTotalSupply}`;
  if (s.polMaxShareBps < 0n || s.polMaxShareBps > BPS)
    return `pool share cap ${s.polMaxShareBps} bps is outside 0…10000`;
  if (s.upperBand <= s.lowerBand) return `upper band ${s.upperBand} is not above the lower band ${s.lowerBand}`;
  return undefined;
}

/** Uniswap V2's output for an exact input (0.3 % fee), as the Treasury contract computes its quote. */
export function amountOut(amountIn: bigint, reserveIn: bigint, reserveOut: bigint): bigint {
  if (amountIn <= 0n) return 0n;
  const inWithFee = amountIn * 997n;
  return (inWithFee * reserveOut) / (reserveIn * 1000n + inWithFee);
}

/** Pool price as the contract reads it: stable units per whole HOME (floor). */
export function poolPrice(s: Pick<TreasuryOpsState, 'reserveHome' | 'reserveStable'>): bigint {
  return (s.reserveStable * PRICE_SCALE) / s.reserveHome;
}

export function sqrt(n: bigint): bigint {
  if (n < 0n) throw new RangeError('sqrt of a negative');
  if (n < 2n) return n;
  // Newton from above (a float estimate raised past its rounding error) decreases to the floor.
  let x = BigInt(Math.ceil(Math.sqrt(Number(n)) * (1 + 1e-9))) + 1n;
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) break;
    x = y;
  }
  while (x * x > n) x--;
  while ((x + 1n) * (x + 1n) <= n) x++;
  return x;
}

const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;
/** Smallest of bigints (Math.min takes numbers only). */
function min(...xs: bigint[]): bigint {
  let m = xs[0] ?? 0n;
  for (const x of xs) if (x < m) m = x;
  return m;
}
/** Largest of bigints. */
function max(...xs: bigint[]): bigint {
  let m = xs[0] ?? 0n;
  for (const x of xs) if (x > m) m = x;
  return m;
}
const left = (budget: bigint, used: bigint) => (budget > used ? budget - used : 0n);

/** Largest x in [0, hi] with ok(x), for ok true up to some point and false after it (0n if none). */
function largest(hi: bigint, ok: (x: bigint) => boolean): bigint {
  if (hi <= 0n) return 0n;
  if (ok(hi)) return hi;
  let lo = 0n;
  let h = hi;
  while (h - lo > 1n) {
    const mid = (lo + h) / 2n;
    if (ok(mid)) lo = mid;
    else h = mid;
  }
  return lo;
}

/** What is due by the end of the current hour of the epoch, of a budget spread evenly over its hours. */
export function dueThisHour(budget: bigint, epochLength: number, timestamp: number): bigint {
  const hours = BigInt(Math.max(1, Math.ceil(epochLength / HOUR)));
  const intoEpoch = timestamp % epochLength;
  const elapsed = BigInt(Math.floor(intoEpoch / HOUR) + 1);
  return (budget * (elapsed < hours ? elapsed : hours)) / hours;
}

const withSlippage = (x: bigint, bps: bigint) => (x * (BPS - bps)) / BPS;

/** The operation to send now (or none) and why the others were passed over. Pure. */
export function planTreasuryOperation(s: TreasuryOpsState, opts: PlanOptions = {}): OperatorPlan {
  const problem = stateProblem(s);
  if (problem) throw new TreasuryStateError(problem);
  const slip = BigInt(Math.round(opts.slippageBps ?? 50));
  if (slip < 0n || slip >= BPS) throw new RangeError(`slippageBps ${opts.slippageBps} is outside 0…9999`);
  const done = opts.done ?? new Set<TreasuryOperationKind>();
  const price = poolPrice(s);
  const passed: OperatorPlan['passed'] = [];
  const pass = (kind: TreasuryOperationKind, why: string) => {
    passed.push({ kind, why });
  };
  if (s.paused) {
    for (const kind of OPERATION_KINDS) pass(kind, 'the controller is paused');
    return { operation: null, price, passed };
  }
  const dustStable = BigInt(Math.round((opts.dustStable ?? 1) * 1e6)) * 10n ** BigInt(s.stableDecimals);
  const dust = dustStable / 1_000_000n;
  // HOME worth `dust` stable at the pool price.
  const dustHome = price > 0n ? (dust * PRICE_SCALE) / price : 0n;
  const rH = s.reserveHome;
  const rS = s.reserveStable;

  const candidates: (() => TreasuryOperation | string)[] = [
    // 1. Range buy.
    () => {
      if (s.lowerBand === 0n || price >= s.lowerBand)
        return `price ${price} is not below the lower band ${s.lowerBand}`;
      const budget = left(s.rangeBuyBudget, s.rangeBuyUsed);
      if (budget === 0n) return 'no range-buy budget left this epoch';
      // Stable in that lifts the price to the band: rS' = sqrt(rH·rS·band/1e18). The whole input enters the
      // reserve and the fee only lowers what comes out, so the price ends at or just under the band.
      const target = sqrt((rH * rS * s.lowerBand) / PRICE_SCALE);
      const toBand = target > rS ? target - rS : 0n;
      const cap = min(toBand, budget, s.treasuryStable);
      const x = largest(cap, (v) => {
        const out = amountOut(v, rS, rH);
        // The contract's floor: at least v / band HOME; and no more burned than the window allows.
        return out * s.lowerBand >= v * PRICE_SCALE && out <= s.burnHeadroom;
      });
      if (x < dust || x === 0n) return `range buy of ${x} stable is below dust (fees, burn headroom or band)`;
      const out = amountOut(x, rS, rH);
      return { kind: 'rangeBuy', stableIn: x, minHomeOut: withSlippage(out, slip), expectedHomeOut: out };
    },
    // 2. Range sell.
    () => {
      if (price <= s.upperBand) return `price ${price} is not above the upper band ${s.upperBand}`;
      const budget = left(s.rangeSellBudget, s.rangeSellUsed);
      if (budget === 0n) return 'no range-sell budget left this epoch';
      // HOME in that lowers the price to the band: rH' = sqrt(rH·rS·1e18/band) (ends at or just above it).
      const target = sqrt((rH * rS * PRICE_SCALE) / s.upperBand);
      const toBand = target > rH ? target - rH : 0n;
      const cap = min(toBand, budget, s.treasuryHome);
      const y = largest(cap, (v) => amountOut(v, rH, rS) * PRICE_SCALE >= v * s.upperBand);
      if (y < dustHome || y === 0n) return `range sell of ${y} HOME wei is below dust (fees or band)`;
      const out = amountOut(y, rH, rS);
      return { kind: 'rangeSell', homeIn: y, minStableOut: withSlippage(out, slip), expectedStableOut: out };
    },
    // 3. Remove POL above the share cap.
    () => {
      const T = s.lpTotalSupply;
      const L = s.lpBalance;
      if (T === 0n || L * BPS <= s.polMaxShareBps * T) return 'pool share within the cap';
      const budget = left(s.polBudget, s.polUsed);
      if (budget === 0n) return 'share above the cap but no POL budget left this epoch';
      // (L − l)/(T − l) ≤ cap  ⇔  l ≥ (L·1e4 − cap·T)/(1e4 − cap).
      const need = s.polMaxShareBps === BPS ? 0n : ceilDiv(L * BPS - s.polMaxShareBps * T, BPS - s.polMaxShareBps);
      // Stable out = l·rS/T must fit the budget.
      const l = min(need, L, (budget * T) / rS);
      const stableOut = (l * rS) / T;
      if (stableOut < dust || l === 0n) return `removal of ${l} LP is below dust`;
      return {
        kind: 'removeLiquidity',
        liquidity: l,
        minStableOut: withSlippage(stableOut, slip),
        minHomeOut: withSlippage((l * rH) / T, slip),
      };
    },
    // 4. Buyback slice.
    () => {
      if (s.buybackBudget === 0n) return 'buyback budget is 0';
      const due = dueThisHour(s.buybackBudget, s.epochLength, s.timestamp);
      const owed = due > s.buybackSpent ? due - s.buybackSpent : 0n;
      const cap = min(owed, left(s.buybackBudget, s.buybackSpent), s.treasuryStable);
      const sized = largest(cap, (v) => amountOut(v, rS, rH) <= s.burnHeadroom);
      if (sized < dust || sized === 0n)
        return `buyback due ${sized} stable is below dust (already spent ${s.buybackSpent})`;
      if (s.twapPrice === 0n) return 'no time-weighted pool price yet (one is usable 30 min after an observation)';
      // The contract's floor (rounded up here, a hair above its own): the stable's worth at the average price
      // less 5 %. Output per stable falls as the size grows, so the largest size that clears it is searched.
      const floor = (v: bigint) => ceilDiv(v * PRICE_SCALE * (BPS - BUYBACK_MAX_SLIPPAGE_BPS), s.twapPrice * BPS) + 1n;
      const x = largest(sized, (v) => amountOut(v, rS, rH) >= floor(v));
      if (x < dust || x === 0n)
        return `pool price ${price} is more than 5 % above its time-weighted average ${s.twapPrice}: no buyback into it`;
      const out = amountOut(x, rS, rH);
      const minOut = withSlippage(out, slip);
      return {
        kind: 'buyback',
        stableIn: x,
        minHomeOut: max(minOut, floor(x)),
        expectedHomeOut: out,
      };
    },
    // 5. POL add slice.
    () => {
      if (s.polBudget === 0n) return 'POL budget is 0';
      const due = dueThisHour(s.polBudget, s.epochLength, s.timestamp);
      let cap = min(due > s.polUsed ? due - s.polUsed : 0n, left(s.polBudget, s.polUsed), s.treasuryStable);
      // HOME needed at the pool's ratio (rounded up, as the contract does) within the treasury's HOME.
      cap = min(cap, (s.treasuryHome * rS) / rH);
      const T = s.lpTotalSupply;
      if (T > 0n && s.polMaxShareBps < BPS) {
        // (L + l)/(T + l) ≤ cap  ⇔  l ≤ (cap·T − L·1e4)/(1e4 − cap); l = stable·T/rS.
        const room = s.polMaxShareBps * T - s.lpBalance * BPS;
        const lMax = room > 0n ? room / (BPS - s.polMaxShareBps) : 0n;
        cap = min(cap, (lMax * rS) / T);
      }
      if (cap < dust || cap === 0n) return `POL add due ${cap} stable is below dust (used ${s.polUsed}, share cap)`;
      const homeIn = ceilDiv(cap * rH, rS);
      const liquidity = T === 0n ? 0n : min((cap * T) / rS, (homeIn * T) / rH);
      return {
        kind: 'addLiquidity',
        stableAmount: cap,
        maxHomeIn: (homeIn * (BPS + slip)) / BPS,
        minLiquidity: withSlippage(liquidity, slip),
      };
    },
  ];

  for (let i = 0; i < OPERATION_KINDS.length; i++) {
    const kind = OPERATION_KINDS[i]!;
    if (done.has(kind)) {
      pass(kind, 'already sent this hour');
      continue;
    }
    const r = candidates[i]!();
    if (typeof r === 'string') pass(kind, r);
    else return { operation: r, price, passed };
  }
  return { operation: null, price, passed };
}
