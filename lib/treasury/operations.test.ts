import { describe, expect, it } from 'vitest';
import {
  amountOut,
  assertFresh,
  dueThisHour,
  planTreasuryOperation,
  StaleTreasuryStateError,
  sqrt,
  type TreasuryOpsState,
  TreasuryStateError,
} from './operations';

const HOME = 10n ** 18n;
const USD = 10n ** 6n;
const DAY = 86_400;
/** Start of a treasury epoch (a multiple of one day). */
const EPOCH0 = 1_700_006_400;
const T = sqrt(100_000_000n * HOME * 10_000_000n * USD); // LP supply of a 100M HOME : 10M TUSD pool

/** The local deploy's pool (100M HOME : 10M TUSD, price 0.10), every budget 0, bands 0.08 / 0.125. */
function state(over: Partial<TreasuryOpsState> = {}): TreasuryOpsState {
  return {
    blockNumber: 100n,
    timestamp: EPOCH0 + 3 * 3600 + 10, // the epoch's 4th hour
    paused: false,
    tokenDecimals: 18,
    stableDecimals: 6,
    reserveHome: 100_000_000n * HOME,
    reserveStable: 10_000_000n * USD,
    treasuryHome: 700_000_000n * HOME,
    treasuryStable: 1_000_000n * USD,
    lpBalance: T - 1000n,
    lpTotalSupply: T,
    epochLength: DAY,
    buybackBudget: 0n,
    buybackSpent: 0n,
    polBudget: 0n,
    polUsed: 0n,
    polMaxShareBps: 10_000n,
    lowerBand: 80_000n,
    upperBand: 125_000n,
    rangeBuyBudget: 0n,
    rangeBuyUsed: 0n,
    rangeSellBudget: 0n,
    rangeSellUsed: 0n,
    burnHeadroom: 20_000_000n * HOME,
    twapPrice: 100_000n, // a calm pool: its average is its price
    ...over,
  };
}

