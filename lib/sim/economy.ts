import { type PolicyParameters, SECONDS_PER_YEAR } from '../policy/types';
import type { EconomyConfig } from './config';
import { Rng } from './rng';

const HOURS_PER_YEAR = 8760;
/** Treasury.BUYBACK_MAX_SLIPPAGE_BPS (500): a buyback gets at least 95 % of its stable's worth at the average price. */
const BUYBACK_FLOOR = 0.95;

/** Per-hour ring of mints and burns for the rolling net-supply window. */
class SupplyWindow {
  readonly minted: Float64Array;
  readonly burned: Float64Array;
  mintSum = 0;
  burnSum = 0;
  private slot = 0;
  constructor(readonly hours: number) {
    this.minted = new Float64Array(hours);
    this.burned = new Float64Array(hours);
  }
  /** Starts a new hour: drops the hour that leaves the window. */
  advance(): void {
    this.slot = (this.slot + 1) % this.hours;
    this.mintSum -= this.minted[this.slot] ?? 0;
    this.burnSum -= this.burned[this.slot] ?? 0;
    this.minted[this.slot] = 0;
    this.burned[this.slot] = 0;
    // Re-sum now and then to keep float drift out of the budget check.
    if (this.slot === 0) {
      this.mintSum = this.minted.reduce((a, b) => a + b, 0);
      this.burnSum = this.burned.reduce((a, b) => a + b, 0);
    }
  }
  addMint(x: number) {
    this.minted[this.slot] = (this.minted[this.slot] ?? 0) + x;
    this.mintSum += x;
  }
  addBurn(x: number) {
    this.burned[this.slot] = (this.burned[this.slot] ?? 0) + x;
    this.burnSum += x;
  }
  get net() {
    return this.mintSum - this.burnSum;
  }
}

export type FlowTotals = {
  minted: number;
  burned: number;
  feeBurned: number;
  buybackBurned: number;
  supplyChangeBurned: number;
  feeToTreasury: number;
  buybackStableSpent: number;
  buybackTokensBought: number;
  rewardsPaid: number;
  volumeStable: number;
  panicStarts: number;
  /** Treasury tokens sold by market operations (the range policy's upper band), and the stable they fetched. */
  treasurySoldTokens: number;
  treasurySaleStable: number;
  /** Net stable and tokens the holders handed to trader accounts through turnover (negative: received). */
  turnoverStable: number;
  turnoverToken: number;
};

/** Which kind of agent made a pool trade (the treasury's buybacks and market operations included). */
export type AgentClass = 'holder' | 'speculator' | 'noise' | 'treasury';

/** One pool trade as the in-memory executor filled it: tokens in a sell, stable in a buy; out after every fee. */
export type EconomyTrade = {
  agent: AgentClass;
  index: number;
  side: 'buy' | 'sell';
  amountIn: number;
  amountOut: number;
};

/**
 * What the agents did to the pool in one hour, in execution order: the order list an executor on
 * another venue (the local chain, lib/market/economy-plan.ts) replays. `lpFractions`: each LP move
 * as a signed fraction of the pool's reserves (> 0 added, < 0 removed).
 */
export type EconomyOrderLog = { trades: EconomyTrade[]; lpFractions: number[] };

/** Speculator rules: 0 = momentum (chartist), 1 = fundamentalist. */
export const CHARTIST = 0;
export const FUNDAMENTALIST = 1;

/**
 * The token economy: accounts, a constant-product pool and the behavioural agents. All
 * amounts are floats (tokens / stable). `step` advances one hour given the exogenous market
 * price. Pure TypeScript, no Node APIs: runs in a browser worker.
 */
export class Economy {
  readonly cfg: EconomyConfig;
  readonly rng: Rng;
  params: PolicyParameters;

  // accounts (tokens)
  supply: number;
  poolToken: number;
  poolStable: number;
  treasuryToken: number;
  treasuryStable: number;
  emissionsBudget: number;
  lpWalletToken: number;
  lpWalletStable: number;
  readonly stableTotal: number;

  // holders
  readonly hLiquid: Float64Array;
  readonly hStaked: Float64Array;
  readonly hUnbonding: Float64Array;
  readonly hReleaseAt: Float64Array; // hour index
  readonly hStable: Float64Array;
  readonly hW0: Float64Array;
  readonly hZ0: Float64Array;
  readonly hHorizon: Int32Array;
  readonly hSpeed: Float64Array;
  readonly hPanicDD: Float64Array;
  /** Panic level 1 → 0 (1 = just panicked). */
  readonly hPanic: Float64Array;
  private readonly panicDecay: number;
  // speculators (the momentum traders, who may switch to the fundamentalist rule)
  readonly mToken: Float64Array;
  readonly mStable: Float64Array;
  /** Index into cfg.momentumLookbacksHours of each speculator's momentum lookback. */
  readonly mLookbackIndex: Int32Array;
  /** Each speculator's rule now: CHARTIST or FUNDAMENTALIST. */
  readonly mStrategy: Uint8Array;
  /**
   * Fitness of each rule (Brock & Hommes 1998): EWMA of the hourly log return of a paper
   * portfolio that follows the rule, net of costs. Slots 0..L-1: momentum with the k-th
   * lookback; slot L: fundamentalist. `paperShare` is each paper portfolio's token share.
   */
  readonly fitness: Float64Array;
  readonly paperShare: Float64Array;
  /** Cost (fraction of wealth) each paper portfolio paid to rebalance at this hour's open. */
  private readonly paperCost: Float64Array;
  // noise traders
  readonly nToken: Float64Array;
  readonly nStable: Float64Array;
  /** Starting token and stable of one speculator / one noise account (the turnover's reference). */
  private readonly mStart: { token: number; stable: number };
  private readonly nStart: { token: number; stable: number };
  /** The holders' aggregate indifference price p* this hour (the fundamentalists' anchor). */
  fundamental: number;
  /**
   * While true the treasury executes no buybacks (its budget rests). Set during a backtest's
   * lead-in, so every policy enters the evaluation window with the treasury it started with.
   */
  treasuryResting = false;
  /**
   * When set, every pool trade and LP move is appended here as it is executed (the on-chain
   * executor's order list). Recording reads the amounts only: the economy's arithmetic is the same.
   */
  orderLog: EconomyOrderLog | null = null;
  /** Who is trading now (labels the order log). */
  private actor: AgentClass = 'treasury';
  private actorIndex = -1;

