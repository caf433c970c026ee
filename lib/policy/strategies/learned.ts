import { sha256 } from 'viem';
import { HomeostatError } from '../../errors';
import {
  type Forecasts,
  type Guardrails,
  type LevelParameter,
  type PolicyParameters,
  type PolicyState,
  SECONDS_PER_YEAR,
  type Strategy,
} from '../types';
import { applyDeadband, baselineParams, OBJECTIVE_BASELINES } from './common';

/**
 * `learned`: a small policy network (10 inputs → 8 tanh → 3 sigmoid) whose weights were found by
 * evolution strategies in the simulator, on the training windows only (lib/sim/learn, scripts/
 * train-policy.ts). It sees what the other policies see (on-chain state, the volatility forecast,
 * the market-price feed when there is one) and proposes levels for the transfer fee, the staking
 * reward rate and the buyback budget. Its outputs are in (0, 1), scaled to each lever's full scale
 * and clamped to the guardrail's [min, max], so whatever the weights, a target is inside the bounds; `decide` then clamps step and delay like
 * the controller, and the executor re-checks every rule. A non-finite output proposes nothing.
 *
 * The forward pass is plain TypeScript (the simulator calls it every hour of every backtest); the
 * same network as a TF.js layers model is in learned-tf.ts, with a test that both agree.
 */

/** The network's inputs, in order; each is scaled so that 0 is a calm market at the start state. */
export const LEARNED_FEATURES = [
  'priceGap',
  'drawdown',
  'gapTrend',
  'forecastStress',
  'recentVol',
  'market24h',
  'market7d',
  'treasury',
  'staking',
  'poolDepth',
] as const;
export type LearnedFeature = (typeof LEARNED_FEATURES)[number];

/** What each input is, in words a holder reads (the justification names the ones that drove an action). */
export const FEATURE_LABELS: Record<LearnedFeature, string> = {
  priceGap: 'price vs its 7-day reference',
  drawdown: 'drawdown from the 7-day high',
  gapTrend: '48 h average of the price gap',
  forecastStress: 'forecast volatility (upper 80 %) vs long-run',
  recentVol: 'last-24 h volatility vs long-run',
  market24h: 'market price vs its 24 h average',
  market7d: 'market price vs its 7-day average',
  treasury: 'treasury stable left',
  staking: 'staked share of supply',
  poolDepth: 'pool depth',
};

/** The levers the network sets, in output order. */
export const LEARNED_OUTPUTS = [
  'transferFeeBps',
  'stakingRewardRate',
  'buybackBudget',
] as const satisfies readonly LevelParameter[];

export const LEARNED_FORMAT = 'homeostat-policy-mlp/1';
export const LEARNED_HIDDEN = 8;
/** Each input is clamped to ±this after scaling, so no state can push the network far outside what it was trained on. */
export const FEATURE_CLIP = 4;

export type LearnedArchitecture = {
  inputs: readonly string[];
  hidden: number;
  outputs: readonly string[];
  hiddenActivation: 'tanh';
  outputActivation: 'sigmoid';
  /** What an output u ∈ (0, 1) means, per lever (part of the hash: a network means nothing without it). */
  outputScale: string;
};

/** Full scale of each output, in economic units that do not move when governance changes a guardrail. */
export const FEE_FULL_SCALE_BPS = 100;
export const REWARD_FULL_SCALE_SUPPLY_PER_YEAR = 0.1;

export const LEARNED_ARCHITECTURE: LearnedArchitecture = {
  inputs: LEARNED_FEATURES,
  hidden: LEARNED_HIDDEN,
  outputs: LEARNED_OUTPUTS,
  hiddenActivation: 'tanh',
  outputActivation: 'sigmoid',
  outputScale:
    'transferFeeBps = u × 100 bps; stakingRewardRate = u × 10 % of total supply a year; buybackBudget = u × the buyback guardrail max (per epoch); each then clamped to its guardrail [min, max]',
};

