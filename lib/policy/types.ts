/**
 * Domain types shared by the policy library, the simulator and (later) the agent.
 *
 * Names follow the on-chain PolicyController's parameters. Units are in the names or the
 * comments: token amounts are whole tokens as floating-point numbers (the agent converts
 * from/to 18-decimal integers at the chain boundary), stable amounts are whole stable units
 * (1 stable ≈ 1 USD), rates are per second, fees are basis points, times are unix seconds.
 */

/** What the holders have told the agent to optimise. Governed by holders, never by the agent. */
export type ObjectiveMode = 'stability' | 'growth' | 'scarcity';
export const OBJECTIVE_MODES = ['stability', 'growth', 'scarcity'] as const satisfies readonly ObjectiveMode[];

/** Level parameters the controller holds (each has min/max/maxStep/minDelay guardrails). */
export type PolicyParameters = {
  /** Share of the transfer fee that is burned, in bps of the fee (0..10_000); the rest goes to the treasury. */
  burnShareBps: number;
  /** Fee on token transfers (swaps included), in bps of the amount moved. */
  transferFeeBps: number;
  /** Tokens per second paid to stakers pro rata, drawn from the emissions budget. */
  stakingRewardRate: number;
  /** Stable per buyback epoch (BUYBACK_EPOCH_SECONDS) the treasury spends buying tokens on the AMM and burning them. */
  buybackBudget: number;
};

/** Names of the level parameters, in a fixed order (used for iteration and for stable JSON). */
export const LEVEL_PARAMETERS = [
  'burnShareBps',
  'transferFeeBps',
  'stakingRewardRate',
  'buybackBudget',
] as const satisfies readonly (keyof PolicyParameters)[];
export type LevelParameter = (typeof LEVEL_PARAMETERS)[number];

/**
 * Every governed parameter: the four levels, `supplyChange` (a one-off mint > 0 / burn < 0 in
 * tokens, bounded by the rolling 24 h net supply budget) and `objectiveMode`.
 */
export type GovernedParameter = LevelParameter | 'supplyChange' | 'objectiveMode';

/** The buyback budget is spent evenly over this epoch (the executor buys a slice every block/step). */
export const BUYBACK_EPOCH_SECONDS = 86_400;
export const SECONDS_PER_YEAR = 31_536_000;

/** Bounds for one parameter, as stored on-chain. */
export type Guardrail = {
  /** Lowest allowed value (same unit as the parameter). */
  min: number;
  /** Highest allowed value. */
  max: number;
  /** Largest allowed |new − old| in one change (same unit as the parameter). */
  maxStep: number;
  /** Seconds that must pass after the last change before the next one. */
  minDelay: number;
};

/** All guardrails, as read from the controller (never copied into the agent's code). */
export type Guardrails = {
  params: Record<LevelParameter, Guardrail>;
  /**
   * One-off mint/burn bounds: min/max are the most one change may burn (negative) / mint
   * (positive), in tokens; maxStep is unused (a change is its own step); minDelay applies.
   */
  supplyChange: Guardrail;
  /** Rolling window over which every mint and burn is netted (seconds; default 24 h). */
  supplyWindowSeconds: number;
  /** Largest |net mints − burns| within the window, in bps of current total supply (default 200 = 2%). */
  maxNetSupplyChangeBps: number;
  /** Seconds between objective-mode changes (the mode itself is set by holders). */
  objectiveModeMinDelay: number;
};

/** Net supply change already used in the current rolling window (tokens; mints − burns). */
export type SupplyWindowUsage = {
  /** Tokens minted in the window (≥ 0). */
  minted: number;
  /** Tokens burned in the window (≥ 0), every burn counted: fee burns, buyback burns, supplyChange burns. */
  burned: number;
  /** Current total supply (tokens); the budget is maxNetSupplyChangeBps of it. */
  totalSupply: number;
};

/** Quality of the inputs the decision is made on. Any failed check → no action. */
export type InputQuality = {
  /** Seconds since the price oracle / pool observation was last updated. */
  oracleAgeSeconds: number;
  /** Seconds the indexer trails the chain head. */
  indexerLagSeconds: number;
  /** 0..1 anomaly score from lib/ml (liquidity drains, whale dumps, wash bursts, oracle spikes). */
  anomalyScore: number;
  /** Named anomalies raised by the analysers; any present → do not act. */
  anomalyFlags: string[];
};