  // market sentiment state
  private readonly marketEma: [number, number, number] = [0, 0, 0];
  private marketLast = 0;
  private marketReturn = 0;
  /** EWMAs of the market's squared hourly log return, halflives 24 h and 720 h (noise traders' attention). */
  private marketVarFast = 0;
  private marketVarSlow = 0;

  // token price state
  hour = 0;
  readonly priceHistory: number[] = [];
  private volEwma: number; // EWMA of squared hourly log returns, halflife ≈ 24 h
  private feeIncomeEwma: number; // stable/hour of AMM fees
  /** LPs' reference depth (√(token·stable) at the start; re-denominated by a rebase). */
  private lpDepth0: number;
  private yield0: number;
  private readonly fee0: number;
  private readonly window: SupplyWindow;
  readonly totals: FlowTotals = {
    minted: 0,
    burned: 0,
    feeBurned: 0,
    buybackBurned: 0,
    supplyChangeBurned: 0,
    feeToTreasury: 0,
    buybackStableSpent: 0,
    buybackTokensBought: 0,
    rewardsPaid: 0,
    volumeStable: 0,
    panicStarts: 0,
    treasurySoldTokens: 0,
    treasurySaleStable: 0,
    turnoverStable: 0,
    turnoverToken: 0,
  };
  /** Stable traded on the AMM, per hour (ring of 24). */
  private readonly volumeRing = new Float64Array(24);
  /** Largest |net supply change| / supply seen in any rolling window. */
  maxWindowNetFrac = 0;
  /** Guardrail cap of the net-supply window (fraction of supply). */
  readonly maxNetFrac: number;

  private readonly order: Int32Array;
  private readonly noiseSlots: Int32Array;

  constructor(
    cfg: EconomyConfig,
    params: PolicyParameters,
    seed: number,
    maxNetSupplyChangeBps = 200,
    windowHours = 24,
  ) {
    this.cfg = cfg;
    this.rng = new Rng(seed);
    this.params = { ...params };
    this.maxNetFrac = maxNetSupplyChangeBps / 10_000;
    this.window = new SupplyWindow(windowHours);
    const S = cfg.totalSupply;
    const p = cfg.initialPrice;
    const a = cfg.alloc;
    this.supply = S;
    this.poolToken = a.pool * S;
    this.poolStable = a.pool * S * p;
    this.treasuryToken = a.treasury * S;
    this.treasuryStable = cfg.treasuryStable;
    this.emissionsBudget = a.emissions * S;
    this.lpWalletToken = a.lpWallet * S;
    this.lpWalletStable = a.lpWallet * S * p;
    this.lpDepth0 = Math.sqrt(this.poolToken * this.poolStable);

    const rng = this.rng;
    const nh = cfg.holders;
    this.hLiquid = new Float64Array(nh);
    this.hStaked = new Float64Array(nh);
    this.hUnbonding = new Float64Array(nh);
    this.hReleaseAt = new Float64Array(nh);
    this.hStable = new Float64Array(nh);
    this.hW0 = new Float64Array(nh);
    this.hZ0 = new Float64Array(nh);
    this.hHorizon = new Int32Array(nh);
    this.hSpeed = new Float64Array(nh);
    this.hPanicDD = new Float64Array(nh);
    this.hPanic = new Float64Array(nh);
    this.panicDecay = 0.5 ** (1 / cfg.panicHours);
    // Pareto-like holdings (tail index 1.5), normalised to the holders' allocation.
    const weights = Array.from({ length: nh }, () => (1 - rng.next()) ** (-1 / 1.5));
    const wsum = weights.reduce((x, y) => x + y, 0);
    for (let i = 0; i < nh; i++) {
      const tokens = (a.holders * S * (weights[i] ?? 0)) / wsum;
      const w0 = rng.uniform(0.3, 0.7);
      const z0 = rng.uniform(cfg.stakeBase[0], cfg.stakeBase[1]);
      this.hW0[i] = w0;
      this.hZ0[i] = z0;
      this.hStaked[i] = tokens * z0;
      this.hLiquid[i] = tokens - tokens * z0;
      this.hStable[i] = (tokens * p * (1 - w0)) / w0;
      this.hHorizon[i] = rng.int(3);
      this.hSpeed[i] = rng.uniform(cfg.holderSpeed[0], cfg.holderSpeed[1]);
      // Only panic-prone holders have a threshold; the rest hold through drawdowns.
      this.hPanicDD[i] =
        rng.next() < cfg.panicProneShare ? rng.uniform(cfg.panicDrawdown[0], cfg.panicDrawdown[1]) : Infinity;
    }
    const nm = cfg.momentumTraders;
    this.mToken = new Float64Array(nm).fill((a.momentum * S) / nm);
    this.mStable = new Float64Array(nm).fill((a.momentum * S * p) / nm);
    this.mLookbackIndex = new Int32Array(nm);
    this.mStrategy = new Uint8Array(nm);
    for (let j = 0; j < nm; j++) {
      this.mLookbackIndex[j] = j % cfg.momentumLookbacksHours.length;
      this.mStrategy[j] = rng.next() < cfg.fundamentalistShare0 ? FUNDAMENTALIST : CHARTIST;
    }
    const nRules = cfg.momentumLookbacksHours.length + 1;
    this.fitness = new Float64Array(nRules);
    this.paperShare = new Float64Array(nRules).fill(0.5);
    this.paperCost = new Float64Array(nRules);
    const nn = cfg.noiseTraders;
    this.nToken = new Float64Array(nn).fill((a.noise * S) / nn);
    this.nStable = new Float64Array(nn).fill((a.noise * S * p) / nn);
    this.mStart = { token: nm > 0 ? (a.momentum * S) / nm : 0, stable: nm > 0 ? (a.momentum * S * p) / nm : 0 };
    this.nStart = { token: nn > 0 ? (a.noise * S) / nn : 0, stable: nn > 0 ? (a.noise * S * p) / nn : 0 };
    this.fundamental = p;

    this.stableTotal = this.sumStable();
    this.volEwma = 0.8 ** 2 / HOURS_PER_YEAR;
    this.feeIncomeEwma = 0;
    this.yield0 = this.expectedYield();
    this.fee0 = params.transferFeeBps;
    this.priceHistory.push(this.price);
    this.order = new Int32Array(nh + nm);
    this.noiseSlots = new Int32Array(nh + nm + 1);
    this.apr0 = this.stakingApr();
  }