/** Number of weights: kernel [in × hidden], bias [hidden], kernel [hidden × out], bias [out] (TF.js Dense layout). */
export function weightCount(a: LearnedArchitecture = LEARNED_ARCHITECTURE): number {
  return a.inputs.length * a.hidden + a.hidden + a.hidden * a.outputs.length + a.outputs.length;
}

/** A loaded network: its weights (float32) and the content hash that names them. */
export type LearnedNetwork = {
  architecture: LearnedArchitecture;
  weights: Float32Array;
  /** First 12 hex digits of sha256(architecture JSON ‖ weights as float32 little-endian). */
  hash: string;
  /** `learned-policy-<hash>`. */
  version: string;
  /** The objective the network was trained for; under any other it proposes nothing. */
  objective: 'stability';
};

/** The artifact file (public/models/policy/learned-policy-<hash>.json). */
export type LearnedArtifact = {
  format: typeof LEARNED_FORMAT;
  name: 'learned-policy';
  version: string;
  hash: string;
  objective: 'stability';
  architecture: LearnedArchitecture;
  weights: number[];
  /** The version record: how it was trained and what it scored (training windows only). */
  record: Record<string, unknown>;
};

/** A weight file or network that must not be used: says what is wrong. */
export class LearnedPolicyError extends HomeostatError {
  override name = 'LearnedPolicyError';
}

/** The content hash of a network: sha256 over the architecture's JSON and the float32 weights, first 12 hex digits. */
export function networkHash(architecture: LearnedArchitecture, weights: Float32Array): string {
  const head = new TextEncoder().encode(JSON.stringify(architecture));
  const body = new Uint8Array(weights.length * 4);
  const view = new DataView(body.buffer);
  for (let i = 0; i < weights.length; i++) view.setFloat32(i * 4, weights[i] ?? 0, true);
  const bytes = new Uint8Array(head.length + body.length);
  bytes.set(head, 0);
  bytes.set(body, head.length);
  return sha256(bytes).slice(2, 14);
}

/** A network from weights (rounded to float32), hashed. Throws LearnedPolicyError on a wrong count or a non-finite weight. */
export function makeNetwork(weights: ArrayLike<number>, architecture = LEARNED_ARCHITECTURE): LearnedNetwork {
  checkArchitecture(architecture);
  const n = weightCount(architecture);
  if (weights.length !== n) {
    throw new LearnedPolicyError(`the network needs ${n} weights, the file has ${weights.length}`);
  }
  const w = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const x = weights[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      throw new LearnedPolicyError(`weight ${i} is ${String(x)}: every weight must be a finite number`);
    }
    w[i] = x;
    if (!Number.isFinite(w[i])) throw new LearnedPolicyError(`weight ${i} (${x}) overflows float32`);
  }
  const hash = networkHash(architecture, w);
  return { architecture, weights: w, hash, version: `learned-policy-${hash}`, objective: 'stability' };
}

function checkArchitecture(a: LearnedArchitecture) {
  const same =
    a.hidden === LEARNED_HIDDEN &&
    a.hiddenActivation === 'tanh' &&
    a.outputActivation === 'sigmoid' &&
    a.outputScale === LEARNED_ARCHITECTURE.outputScale &&
    JSON.stringify(a.inputs) === JSON.stringify(LEARNED_FEATURES) &&
    JSON.stringify(a.outputs) === JSON.stringify(LEARNED_OUTPUTS);
  if (!same) {
    throw new LearnedPolicyError(
      `unsupported architecture ${JSON.stringify(a)}: this code runs ${JSON.stringify(LEARNED_ARCHITECTURE)}`,
    );
  }
}

/**
 * Checks a parsed artifact file and returns its network: format, architecture, weight count and
 * finiteness, and that the hash it claims is the hash of its weights (a file edited by hand, or
 * swapped under a committed hash, is refused). Every problem is a LearnedPolicyError naming it.
 */
