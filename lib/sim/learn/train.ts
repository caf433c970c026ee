/**
 * The training loop: evolution strategies (es.ts) over a candidate vector (candidates.ts), each
 * candidate scored by the stability loss (reward.ts) on the training windows. Pure apart from the
 * `evaluate` callback the caller supplies (worker threads in the CLI, inline in tests); results are
 * put back in job order, so the outcome does not depend on how many threads ran them.
 *
 * Budget: a number of backtests, split into
 * - generations: each evaluates 2 × pairs candidates on every training window with one simulation
 *   seed (the generation's, cycling through `trainSeeds`; every candidate of a generation sees the
 *   same seed, so they are compared on the same random stream);
 * - selection: the starting point and `checkpoints` snapshots of θ taken along the way are each
 *   scored on every window with every `selectSeeds` seed; the lowest mean loss is the result (the
 *   search can end no worse, on the training windows, than where it started).
 */
import { ConfigError } from '../../errors';
import type { Span } from '../spans';
import { initialTheta, storedTheta, type TrainTarget } from './candidates';
import { DEFAULT_ES, type EsConfig, EvolutionStrategy } from './es';
import type { EvalJob, LossParts } from './reward';

export type TrainOptions = {
  target: TrainTarget;
  seed: number;
  /** Total backtests (generations + selection). */
  budget: number;
  windows: Span[];
  leadInHours: number;
  trainSeeds: number[];
  selectSeeds: number[];
  checkpoints: number;
  es?: Partial<EsConfig>;
  onProgress?: (p: Progress) => void;
};

export type Progress =
  | {
      kind: 'generation';
      generation: number;
      generations: number;
      seed: number;
      meanLoss: number;
      bestLoss: number;
      backtests: number;
      budget: number;
    }
  | { kind: 'selection'; generation: number; loss: number; backtests: number; budget: number };

export type WindowScore = { window: string; seed: number } & LossParts;

export type TrainResult = {
  target: TrainTarget;
  theta: Float64Array;
  generations: number;
  backtests: number;
  es: EsConfig;
  history: { generation: number; seed: number; meanLoss: number; bestLoss: number }[];
  selection: { generation: number; loss: number }[];
  chosenGeneration: number;
  /** Mean loss of the chosen θ over the windows × select seeds, and each run's parts. */
  loss: number;
  scores: WindowScore[];
  /** The starting point's scores (generation 0), for the record. */
  initialLoss: number;
};

/**
 * Per target: the same step size for all three (0.15 won against 0.03 and 0.08 in 13-generation dev
 * runs of `learned` on the training windows: loss 0.44 vs 0.83 and 0.54); the perturbation is 0.1
 * on network weights and 0.3 on the policies' settings, which are logits of their ranges.
 */
export const TARGET_ES: Record<TrainTarget, Partial<EsConfig>> = {
  learned: { sigma: 0.1, learningRate: 0.15, weightDecay: 0.005 },
  adaptive: { sigma: 0.3, learningRate: 0.15, weightDecay: 0 },
  pid: { sigma: 0.3, learningRate: 0.15, weightDecay: 0 },
};

export type Evaluator = (jobs: EvalJob[]) => Promise<LossParts[]>;

/** How a budget splits: generations that fit after the selection runs; throws ConfigError if none fits. */
export function plan(o: Pick<TrainOptions, 'budget' | 'windows' | 'selectSeeds' | 'checkpoints' | 'es' | 'target'>) {
  const es = { ...DEFAULT_ES, ...TARGET_ES[o.target], ...o.es };
  const perGeneration = 2 * es.pairs * o.windows.length;
  const selection = (o.checkpoints + 1) * o.windows.length * o.selectSeeds.length;
  const generations = Math.floor((o.budget - selection) / perGeneration);
  if (generations < 1) {
    throw new ConfigError(
      '--budget',
      `${o.budget} backtests leave no generation: selection needs ${selection} and a generation ${perGeneration} (at least ${selection + perGeneration})`,
    );
  }
  return { es, perGeneration, selection, generations };
}