  get price(): number {
    return this.poolStable / this.poolToken;
  }

  get totalStaked(): number {
    let s = 0;
    for (let i = 0; i < this.hStaked.length; i++) s += this.hStaked[i] ?? 0;
    return s;
  }

  get totalUnbonding(): number {
    let s = 0;
    for (let i = 0; i < this.hUnbonding.length; i++) s += this.hUnbonding[i] ?? 0;
    return s;
  }

  /** Annualised volatility the agents perceive (EWMA, halflife ≈ 24 h). */
  get perceivedVol(): number {
    return Math.sqrt(this.volEwma * HOURS_PER_YEAR);
  }

  get windowNet(): number {
    return this.window.net;
  }
  get windowMinted(): number {
    return this.window.mintSum;
  }
  get windowBurned(): number {
    return this.window.burnSum;
  }

  get volume24h(): number {
    let s = 0;
    for (let i = 0; i < 24; i++) s += this.volumeRing[i] ?? 0;
    return s;
  }

  /** Staking APR in token terms (fraction/yr) at the current rate and stake. */
  stakingApr(): number {
    const staked = this.totalStaked;
    return staked > 0 ? (this.params.stakingRewardRate * SECONDS_PER_YEAR) / staked : 0;
  }

  /** Yield a holder expects on the token: APR × fraction of holder tokens that is staked. */
  private expectedYield(): number {
    let staked = 0;
    let all = 0;
    for (let i = 0; i < this.hStaked.length; i++) {
      staked += this.hStaked[i] ?? 0;
      all += (this.hStaked[i] ?? 0) + (this.hLiquid[i] ?? 0) + (this.hUnbonding[i] ?? 0);
    }
    return all > 0 ? (this.stakingApr() * staked) / all : 0;
  }

  sumTokens(): number {
    let s = this.poolToken + this.treasuryToken + this.emissionsBudget + this.lpWalletToken;
    for (let i = 0; i < this.hLiquid.length; i++) {
      s += (this.hLiquid[i] ?? 0) + (this.hStaked[i] ?? 0) + (this.hUnbonding[i] ?? 0);
    }
    for (let j = 0; j < this.mToken.length; j++) s += this.mToken[j] ?? 0;
    for (let k = 0; k < this.nToken.length; k++) s += this.nToken[k] ?? 0;
    return s;
  }

  sumStable(): number {
    let s = this.poolStable + this.treasuryStable + this.lpWalletStable;
    for (let i = 0; i < this.hStable.length; i++) s += this.hStable[i] ?? 0;
    for (let j = 0; j < this.mStable.length; j++) s += this.mStable[j] ?? 0;
    for (let k = 0; k < this.nStable.length; k++) s += this.nStable[k] ?? 0;
    return s;
  }

  // ---------------------------------------------------------------- supply

  /** Burns up to `amount` within the rolling net-supply budget; returns what was burned. */
  /**
   * The window's budget, as the controller: a fraction of the supply now less the window's mints
   * (so consecutive mints do not compound it; a burn shrinks it, as the supply it is measured on).
   */
  private windowBudget(): number {
    return this.maxNetFrac * (this.supply - this.window.mintSum);
  }

  private burnWithinBudget(amount: number): number {
    // Checked against the supply after the burn, so the window stays within budget as supply shrinks.
    const burnable = Math.max(0, (this.windowBudget() + this.window.net) / (1 + this.maxNetFrac));
    const x = Math.min(amount, burnable);
    if (x <= 0) return 0;
    this.supply -= x;
    this.window.addBurn(x);
    this.totals.burned += x;
    return x;
  }

  /** Executes a one-off supply change: mint into the emissions budget, burn from the treasury. Returns done amount. */
  applySupplyChange(amount: number): number {
    if (amount > 0) {
      const x = Math.min(amount, Math.max(0, this.windowBudget() - this.window.net));
      if (x < amount * (1 - 1e-9)) return 0; // would break the budget: the controller reverts
      this.supply += x;
      this.emissionsBudget += x;
      this.window.addMint(x);
      this.totals.minted += x;
      return x;
    }
    const want = Math.min(-amount, this.treasuryToken);
    const burnable = Math.max(0, (this.windowBudget() + this.window.net) / (1 + this.maxNetFrac));
    if (want > burnable * (1 + 1e-9) || want <= 0) return 0;
    const burned = this.burnWithinBudget(want);
    this.treasuryToken -= burned;
    this.totals.supplyChangeBurned += burned;
    return -burned;
  }

  /**
   * Rebase (Ampleforth): multiplies every token balance (holders' liquid, staked and unbonding;
   * pool; treasury; emissions budget; LP wallet; traders) and the supply by `factor`, clamped to
   * the rolling net-supply budget (an expansion counts as a mint, a contraction as a burn, checked
   * on the supply after it). Stable balances do not move, so the pool's price per token divides by
   * the factor and every holder's wealth is unchanged. The agents' price references (price history,
   * fundamental price, LPs' depth reference, traders' starting stakes) are re-denominated with it:
   * a rebase is a change of unit, not news. The policy's parameters (a reward rate in tokens/s)
   * are governed and stay as they are. Returns the factor applied (1 = none).
   */
  rebase(factor: number): number {
    if (!(Number.isFinite(factor) && factor > 0) || factor === 1) return 1;
    const b = this.maxNetFrac;
    let delta = (factor - 1) * this.supply;
    if (delta > 0) delta = Math.min(delta, Math.max(0, b * this.supply - this.window.net));
    else delta = -Math.min(-delta, Math.max(0, (b * this.supply + this.window.net) / (1 + b)));
    if (delta === 0) return 1;
    const f = 1 + delta / this.supply;
    const scale = (xs: Float64Array) => {
      for (let i = 0; i < xs.length; i++) xs[i] = (xs[i] ?? 0) * f;
    };
    scale(this.hLiquid);
    scale(this.hStaked);
    scale(this.hUnbonding);
    scale(this.mToken);
    scale(this.nToken);
    this.poolToken *= f;
    this.treasuryToken *= f;
    this.emissionsBudget *= f;
    this.lpWalletToken *= f;
    this.supply *= f;
    if (delta > 0) {
      this.window.addMint(delta);
      this.totals.minted += delta;
    } else {
      this.window.addBurn(-delta);
      this.totals.burned += -delta;
    }
    const hist = this.priceHistory;
    for (let i = 0; i < hist.length; i++) hist[i] = (hist[i] ?? 0) / f;
    this.fundamental /= f;
    this.lpDepth0 *= Math.sqrt(f);
    this.mStart.token *= f;
    this.nStart.token *= f;
    return f;
  }