export function parseLearnedArtifact(json: unknown, source = 'the learned-policy artifact'): LearnedNetwork {
  const bad = (what: string) => new LearnedPolicyError(`${source}: ${what}`);
  if (typeof json !== 'object' || json === null) throw bad('not a JSON object');
  const a = json as Partial<LearnedArtifact>;
  if (a.format !== LEARNED_FORMAT) throw bad(`format is ${JSON.stringify(a.format)}, expected ${LEARNED_FORMAT}`);
  if (a.objective !== 'stability') throw bad(`objective ${JSON.stringify(a.objective)} is not supported (stability)`);
  if (!Array.isArray(a.weights)) throw bad('weights is not an array');
  if (typeof a.architecture !== 'object' || a.architecture === null) throw bad('architecture is missing');
  let net: LearnedNetwork;
  try {
    net = makeNetwork(a.weights, a.architecture);
  } catch (e) {
    if (e instanceof LearnedPolicyError) throw bad(e.message);
    throw e;
  }
  if (a.hash !== net.hash) throw bad(`claims hash ${String(a.hash)} but its weights hash to ${net.hash}`);
  if (a.version !== net.version) throw bad(`version ${String(a.version)} does not match ${net.version}`);
  return net;
}

/** The artifact file for a network and its version record. */
export function toArtifact(net: LearnedNetwork, record: Record<string, unknown>): LearnedArtifact {
  return {
    format: LEARNED_FORMAT,
    name: 'learned-policy',
    version: net.version,
    hash: net.hash,
    objective: net.objective,
    architecture: net.architecture,
    weights: Array.from(net.weights),
    record,
  };
}

/** Strategy memory: the market-price and gap averages the features need (absent on the first call). */
type LearnedMemory = { lastUpdate?: number; gapEma?: number; marketEma24?: number; marketEma168?: number };

const finiteOr = (x: number, fallback: number) => (Number.isFinite(x) ? x : fallback);
const clip = (x: number) => Math.max(-FEATURE_CLIP, Math.min(FEATURE_CLIP, finiteOr(x, 0)));

/** The ten inputs from what the policy sees (and the averages it carries), each clipped to ±FEATURE_CLIP. */
export function learnedFeatures(
  state: PolicyState,
  forecasts: Forecasts,
  guardrails: Guardrails,
  memory: Record<string, number> | undefined,
): { x: Float64Array; memory: Record<string, number> } {
  const m = (memory ?? {}) as LearnedMemory;
  const last = m.lastUpdate ?? state.now;
  // Capped: a long outage (no decisions) must not weigh one stale observation for days.
  const dt = Math.min(24, Math.max(0, (state.now - last) / 3600));
  const gap = Math.log(state.price / state.referencePrice);
  const ema = (prev: number | undefined, value: number, hours: number) =>
    prev === undefined || !Number.isFinite(prev) ? value : prev + (1 - Math.exp(-dt / hours)) * (value - prev);
  const gapEma = ema(m.gapEma, finiteOr(gap, 0), 48);
  const mkt = state.marketPrice;
  const haveMarket = mkt !== undefined && Number.isFinite(mkt) && mkt > 0;
  const lnM = haveMarket ? Math.log(mkt) : undefined;
  const e24 = lnM === undefined ? undefined : ema(m.marketEma24, lnM, 24);
  const e168 = lnM === undefined ? undefined : ema(m.marketEma168, lnM, 168);
  const longRun = Math.max(state.realizedVolLongRun, 1e-6);
  const bMax = Math.max(guardrails.params.buybackBudget.max, 1e-9);

  const x = new Float64Array(LEARNED_FEATURES.length);
  x[0] = clip(gap / 0.1);
  x[1] = clip((1 - state.price / Math.max(state.recentHigh, state.price)) / 0.1);
  x[2] = clip(gapEma / 0.1);
  x[3] = clip(Math.log(Math.max(forecasts.volatility.upper80, 1e-6) / longRun));
  x[4] = clip(Math.log(Math.max(state.realizedVol24h, 1e-6) / longRun));
  x[5] = lnM === undefined || e24 === undefined ? 0 : clip((lnM - e24) / 0.05);
  x[6] = lnM === undefined || e168 === undefined ? 0 : clip((lnM - e168) / 0.1);
  x[7] = clip(state.treasuryStable / (2.5 * bMax) - 1);
  x[8] = clip((state.staked / state.totalSupply - 0.2) * 5);
  x[9] = clip(Math.log(state.poolToken / (0.1 * state.totalSupply)));

  const out: Record<string, number> = { lastUpdate: state.now, gapEma };
  if (e24 !== undefined) out.marketEma24 = e24;
  if (e168 !== undefined) out.marketEma168 = e168;
  return { x, memory: out };
}