export async function train(o: TrainOptions, evaluate: Evaluator): Promise<TrainResult> {
  if (o.windows.length === 0) throw new ConfigError('windows', 'need at least one training window');
  if (o.trainSeeds.length === 0 || o.selectSeeds.length === 0) throw new ConfigError('--seeds', 'need seeds');
  if (!(Number.isInteger(o.checkpoints) && o.checkpoints >= 1)) throw new ConfigError('checkpoints', 'must be ≥ 1');
  const { es: esConfig, generations, perGeneration } = plan(o);
  const es = new EvolutionStrategy(initialTheta(o.target, o.seed), o.seed, esConfig);
  let backtests = 0;
  let nextId = 0;
  const jobsFor = (theta: ArrayLike<number>, seed: number): EvalJob[] =>
    o.windows.map((window) => ({
      id: nextId++,
      target: o.target,
      theta: Array.from(theta),
      window,
      seed,
      leadInHours: o.leadInHours,
    }));

  // Snapshots to select from: generation 0 (the start) and evenly spaced ones, the last included.
  const snapshotAt = new Set<number>();
  for (let c = 1; c <= o.checkpoints; c++) snapshotAt.add(Math.max(1, Math.round((generations * c) / o.checkpoints)));
  const snapshots: { generation: number; theta: Float64Array }[] = [
    { generation: 0, theta: storedTheta(o.target, es.theta) },
  ];
  const history: TrainResult['history'] = [];

  for (let g = 1; g <= generations; g++) {
    const seed = o.trainSeeds[(g - 1) % o.trainSeeds.length] ?? 1;
    const candidates = es.ask();
    const jobs = candidates.flatMap((c) => jobsFor(storedTheta(o.target, c), seed));
    const parts = await evaluate(jobs);
    backtests += jobs.length;
    const w = o.windows.length;
    const losses = candidates.map((_, i) => mean(parts.slice(i * w, (i + 1) * w).map((p) => p.loss)));
    es.tell(losses);
    const finite = losses.filter(Number.isFinite);
    const entry = { generation: g, seed, meanLoss: mean(finite), bestLoss: Math.min(...finite) };
    history.push(entry);
    o.onProgress?.({ kind: 'generation', generations, ...entry, backtests, budget: o.budget });
    if (snapshotAt.has(g)) snapshots.push({ generation: g, theta: storedTheta(o.target, es.theta) });
    if (perGeneration !== jobs.length) throw new Error('internal: generation size changed');
  }

  // Selection on fixed seeds: every snapshot on every window × seed.
  const selection: TrainResult['selection'] = [];
  let best: { generation: number; theta: Float64Array; loss: number; scores: WindowScore[] } | undefined;
  let initialLoss = Number.NaN;
  for (const snap of snapshots) {
    const jobs = o.selectSeeds.flatMap((seed) => jobsFor(snap.theta, seed));
    const parts = await evaluate(jobs);
    backtests += jobs.length;
    const scores = jobs.map((j, i) => ({ window: j.window.name, seed: j.seed, ...(parts[i] as LossParts) }));
    const loss = mean(scores.map((s) => s.loss));
    selection.push({ generation: snap.generation, loss });
    if (snap.generation === 0) initialLoss = loss;
    o.onProgress?.({ kind: 'selection', generation: snap.generation, loss, backtests, budget: o.budget });
    if (!best || loss < best.loss) best = { ...snap, loss, scores };
  }
  if (!best) throw new Error('internal: no snapshot');
  return {
    target: o.target,
    theta: best.theta,
    generations,
    backtests,
    es: esConfig,
    history,
    selection,
    chosenGeneration: best.generation,
    loss: best.loss,
    scores: best.scores,
    initialLoss,
  };
}

function mean(xs: number[]): number {
  if (xs.length === 0) return Number.NaN;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}