  /**
   * A treasury market operation buying tokens with `stable` (fee-exempt, as buybacks), burning
   * what it bought within the supply budget (the rest stays in the treasury). Returns tokens bought.
   */
  treasuryBuyAndBurn(stable: number): number {
    const x = Math.min(stable, this.treasuryStable);
    if (!(x > 0)) return 0;
    this.treasuryStable -= x;
    this.actAs('treasury', -1);
    const got = this.buy(x, true);
    const burned = this.burnWithinBudget(got);
    this.totals.buybackBurned += burned;
    this.treasuryToken += got - burned;
    this.totals.buybackStableSpent += x;
    this.totals.buybackTokensBought += got;
    return got;
  }

  /**
   * A treasury market operation selling treasury `tokens` on the pool for stable (fee-exempt, the
   * counterpart of a buyback; the supply does not change). Returns stable received.
   */
  treasurySell(tokens: number): number {
    const x = Math.min(tokens, this.treasuryToken);
    if (!(x > 0)) return 0;
    this.treasuryToken -= x;
    this.actAs('treasury', -1);
    const out = this.sell(x, true);
    this.treasuryStable += out;
    this.totals.treasurySoldTokens += x;
    this.totals.treasurySaleStable += out;
    return out;
  }

  /** Splits a transfer fee (tokens already taken from the payer): burned share within budget, rest to treasury. */
  private takeFee(fee: number): void {
    if (fee <= 0) return;
    const toBurn = (fee * this.params.burnShareBps) / 10_000;
    const burned = this.burnWithinBudget(toBurn);
    this.totals.feeBurned += burned;
    this.treasuryToken += fee - burned;
    this.totals.feeToTreasury += fee - burned;
  }

  // ---------------------------------------------------------------- AMM

  /** Sells `amount` tokens (fee-on-transfer applies); returns stable received. */
  private sell(amount: number, feeExempt = false): number {
    if (!(amount > 0)) return 0;
    const fee = feeExempt ? 0 : (amount * this.params.transferFeeBps) / 10_000;
    this.takeFee(fee);
    const net = amount - fee;
    const inWithFee = net * (1 - this.cfg.ammFeeBps / 10_000);
    const out = (this.poolStable * inWithFee) / (this.poolToken + inWithFee);
    this.poolToken += net;
    this.poolStable -= out;
    this.recordVolume(out);
    this.orderLog?.trades.push({
      agent: this.actor,
      index: this.actorIndex,
      side: 'sell',
      amountIn: amount,
      amountOut: out,
    });
    return out;
  }

  /** Buys with `stable`; returns tokens received after the transfer fee. */
  /** Tokens a fee-exempt buy of `stable` gets from the pool now (nothing moves). */
  private buybackQuote(stable: number): number {
    const inWithFee = stable * (1 - this.cfg.ammFeeBps / 10_000);
    return (this.poolToken * inWithFee) / (this.poolStable + inWithFee);
  }

  private buy(stable: number, feeExempt = false): number {
    if (!(stable > 0)) return 0;
    const inWithFee = stable * (1 - this.cfg.ammFeeBps / 10_000);
    const out = (this.poolToken * inWithFee) / (this.poolStable + inWithFee);
    this.poolStable += stable;
    this.poolToken -= out;
    this.recordVolume(stable);
    const fee = feeExempt ? 0 : (out * this.params.transferFeeBps) / 10_000;
    this.takeFee(fee);
    this.orderLog?.trades.push({
      agent: this.actor,
      index: this.actorIndex,
      side: 'buy',
      amountIn: stable,
      amountOut: out - fee,
    });
    return out - fee;
  }

  private actAs(agent: AgentClass, index: number): void {
    this.actor = agent;
    this.actorIndex = index;
  }

  private recordVolume(stable: number) {
    this.volumeRing[this.hour % 24] = (this.volumeRing[this.hour % 24] ?? 0) + stable;
    this.totals.volumeStable += stable;
    this.feeIncomeHour += (stable * this.cfg.ammFeeBps) / 10_000;
  }
  private feeIncomeHour = 0;

  // ---------------------------------------------------------------- one hour

