import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide } from './decide';
import { supplyBudget, violatedRule } from './guardrails';
import { clampOperation, EMPTY_LEDGER, ledgerAt, recordOperation } from './operations';
import { createFixedSupplyStrategy, fixedSupplyParams } from './strategies/fixed-supply';
import { createPidFfStrategy } from './strategies/pid-ff';
import { createRangeStrategy } from './strategies/range';
import { createRebaseStrategy } from './strategies/rebase';
import { BASE_PARAMS, GUARDRAILS, makeForecast, makeState, NOW, SUPPLY } from './testing';

// defaultGuardrails(100 M, 1): net supply budget 2 % = 2 M tokens; buyback max (the per-epoch
// operation budget) 2 M stable; supplyChange min delay 24 h.
describe('clampOperation: standing operations stay inside the guardrails', () => {
  it('a contraction larger than the rolling budget is cut to what the budget allows after the burn', () => {
    const op = clampOperation({ rebaseFactor: 0.95, rationale: '', memory: {} }, makeState(), GUARDRAILS, EMPTY_LEDGER);
    // burnable = 2 M / 1.02 (the budget is measured on the supply after the burn)
    expect(op.rebaseFactor).toBeCloseTo(1 - 2_000_000 / 1.02 / SUPPLY, 12);
    expect(op.clampedBy).toEqual(['supplyBudget']);
  });

  it('an expansion uses only what is left of the window after earlier mints', () => {
    const state = makeState({ supplyWindow: { minted: 500_000, burned: 0, totalSupply: SUPPLY } });
    const op = clampOperation({ rebaseFactor: 1.05, rationale: '', memory: {} }, state, GUARDRAILS, EMPTY_LEDGER);
    // The budget is 2 % of the supply less the window's mints (1.99 M), of which 0.5 M is used.
    expect(op.rebaseFactor).toBeCloseTo(1 + (0.02 * (SUPPLY - 500_000) - 500_000) / SUPPLY, 12);
  });

  it('a small rebase passes unchanged; a second within 24 h is refused', () => {
    const ok = clampOperation({ rebaseFactor: 1.01, rationale: '', memory: {} }, makeState(), GUARDRAILS, EMPTY_LEDGER);
    expect(ok).toEqual({ rebaseFactor: 1.01, buyStable: 0, sellTokens: 0, clampedBy: [] });
    const ledger = recordOperation(EMPTY_LEDGER, NOW, { rebaseFactor: 1.01, buyStable: 0, sellStable: 0 });
    const later = makeState({ now: NOW + 23 * 3600 });
    const refused = clampOperation({ rebaseFactor: 1.01, rationale: '', memory: {} }, later, GUARDRAILS, ledger);
    expect(refused.rebaseFactor).toBe(1);
    expect(refused.clampedBy).toEqual(['minDelay']);
    const dayLater = makeState({ now: NOW + 24 * 3600 });
    expect(
      clampOperation({ rebaseFactor: 1.01, rationale: '', memory: {} }, dayLater, GUARDRAILS, ledger).rebaseFactor,
    ).toBe(1.01);
  });

  it('buys are held to the treasury and to the per-epoch budget; a new epoch starts afresh', () => {
    const state = makeState();
    let ledger = recordOperation(EMPTY_LEDGER, NOW, { rebaseFactor: 1, buyStable: 1_900_000, sellStable: 0 });
    const op = clampOperation({ buyStable: 500_000, rationale: '', memory: {} }, state, GUARDRAILS, ledger);
    expect(op.buyStable).toBeCloseTo(100_000, 6);
    expect(op.clampedBy).toEqual(['epochBudget']);
    const poor = makeState({ treasuryStable: 50_000 });
    expect(
      clampOperation({ buyStable: 500_000, rationale: '', memory: {} }, poor, GUARDRAILS, EMPTY_LEDGER).buyStable,
    ).toBe(50_000);
    ledger = ledgerAt(ledger, NOW + 86_400);
    expect(ledger.boughtStable).toBe(0);
  });

  it('sells are valued at the current price against the per-epoch budget', () => {
    const state = makeState({ price: 1.5, poolStable: 15_000_000 });
    const ledger = recordOperation(EMPTY_LEDGER, NOW, { rebaseFactor: 1, buyStable: 0, sellStable: 1_700_000 });
    const op = clampOperation({ sellTokens: 1_000_000, rationale: '', memory: {} }, state, GUARDRAILS, ledger);
    // 300 000 stable left at 1.5 stable per token = 200 000 tokens
    expect(op.sellTokens).toBeCloseTo(200_000, 6);
  });

  it('nonsense amounts are no operation', () => {
    const op = clampOperation(
      { rebaseFactor: Number.NaN, buyStable: -5, sellTokens: Number.POSITIVE_INFINITY, rationale: '', memory: {} },
      makeState(),
      GUARDRAILS,
      EMPTY_LEDGER,
    );
    expect(op).toEqual({ rebaseFactor: 1, buyStable: 0, sellTokens: 0, clampedBy: [] });
  });
});

