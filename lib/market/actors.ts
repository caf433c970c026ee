import type { Address } from 'viem';
import { applySwap, type Pool } from './arbitrage';
import type { Rng } from './prng';
import type { MarketBehaviour } from './scenarios';

/**
 * What each simulated actor does in one hour, as a pure function of the chain state read at the
 * start of the hour, the behaviour knobs and a seeded random stream. The executor
 * (scripts/market-driver.ts) sends the actions in order and then runs the arbitrage step.
 *
 * The planner keeps a working copy of balances and of the pool while it plans, so an hour's
 * plan never spends the same tokens twice and later trades see earlier ones' price impact.
 */

export type Role = 'arbitrageur' | 'lp' | 'whale' | 'staker' | 'noise';

export type Roles = Readonly<Record<Role, readonly Address[]>>;

export type AccountState = {
  token: bigint;
  stable: bigint;
  /** LP tokens of the pair. */
  lp: bigint;
  staked: bigint;
};

export type MarketState = {
  pool: Pool;
  /** Total LP supply of the pair (to value LP tokens). */
  lpSupply: bigint;
  accounts: Readonly<Record<Address, AccountState>>;
  /** Token transfer fee (bps) charged on transfers between non-exempt accounts. */
  tokenTransferFeeBps: number;
};

/** Why a swap was made; 'holder' and 'speculator' are MARKET_MODEL=economy's agent classes (lib/market/economy-plan.ts). */
export type SwapReason = 'noise' | 'whale' | 'panic' | 'arbitrage' | 'holder' | 'speculator';

export type Action =
  | { kind: 'faucet'; actor: Address; amount: bigint }
  | { kind: 'swap'; actor: Address; side: 'buy' | 'sell'; amountIn: bigint; reason: SwapReason }
  | { kind: 'addLiquidity'; actor: Address; token: bigint; stable: bigint }
  | { kind: 'removeLiquidity'; actor: Address; liquidity: bigint }
  | { kind: 'transfer'; actor: Address; to: Address; amount: bigint }
  | { kind: 'stake'; actor: Address; amount: bigint }
  | { kind: 'unstake'; actor: Address; amount: bigint };

export type PlanHourInput = {
  rng: Rng;
  state: MarketState;
  roles: Roles;
  behaviour: MarketBehaviour;
  /** Log return of the replayed market over the last 24 h (drives momentum and panic). */
  recentReturn: number;
};

/** Stable a trader is topped up to from the test-stable faucet (human units). */
export const FAUCET_TOPUP = 50_000;

/** Poisson sample (Knuth) for small means. */
export function poisson(rng: Rng, mean: number): number {
  if (!(mean > 0)) return 0;
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rng.next();
  while (p > limit && k < 1000) {
    k++;
    p *= rng.next();
  }
  return k;
}

/** Multiply a raw amount by a fraction in [0, 1] without leaving bigint (1e-9 resolution). */
export function scale(amount: bigint, fraction: number): bigint {
  const f = Math.max(0, Math.min(1, fraction));
  return (amount * BigInt(Math.round(f * 1e9))) / 1_000_000_000n;
}