  /**
   * Advances one hour. `market` is the exogenous market price for this hour (any unit; only
   * its log changes matter). Parameters in `this.params` are those in force this hour.
   */
  step(market: number): void {
    const cfg = this.cfg;
    const rng = this.rng;
    this.hour++;
    this.window.advance();
    this.volumeRing[this.hour % 24] = 0;
    this.feeIncomeHour = 0;

    // Exogenous sentiment: log distance of the market from its moving averages.
    if (this.marketLast === 0) {
      this.marketEma[0] = this.marketEma[1] = this.marketEma[2] = Math.log(market);
      this.marketLast = market;
    }
    const lm = Math.log(market);
    this.marketReturn = lm - Math.log(this.marketLast);
    this.marketLast = market;
    const r2m = this.marketReturn * this.marketReturn;
    this.marketVarFast += (1 - 0.5 ** (1 / 24)) * (r2m - this.marketVarFast);
    this.marketVarSlow += (1 - 0.5 ** (1 / 720)) * (r2m - this.marketVarSlow);
    const attention =
      this.marketVarSlow > 0
        ? Math.min(4, Math.max(0.25, Math.sqrt(this.marketVarFast / this.marketVarSlow))) **
          cfg.noiseAttentionElasticity
        : 1;
    const sentiment = [0, 0, 0];
    for (let k = 0; k < 3; k++) {
      const h = cfg.sentimentHorizonsHours[k] ?? 24;
      const alpha = 2 / (h + 1);
      this.marketEma[k] = (1 - alpha) * (this.marketEma[k] ?? lm) + alpha * lm;
      sentiment[k] = lm - (this.marketEma[k] ?? lm);
    }

    const price0 = this.price;
    const hist = this.priceHistory;
    const lookback = cfg.panicLookbackHours;
    let high = price0;
    for (let i = Math.max(0, hist.length - lookback); i < hist.length; i++) high = Math.max(high, hist[i] ?? 0);
    const drawdown = 1 - price0 / high;

    // Staking yield and fee drag enter desired shares relative to the starting point, so the
    // initial state is an equilibrium and only *changes* in policy move demand.
    const yieldNow = this.expectedYield();
    const demandShift = Math.exp(
      cfg.yieldSensitivity * (yieldNow - this.yield0) -
        (cfg.feeTurnoverPerYear * (this.params.transferFeeBps - this.fee0)) / 10_000,
    );
    const costRT = (2 * (cfg.ammFeeBps + this.params.transferFeeBps)) / 10_000;

    // The fundamentalists' anchor, the speculators' choice of rule by past performance
    // (Brock & Hommes 1998), and the paper portfolios that measure that performance.
    this.fundamental = this.indifferencePrice(sentiment, demandShift);
    this.chooseRules();
    this.rebalancePapers(costRT);

    // Agents trade in a random order each hour: holders (0..nh-1) and momentum traders (nh..).
    const nh = this.hLiquid.length;
    const nm = this.mToken.length;
    const n = nh + nm;
    for (let i = 0; i < n; i++) this.order[i] = i;
    rng.shuffle(this.order, n);
    // Noise orders are interleaved at random positions among the agents.
    const noiseOrders = rng.poisson(
      cfg.noiseOrdersPerHour * (cfg.referenceCostBps / 10_000 / costRT) ** cfg.costElasticity * attention,
    );
    const slots = this.noiseSlots;
    slots.fill(0);
    for (let q = 0; q < noiseOrders; q++) {
      const at = rng.int(n + 1);
      slots[at] = (slots[at] ?? 0) + 1;
    }
    for (let k = 0; k <= n; k++) {
      for (let q = slots[k] ?? 0; q > 0; q--) this.noiseOrder();
      if (k === n) break;
      const a = this.order[k] ?? 0;
      if (a < nh) this.holderAct(a, sentiment, drawdown, demandShift, costRT);
      else this.speculatorAct(a - nh, costRT);
    }

    // Treasury buyback slice (fee-exempt), bought tokens burned within the supply budget. As the Treasury
    // contract does, a slice that would buy less than its stable's worth at the pool's time-weighted price less
    // 5 % (BUYBACK_MAX_SLIPPAGE_BPS) waits: on the local chain the operator's window is the last hour, whose
    // price is the hour's opening one (the market's trades land in one block per hour).
    const slice = this.treasuryResting ? 0 : Math.min((this.params.buybackBudget * 3600) / 86_400, this.treasuryStable);
    if (slice > 0 && this.buybackQuote(slice) >= (slice / price0) * BUYBACK_FLOOR) {
      this.treasuryStable -= slice;
      this.actAs('treasury', -1);
      const got = this.buy(slice, true);
      const burned = this.burnWithinBudget(got);
      this.totals.buybackBurned += burned;
      this.treasuryToken += got - burned;
      this.totals.buybackStableSpent += slice;
      this.totals.buybackTokensBought += got;
    }

    this.stakingStep(drawdown);
    this.lpStep();
    this.turnover();

    // Token price bookkeeping.
    const p = this.price;
    const r = Math.log(p / (hist[hist.length - 1] ?? p));
    this.scorePapers(p / price0 - 1);
    this.volEwma = 0.97 * this.volEwma + 0.03 * r * r;
    this.feeIncomeEwma =
      this.feeIncomeEwma === 0 ? this.feeIncomeHour : 0.98 * this.feeIncomeEwma + 0.02 * this.feeIncomeHour;
    hist.push(p);
    const frac = Math.abs(this.window.net) / this.supply;
    if (frac > this.maxWindowNetFrac) this.maxWindowNetFrac = frac;
  }

  private holderAct(i: number, sentiment: number[], drawdown: number, demandShift: number, costRT: number): void {
    const order = this.holderOrder(i, sentiment, drawdown, demandShift, costRT);
    if (order !== 0) this.executeHolderOrder(i, order);
  }

  /**
   * A holder's decision this hour: updates its panic state and returns its order as a signed
   * stable value (buy > 0, sell < 0; 0 = inside its no-trade band). Reads state, trades nothing.
   */
  private holderOrder(i: number, sentiment: number[], drawdown: number, demandShift: number, costRT: number): number {
    const cfg = this.cfg;
    const p = this.price;
    // Panic: a drawdown past the holder's threshold cuts its desired share by (1 − panicFactor);
    // confidence then recovers gradually (halflife panicHours). A holder that is still shaken
    // (level > 0.1) does not panic again: its reference is the already-fallen market.
    let level = this.hPanic[i] ?? 0;
    if (level < 0.1 && drawdown > (this.hPanicDD[i] ?? 1)) {
      this.totals.panicStarts++;
      level = 1;
    } else level *= this.panicDecay;
    this.hPanic[i] = level;
    const tokens = (this.hLiquid[i] ?? 0) + (this.hStaked[i] ?? 0) + (this.hUnbonding[i] ?? 0);
    const wealth = (this.hStable[i] ?? 0) + p * tokens;
    if (wealth <= 0) return 0;
    const target = this.holderTarget(i, sentiment, demandShift, level);
    const gap = target * wealth - p * tokens; // stable value to buy (>0) or sell (<0)
    if (Math.abs(gap) / wealth <= cfg.holderBand + costRT) return 0;
    return (this.hSpeed[i] ?? 0.05) * gap;
  }