describe('planTreasuryOperation: buybacks', () => {
  it('waits for a time-weighted price: no usable observation, no buyback', () => {
    const p = planTreasuryOperation(state({ buybackBudget: 10_000n * USD, twapPrice: 0n }));
    expect(p.operation).toBeNull();
    expect(p.passed.find((x) => x.kind === 'buyback')?.why).toMatch(/no time-weighted pool price/);
  });

  it('never buys into a pool more than 5 % above its average (the contract would refuse: Treasury_Slippage)', () => {
    // Price 0.100 against an average of 0.0900: 11 % above.
    const p = planTreasuryOperation(state({ buybackBudget: 10_000n * USD, twapPrice: 90_000n }));
    expect(p.operation).toBeNull();
    expect(p.passed.find((x) => x.kind === 'buyback')?.why).toMatch(/more than 5 % above its time-weighted average/);
  });

  it('3 % above the average still buys, with a minimum out at or above the contract floor', () => {
    const twapPrice = 97_087n; // the pool (0.100) is 3 % above it
    const p = planTreasuryOperation(state({ buybackBudget: 10_000n * USD, twapPrice }));
    const op = p.operation as { kind: string; stableIn: bigint; minHomeOut: bigint; expectedHomeOut: bigint };
    expect(op.kind).toBe('buyback');
    const floor = (op.stableIn * 10n ** 18n * 9_500n) / (twapPrice * 10_000n);
    expect(op.minHomeOut).toBeGreaterThanOrEqual(floor);
    expect(op.expectedHomeOut).toBeGreaterThanOrEqual(op.minHomeOut);
  });

  it('spreads the buyback budget over the epoch: 4 of 24 hours of 10,000 TUSD is 1,666.666666', () => {
    const p = planTreasuryOperation(state({ buybackBudget: 10_000n * USD }));
    expect(p.price).toBe(100_000n); // 0.10 TUSD per HOME
    expect(p.operation).toMatchObject({ kind: 'buyback', stableIn: 1_666_666_666n });
    // 1,666.67 TUSD at 0.10 less the 0.3 % pool fee and the price impact (1.67e-4): 16,614.0 HOME.
    const op = p.operation as { expectedHomeOut: bigint; minHomeOut: bigint };
    expect(Number(op.expectedHomeOut) / 1e18).toBeCloseTo(16_614.0, 0);
    expect(op.minHomeOut).toBe((op.expectedHomeOut * 9950n) / 10_000n);
  });

  it('sends only what is still due: spent 1,000 → 666.666666; spent all that is due → nothing (restart-safe)', () => {
    const b = { buybackBudget: 10_000n * USD };
    expect(planTreasuryOperation(state({ ...b, buybackSpent: 1_000n * USD })).operation).toMatchObject({
      kind: 'buyback',
      stableIn: 666_666_666n,
    });
    const p = planTreasuryOperation(state({ ...b, buybackSpent: 1_666_666_666n }));
    expect(p.operation).toBeNull();
    expect(p.passed.find((x) => x.kind === 'buyback')?.why).toMatch(/below dust/);
  });

  it('catches up after missed hours but never past the epoch budget', () => {
    // Last hour of the epoch: all 10,000 due; 9,500 spent → 500.
    const late = state({ buybackBudget: 10_000n * USD, buybackSpent: 9_500n * USD, timestamp: EPOCH0 + DAY - 1 });
    expect(planTreasuryOperation(late).operation).toMatchObject({ kind: 'buyback', stableIn: 500n * USD });
    // The treasury's stable bounds it too.
    const poor = state({ buybackBudget: 10_000n * USD, treasuryStable: 100n * USD });
    expect(planTreasuryOperation(poor).operation).toMatchObject({ kind: 'buyback', stableIn: 100n * USD });
  });

  it('stays within the supply window: 1,000 HOME of burn headroom buys about 100 TUSD', () => {
    const p = planTreasuryOperation(state({ buybackBudget: 10_000n * USD, burnHeadroom: 1_000n * HOME }));
    const op = p.operation as { kind: string; stableIn: bigint };
    expect(op.kind).toBe('buyback');
    expect(amountOut(op.stableIn, 10_000_000n * USD, 100_000_000n * HOME)).toBeLessThanOrEqual(1_000n * HOME);
    expect(amountOut(op.stableIn + 1n, 10_000_000n * USD, 100_000_000n * HOME)).toBeGreaterThan(1_000n * HOME);
    expect(Number(op.stableIn) / 1e6).toBeCloseTo(100.3, 1); // 1,000 HOME × 0.10 / 0.997
  });

  it('budget 0 → nothing moves; paused → nothing moves whatever the budgets', () => {
    const zero = planTreasuryOperation(state());
    expect(zero.operation).toBeNull();
    expect(zero.passed.map((x) => x.why)).toContain('buyback budget is 0');
    const paused = planTreasuryOperation(
      state({ paused: true, buybackBudget: 10_000n * USD, polBudget: 25_000n * USD, reserveStable: 7_000_000n * USD }),
    );
    expect(paused.operation).toBeNull();
    expect(paused.passed).toHaveLength(5);
    expect(paused.passed.every((x) => x.why === 'the controller is paused')).toBe(true);
  });

  it('dueThisHour: hour h of a 24 h epoch has (h+1)/24 of the budget due', () => {
    expect(dueThisHour(24_000n, DAY, EPOCH0)).toBe(1_000n);
    expect(dueThisHour(24_000n, DAY, EPOCH0 + 3599)).toBe(1_000n);
    expect(dueThisHour(24_000n, DAY, EPOCH0 + 3600)).toBe(2_000n);
    expect(dueThisHour(24_000n, DAY, EPOCH0 + DAY - 1)).toBe(24_000n);
    expect(dueThisHour(24_000n, DAY, EPOCH0 + DAY)).toBe(1_000n); // next epoch
  });
});