/** The forward pass: outputs in (0, 1), one per lever (NaN where hostile weights make it so). */
export function forward(net: LearnedNetwork, x: ArrayLike<number>): Float64Array {
  const nIn = net.architecture.inputs.length;
  const nH = net.architecture.hidden;
  const nOut = net.architecture.outputs.length;
  const w = net.weights;
  const b1 = nIn * nH;
  const w2 = b1 + nH;
  const b2 = w2 + nH * nOut;
  const h = new Float64Array(nH);
  for (let j = 0; j < nH; j++) {
    let s = w[b1 + j] ?? 0;
    for (let i = 0; i < nIn; i++) s += (x[i] ?? 0) * (w[i * nH + j] ?? 0);
    h[j] = Math.tanh(s);
  }
  const y = new Float64Array(nOut);
  for (let k = 0; k < nOut; k++) {
    let s = w[b2 + k] ?? 0;
    for (let j = 0; j < nH; j++) s += (h[j] ?? 0) * (w[w2 + j * nOut + k] ?? 0);
    y[k] = 1 / (1 + Math.exp(-s));
  }
  return y;
}

/**
 * Outputs → parameter targets (see LEARNED_ARCHITECTURE.outputScale), each inside its guardrail's
 * [min, max]; a non-finite output, or a non-finite target, is left out (no change proposed).
 */
export function targetsFrom(
  y: ArrayLike<number>,
  guardrails: Guardrails,
  totalSupply: number,
): Partial<PolicyParameters> {
  const full: Record<(typeof LEARNED_OUTPUTS)[number], number> = {
    transferFeeBps: FEE_FULL_SCALE_BPS,
    stakingRewardRate: (REWARD_FULL_SCALE_SUPPLY_PER_YEAR * totalSupply) / SECONDS_PER_YEAR,
    buybackBudget: guardrails.params.buybackBudget.max,
  };
  const t: Partial<PolicyParameters> = {};
  LEARNED_OUTPUTS.forEach((name, k) => {
    const u = y[k];
    if (u === undefined || !Number.isFinite(u)) return;
    const g = guardrails.params[name];
    const v = Math.min(1, Math.max(0, u)) * full[name];
    if (Number.isFinite(v)) t[name] = Math.min(g.max, Math.max(g.min, v));
  });
  return t;
}

/** One input's share in the action: the change of the targets (in max steps) when that input is set to its calm value 0. */
export type Driver = {
  feature: LearnedFeature;
  value: number;
  effect: number;
  moves: Partial<Record<LevelParameter, number>>;
};

/**
 * Per-input ablation: for each input, the targets with that input at 0 (a calm market at the start
 * state) against the targets with every input as observed; effect = Σ |Δ target| / maxStep. Sorted,
 * largest first. It says which observations moved the action away from the calm action, and how.
 */
export function drivers(net: LearnedNetwork, x: Float64Array, guardrails: Guardrails, totalSupply: number): Driver[] {
  const full = targetsFrom(forward(net, x), guardrails, totalSupply);
  const out: Driver[] = [];
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] ?? 0;
    if (xi === 0) continue;
    const ablated = Float64Array.from(x);
    ablated[i] = 0;
    const alt = targetsFrom(forward(net, ablated), guardrails, totalSupply);
    let effect = 0;
    const moves: Partial<Record<LevelParameter, number>> = {};
    for (const p of LEARNED_OUTPUTS) {
      const a = full[p];
      const b = alt[p];
      if (a === undefined || b === undefined) continue;
      moves[p] = a - b;
      effect += Math.abs(a - b) / guardrails.params[p].maxStep;
    }
    const feature = LEARNED_FEATURES[i];
    if (feature && Number.isFinite(effect)) out.push({ feature, value: xi, effect, moves });
  }
  return out.sort((a, b) => b.effect - a.effect);
}