  /**
   * Executes a holder's order on the pool: a buy limited by its stable; a sell from its liquid
   * tokens, and what those do not cover starts unbonding from its stake (sold once released).
   */
  private executeHolderOrder(i: number, order: number): void {
    const liquid = this.hLiquid[i] ?? 0;
    const stable = this.hStable[i] ?? 0;
    this.actAs('holder', i);
    if (order > 0) {
      const spend = Math.min(order, stable);
      this.hStable[i] = stable - spend;
      this.hLiquid[i] = liquid + this.buy(spend);
      return;
    }
    const want = -order / this.price;
    const sellable = Math.min(want, liquid);
    if (sellable > 0) {
      this.hLiquid[i] = liquid - sellable;
      this.hStable[i] = stable + this.sell(sellable);
    }
    const short = want - sellable;
    const staked = this.hStaked[i] ?? 0;
    if (short > 0 && staked > 0) {
      const u = Math.min(short, staked);
      this.hStaked[i] = staked - u;
      this.hUnbonding[i] = (this.hUnbonding[i] ?? 0) + u;
      this.hReleaseAt[i] = this.hour + this.cfg.unbondingHours;
    }
  }

  /** A holder's desired token share (fraction of its wealth) given sentiment, policy demand shift and panic level. */
  private holderTarget(i: number, sentiment: number[], demandShift: number, panicLevel: number): number {
    const cfg = this.cfg;
    const target =
      (this.hW0[i] ?? 0.5) *
      Math.exp(cfg.sentimentSensitivity * (sentiment[this.hHorizon[i] ?? 0] ?? 0)) *
      demandShift *
      (1 - (1 - cfg.panicFactor) * panicLevel);
    return Math.min(0.95, Math.max(0.02, target));
  }

  /**
   * The holders' aggregate indifference price p*: the price at which the holders, as a whole, hold
   * the token share they want (Σ wᵢ·(Sᵢ + p·Tᵢ) = p·Σ Tᵢ ⇒ p* = Σ wᵢSᵢ / Σ (1 − wᵢ)Tᵢ). It moves
   * with the market factor through sentiment and with the policy levers through the demand shift;
   * it is the fundamental value the fundamentalist speculators trade toward.
   */
  private indifferencePrice(sentiment: number[], demandShift: number): number {
    let num = 0;
    let den = 0;
    for (let i = 0; i < this.hLiquid.length; i++) {
      const w = this.holderTarget(i, sentiment, demandShift, this.hPanic[i] ?? 0);
      const tokens = (this.hLiquid[i] ?? 0) + (this.hStaked[i] ?? 0) + (this.hUnbonding[i] ?? 0);
      num += w * (this.hStable[i] ?? 0);
      den += (1 - w) * tokens;
    }
    return den > 0 && num > 0 ? num / den : this.price;
  }

  /** Signal of a rule at price `p`: slot k < L is momentum with the k-th lookback, slot L fundamentalist. NaN = no signal yet. */
  private ruleSignal(slot: number, p: number): number {
    const L = this.cfg.momentumLookbacksHours;
    if (slot >= L.length) return Math.log(this.fundamental / p);
    const lag = L[slot] ?? 6;
    const hist = this.priceHistory;
    if (hist.length <= lag) return Number.NaN;
    return Math.log(p / (hist[hist.length - 1 - lag] ?? p));
  }

  /**
   * The token share a rule wants and how fast it moves there, or undefined inside its no-trade
   * band (|signal| ≤ threshold + round-trip cost). Shared by the speculators and their paper portfolios.
   */
  private ruleTarget(slot: number, p: number, costRT: number): { target: number; speed: number } | undefined {
    const cfg = this.cfg;
    const signal = this.ruleSignal(slot, p);
    const fundamentalist = slot >= cfg.momentumLookbacksHours.length;
    const threshold = fundamentalist ? cfg.fundamentalThreshold : cfg.momentumThreshold;
    if (!(Math.abs(signal) > threshold + costRT)) return undefined;
    const gain = fundamentalist ? cfg.fundamentalGain : cfg.momentumGain;
    return {
      target: 0.5 + 0.5 * Math.tanh(gain * signal),
      speed: fundamentalist ? cfg.fundamentalSpeed : cfg.momentumSpeed,
    };
  }

  /** Each speculator reconsiders its rule with probability switchRatePerHour: logit choice on fitness (Brock & Hommes 1998). */
  private chooseRules(): void {
    const cfg = this.cfg;
    const fundSlot = cfg.momentumLookbacksHours.length;
    for (let j = 0; j < this.mStrategy.length; j++) {
      if (this.rng.next() >= cfg.switchRatePerHour) continue;
      // Fitness is per hour; annualised so that switchIntensity reads per unit of yearly return.
      const diff = ((this.fitness[fundSlot] ?? 0) - (this.fitness[this.mLookbackIndex[j] ?? 0] ?? 0)) * HOURS_PER_YEAR;
      const pFund = 1 / (1 + Math.exp(-cfg.switchIntensity * diff));
      this.mStrategy[j] = this.rng.next() < pFund ? FUNDAMENTALIST : CHARTIST;
    }
  }

  /** Paper portfolios follow each rule at the hour's opening price and pay the round-trip cost on what they trade. */
  private rebalancePapers(costRT: number): void {
    const p = this.price;
    for (let s = 0; s < this.paperShare.length; s++) {
      const w = this.paperShare[s] ?? 0.5;
      const t = this.ruleTarget(s, p, costRT);
      const next = t ? w + t.speed * (t.target - w) : w;
      this.paperCost[s] = (costRT / 2) * Math.abs(next - w);
      this.paperShare[s] = next;
    }
  }

  /** Scores the paper portfolios on this hour's simple token return R; their shares drift with the price. */
  private scorePapers(R: number): void {
    if (!Number.isFinite(R)) return;
    const keep = 0.5 ** (1 / this.cfg.fitnessHalflifeHours);
    for (let s = 0; s < this.paperShare.length; s++) {
      const w = this.paperShare[s] ?? 0.5;
      const g = Math.log(1 + w * R) - (this.paperCost[s] ?? 0);
      this.fitness[s] = keep * (this.fitness[s] ?? 0) + (1 - keep) * g;
      this.paperShare[s] = (w * (1 + R)) / (1 + w * R);
    }
  }

  /** A speculator's order under its current rule: signed stable value (buy > 0), executed at once. */
  private speculatorAct(j: number, costRT: number): void {
    const p = this.price;
    const slot =
      this.mStrategy[j] === FUNDAMENTALIST ? this.cfg.momentumLookbacksHours.length : (this.mLookbackIndex[j] ?? 0);
    const rule = this.ruleTarget(slot, p, costRT);
    if (!rule) return;
    const tokens = this.mToken[j] ?? 0;
    const wealth = (this.mStable[j] ?? 0) + p * tokens;
    this.executeOrder(this.mToken, this.mStable, j, rule.speed * (rule.target * wealth - p * tokens));
  }