/** What the policy sees: observable on-chain state plus summary statistics, at time `now`. */
export type PolicyState = {
  /** Unix seconds of the observation. */
  now: number;
  /** Token price in stable (AMM spot or a short TWAP). */
  price: number;
  /** Moving reference price in stable (e.g. 7-day EMA); the centre of the stability band. */
  referencePrice: number;
  /** Highest price over the drawdown look-back (stable). */
  recentHigh: number;
  /** Realised annualised volatility over the last 24 h (fraction, e.g. 0.8 = 80%/yr). */
  realizedVol24h: number;
  /** Long-run realised annualised volatility (slow EWMA), the policy's notion of "normal". */
  realizedVolLongRun: number;
  /** Total token supply (tokens). */
  totalSupply: number;
  /** Tokens staked, including unbonding (tokens). */
  staked: number;
  /** Tokens in the AMM pool. */
  poolToken: number;
  /** Stable in the AMM pool. */
  poolStable: number;
  /** Treasury holdings. */
  treasuryToken: number;
  treasuryStable: number;
  /** Tokens left in the emissions budget that pays staking rewards. */
  emissionsBudget: number;
  /** Stable traded on the AMM over the last 24 h. */
  volume24hStable: number;
  /** Current on-chain parameter values. */
  params: PolicyParameters;
  /** Unix seconds of each parameter's last change (0 = never). */
  lastChangedAt: Record<LevelParameter | 'supplyChange', number>;
  /** Mints and burns in the current rolling supply window. */
  supplyWindow: SupplyWindowUsage;
  /** True when an earlier proposal has not executed or been vetoed yet: never stack proposals. */
  proposalPending: boolean;
  inputQuality: InputQuality;
  /**
   * Exogenous market price (the market factor, e.g. BTC in stable), an oracle input. In the
   * simulator it is the replayed path's close of the previous hour; on-chain it will be the
   * market-price feed of the signal oracle (posted by the reporter, staleness checked like the
   * other signals). Undefined where no feed exists yet (the live agent today): strategies that
   * read it must then fall back to feedback alone.
   */
  marketPrice?: number | undefined;
};

/**
 * A volatility forecast with intervals, for the token price over `horizonHours`.
 * All values are annualised volatility (σ, fraction per √year), not variance.
 */
export type Forecast = {
  rvNext: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
  horizonHours: number;
  /** Which model produced it (e.g. "har-rv", "ewma", "tfjs-lstm@<hash>"). */
  model?: string;
  /** Unix seconds the forecast was made at (for staleness checks). */
  issuedAt?: number;
};

/** Forecasts available to the policy. `volatility` is required; more kinds can be added. */
export type Forecasts = {
  volatility: Forecast;
};

/** Produces a forecast from the price history up to and including index `t` (no look-ahead). */
export type Forecaster = (history: { timestamp: ArrayLike<number>; price: ArrayLike<number> }, t: number) => Forecast;

/** One parameter change in a proposal. */
/**
 * The treasury operations' governed parameters (controller ids 6–11): POL budget (stable per
 * epoch), pool share cap (bps), range bands (stable per HOME), range buy budget (stable per epoch)
 * and range sell budget (HOME per epoch). Changed only by lib/policy/treasury-levers.ts's rule.
 */
export type TreasuryParameter =
  | 'polBudget'
  | 'polMaxShareBps'
  | 'rangeLowerBand'
  | 'rangeUpperBand'
  | 'rangeBuyBudget'
  | 'rangeSellBudget';

export type ParameterChange = {
  parameter: LevelParameter | 'supplyChange';
  /** Current on-chain value (for supplyChange: 0). */
  from: number;
  /** New value after clamping (for supplyChange: tokens to mint (> 0) or burn (< 0)). */
  to: number;
  /** What the strategy asked for before the guardrails clamped it. */
  requested: number;
  /** Guardrail rules that bound this change, if any. */
  clampedBy: GuardrailRule[];
};

/** A change to a treasury-operation parameter (same fields, the treasury's parameter names). */
export type TreasuryParameterChange = Omit<ParameterChange, 'parameter'> & { parameter: TreasuryParameter };
/** Any change the agent may encode into a proposal. */
export type AnyParameterChange = ParameterChange | TreasuryParameterChange;

export type GuardrailRule = 'min' | 'max' | 'maxStep' | 'minDelay' | 'supplyBudget';

