/**
 * `npm run train:policy -- [--seed N] [--budget B] [--target learned|adaptive|pid] [--workers N] [--out DIR]`
 *
 * Trains the `learned` policy network with evolution strategies in the simulator, on the training
 * windows only (lib/sim/spans.ts TRAINING_WINDOWS, each with its 1,500 h lead-in, all before 2020;
 * the crash paths are never touched), and writes `public/models/policy/learned-policy-<hash>.json`
 * (the weights and a version record: training span, reward, scores on the training windows) and
 * points `public/models/policy/index.json` and lib/policy/strategies/learned-current.ts at it.
 * Same seed and budget → same weights → same hash, whatever --workers is.
 *
 * `--target adaptive|pid` runs the same search, reward and budget over that hand-written policy's
 * settings (tune.ts's ranges) and writes `bench/results/train-<target>-seed<N>.json`, so `learned`
 * can be compared with policies that had as much search.
 *
 * Budget: backtests, default 2,400 (5× the 480 tune.ts gives each hand-written policy; each backtest
 * ≈ 0.2–0.4 s of one core: ≈ 5–12 min on 2 busy cores).
 * Quick-check options (not for a published artifact): --leadin H, --window-hours H (each window cut
 * to its first H hours), --pairs N, --checkpoints N, --lr X, --sigma X, --no-publish; a run with --leadin or --window-hours
 * writes to the system temp folder unless --out is given, and never becomes the current artifact.
 *
 * Exit codes: 0 ok, 2 bad option (the message names it).
 */
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { readPriceCsv } from '../lib/data/node';
import { ConfigError, HomeostatError } from '../lib/errors';
import { makeNetwork } from '../lib/policy/strategies/learned';
import { CURRENT_MODULE, POLICY_MODELS_DIR, writeLearnedArtifact } from '../lib/sim/learn/artifact-node';
import { CONFIG_RANGES, configOf, TRAIN_TARGETS, type TrainTarget } from '../lib/sim/learn/candidates';
import { createPool } from '../lib/sim/learn/pool';
import { TREASURY_KEEP } from '../lib/sim/learn/reward';
import { plan, type TrainOptions, train } from '../lib/sim/learn/train';
import { toHourlyPath } from '../lib/sim/market';
import { HOURLY_DATA, type Span, TRAINING_SPAN, TRAINING_WINDOWS } from '../lib/sim/spans';

export type Io = { stdout: (s: string) => void; stderr: (s: string) => void };
const defaultIo: Io = { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) };

export const DEFAULT_BUDGET = 2_400;
export const USAGE =
  'usage: train:policy [--seed N] [--budget BACKTESTS] [--target learned|adaptive|pid] [--workers N] [--out DIR] ' +
  '[--leadin H] [--window-hours H] [--pairs N] [--checkpoints N] [--lr X] [--sigma X] [--no-publish]\n';

const HOUR = 3600;

function int(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(name, `must be an integer from ${min} to ${max} (got ${text})`);
  }
  return n;
}

