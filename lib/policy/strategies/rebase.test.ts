import { describe, expect, it } from 'vitest';
import { clampOperation, EMPTY_LEDGER } from '../operations';
import { BASE_PARAMS, GUARDRAILS, makeState, NOW, SUPPLY } from '../testing';
import { createRebaseStrategy, rebasePercentage } from './rebase';

const levels = { ...BASE_PARAMS, burnShareBps: 0 };
const strategy = createRebaseStrategy({ levels });
const operate = strategy.operate as NonNullable<typeof strategy.operate>;
const input = (over: Parameters<typeof makeState>[0], memory?: Record<string, number>) => ({
  state: makeState(over),
  forecasts: { volatility: { rvNext: 1, lower80: 1, upper80: 1, lower95: 1, upper95: 1, horizonHours: 24 } },
  guardrails: GUARDRAILS,
  objective: 'stability' as const,
  memory,
});

describe('rebasePercentage: AIP-5 sigmoid with U = +10 %, L = −10 %, g = 3', () => {
  it('is 0 at the target, odd around it, and bounded by the asymptotes', () => {
    expect(rebasePercentage(1, -0.1, 0.1, 3)).toBeCloseTo(0, 15);
    // δ = −0.2: 0.2 / (1 + 2^0.6) − 0.1 = 0.2 / 2.515717 − 0.1
    expect(rebasePercentage(0.8, -0.1, 0.1, 3)).toBeCloseTo(0.2 / (1 + 2 ** 0.6) - 0.1, 12);
    expect(rebasePercentage(0.8, -0.1, 0.1, 3)).toBeCloseTo(-0.0205, 4);
    expect(rebasePercentage(1.2, -0.1, 0.1, 3)).toBeCloseTo(0.0205, 4);
    expect(rebasePercentage(100, -0.1, 0.1, 3)).toBeCloseTo(0.1, 12);
    expect(rebasePercentage(0, -0.1, 0.1, 3)).toBeGreaterThan(-0.1);
  });

  it('applies about a tenth of a small deviation (the old rebaseLag of 10)', () => {
    const slope = (rebasePercentage(1.001, -0.1, 0.1, 3) - rebasePercentage(0.999, -0.1, 0.1, 3)) / 0.002;
    expect(slope).toBeCloseTo((0.2 * 3 * Math.LN2) / 4, 4); // 0.104
  });
});

describe('rebase strategy', () => {
  it('rebases 20 % below target by the sigmoid, then waits a day', () => {
    const first = operate(input({ price: 0.8, poolStable: 8_000_000 }));
    expect(first.rebaseFactor).toBeCloseTo(1 + 0.2 / (1 + 2 ** 0.6) - 0.1, 12);
    const hourLater = operate(input({ now: NOW + 3600, price: 0.8, poolStable: 8_000_000 }, first.memory));
    expect(hourLater.rebaseFactor).toBeUndefined();
    const dayLater = operate(input({ now: NOW + 86_400, price: 0.8, poolStable: 8_000_000 }, first.memory));
    expect(dayLater.rebaseFactor).toBeLessThan(1);
  });

  it('does nothing within the 5 % deviation threshold', () => {
    expect(operate(input({ price: 0.96, poolStable: 9_600_000 })).rebaseFactor).toBeUndefined();
    expect(operate(input({ price: 1.049, poolStable: 10_490_000 })).rebaseFactor).toBeUndefined();
  });

  it('reads the rate from average market cap, so a rebase does not disturb its own average', () => {
    const m = operate(input({ price: 0.8, poolStable: 8_000_000 })).memory;
    // A 2 % contraction: price per token up by 1/0.98, supply down by 0.98: market cap unchanged.
    const after = operate(
      input(
        { now: NOW + 3600, price: 0.8 / 0.98, totalSupply: SUPPLY * 0.98, poolToken: 9_800_000, poolStable: 8_000_000 },
        m,
      ),
    );
    expect(after.memory.mcapAvg).toBeCloseTo(0.8 * SUPPLY, 3);
  });

  it('is clamped to the 2 %/24 h net supply budget by the executor', () => {
    const op = operate(input({ price: 0.5, poolStable: 5_000_000 }));
    expect(op.rebaseFactor).toBeLessThan(0.96); // the sigmoid asks for 4.8 %, more than the 2 % budget
    const clamped = clampOperation(op, makeState({ price: 0.5, poolStable: 5_000_000 }), GUARDRAILS, EMPTY_LEDGER);
    expect(clamped.rebaseFactor).toBeCloseTo(1 - 0.02 / 1.02, 12);
  });

  it('holds its levels and never proposes a one-off supply change', () => {
    const out = strategy.run(input({ price: 0.5, poolStable: 5_000_000 }));
    expect(out.targets).toEqual(levels);
    expect(out.supplyChange).toBeUndefined();
  });
});
