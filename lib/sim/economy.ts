import { type PolicyParameters, SECONDS_PER_YEAR } from '../policy/types';
import type { EconomyConfig } from './config';
import { Rng } from './rng';

const HOURS_PER_YEAR = 8760;

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
};

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
  // momentum traders
  readonly mToken: Float64Array;
  readonly mStable: Float64Array;
  readonly mLookback: Int32Array;
  // noise traders
  readonly nToken: Float64Array;
  readonly nStable: Float64Array;

  // market sentiment state
  private readonly marketEma: [number, number, number] = [0, 0, 0];
  private marketLast = 0;
  private marketReturn = 0;

  // token price state
  hour = 0;
  readonly priceHistory: number[] = [];
  private volEwma: number; // EWMA of squared hourly log returns, halflife ≈ 24 h
  private feeIncomeEwma: number; // stable/hour of AMM fees
  private readonly lpDepth0: number;
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
    this.mLookback = new Int32Array(nm);
    for (let j = 0; j < nm; j++) {
      this.mLookback[j] = cfg.momentumLookbacksHours[j % cfg.momentumLookbacksHours.length] ?? 6;
    }
    const nn = cfg.noiseTraders;
    this.nToken = new Float64Array(nn).fill((a.noise * S) / nn);
    this.nStable = new Float64Array(nn).fill((a.noise * S * p) / nn);

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
  private burnWithinBudget(amount: number): number {
    // Checked against the supply after the burn, so the window stays within budget as supply shrinks.
    const b = this.maxNetFrac;
    const burnable = Math.max(0, (b * this.supply + this.window.net) / (1 + b));
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
      const budget = this.maxNetFrac * this.supply;
      const x = Math.min(amount, Math.max(0, budget - this.window.net));
      if (x < amount * (1 - 1e-9)) return 0; // would break the budget: the controller reverts
      this.supply += x;
      this.emissionsBudget += x;
      this.window.addMint(x);
      this.totals.minted += x;
      return x;
    }
    const want = Math.min(-amount, this.treasuryToken);
    const b = this.maxNetFrac;
    if (want > Math.max(0, (b * this.supply + this.window.net) / (1 + b)) * (1 + 1e-9) || want <= 0) return 0;
    const burned = this.burnWithinBudget(want);
    this.treasuryToken -= burned;
    this.totals.supplyChangeBurned += burned;
    return -burned;
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
    return out;
  }

  /** Buys with `stable`; returns tokens received after the transfer fee. */
  private buy(stable: number, feeExempt = false): number {
    if (!(stable > 0)) return 0;
    const inWithFee = stable * (1 - this.cfg.ammFeeBps / 10_000);
    const out = (this.poolToken * inWithFee) / (this.poolStable + inWithFee);
    this.poolStable += stable;
    this.poolToken -= out;
    this.recordVolume(stable);
    const fee = feeExempt ? 0 : (out * this.params.transferFeeBps) / 10_000;
    this.takeFee(fee);
    return out - fee;
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

    // Agents trade in a random order each hour: holders (0..nh-1) and momentum traders (nh..).
    const nh = this.hLiquid.length;
    const nm = this.mToken.length;
    const n = nh + nm;
    for (let i = 0; i < n; i++) this.order[i] = i;
    rng.shuffle(this.order, n);
    // Noise orders are interleaved at random positions among the agents.
    const noiseOrders = rng.poisson(
      cfg.noiseOrdersPerHour * (cfg.referenceCostBps / 10_000 / costRT) ** cfg.costElasticity,
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
      else this.momentumAct(a - nh, costRT);
    }

    // Treasury buyback slice (fee-exempt), bought tokens burned within the supply budget.
    const slice = Math.min((this.params.buybackBudget * 3600) / 86_400, this.treasuryStable);
    if (slice > 0) {
      this.treasuryStable -= slice;
      const got = this.buy(slice, true);
      const burned = this.burnWithinBudget(got);
      this.totals.buybackBurned += burned;
      this.treasuryToken += got - burned;
      this.totals.buybackStableSpent += slice;
      this.totals.buybackTokensBought += got;
    }

    this.stakingStep(drawdown);
    this.lpStep();

    // Token price bookkeeping.
    const p = this.price;
    const r = Math.log(p / (hist[hist.length - 1] ?? p));
    this.volEwma = 0.97 * this.volEwma + 0.03 * r * r;
    this.feeIncomeEwma =
      this.feeIncomeEwma === 0 ? this.feeIncomeHour : 0.98 * this.feeIncomeEwma + 0.02 * this.feeIncomeHour;
    hist.push(p);
    const frac = Math.abs(this.window.net) / this.supply;
    if (frac > this.maxWindowNetFrac) this.maxWindowNetFrac = frac;
  }

  private holderAct(i: number, sentiment: number[], drawdown: number, demandShift: number, costRT: number): void {
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
    const liquid = this.hLiquid[i] ?? 0;
    const tokens = liquid + (this.hStaked[i] ?? 0) + (this.hUnbonding[i] ?? 0);
    const stable = this.hStable[i] ?? 0;
    const wealth = stable + p * tokens;
    if (wealth <= 0) return;
    let target =
      (this.hW0[i] ?? 0.5) *
      Math.exp(cfg.sentimentSensitivity * (sentiment[this.hHorizon[i] ?? 0] ?? 0)) *
      demandShift *
      (1 - (1 - cfg.panicFactor) * level);
    target = Math.min(0.95, Math.max(0.02, target));
    const gap = target * wealth - p * tokens; // stable value to buy (>0) or sell (<0)
    if (Math.abs(gap) / wealth <= cfg.holderBand + costRT) return;
    const trade = (this.hSpeed[i] ?? 0.05) * gap;
    if (trade > 0) {
      const spend = Math.min(trade, stable);
      this.hStable[i] = stable - spend;
      this.hLiquid[i] = liquid + this.buy(spend);
    } else {
      const want = -trade / p;
      const sellable = Math.min(want, liquid);
      if (sellable > 0) {
        this.hLiquid[i] = liquid - sellable;
        this.hStable[i] = stable + this.sell(sellable);
      }
      // Not enough liquid: start unbonding the shortfall (sold once released).
      const short = want - sellable;
      const staked = this.hStaked[i] ?? 0;
      if (short > 0 && staked > 0) {
        const u = Math.min(short, staked);
        this.hStaked[i] = staked - u;
        this.hUnbonding[i] = (this.hUnbonding[i] ?? 0) + u;
        this.hReleaseAt[i] = this.hour + cfg.unbondingHours;
      }
    }
  }

  private momentumAct(j: number, costRT: number): void {
    const cfg = this.cfg;
    const hist = this.priceHistory;
    const L = this.mLookback[j] ?? 6;
    if (hist.length <= L) return;
    const p = this.price;
    const signal = Math.log(p / (hist[hist.length - 1 - L] ?? p));
    if (Math.abs(signal) <= cfg.momentumThreshold + costRT) return;
    const tokens = this.mToken[j] ?? 0;
    const stable = this.mStable[j] ?? 0;
    const wealth = stable + p * tokens;
    const target = 0.5 + 0.5 * Math.tanh(cfg.momentumGain * signal);
    const gap = cfg.momentumSpeed * (target * wealth - p * tokens);
    if (gap > 0) {
      const spend = Math.min(gap, stable);
      this.mStable[j] = stable - spend;
      this.mToken[j] = tokens + this.buy(spend);
    } else if (gap < 0) {
      const x = Math.min(-gap / p, tokens);
      this.mToken[j] = tokens - x;
      this.mStable[j] = stable + this.sell(x);
    }
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
    if (rng.next() < pBuy) {
      const spend = Math.min(size, stable);
      this.nStable[k] = stable - spend;
      this.nToken[k] = tokens + this.buy(spend);
    } else {
      const x = Math.min(size / p, tokens);
      this.nToken[k] = tokens - x;
      this.nStable[k] = stable + this.sell(x);
    }
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
      const dx = this.poolToken * frac;
      const dy = this.poolStable * frac;
      this.poolToken += dx;
      this.poolStable += dy;
      this.lpWalletToken -= dx;
      this.lpWalletStable -= dy;
    } else if (d < 0) {
      const frac = Math.min(-d / depth, 0.5);
      const dx = this.poolToken * frac;
      const dy = this.poolStable * frac;
      this.poolToken -= dx;
      this.poolStable -= dy;
      this.lpWalletToken += dx;
      this.lpWalletStable += dy;
    }
  }

  /** Call once after construction (and after initial params are set) to fix reference levels. */
  calibrate(): void {
    this.apr0 = this.stakingApr();
    this.yield0 = this.expectedYield();
  }
}
