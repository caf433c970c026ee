/**
 * Economic constants of the simulated token economy. Every number is stated with its unit and
 * its reason; all are identical for every policy. See lib/sim/README.md for the model.
 */
export type EconomyConfig = {
  /** Initial total supply (tokens) and price (stable per token). */
  totalSupply: number;
  initialPrice: number;
  /** Initial token allocation, fractions of supply (sum to 1). */
  alloc: {
    pool: number;
    holders: number;
    treasury: number;
    emissions: number;
    momentum: number;
    noise: number;
    lpWallet: number;
  };
  /** Initial stable: treasury (stable); traders and LPs hold stable equal to their token value. */
  treasuryStable: number;
  /** Fraction of holder token wealth they hold again in stable (sets the initial token share w0 ≈ 0.5). */
  holders: number;
  momentumTraders: number;
  noiseTraders: number;
  /** AMM (Uniswap V2) swap fee, bps, stays in the pool for LPs. */
  ammFeeBps: number;
  /** Unstaked tokens become liquid after this many hours. */
  unbondingHours: number;

  // --- holders (portfolio demand) ---
  /** Elasticity of desired token share to market sentiment (log distance of the market from its moving average). */
  sentimentSensitivity: number;
  /** Market moving-average horizons (hours) holders use; each holder has one. */
  sentimentHorizonsHours: [number, number, number];
  /** Per-hour fraction of the gap to target a holder closes when outside its band. */
  holderSpeed: [number, number];
  /** Base no-trade band (fraction of wealth) before costs. */
  holderBand: number;
  /** Drawdown from the recent high (lookback panicLookbackHours) that triggers a holder's panic, range. */
  panicDrawdown: [number, number];
  panicLookbackHours: number;
  /** Share of holders who panic at all (the rest hold through drawdowns). */
  panicProneShare: number;
  /** Desired share multiplier right after a panic, and the halflife (hours) of the recovery to 1. */
  panicFactor: number;
  panicHours: number;
  /** Elasticity of desired share to staking yield (per unit of APR change × stake fraction). */
  yieldSensitivity: number;
  /** Expected round trips a year a holder pays fees on (fee drag on desired share). */
  feeTurnoverPerYear: number;

  // --- staking ---
  /** Holders' resting staked fraction, range. */
  stakeBase: [number, number];
  /** Staked-fraction change per unit of APR change (token terms, fraction/yr). */
  stakeAprSlope: number;
  /** Staked-fraction change per unit of annualised volatility above 0.8 (illiquidity cost of unbonding). */
  stakeVolSlope: number;
  /** Per-hour fraction of the staking gap closed. */
  stakeSpeed: number;

  // --- momentum traders ---
  momentumLookbacksHours: number[];
  /** tanh gain on the log return signal. */
  momentumGain: number;
  /** Minimum |signal| to act, before costs. */
  momentumThreshold: number;
  momentumSpeed: number;

  // --- speculators switch between the momentum rule and a fundamentalist rule (Brock & Hommes 1998) ---
  /**
   * Fundamentalists move toward a token share `0.5 + 0.5·tanh(gain · log(p_f / p))`, where p_f is the
   * holders' aggregate indifference price (the price at which the holders as a whole hold what they
   * want); they act when |log(p_f / p)| exceeds the threshold plus the round-trip cost.
   */
  fundamentalGain: number;
  fundamentalThreshold: number;
  /** Per-hour fraction of the gap to target a fundamentalist closes. */
  fundamentalSpeed: number;
  /** Intensity of choice β of the logit switching rule, per unit of annualised return difference. */
  switchIntensity: number;
  /** Halflife (hours) of the memory of each rule's past performance (its fitness). */
  fitnessHalflifeHours: number;
  /** Chance per hour that a speculator reconsiders its rule (asynchronous updating). */
  switchRatePerHour: number;
  /** Share of speculators that start with the fundamentalist rule. */
  fundamentalistShare0: number;

  // --- entry and exit of traders (turnover, as in the population dynamics of Lux & Marchesi 1999) ---
  /**
   * Hours over which entry and exit restore a trader account's capital toward its starting size
   * (valued at the current price): new traders bring stable when an account has lost, winners
   * withdraw stable when it has gained. 0 = no turnover.
   */
  traderTurnoverHours: number;

  // --- noise traders ---
  /** Orders per hour at the reference round-trip cost. */
  noiseOrdersPerHour: number;
  /** Median order size (stable) and log-sd. */
  noiseOrderStable: number;
  noiseOrderSigma: number;
  /** Probability tilt towards the market's last-hour direction. */
  noiseTapeBias: number;
  /** Volume elasticity to round-trip cost (volume ∝ cost^−ε). */
  costElasticity: number;
  /** Round-trip cost (bps) at which noiseOrdersPerHour applies. */
  referenceCostBps: number;
  /**
   * Elasticity of the noise order rate to the market factor's recent volatility (24 h EWMA over
   * its 720 h EWMA): retail attention and trading rise when the crypto market is volatile, which
   * carries the market's volatility clustering into the token's order flow. 0 = constant rate.
   */
  noiseAttentionElasticity: number;

  // --- LPs ---
  /** Required return of LPs beyond loss-versus-rebalancing (fraction/yr). */
  lpHurdle: number;
  lpSpeed: number;
  lpDepthRange: [number, number];
};

export const DEFAULT_ECONOMY: EconomyConfig = {
  totalSupply: 100_000_000,
  initialPrice: 1,
  alloc: { pool: 0.1, holders: 0.55, treasury: 0.1, emissions: 0.1, momentum: 0.05, noise: 0.05, lpWallet: 0.05 },
  treasuryStable: 5_000_000,
  holders: 200,
  momentumTraders: 20,
  noiseTraders: 50,
  ammFeeBps: 30,
  unbondingHours: 72,

  sentimentSensitivity: 1,
  sentimentHorizonsHours: [24, 168, 720],
  holderSpeed: [0.02, 0.1],
  holderBand: 0.01,
  panicDrawdown: [0.15, 0.6],
  panicLookbackHours: 168,
  panicProneShare: 0.5,
  panicFactor: 0.5,
  panicHours: 168,
  yieldSensitivity: 1,
  feeTurnoverPerYear: 8,

  stakeBase: [0.1, 0.5],
  stakeAprSlope: 1,
  stakeVolSlope: 0.1,
  stakeSpeed: 0.02,

  momentumLookbacksHours: [3, 6, 12, 24],
  momentumGain: 10,
  momentumThreshold: 0.01,
  momentumSpeed: 0.1,

  fundamentalGain: 10,
  fundamentalThreshold: 0.01,
  fundamentalSpeed: 0.1,
  switchIntensity: 2,
  fitnessHalflifeHours: 168,
  switchRatePerHour: 1 / 24,
  fundamentalistShare0: 0.5,

  traderTurnoverHours: 500,

  noiseOrdersPerHour: 20,
  noiseOrderStable: 5_000,
  noiseOrderSigma: 1,
  noiseTapeBias: 0.15,
  costElasticity: 1,
  referenceCostBps: 120,
  noiseAttentionElasticity: 1,

  lpHurdle: 0.15,
  lpSpeed: 0.01,
  lpDepthRange: [0.5, 1.5],
};
