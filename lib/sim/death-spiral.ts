/**
 * The `death-spiral` scenario: an algorithmic stable coupled to the token by mint/burn arbitrage
 * (seigniorage), as Terra's UST/LUNA (May 2022) and Iron Finance's IRON/TITAN (June 2021).
 *
 * Redeeming 1 stable burns it and mints $1 of token at the pool price; the redeemer sells that
 * token into the token/USD pool. When the stable loses its peg, holders who want out redeem, the
 * minted tokens are sold, the token price falls, each further dollar redeemed mints more tokens,
 * and the exit pressure rises with the peg gap and the token's fall: the spiral.
 *
 * Guarded run: every mint is inside the rolling net-supply guardrail (2 % of token supply per
 * 24 h by default, the same rule as lib/sim/economy.ts's SupplyWindow and the on-chain
 * controller). Redemptions beyond it queue; the queue trades the stable at a discount on the
 * secondary market instead. Unbounded counterfactual: every redemption is minted at once.
 * A treasury (USD reserve, like the LFG reserve) defends the peg by buying stables below 0.98
 * and burning them, within a per-24 h budget (a fraction of what it held at the start).
 *
 * Pure and deterministic for a seed: no I/O, no clock.
 */
import { ConfigError } from '../errors';
import { Rng } from './rng';

export type DeathSpiralConfig = {
  hours: number;
  /** Token supply at the start (tokens). */
  tokenSupply: number;
  /** Token/USD constant-product pool at the start. */
  poolToken: number;
  poolUsd: number;
  /** Algorithmic stable supply at the start (1 stable = $1 at the peg). */
  stableSupply: number;
  /** Treasury's USD reserve at the start. */
  treasuryUsd: number;
  /** Treasury's spend per 24 h, as a fraction of its starting reserve. */
  treasuryBudgetPerDay: number;
  /** Guardrail: max |net token supply change| per window, in bps of supply; null = unbounded. */
  maxNetSupplyChangeBps: number | null;
  windowHours: number;
  /** The trigger: extra exit demand, fraction of stable supply per hour, in [shockStart, shockEnd). */
  shockStart: number;
  shockEnd: number;
  shockPerHour: number;
  /** Baseline hourly exit fraction, and its sensitivity to the peg gap and the token's drawdown. */
  baseExit: number;
  exitPerPegGap: number;
  exitPerTokenDrawdown: number;
  /** Log-normal noise on the hourly exit fraction. */
  exitNoise: number;
  /** Secondary-market discount: stable price = 1 - discountPerQueue * queue / stableSupply. */
  discountPerQueue: number;
  /** Token holders' panic: fraction of their float sold per hour per unit of drawdown. */
  tokenPanicPerDrawdown: number;
};

/** Terra-like proportions (UST ≈ $18.5 B against a LUNA market cap ≈ $30 B early May 2022). */
export const DEATH_SPIRAL_DEFAULTS: DeathSpiralConfig = {
  hours: 240,
  tokenSupply: 350e6,
  poolToken: 25e6,
  poolUsd: 2_000e6,
  stableSupply: 18_000e6,
  treasuryUsd: 3_000e6,
  treasuryBudgetPerDay: 0.25,
  maxNetSupplyChangeBps: 200,
  windowHours: 24,
  shockStart: 24,
  shockEnd: 48,
  shockPerHour: 0.004,
  baseExit: 0.0002,
  exitPerPegGap: 0.05,
  exitPerTokenDrawdown: 0.01,
  exitNoise: 0.3,
  discountPerQueue: 2,
  tokenPanicPerDrawdown: 0.002,
};

export type DeathSpiralHour = {
  hour: number;
  tokenPrice: number;
  stablePrice: number;
  tokenSupply: number;
  stableSupply: number;
  treasuryUsd: number;
  queue: number;
};

export type DeathSpiralResult = {
  guarded: boolean;
  path: DeathSpiralHour[];
  /** Largest net token supply change in any rolling window, as a fraction of supply. */
  maxWindowNetFrac: number;
  /** Token supply at the end / at the start. */
  supplyGrowth: number;
  minTokenPrice: number;
  finalTokenPrice: number;
  /** Token price at the end / at the start. */
  tokenPriceRatio: number;
  minStablePrice: number;
  finalStablePrice: number;
  stableSupplyEnd: number;
  treasuryStart: number;
  treasuryEnd: number;
  /** Stables still queued for redemption at the end. */
  queueEnd: number;
  /** Token market cap at the end / at the start. */
  tokenMcapRatio: number;
};

function check(cfg: DeathSpiralConfig): void {
  for (const [k, v] of Object.entries(cfg)) {
    if (k === 'maxNetSupplyChangeBps' && v === null) continue;
    if (!(typeof v === 'number' && Number.isFinite(v) && v >= 0)) {
      throw new ConfigError(`death-spiral.${k}`, `must be a finite number >= 0, got ${String(v)}`);
    }
  }
  if (!Number.isInteger(cfg.hours) || cfg.hours < 1)
    throw new ConfigError('death-spiral.hours', 'must be an integer >= 1');
  if (!Number.isInteger(cfg.windowHours) || cfg.windowHours < 1) {
    throw new ConfigError('death-spiral.windowHours', 'must be an integer >= 1');
  }
  if (cfg.poolToken <= 0 || cfg.poolUsd <= 0) throw new ConfigError('death-spiral.pool', 'reserves must be > 0');
  if (cfg.poolToken > cfg.tokenSupply) throw new ConfigError('death-spiral.poolToken', 'exceeds token supply');
}