  /** Executes a trader's signed order (stable value; buy > 0, sell < 0) on the pool, limited by its balances. */
  private executeOrder(token: Float64Array, stable: Float64Array, k: number, order: number): void {
    const t = token[k] ?? 0;
    const st = stable[k] ?? 0;
    this.actAs(token === this.mToken ? 'speculator' : 'noise', k);
    if (order > 0) {
      const spend = Math.min(order, st);
      stable[k] = st - spend;
      token[k] = t + this.buy(spend);
    } else if (order < 0) {
      const x = Math.min(-order / this.price, t);
      token[k] = t - x;
      stable[k] = st + this.sell(x);
    }
  }

  /**
   * Turnover between the holders and the trader accounts (a closed population, as in Lux &
   * Marchesi 1999, where agents move between groups): each speculator and noise account's capital
   * relaxes toward its starting size (valued at the current price) over traderTurnoverHours.
   * What an account lacks comes from the holders, what it has in excess goes back to them, half
   * in tokens and half in stable (the traders' starting mix), pro rata to the holders' liquid
   * tokens and stable. No money enters or leaves the economy and no order touches the pool, so the
   * turnover moves no price; without it the traders, who pay every fee, die out and the market's
   * volatility drifts down for thousands of hours.
   */
  private turnover(): void {
    const tau = this.cfg.traderTurnoverHours;
    if (!(tau > 0)) return;
    const p = this.price;
    let tokenOut = 0; // tokens the holders hand to traders (negative: receive)
    let stableOut = 0;
    const flow = (token: Float64Array, stable: Float64Array, start: { token: number; stable: number }) => {
      const target = start.token * p + start.stable;
      for (let k = 0; k < token.length; k++) {
        const t = token[k] ?? 0;
        const st = stable[k] ?? 0;
        const d = (target - (st + p * t)) / tau; // stable value the account receives (< 0: gives)
        const dStable = d > 0 ? d / 2 : -Math.min(-d / 2, st);
        const dToken = d > 0 ? d / 2 / p : -Math.min(-d / 2 / p, t);
        stable[k] = st + dStable;
        token[k] = t + dToken;
        stableOut += dStable;
        tokenOut += dToken;
      }
    };
    flow(this.mToken, this.mStable, this.mStart);
    flow(this.nToken, this.nStable, this.nStart);
    // The holders' side, pro rata; if they could not pay in full the traders get less.
    let hStable = 0;
    let hToken = 0;
    for (let i = 0; i < this.hLiquid.length; i++) {
      hStable += this.hStable[i] ?? 0;
      hToken += this.hLiquid[i] ?? 0;
    }
    const fs = hStable > 0 ? Math.min(1, stableOut / hStable) : 0;
    const ft = hToken > 0 ? Math.min(1, tokenOut / hToken) : 0;
    for (let i = 0; i < this.hLiquid.length; i++) {
      this.hStable[i] = (this.hStable[i] ?? 0) * (1 - fs);
      this.hLiquid[i] = (this.hLiquid[i] ?? 0) * (1 - ft);
    }
    this.totals.turnoverStable += fs * hStable;
    this.totals.turnoverToken += ft * hToken;
    // Rounding guard: what the holders paid must equal what the traders got (only differs if holders ran dry).
    if (fs * hStable !== stableOut || ft * hToken !== tokenOut) {
      this.repayShortfall(stableOut - fs * hStable, tokenOut - ft * hToken);
    }
  }

  /** Takes back from the traders, pro rata, what the holders could not pay (never happens in practice). */
  private repayShortfall(stable: number, token: number): void {
    const take = (arr: Float64Array, other: Float64Array, amount: number) => {
      if (Math.abs(amount) < 1e-9) return;
      let sum = 0;
      for (let k = 0; k < arr.length; k++) sum += arr[k] ?? 0;
      for (let k = 0; k < other.length; k++) sum += other[k] ?? 0;
      const f = sum > 0 ? amount / sum : 0;
      for (let k = 0; k < arr.length; k++) arr[k] = (arr[k] ?? 0) * (1 - f);
      for (let k = 0; k < other.length; k++) other[k] = (other[k] ?? 0) * (1 - f);
    };
    take(this.mStable, this.nStable, stable);
    take(this.mToken, this.nToken, token);
  }

  private noiseOrder(): void {
    const cfg = this.cfg;
    const rng = this.rng;
    const k = rng.int(this.nToken.length);
    const p = this.price;
    const tokens = this.nToken[k] ?? 0;
    const stable = this.nStable[k] ?? 0;
    const share = (p * tokens) / (stable + p * tokens || 1);
    const pBuy = 0.5 + cfg.noiseTapeBias * Math.tanh(this.marketReturn / 0.01) + 0.3 * (0.5 - share);
    const size = cfg.noiseOrderStable * Math.exp(cfg.noiseOrderSigma * rng.normal());
    this.executeOrder(this.nToken, this.nStable, k, rng.next() < pBuy ? size : -size);
  }