describe('planTreasuryOperation: range operations', () => {
  it('buys below the lower band, the whole budget when the band is far (price 0.07 < 0.08)', () => {
    const s = state({ reserveStable: 7_000_000n * USD, rangeBuyBudget: 10_000n * USD, buybackBudget: 10_000n * USD });
    const p = planTreasuryOperation(s);
    expect(p.price).toBe(70_000n);
    const op = p.operation as { kind: string; stableIn: bigint; expectedHomeOut: bigint };
    expect(op).toMatchObject({ kind: 'rangeBuy', stableIn: 10_000n * USD });
    // 10,000 / 0.07 × 0.997 / (1 + 10,000 × 0.997 / 7M) = 142,226 HOME; average 0.0703 < 0.08.
    expect(Number(op.expectedHomeOut) / 1e18).toBeCloseTo(142_226, 0);
    expect(op.expectedHomeOut * 80_000n).toBeGreaterThanOrEqual(op.stableIn * HOME);
  });

  it('buys only up to the band: 0.0790 → about 49,843 TUSD lifts it to 0.08 (budget 100k)', () => {
    const s = state({ reserveStable: 7_900_000n * USD, rangeBuyBudget: 100_000n * USD });
    const op = planTreasuryOperation(s).operation as { kind: string; stableIn: bigint };
    expect(op.kind).toBe('rangeBuy');
    // sqrt(1e8 × 7.9e6 × 0.08) − 7.9e6 = 7,949,842.8 − 7,900,000 = 49,842.8 TUSD.
    expect(Number(op.stableIn) / 1e6).toBeCloseTo(49_842.8, 0);
    const rS = 7_900_000n * USD + op.stableIn;
    const rH = 100_000_000n * HOME - amountOut(op.stableIn, 7_900_000n * USD, 100_000_000n * HOME);
    const after = (rS * HOME) / rH;
    expect(after).toBeLessThanOrEqual(80_000n);
    expect(after).toBeGreaterThan(79_900n);
  });

  it('does not buy within the pool fee of the band (0.0799: any buy averages above 0.08)', () => {
    const p = planTreasuryOperation(state({ reserveStable: 7_990_000n * USD, rangeBuyBudget: 10_000n * USD }));
    expect(p.operation).toBeNull();
    expect(p.passed[0]?.why).toMatch(/range buy of 0 stable/);
  });

  it('sells above the upper band within the HOME budget (price 0.15 > 0.125, 250,000 HOME)', () => {
    const s = state({ reserveStable: 15_000_000n * USD, rangeSellBudget: 250_000n * HOME, rangeSellUsed: 0n });
    const op = planTreasuryOperation(s).operation as { kind: string; homeIn: bigint; expectedStableOut: bigint };
    expect(op).toMatchObject({ kind: 'rangeSell', homeIn: 250_000n * HOME });
    // 250,000 × 0.15 × 0.997 / (1 + 250,000 × 0.997 / 1e8) = 37,294.5 TUSD; average 0.1492 > 0.125.
    expect(Number(op.expectedStableOut) / 1e6).toBeCloseTo(37_294.5, 0);
    expect(op.expectedStableOut * HOME).toBeGreaterThanOrEqual(op.homeIn * 125_000n);
  });

  it('inside the band nothing but the resting rules: no range op at 0.10', () => {
    const p = planTreasuryOperation(state({ rangeBuyBudget: 10_000n * USD, rangeSellBudget: 10n * HOME }));
    expect(p.operation).toBeNull();
    expect(p.passed[0]?.why).toMatch(/not below the lower band/);
    expect(p.passed[1]?.why).toMatch(/not above the upper band/);
  });
});

