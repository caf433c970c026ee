import { describe, expect, it } from 'vitest';
import { clampOperation, EMPTY_LEDGER, ledgerAt, recordOperation } from './operations';
import { GUARDRAILS, makeState, NOW, SUPPLY } from './testing';

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
    expect(op.rebaseFactor).toBeCloseTo(1.015, 12);
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