describe("the field's policies never get past a guardrail", () => {
  const fixed = { transferFeeBps: 30, stakingRewardRate: BASE_PARAMS.stakingRewardRate };
  const strategies = [
    createFixedSupplyStrategy(fixed),
    createRebaseStrategy({ levels: fixedSupplyParams(fixed) }),
    createPidFfStrategy({ kff: 4 }),
    createRangeStrategy({ levels: { ...BASE_PARAMS, buybackBudget: 0 } }),
  ];
  it('proposals pass every rule; operations stay within the supply, epoch and balance budgets', () => {
    fc.assert(
      fc.property(
        fc.record({
          price: fc.double({ min: 0.05, max: 20, noNaN: true }),
          ref: fc.double({ min: 0.05, max: 20, noNaN: true }),
          market: fc.double({ min: 1, max: 1e6, noNaN: true }),
          since: fc.array(fc.integer({ min: 0, max: 48 * 3600 }), { minLength: 5, maxLength: 5 }),
          minted: fc.double({ min: 0, max: 2_500_000, noNaN: true }),
          burned: fc.double({ min: 0, max: 2_500_000, noNaN: true }),
          treasuryStable: fc.double({ min: 0, max: 1e7, noNaN: true }),
          treasuryToken: fc.double({ min: 0, max: 2e7, noNaN: true }),
          bought: fc.double({ min: 0, max: 3e6, noNaN: true }),
          sold: fc.double({ min: 0, max: 3e6, noNaN: true }),
          lastRebaseAgo: fc.integer({ min: 0, max: 72 * 3600 }),
          strategy: fc.integer({ min: 0, max: strategies.length - 1 }),
        }),
        (x) => {
          const [a = 0, b = 0, c = 0, d = 0, e = 0] = x.since;
          const lastChangedAt = {
            burnShareBps: NOW - a,
            transferFeeBps: NOW - b,
            stakingRewardRate: NOW - c,
            buybackBudget: NOW - d,
            supplyChange: NOW - e,
          };
          const window = { minted: x.minted, burned: x.burned, totalSupply: SUPPLY };
          const state = makeState({
            price: x.price,
            poolStable: 10_000_000 * x.price,
            referencePrice: x.ref,
            marketPrice: x.market,
            lastChangedAt,
            treasuryStable: x.treasuryStable,
            treasuryToken: x.treasuryToken,
            supplyWindow: window,
          });
          const strategy = strategies[x.strategy];
          const memory = { lastUpdate: NOW - 3600, marketEma: Math.log(x.market * 1.1), ma: x.ref };
          const dec = decide(state, { volatility: makeForecast(1) }, GUARDRAILS, 'stability', { strategy, memory });
          if (dec.kind === 'proposal') {
            for (const ch of dec.changes) {
              expect(ch.parameter).not.toBe('supplyChange');
              if (ch.parameter === 'supplyChange') continue;
              const rule = violatedRule(
                ch.parameter,
                BASE_PARAMS[ch.parameter],
                ch.to,
                GUARDRAILS,
                lastChangedAt[ch.parameter],
                NOW,
              );
              expect(rule).toBeUndefined();
            }
          }
          const op = strategy?.operate?.({
            state,
            forecasts: { volatility: makeForecast(1) },
            guardrails: GUARDRAILS,
            objective: 'stability',
            memory,
          });
          if (!op) return;
          const ledger = {
            epochStart: NOW - 3600,
            boughtStable: x.bought,
            soldStable: x.sold,
            lastRebaseAt: NOW - x.lastRebaseAgo,
          };
          const c2 = clampOperation(op, state, GUARDRAILS, ledger);
          const { mintable, burnable } = supplyBudget(GUARDRAILS, window);
          const delta = (c2.rebaseFactor - 1) * SUPPLY;
          expect(delta).toBeLessThanOrEqual(mintable * (1 + 1e-12) + 1e-6);
          expect(-delta).toBeLessThanOrEqual(burnable * (1 + 1e-12) + 1e-6);
          if (c2.rebaseFactor !== 1) expect(x.lastRebaseAgo).toBeGreaterThanOrEqual(GUARDRAILS.supplyChange.minDelay);
          const epochMax = GUARDRAILS.params.buybackBudget.max;
          expect(c2.buyStable).toBeLessThanOrEqual(Math.min(x.treasuryStable, Math.max(0, epochMax - x.bought)) + 1e-6);
          expect(c2.sellTokens).toBeLessThanOrEqual(x.treasuryToken + 1e-6);
          expect(c2.sellTokens * x.price).toBeLessThanOrEqual(Math.max(0, epochMax - x.sold) + 1e-6);
        },
      ),
      { numRuns: 300 },
    );
  });
});
