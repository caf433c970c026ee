/**
 * Evolution strategies (natural-gradient ES with antithetic sampling, centred-rank fitness shaping
 * and Adam), written for this project. Pure and deterministic: the perturbations come from a seeded
 * Rng, candidates are evaluated by the caller in any order, and every sum runs in index order, so
 * the same seed and the same losses give the same parameters bit for bit.
 *
 * One generation: draw n directions ε_j ~ N(0, I); the candidates are θ + σε_j and θ − σε_j. After
 * their losses come back (lower is better), each gets its centred rank in [−0.5, 0.5]; the search
 * gradient of the loss is g = Σ_j (rank⁺_j − rank⁻_j) ε_j / (2nσ), and θ takes an Adam step against
 * it, with an L2 pull toward 0 of `weightDecay`.
 */
import { Rng } from '../rng';

export type EsConfig = {
  /** Antithetic pairs per generation (population = 2 × pairs). */
  pairs: number;
  /** Perturbation scale in parameter space. */
  sigma: number;
  /** Adam step size. */
  learningRate: number;
  /** L2 decay of the parameters per generation (fraction of the step size). */
  weightDecay: number;
  beta1: number;
  beta2: number;
};

export const DEFAULT_ES: EsConfig = {
  pairs: 8,
  sigma: 0.1,
  learningRate: 0.03,
  weightDecay: 0.005,
  beta1: 0.9,
  beta2: 0.999,
};

export class EvolutionStrategy {
  readonly theta: Float64Array;
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private readonly rng: Rng;
  private t = 0;
  private eps: Float64Array[] = [];

  constructor(
    theta0: ArrayLike<number>,
    seed: number,
    readonly config: EsConfig = DEFAULT_ES,
  ) {
    if (!(config.pairs >= 1 && Number.isInteger(config.pairs))) throw new RangeError('pairs must be an integer ≥ 1');
    if (!(config.sigma > 0)) throw new RangeError('sigma must be > 0');
    this.theta = Float64Array.from(theta0);
    this.m = new Float64Array(this.theta.length);
    this.v = new Float64Array(this.theta.length);
    this.rng = new Rng(seed);
  }

  /** The next generation's candidates: [θ + σε₁, θ − σε₁, θ + σε₂, …]. */
  ask(): Float64Array[] {
    const d = this.theta.length;
    this.eps = [];
    const out: Float64Array[] = [];
    for (let j = 0; j < this.config.pairs; j++) {
      const e = new Float64Array(d);
      for (let i = 0; i < d; i++) e[i] = this.rng.normal();
      this.eps.push(e);
      const plus = new Float64Array(d);
      const minus = new Float64Array(d);
      for (let i = 0; i < d; i++) {
        plus[i] = (this.theta[i] ?? 0) + this.config.sigma * (e[i] ?? 0);
        minus[i] = (this.theta[i] ?? 0) - this.config.sigma * (e[i] ?? 0);
      }
      out.push(plus, minus);
    }
    return out;
  }

  /** Takes the losses of the last `ask()`'s candidates, in the same order, and updates θ. */
  tell(losses: readonly number[]): void {
    const n = this.config.pairs;
    if (losses.length !== 2 * n || this.eps.length !== n) {
      throw new RangeError(`tell() needs ${2 * n} losses for the last ask(), got ${losses.length}`);
    }
    const ranks = centredRanks(losses);
    const d = this.theta.length;
    const g = new Float64Array(d);
    for (let j = 0; j < n; j++) {
      const w = (ranks[2 * j] ?? 0) - (ranks[2 * j + 1] ?? 0);
      const e = this.eps[j] as Float64Array;
      for (let i = 0; i < d; i++) g[i] = (g[i] ?? 0) + w * (e[i] ?? 0);
    }
    const { beta1, beta2, learningRate, weightDecay, sigma } = this.config;
    this.t++;
    const c1 = 1 - beta1 ** this.t;
    const c2 = 1 - beta2 ** this.t;
    for (let i = 0; i < d; i++) {
      const gi = (g[i] ?? 0) / (2 * n * sigma);
      this.m[i] = beta1 * (this.m[i] ?? 0) + (1 - beta1) * gi;
      this.v[i] = beta2 * (this.v[i] ?? 0) + (1 - beta2) * gi * gi;
      const step = (learningRate * ((this.m[i] ?? 0) / c1)) / (Math.sqrt((this.v[i] ?? 0) / c2) + 1e-8);
      this.theta[i] = (this.theta[i] ?? 0) - step - learningRate * weightDecay * (this.theta[i] ?? 0);
    }
    this.eps = [];
  }
}

/**
 * Centred ranks: the lowest loss gets −0.5, the highest +0.5, evenly spaced; ties share the mean
 * rank; a non-finite loss ranks worst. Makes the update blind to the loss's scale and outliers.
 */
export function centredRanks(losses: readonly number[]): Float64Array {
  const n = losses.length;
  const key = (i: number) => {
    const x = losses[i] ?? Number.NaN;
    return Number.isFinite(x) ? x : Number.POSITIVE_INFINITY;
  };
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => key(a) - key(b) || a - b);
  const r = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && key(order[j + 1] ?? 0) === key(order[i] ?? 0)) j++;
    const mean = (i + j) / 2;
    for (let k = i; k <= j; k++) r[order[k] ?? 0] = n > 1 ? mean / (n - 1) - 0.5 : 0;
    i = j + 1;
  }
  return r;
}