  private stakingStep(_drawdown: number): void {
    const cfg = this.cfg;
    const nh = this.hLiquid.length;
    // Rewards: tokens per second from the emissions budget, pro rata to stake, paid liquid.
    const staked = this.totalStaked;
    const pay = Math.min(this.params.stakingRewardRate * 3600, this.emissionsBudget);
    if (pay > 0 && staked > 0) {
      this.emissionsBudget -= pay;
      this.totals.rewardsPaid += pay;
      let paid = 0;
      for (let i = 0; i < nh; i++) {
        const share = i === nh - 1 ? pay - paid : (pay * (this.hStaked[i] ?? 0)) / staked;
        this.hLiquid[i] = (this.hLiquid[i] ?? 0) + share;
        paid += share;
      }
    }
    const apr = this.stakingApr();
    const aprShift = cfg.stakeAprSlope * (apr - this.apr0) - cfg.stakeVolSlope * (this.perceivedVol - 0.8);
    for (let i = 0; i < nh; i++) {
      // Release matured unbonding.
      if ((this.hUnbonding[i] ?? 0) > 0 && (this.hReleaseAt[i] ?? 0) <= this.hour) {
        this.hLiquid[i] = (this.hLiquid[i] ?? 0) + (this.hUnbonding[i] ?? 0);
        this.hUnbonding[i] = 0;
      }
      const liquid = this.hLiquid[i] ?? 0;
      const st = this.hStaked[i] ?? 0;
      const ub = this.hUnbonding[i] ?? 0;
      const tokens = liquid + st + ub;
      if (tokens <= 0) continue;
      const panic = (this.hPanic[i] ?? 0) > 0.5;
      const z = panic ? 0 : Math.min(0.9, Math.max(0, (this.hZ0[i] ?? 0) + aprShift));
      const gap = z * tokens - (st + ub);
      if (Math.abs(gap) < 0.01 * tokens) continue;
      if (gap > 0) {
        const x = Math.min(gap * cfg.stakeSpeed, liquid);
        this.hLiquid[i] = liquid - x;
        this.hStaked[i] = st + x;
      } else {
        // Panicking holders pull everything at once; others unwind gradually.
        const x = Math.min(panic ? -gap : -gap * cfg.stakeSpeed, st);
        if (x > 0) {
          this.hStaked[i] = st - x;
          this.hUnbonding[i] = ub + x;
          this.hReleaseAt[i] = this.hour + cfg.unbondingHours;
        }
      }
    }
  }
  private apr0: number;

  /** LPs move pool depth toward fee income / (loss-versus-rebalancing σ²/8 + hurdle). */
  private lpStep(): void {
    const cfg = this.cfg;
    const tvl = 2 * this.poolStable;
    const feeApr = (this.feeIncomeEwma * HOURS_PER_YEAR) / tvl;
    const lvr = this.volEwma * HOURS_PER_YEAR * 0.125;
    const factor = Math.min(cfg.lpDepthRange[1], Math.max(cfg.lpDepthRange[0], feeApr / (lvr + cfg.lpHurdle)));
    const depth = Math.sqrt(this.poolToken * this.poolStable);
    const target = this.lpDepth0 * factor;
    const d = cfg.lpSpeed * (target - depth);
    if (d > 0) {
      // Add at the pool ratio, limited by the LP wallet.
      const frac = Math.min(d / depth, this.lpWalletToken / this.poolToken, this.lpWalletStable / this.poolStable);
      if (frac <= 0) return;
      this.moveLiquidity(frac);
    } else if (d < 0) {
      this.moveLiquidity(-Math.min(-d / depth, 0.5));
    }
  }

  /** The LPs add (`frac` > 0) or remove (< 0) that fraction of the pool's reserves; logged for the chain executor. */
  private moveLiquidity(frac: number): void {
    const dx = this.poolToken * frac;
    const dy = this.poolStable * frac;
    this.poolToken += dx;
    this.poolStable += dy;
    this.lpWalletToken -= dx;
    this.lpWalletStable -= dy;
    this.orderLog?.lpFractions.push(frac);
  }

  /**
   * Scenario hook of the live market (MARKET_SCENARIO=liquidity-drain, lib/market/scenarios.ts):
   * the LPs take `frac` of the pool out now, outside their fee-versus-LVR rule, and lower the depth
   * they aim for by as much, so their rule does not put it straight back. Logged like their own
   * moves (the chain executor turns it into removeLiquidity). The simulator's runs never call it.
   */
  withdrawLiquidity(frac: number): void {
    if (!(frac > 0 && frac < 1)) throw new RangeError(`withdrawLiquidity: fraction ${frac} is not in (0, 1)`);
    this.moveLiquidity(-frac);
    this.lpDepth0 *= 1 - frac;
  }

  /**
   * Scenario hook of the live market (MARKET_SCENARIO=staking-bank-run): the first `share` of the
   * holders (a random sample: holders are drawn at random) panic now, as if their drawdown
   * threshold had been crossed: they unstake everything and cut their desired token share
   * (panicFactor), recovering with the usual halflife. Returns how many started to panic.
   */
  panicHolders(share: number): number {
    if (!(share >= 0 && share <= 1)) throw new RangeError(`panicHolders: share ${share} is not in [0, 1]`);
    const n = Math.ceil(share * this.hPanic.length);
    let started = 0;
    for (let i = 0; i < n; i++) {
      if ((this.hPanic[i] ?? 0) >= 0.5) continue;
      this.hPanic[i] = 1;
      this.totals.panicStarts++;
      started++;
    }
    return started;
  }

  /**
   * An independent copy of the whole state (balances, agents, random stream, histories), so a
   * settled economy can be computed once and every backtest started from it.
   */
  clone(): Economy {
    // A fresh instance gets the class's own object shapes (a copy made with Object.create would be
    // a slow dictionary-mode object: 3–4× slower steps); the state is then copied into it.
    const copy = new Economy(this.cfg, this.params, 0, this.maxNetFrac * 10_000, this.window.hours);
    copyInto(copy, this);
    return copy;
  }

  /**
   * Forgets the market factor's history: the next `step` takes its price as the level every
   * moving average starts from, as if the market had been flat there. Used when a settled
   * economy is moved onto a new market path (only log changes of the market matter).
   */
  resetMarketAnchor(): void {
    this.marketLast = 0;
    this.marketReturn = 0;
  }

  /** Call once after construction (and after initial params are set) to fix reference levels. */
  calibrate(): void {
    this.apr0 = this.stakingApr();
    this.yield0 = this.expectedYield();
  }
}

/**
 * Copies `source`'s state into `target`, an object of the same class built by its constructor:
 * typed arrays and arrays element by element, nested objects recursively, so every object keeps
 * the shape V8 gave it (fast property access). Shared immutable objects (the config) are kept.
 */
function copyInto(target: object, source: object): void {
  const t = target as Record<string, unknown>;
  for (const [k, v] of Object.entries(source)) {
    const cur = t[k];
    if (cur === v) continue;
    if (ArrayBuffer.isView(v) && ArrayBuffer.isView(cur)) (cur as Float64Array).set(v as Float64Array);
    else if (Array.isArray(v) && Array.isArray(cur)) {
      const arr = cur as unknown[];
      arr.length = 0;
      for (const x of v) arr.push(x);
    } else if (v !== null && typeof v === 'object' && cur !== null && typeof cur === 'object') copyInto(cur, v);
    else t[k] = v;
  }
}