export function runDeathSpiral(seed: number, overrides: Partial<DeathSpiralConfig> = {}): DeathSpiralResult {
  const cfg = { ...DEATH_SPIRAL_DEFAULTS, ...overrides };
  check(cfg);
  const rng = new Rng(seed);
  let poolT = cfg.poolToken;
  let poolU = cfg.poolUsd;
  let supply = cfg.tokenSupply;
  let stable = cfg.stableSupply;
  let treasury = cfg.treasuryUsd;
  let queue = 0;
  let stablePrice = 1;
  const p0 = poolU / poolT;
  const cap = cfg.maxNetSupplyChangeBps === null ? Number.POSITIVE_INFINITY : cfg.maxNetSupplyChangeBps / 10_000;
  const minted = new Float64Array(cfg.windowHours);
  const treasurySpent = new Float64Array(24);
  let windowNet = 0;
  let maxWindowNetFrac = 0;
  const budgetPerDay = cfg.treasuryBudgetPerDay * cfg.treasuryUsd;
  const sell = (tokens: number) => {
    if (tokens <= 0) return 0;
    const out = (poolU * tokens) / (poolT + tokens);
    poolT += tokens;
    poolU -= out;
    return out;
  };
  const path: DeathSpiralHour[] = [];
  let minTokenPrice = p0;
  let minStablePrice = 1;
  for (let h = 0; h < cfg.hours; h++) {
    const slot = h % cfg.windowHours;
    windowNet -= minted[slot] ?? 0;
    minted[slot] = 0;
    const tslot = h % 24;
    treasurySpent[tslot] = 0;
    const price = poolU / poolT;
    const drawdown = Math.max(0, 1 - price / p0);
    // Exit demand: a fraction of the stables not already queued.
    let exitFrac = cfg.baseExit + cfg.exitPerPegGap * (1 - stablePrice) + cfg.exitPerTokenDrawdown * drawdown;
    if (h >= cfg.shockStart && h < cfg.shockEnd) exitFrac += cfg.shockPerHour;
    exitFrac = Math.min(0.5, exitFrac * Math.exp(cfg.exitNoise * rng.normal() - 0.5 * cfg.exitNoise ** 2));
    queue += exitFrac * Math.max(0, stable - queue);
    // Treasury defends the peg: buys queued stables below 0.98 and burns them, within its budget.
    if (stablePrice < 0.98 && queue > 0) {
      const spentToday = treasurySpent.reduce((a, b) => a + b, 0);
      const usd = Math.min(treasury, Math.max(0, budgetPerDay - spentToday), queue * stablePrice);
      if (usd > 0) {
        const bought = usd / stablePrice;
        treasury -= usd;
        treasurySpent[tslot] = (treasurySpent[tslot] ?? 0) + usd;
        queue -= bought;
        stable -= bought;
      }
    }
    // Redemption: burn 1 stable, mint $1 of token at the pool price, sell it, within the guardrail.
    const want = queue / price; // tokens to mint for the whole queue
    const room = Math.max(0, cap * supply - windowNet);
    // At most doubling the supply in an hour: keeps the arithmetic finite once the price is ~0.
    const mint = Math.min(want, room, supply);
    if (mint > 0) {
      const redeemed = mint * price;
      supply += mint;
      windowNet += mint;
      minted[slot] = (minted[slot] ?? 0) + mint;
      stable -= redeemed;
      queue -= redeemed;
      sell(mint);
    }
    maxWindowNetFrac = Math.max(maxWindowNetFrac, windowNet / supply);
    // Token holders' panic sale of their float (outside the pool).
    const float = Math.max(0, supply - poolT);
    sell(float * Math.min(0.2, cfg.tokenPanicPerDrawdown * drawdown));
    queue = Math.max(0, queue);
    stable = Math.max(0, stable);
    stablePrice = stable > 0 ? Math.max(0.01, 1 - (cfg.discountPerQueue * queue) / stable) : 0.01;
    const p = poolU / poolT;
    minTokenPrice = Math.min(minTokenPrice, p);
    minStablePrice = Math.min(minStablePrice, stablePrice);
    path.push({
      hour: h,
      tokenPrice: p,
      stablePrice,
      tokenSupply: supply,
      stableSupply: stable,
      treasuryUsd: treasury,
      queue,
    });
  }
  const last = path[path.length - 1] as DeathSpiralHour;
  return {
    guarded: cfg.maxNetSupplyChangeBps !== null,
    path,
    maxWindowNetFrac,
    supplyGrowth: supply / cfg.tokenSupply,
    minTokenPrice,
    finalTokenPrice: last.tokenPrice,
    tokenPriceRatio: last.tokenPrice / p0,
    minStablePrice,
    finalStablePrice: last.stablePrice,
    stableSupplyEnd: stable,
    treasuryStart: cfg.treasuryUsd,
    treasuryEnd: treasury,
    queueEnd: queue,
    tokenMcapRatio: (supply * last.tokenPrice) / (cfg.tokenSupply * p0),
  };
}