const LEVER_WORDS: Record<(typeof LEARNED_OUTPUTS)[number], (d: number) => string> = {
  transferFeeBps: (d) => `fee ${d >= 0 ? '+' : ''}${d.toFixed(0)} bps`,
  stakingRewardRate: (d) => `rewards ${d >= 0 ? '+' : ''}${((d * 31_536_000) / 1e6).toFixed(2)} M tokens/yr`,
  buybackBudget: (d) => `buybacks ${d >= 0 ? '+' : ''}${(d / 1e3).toFixed(0)} k stable/day`,
};

function describeDrivers(ds: Driver[], guardrails: Guardrails, top = 3): string {
  const shown = ds.filter((d) => d.effect >= 0.05).slice(0, top);
  if (shown.length === 0) return 'No input moved the action by more than 5 % of a step from the calm action.';
  const parts = shown.map((d) => {
    const moves = LEARNED_OUTPUTS.filter((p) => Math.abs(d.moves[p] ?? 0) >= 0.05 * guardrails.params[p].maxStep)
      .map((p) => LEVER_WORDS[p](d.moves[p] ?? 0))
      .join(', ');
    return `${FEATURE_LABELS[d.feature]} (input ${d.value.toFixed(2)}: ${moves || 'small'})`;
  });
  return `Inputs that drove it most (per-input ablation to the calm value): ${parts.join('; ')}.`;
}

export type LearnedOptions = {
  /** Ignore moves smaller than this × maxStep (as the other strategies do). */
  deadband?: number;
  /** Compute the per-input ablation for the rationale (off in training, where nobody reads it). */
  explain?: boolean;
};

/** The `learned` strategy for a network. */
export function createLearnedStrategy(net: LearnedNetwork, options: LearnedOptions = {}): Strategy {
  const deadband = options.deadband ?? 0.1;
  const explain = options.explain ?? true;
  return {
    name: 'learned',
    // Starts at the objective's untuned defaults, the same levels for every network: the lead-in
    // (1,500 h in the backtests) moves them where the network wants them, and the simulator's
    // settled start is then computed once per seed instead of once per candidate in training.
    initialParams: (objective, guardrails) => baselineParams(objective, guardrails),
    run: ({ state, forecasts, guardrails, objective, memory }) => {
      const { x, memory: mem } = learnedFeatures(state, forecasts, guardrails, memory);
      if (objective !== net.objective) {
        return {
          targets: {},
          rationale: `Learned policy ${net.version} was trained for the ${net.objective} objective only; under ${objective} it proposes nothing.`,
          memory: mem,
        };
      }
      const y = forward(net, x);
      const raw = targetsFrom(y, guardrails, state.totalSupply);
      const targets = applyDeadband(
        { ...raw, burnShareBps: OBJECTIVE_BASELINES[objective].burnShareBps },
        state.params,
        guardrails,
        deadband,
      );
      const gap = 100 * (state.price / state.referencePrice - 1);
      const head = `Learned policy ${net.version} (weights hash ${net.hash}); price ${gap.toFixed(1)}% from its reference.`;
      const why = explain ? ` ${describeDrivers(drivers(net, x, guardrails, state.totalSupply), guardrails)}` : '';
      const refused = LEARNED_OUTPUTS.filter((_, k) => !Number.isFinite(y[k] ?? Number.NaN));
      const note = refused.length > 0 ? ` Non-finite output for ${refused.join(', ')}: no change proposed there.` : '';
      return { targets, rationale: head + why + note, memory: mem };
    },
  };
}