export type TrainCliResult = { target: TrainTarget; hash?: string; file: string; loss: number };

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        seed: { type: 'string' },
        budget: { type: 'string' },
        target: { type: 'string', default: 'learned' },
        workers: { type: 'string' },
        out: { type: 'string' },
        leadin: { type: 'string' },
        'window-hours': { type: 'string' },
        pairs: { type: 'string' },
        lr: { type: 'string' },
        sigma: { type: 'string' },
        checkpoints: { type: 'string' },
        'no-publish': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    const target = values.target as TrainTarget;
    if (!(TRAIN_TARGETS as readonly string[]).includes(target)) {
      throw new ConfigError('--target', `must be one of ${TRAIN_TARGETS.join(', ')} (got ${values.target})`);
    }
    const seed = int('--seed', values.seed, 1, 0, 2 ** 31 - 1);
    const budget = int('--budget', values.budget, DEFAULT_BUDGET, 1, 1_000_000);
    const workers = int('--workers', values.workers, availableParallelism(), 0, 64);
    const leadInHours = int('--leadin', values.leadin, 1500, 0, 20_000);
    const windowHours =
      values['window-hours'] === undefined ? undefined : int('--window-hours', values['window-hours'], 0, 24, 20_000);
    const pairs = int('--pairs', values.pairs, 8, 1, 256);
    const positive = (name: string, text: string | undefined) => {
      if (text === undefined) return undefined;
      const x = Number(text);
      if (!(Number.isFinite(x) && x > 0 && x <= 10))
        throw new ConfigError(name, `must be a number in (0, 10] (got ${text})`);
      return x;
    };
    const lr = positive('--lr', values.lr);
    const sigma = positive('--sigma', values.sigma);
    const checkpoints = int('--checkpoints', values.checkpoints, 5, 1, 100);
    const windows: Span[] = TRAINING_WINDOWS.map((w) =>
      windowHours === undefined
        ? w
        : { ...w, end: new Date(Date.parse(w.start) + windowHours * HOUR * 1000).toISOString().replace('.000Z', 'Z') },
    );
    const quick = windowHours !== undefined || leadInHours !== 1500;
    const options: Omit<TrainOptions, 'onProgress'> = {
      target,
      seed,
      budget,
      windows,
      leadInHours,
      // Simulation seeds: one per generation, cycling; selection on seeds 1 and 2 (as tune.ts scores).
      trainSeeds: [1, 2, 3, 4, 5, 6, 7, 8],
      selectSeeds: [1, 2],
      checkpoints,
      es: { pairs, ...(lr !== undefined ? { learningRate: lr } : {}), ...(sigma !== undefined ? { sigma } : {}) },
    };
    const p = plan(options);
    io.stderr(
      `train:policy ${target}, seed ${seed}: ${p.generations} generations × ${p.perGeneration} backtests + ${p.selection} for selection ` +
        `(budget ${budget}), ${windows.length} training windows (${TRAINING_SPAN.name}), ${workers} worker thread(s)\n`,
    );

    const path = toHourlyPath(readPriceCsv(HOURLY_DATA));
    const pool = createPool(path, workers);
    const t0 = performance.now();
    const elapsed = () => (performance.now() - t0) / 1000;
    let result: Awaited<ReturnType<typeof train>>;
    try {
      result = await train(
        {
          ...options,
          onProgress: (e) => {
            const eta = e.backtests > 0 ? (elapsed() / e.backtests) * (budget - e.backtests) : 0;
            const tail = `(${e.backtests}/${budget} backtests, ${elapsed().toFixed(0)} s, ETA ${(eta / 60).toFixed(1)} min)`;
            if (e.kind === 'generation') {
              io.stderr(
                `gen ${e.generation}/${e.generations} seed ${e.seed}: mean loss ${e.meanLoss.toFixed(4)}, best ${e.bestLoss.toFixed(4)} ${tail}\n`,
              );
            } else {
              io.stderr(`select gen ${e.generation}: loss ${e.loss.toFixed(4)} on seeds 1,2 ${tail}\n`);
            }
          },
        },
        pool.evaluate,
      );
    } finally {
      await pool.close();
    }
    const wallSeconds = elapsed();
    const record = {
      objective: 'stability',
      reward: `minimise mean over windows × seeds of (share of hours with |price / 7-day EMA − 1| > 10 %) + max drawdown + max(0, ${TREASURY_KEEP} − treasury stable end / start); any guardrail violation = +∞`,
      trainingSpan: TRAINING_SPAN,
      windows,
      leadInHours,
      quickCheck: quick,
      algorithm: 'evolution strategies (antithetic, centred ranks, Adam; lib/sim/learn/es.ts)',
      es: result.es,
      seed,
      budget,
      backtests: result.backtests,
      generations: result.generations,
      trainSeeds: options.trainSeeds,
      selectSeeds: options.selectSeeds,
      checkpoints: result.selection,
      chosenGeneration: result.chosenGeneration,
      loss: result.loss,
      initialLoss: result.initialLoss,
      scores: result.scores,
      history: result.history,
      workers: pool.size,
      wallSeconds: Math.round(wallSeconds),
      createdBy: 'scripts/train-policy.ts',
    };
    let out: TrainCliResult;
    if (target === 'learned') {
      const net = makeNetwork(result.theta);
      const dir = values.out ?? (quick ? join(tmpdir(), 'homeostat-train-policy') : POLICY_MODELS_DIR);
      const publish = !values['no-publish'] && !quick && values.out === undefined;
      const { file } = writeLearnedArtifact(net, record, dir, publish ? CURRENT_MODULE : undefined);
      out = { target, hash: net.hash, file, loss: result.loss };
      io.stdout(
        `${net.version}: loss ${result.loss.toFixed(4)} on the training windows (start ${result.initialLoss.toFixed(4)}), ` +
          `generation ${result.chosenGeneration} of ${result.generations}, ${result.backtests} backtests in ${wallSeconds.toFixed(0)} s → ${file}` +
          `${publish ? `; ${CURRENT_MODULE} points at it` : ''}\n`,
      );
    } else {
      const config = configOf(target, result.theta);
      const dir = values.out ?? (quick ? join(tmpdir(), 'homeostat-train-policy') : 'bench/results');
      const file = join(dir, `train-${target}-seed${seed}${quick ? '-quick' : ''}.json`);
      const { writeFileSync, mkdirSync } = await import('node:fs');
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        file,
        `${JSON.stringify({ target, config, ranges: CONFIG_RANGES[target], theta: Array.from(result.theta), ...record }, null, 2)}\n`,
      );
      out = { target, file, loss: result.loss };
      io.stdout(
        `${target} (ES-tuned): loss ${result.loss.toFixed(4)} on the training windows (start ${result.initialLoss.toFixed(4)}), ` +
          `generation ${result.chosenGeneration} of ${result.generations}, ${result.backtests} backtests in ${wallSeconds.toFixed(0)} s → ${file}\n`,
      );
    }
    io.stdout(`${JSON.stringify(out)}\n`);
    return 0;
  } catch (e) {
    if (e instanceof HomeostatError) {
      io.stderr(`${e.name}: ${e.message}\n`);
      return 2;
    }
    if (e instanceof Error && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`${e.message}\n${USAGE}`);
      return 2;
    }
    throw e;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