describe('planTreasuryOperation: protocol-owned liquidity', () => {
  it('adds the POL budget spread over the epoch: 4/24 of 25,000 TUSD = 4,166.666666 and the HOME at 0.10', () => {
    const op = planTreasuryOperation(state({ polBudget: 25_000n * USD })).operation as {
      kind: string;
      stableAmount: bigint;
      maxHomeIn: bigint;
      minLiquidity: bigint;
    };
    expect(op).toMatchObject({ kind: 'addLiquidity', stableAmount: 4_166_666_666n });
    // 4,166.666666 TUSD at 10 HOME per TUSD = 41,666.66666 HOME, + 0.5 % slippage.
    expect(op.maxHomeIn).toBe((41_666_666_660n * 10n ** 12n * 10_050n) / 10_000n);
    expect(op.minLiquidity).toBe((((4_166_666_666n * T) / (10_000_000n * USD)) * 9_950n) / 10_000n);
  });

  it('keeps an add under the share cap: treasury at 40 %, cap 40.01 % → about 1,667 TUSD', () => {
    const s = state({ polBudget: 100_000n * USD, lpBalance: (T * 4n) / 10n, polMaxShareBps: 4_001n });
    const op = planTreasuryOperation(s).operation as { kind: string; stableAmount: bigint };
    expect(op.kind).toBe('addLiquidity');
    // l ≤ (0.4001 T − 0.4 T)/0.5999 = T/5999, i.e. 10M/5999 = 1,666.94 TUSD.
    expect(Number(op.stableAmount) / 1e6).toBeCloseTo(1_666.94, 1);
    const l = (op.stableAmount * T) / (10_000_000n * USD);
    expect(((T * 4n) / 10n + l) * 10_000n).toBeLessThanOrEqual(4_001n * (T + l));
  });

  it('removes liquidity down to a lowered cap, within the POL budget (cap 90 %, budget 100,000 TUSD)', () => {
    const s = state({ polBudget: 100_000n * USD, polMaxShareBps: 9_000n, buybackBudget: 10_000n * USD });
    const op = planTreasuryOperation(s).operation as { kind: string; liquidity: bigint; minStableOut: bigint };
    expect(op.kind).toBe('removeLiquidity'); // before the buyback
    // Down to the cap needs about 10 % of T (≈ 1M TUSD); the budget allows 100,000 TUSD = 1 % of T.
    expect(op.liquidity).toBe((100_000n * USD * T) / (10_000_000n * USD));
    expect(op.minStableOut).toBe((((op.liquidity * 10_000_000n * USD) / T) * 9_950n) / 10_000n);
  });

  it('each kind once an hour: with the buyback done, the POL add comes next', () => {
    const s = state({ buybackBudget: 10_000n * USD, polBudget: 25_000n * USD });
    expect(planTreasuryOperation(s).operation?.kind).toBe('buyback');
    expect(planTreasuryOperation(s, { done: new Set(['buyback']) }).operation?.kind).toBe('addLiquidity');
    expect(planTreasuryOperation(s, { done: new Set(['buyback', 'addLiquidity']) }).operation).toBeNull();
  });
});

describe('refusing bad state', () => {
  it('names the problem: empty pool, bands crossed, LP above supply, bad decimals', () => {
    const cases: [Partial<TreasuryOpsState>, RegExp][] = [
      [{ reserveHome: 0n }, /empty pool has no price/],
      [{ upperBand: 80_000n }, /upper band 80000 is not above the lower band 80000/],
      [{ lpBalance: T + 1n }, /exceeds the pair's supply/],
      [{ stableDecimals: 77 }, /stableDecimals is 77/],
      [{ epochLength: 0 }, /epoch length is 0/],
      [{ buybackSpent: -1n }, /buybackSpent is -1/],
      [{ polMaxShareBps: 10_001n }, /outside 0…10000/],
    ];
    for (const [over, message] of cases) {
      expect(() => planTreasuryOperation(state(over))).toThrow(TreasuryStateError);
      expect(() => planTreasuryOperation(state(over))).toThrow(message);
    }
  });

  it('a state read before the head is stale', () => {
    expect(() => assertFresh({ blockNumber: 99n }, { blockNumber: 100n })).toThrow(StaleTreasuryStateError);
    expect(() => assertFresh({ blockNumber: 99n }, { blockNumber: 100n })).toThrow(
      /read at block 99 but the head is 100/,
    );
    expect(() => assertFresh({ blockNumber: 100n }, { blockNumber: 100n })).not.toThrow();
  });

  it('sqrt is the integer floor', () => {
    for (const n of [
      0n,
      1n,
      2n,
      3n,
      4n,
      99n,
      100n,
      10n ** 39n,
      10n ** 39n + 12345n,
      12n * 10n ** 51n,
      2n ** 200n - 1n,
    ]) {
      const r = sqrt(n);
      expect(r * r <= n && (r + 1n) * (r + 1n) > n).toBe(true);
    }
  });
});
