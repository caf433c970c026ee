import { BUYBACK_EPOCH_SECONDS, type PolicyParameters, type Strategy } from '../types';

/**
 * Olympus-style range-bound stability (RBS): bands around a moving-average reference price,
 * defended by treasury market operations that the rule executes itself every hour (`operate`):
 * - below the lower wall (MA × (1 − wallSpread)) the treasury buys tokens with stable until the
 *   pool price is back at the wall, up to what is left of the side's capacity ("wall");
 * - between the lower wall and the lower cushion (MA × (1 − cushionSpread)) it buys gradually,
 *   a slice of cushionFactor × capacity an hour spread over the epoch, never past the cushion
 *   price ("cushion");
 * - above the upper band the same, selling treasury tokens for stable.
 * Bought tokens are burned, as buybacks are (within the rolling supply budget; the rest stays in
 * the treasury). Each side's capacity is reserveFactor of the treasury's reserves on that side
 * (stable below, the tokens' value above), set at each epoch start; the executor also holds
 * every operation to the per-epoch treasury budget and the supply budget.
 *
 * Olympus's walls are standing swap offers at the wall price that arbitrageurs fill; on one
 * constant-product pool that is the same as the treasury trading the pool to the wall price, which
 * is what this does. Its cushions are bond markets (5-day "cushionDuration"); here a cushion is an
 * even hourly slice. Sources: Olympus "Range Bound Stability" docs and the Operator/RANGE contracts
 * (moving average 30 days, reserveFactor 10 %, cushionFactor 20 %); spreads of 10 % (cushion) and
 * 20 % (wall) are our defaults, not tuned on any crash path.
 */
export type RangeConfig = {
  /** Span (hours) of the exponential moving average of price the bands sit around (Olympus: a 30-day MA). */
  maHours: number;
  /** Cushion and wall distances from the moving average (fractions). */
  cushionSpread: number;
  wallSpread: number;
  /** Share of the treasury's reserves on a side that side may deploy per epoch. */
  reserveFactor: number;
  /** Share of a side's epoch capacity the cushion deploys, evenly over the epoch's hours. */
  cushionFactor: number;
  /** Level parameters held throughout (buybacks off: the range operations replace them). */
  levels: PolicyParameters;
};

export const DEFAULT_RANGE_CONFIG: Omit<RangeConfig, 'levels'> = {
  maHours: 720,
  cushionSpread: 0.1,
  wallSpread: 0.2,
  reserveFactor: 0.1,
  cushionFactor: 0.2,
};

/** Stable to spend buying on an x·y = k pool (fee ignored) to lift its price to `target`. */
export function stableToReach(poolToken: number, poolStable: number, target: number): number {
  return Math.max(0, Math.sqrt(target * poolToken * poolStable) - poolStable);
}

/** Tokens to sell on an x·y = k pool (fee ignored) to lower its price to `target`. */
export function tokensToReach(poolToken: number, poolStable: number, target: number): number {
  return Math.max(0, Math.sqrt((poolToken * poolStable) / target) - poolToken);
}

export function createRangeStrategy(
  config: Partial<Omit<RangeConfig, 'levels'>> & Pick<RangeConfig, 'levels'>,
): Strategy {
  const c: RangeConfig = { ...DEFAULT_RANGE_CONFIG, ...config };
  const hoursPerEpoch = BUYBACK_EPOCH_SECONDS / 3600;
  return {
    name: 'range',
    initialParams: () => ({ ...c.levels }),
    run: ({ memory }) => ({
      targets: { ...c.levels },
      rationale: 'Range policy: level parameters are fixed; the range operator trades at the bands.',
      memory: memory ?? {},
    }),
    operate: ({ state, memory }) => {
      const p = state.price;
      const last = memory?.lastUpdate ?? state.now;
      const dtHours = Math.max(0, (state.now - last) / 3600);
      const keep = (1 - 2 / (c.maHours + 1)) ** dtHours;
      // The moving average starts at the policy's reference price (7-day EMA) the first time.
      const ma = memory?.ma === undefined ? state.referencePrice : keep * memory.ma + (1 - keep) * p;

      // Capacity per side, fixed at each epoch start from the reserves then.
      const epoch = Math.floor(state.now / BUYBACK_EPOCH_SECONDS);
      const fresh = memory?.epoch !== epoch;
      const capBuy = fresh ? c.reserveFactor * state.treasuryStable : (memory?.capBuy ?? 0);
      const capSell = fresh ? c.reserveFactor * state.treasuryToken * p : (memory?.capSell ?? 0);
      let usedBuy = fresh ? 0 : (memory?.usedBuy ?? 0);
      let usedSell = fresh ? 0 : (memory?.usedSell ?? 0);

      const lowWall = ma * (1 - c.wallSpread);
      const lowCushion = ma * (1 - c.cushionSpread);
      const highCushion = ma * (1 + c.cushionSpread);
      const highWall = ma * (1 + c.wallSpread);
      let buyStable = 0;
      let sellTokens = 0;
      let what = 'inside the range';
      if (p < lowCushion) {
        const left = Math.max(0, capBuy - usedBuy);
        if (p < lowWall) {
          buyStable = Math.min(left, stableToReach(state.poolToken, state.poolStable, lowWall));
          what = 'below the lower wall';
        } else {
          const slice = (c.cushionFactor * capBuy) / hoursPerEpoch;
          buyStable = Math.min(left, slice, stableToReach(state.poolToken, state.poolStable, lowCushion));
          what = 'in the lower cushion';
        }
        usedBuy += buyStable;
      } else if (p > highCushion) {
        const leftTokens = Math.max(0, capSell - usedSell) / p;
        if (p > highWall) {
          sellTokens = Math.min(leftTokens, tokensToReach(state.poolToken, state.poolStable, highWall));
          what = 'above the upper wall';
        } else {
          const slice = (c.cushionFactor * capSell) / hoursPerEpoch / p;
          sellTokens = Math.min(leftTokens, slice, tokensToReach(state.poolToken, state.poolStable, highCushion));
          what = 'in the upper cushion';
        }
        usedSell += sellTokens * p;
      }
      const op = {
        rationale:
          `Range: price ${p.toFixed(4)} is ${what} (MA ${ma.toFixed(4)}, cushions ±${(100 * c.cushionSpread).toFixed(0)} %, ` +
          `walls ±${(100 * c.wallSpread).toFixed(0)} %).`,
        memory: { ma, lastUpdate: state.now, epoch, capBuy, capSell, usedBuy, usedSell },
      };
      if (buyStable > 0) return { ...op, buyStable };
      if (sellTokens > 0) return { ...op, sellTokens };
      return op;
    },
  };
}