/** Expected first-order effect of a proposal on one KPI over the forecast horizon. */
export type ExpectedEffect = {
  kpi: 'priceVolatility' | 'maxDrawdown' | 'netSupplyChange' | 'treasuryStable' | 'stakingRatio' | 'volume';
  direction: 'down' | 'up' | 'none';
  /** Signed estimate in `unit` (rough; the Verify step compares it with what happened). */
  estimate: number;
  unit: string;
  basis: string;
};

/** How far each parameter is from its guardrails after the change. */
export type Headroom = {
  params: Record<
    LevelParameter,
    { value: number; toMin: number; toMax: number; maxStep: number; secondsUntilChangeAllowed: number }
  >;
  supply: {
    /** Tokens that may still be minted (≥ 0) / burned (≥ 0) in the current window. */
    mintable: number;
    burnable: number;
    windowNet: number;
    budget: number;
  };
};

export type Proposal = {
  kind: 'proposal';
  policy: string;
  objective: ObjectiveMode;
  changes: ParameterChange[];
  /**
   * Treasury-operation changes (ids 6–11) proposed with the level changes, or alone (then
   * `changes` is empty); added by lib/policy/treasury-levers.ts's `withTreasuryLevers`.
   */
  treasuryChanges?: TreasuryParameterChange[] | undefined;
  /** Human-readable justification (plain text, a few sentences). */
  justification: string;
  expectedEffects: ExpectedEffect[];
  headroom: Headroom;
  /** The forecasts the decision used, verbatim (with intervals). */
  forecasts: Forecasts;
  /** Strategy memory to carry into the next decision (e.g. PID integral). */
  memory: PolicyMemory;
};

export type NoActionReason =
  | 'inputs-untrusted'
  | 'forecast-invalid'
  | 'proposal-pending'
  | 'within-tolerance'
  | 'blocked-by-guardrails'
  | 'static-policy';

export type NoAction = {
  kind: 'no-action';
  policy: string;
  objective: ObjectiveMode;
  reason: NoActionReason;
  /** Human-readable explanation of why nothing is proposed. */
  justification: string;
  headroom: Headroom;
  memory: PolicyMemory;
  /** With 'blocked-by-guardrails': each wanted parameter and the rules that held it where it is. */
  blocked?: { parameter: string; by: string[] }[];
};

export type Decision = Proposal | NoAction;

/** Opaque per-strategy memory (JSON-serialisable) carried between decisions by the caller. */
export type PolicyMemory = Record<string, number>;

export type PolicyInput = {
  state: PolicyState;
  forecasts: Forecasts;
  guardrails: Guardrails;
  objective: ObjectiveMode;
  memory?: PolicyMemory | undefined;
};

/**
 * A pure strategy: proposes raw targets; guardrail clamping and the input-quality gate are
 * applied by `decide` around it, always, for every strategy.
 */
export type StrategyOutput = {
  /** Raw targets for level parameters (omitted = keep). */
  targets: Partial<PolicyParameters>;
  /** Raw one-off supply change in tokens (mint > 0 / burn < 0), if any. */
  supplyChange?: number;
  /** Why, in a sentence or two. */
  rationale: string;
  memory: PolicyMemory;
};

/**
 * Standing market operations that a rule executes itself each hour, without a proposal, as the
 * field's rule-based protocols do: Ampleforth's daily rebase (permissionless, from its oracles)
 * and Olympus's range operator (treasury swaps at the bands). Governance sets the rule's
 * settings; the executor clamps each operation to the same guardrails as everything else (the
 * rolling net-supply budget, the per-epoch treasury budget, the treasury's balances).
 */
export type MarketOperation = {
  /**
   * Multiply every token balance (holders, staking, pool, treasury, emissions budget) and the
   * supply by this factor (1 = no rebase; 1.01 = expand supply by 1 %).
   */
  rebaseFactor?: number;
  /** Stable the treasury spends buying tokens on the pool this hour (bought tokens are burned, as buybacks). */
  buyStable?: number;
  /** Treasury tokens sold on the pool for stable this hour. */
  sellTokens?: number;
  /** Why, in a sentence. */
  rationale: string;
  /** Memory for the next call of `operate` (separate from `run`'s memory). */
  memory: PolicyMemory;
};

export type Strategy = {
  name: string;
  run(input: PolicyInput): StrategyOutput;
  /** Standing operations (rebase, range operations), called every hour by the executor; see MarketOperation. */
  operate?(input: PolicyInput): MarketOperation;
  /** The parameters the strategy rests at (used to start a backtest without a transient). */
  initialParams?(objective: ObjectiveMode, guardrails: Guardrails): PolicyParameters;
};