export function planHour({ rng, state, roles, behaviour, recentReturn }: PlanHourInput): Action[] {
  const actions: Action[] = [];
  const accounts = new Map<Address, AccountState>();
  for (const [a, s] of Object.entries(state.accounts)) accounts.set(a as Address, { ...s });
  const get = (a: Address): AccountState => {
    let s = accounts.get(a);
    if (!s) {
      s = { token: 0n, stable: 0n, lp: 0n, staked: 0n };
      accounts.set(a, s);
    }
    return s;
  };
  let pool = state.pool;
  const unit = 10n ** BigInt(pool.stableDecimals);
  const fee = state.tokenTransferFeeBps;

  const swap = (actor: Address, side: 'buy' | 'sell', amountIn: bigint, reason: SwapReason) => {
    if (amountIn <= 0n) return;
    const s = get(actor);
    const before = pool;
    pool = applySwap(pool, side, amountIn, fee);
    if (side === 'buy') {
      s.stable -= amountIn;
      s.token += before.reserveToken - pool.reserveToken;
    } else {
      s.token -= amountIn;
      s.stable += before.reserveStable - pool.reserveStable;
    }
    actions.push({ kind: 'swap', actor, side, amountIn, reason });
  };
  const ensureStable = (actor: Address, needed: bigint) => {
    const s = get(actor);
    if (s.stable >= needed) return;
    const amount = needed - s.stable + BigInt(FAUCET_TOPUP) * unit;
    s.stable += amount;
    actions.push({ kind: 'faucet', actor, amount });
  };

  // Momentum: after a rising day more buyers, after a falling day more sellers.
  const buyBias = 0.5 + 0.2 * Math.tanh(recentReturn / 0.05);

  // 1. Liquidity providers.
  for (const lp of roles.lp) {
    const r = rng.fork(`lp:${lp}`);
    const s = get(lp);
    if (s.lp > 0n && r.chance(behaviour.lpRemoveChance)) {
      const liquidity = scale(s.lp, behaviour.lpRemoveFraction);
      if (liquidity > 0n) {
        const share = (x: bigint) => (state.lpSupply > 0n ? (x * liquidity) / state.lpSupply : 0n);
        s.lp -= liquidity;
        s.token += share(pool.reserveToken);
        s.stable += share(pool.reserveStable);
        pool = {
          ...pool,
          reserveToken: pool.reserveToken - share(pool.reserveToken),
          reserveStable: pool.reserveStable - share(pool.reserveStable),
        };
        actions.push({ kind: 'removeLiquidity', actor: lp, liquidity });
      }
    } else if (r.chance(behaviour.lpAddChance)) {
      const token = scale(s.token, behaviour.lpAddFraction);
      if (token > 0n && pool.reserveToken > 0n) {
        const stable = (token * pool.reserveStable) / pool.reserveToken;
        ensureStable(lp, stable);
        s.token -= token;
        s.stable -= stable;
        pool = { ...pool, reserveToken: pool.reserveToken + token, reserveStable: pool.reserveStable + stable };
        actions.push({ kind: 'addLiquidity', actor: lp, token, stable });
      }
    }
  }

  // 2. Stakers (a bank run is a high unstake chance; panicked unstakers also sell).
  const panic = behaviour.unstakeChance >= 0.5;
  for (const staker of roles.staker) {
    const r = rng.fork(`stake:${staker}`);
    const s = get(staker);
    if (s.staked > 0n && r.chance(behaviour.unstakeChance)) {
      const amount = scale(s.staked, behaviour.unstakeFraction);
      if (amount > 0n) {
        s.staked -= amount;
        s.token += amount;
        actions.push({ kind: 'unstake', actor: staker, amount });
        if (panic && r.chance(0.5)) swap(staker, 'sell', scale(amount, r.uniform(0.3, 0.9)), 'panic');
      }
    } else if (r.chance(behaviour.stakeChance)) {
      const amount = scale(s.token, behaviour.stakeFraction);
      if (amount > 0n) {
        s.token -= amount;
        s.staked += amount;
        actions.push({ kind: 'stake', actor: staker, amount });
      }
    }
  }

  // 3. Noise traders.
  const noise = rng.fork('noise');
  const trades = poisson(noise, behaviour.noiseTradesPerHour);
  const [lo, hi] = behaviour.noiseTradeFraction;
  for (let i = 0; i < trades && roles.noise.length > 0; i++) {
    const trader = noise.pick(roles.noise);
    const s = get(trader);
    const fraction = noise.uniform(lo, hi);
    const wantsBuy = noise.chance(buyBias);
    if (!wantsBuy && s.token > 0n) {
      swap(trader, 'sell', scale(s.token, fraction), 'noise');
    } else {
      ensureStable(trader, unit * 100n);
      swap(trader, 'buy', scale(s.stable, fraction), 'noise');
    }
  }

  // 4. Whale sells (more likely after a falling day).
  const whaleRng = rng.fork('whale');
  const whaleChance = behaviour.whaleSellChance * (recentReturn < -0.05 ? 3 : 1);
  for (const whale of roles.whale) {
    if (whaleRng.chance(whaleChance)) {
      swap(whale, 'sell', scale(get(whale).token, behaviour.whaleSellFraction * whaleRng.uniform(0.5, 1.5)), 'whale');
    }
  }

  // 5. Holder-to-holder transfers among everyone who is not a market maker.
  const transferRng = rng.fork('transfer');
  const holders = [...roles.staker, ...roles.noise, ...roles.whale];
  const count = poisson(transferRng, behaviour.transfersPerHour);
  for (let i = 0; i < count && holders.length >= 2; i++) {
    const [from, to] = transferRng.sample(holders, 2) as [Address, Address];
    const s = get(from);
    const amount = scale(s.token, transferRng.uniform(0.01, 0.1));
    if (amount > 0n) {
      s.token -= amount;
      get(to).token += amount - (amount * BigInt(fee)) / 10_000n;
      actions.push({ kind: 'transfer', actor: from, to, amount });
    }
  }

  return actions;
}

/**
 * Before the first hour: liquidity providers without a position put `fraction` of their tokens
 * (and the matching stable at the pool ratio, from the faucet if short) into the pool, so that
 * they have something to withdraw — the deploy script gives the initial LP tokens to the treasury.
 */
export function planInitialLiquidity(state: MarketState, roles: Roles, fraction = 0.5): Action[] {
  const actions: Action[] = [];
  let { reserveToken, reserveStable } = state.pool;
  const unit = 10n ** BigInt(state.pool.stableDecimals);
  for (const lp of roles.lp) {
    const s = state.accounts[lp];
    if (!s || s.lp > 0n || s.token === 0n || reserveToken === 0n) continue;
    const token = scale(s.token, fraction);
    const stable = (token * reserveStable) / reserveToken;
    if (s.stable < stable)
      actions.push({ kind: 'faucet', actor: lp, amount: stable - s.stable + BigInt(FAUCET_TOPUP) * unit });
    actions.push({ kind: 'addLiquidity', actor: lp, token, stable });
    reserveToken += token;
    reserveStable += stable;
  }
  return actions;
}
