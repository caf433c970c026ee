/**
 * The /simulate page ↔ simulator Web Worker protocol, and the named market paths. Types and
 * small pure helpers only: the page imports this file, so it must not import the simulator
 * (that loads in the worker, never in the page's first-load JS).
 */
import { SECONDS_PER_YEAR } from '../policy/types';
import type { SIM_STRESS } from './scenarios';

/** Stress scenarios the worker can apply (a test holds this list equal to SIM_STRESS's keys). */
export type SimStressName = keyof typeof SIM_STRESS;
export const SIM_WORKER_SCENARIOS = [
  'none',
  'bank-run',
  'liquidity-drain',
  'staking-bank-run',
  'death-spiral',
] as const;

import { TUNED } from '../policy/tuned';
import { DEFAULT_ECONOMY } from './config';
import type { Kpis } from './kpis';
import type { MarketPath } from './market';
import { CRASH_SPANS, TRAINING_SPAN, toUnix } from './spans';

/** Every policy the simulator has (lib/policy/registry.ts POLICY_NAMES, in the same order; a test holds them equal). */
export const SIM_POLICIES = [
  'static',
  'fixed-supply',
  'rebase',
  'pid',
  'pid-ff',
  'range',
  'adaptive',
  'learned',
] as const;
export type SimPolicy = (typeof SIM_POLICIES)[number];
export type SimObjective = 'stability' | 'growth' | 'scarcity';
export const SIM_OBJECTIVES = ['stability', 'growth', 'scarcity'] as const satisfies readonly SimObjective[];

/** Hours simulated before the window (policy active, KPIs not counted), as in runBacktest. */
export const SIM_WARMUP_HOURS = 1500;
const HOUR = 3600;

export type SimPathInfo = { label: string; start: string; end: string; note: string };

const span = (name: string) => {
  const s = CRASH_SPANS.find((c) => c.name.startsWith(name));
  if (!s) throw new Error(`no crash span ${name}`);
  return { start: s.start, end: s.end };
};

/** Named windows of the bundled hourly BTC data (data/prices/btcusd_1h_2018-05_2023-03.csv). */
export const SIM_PATHS = {
  // Sep–Oct 2018 is the quietest two months of the file (BTC 60-day vol ≈ 41 %/yr).
  calm: {
    label: 'Calm (Sep–Oct 2018)',
    start: '2018-09-01T00:00:00Z',
    end: '2018-10-31T00:00:00Z',
    note: 'BTC ≈ 41 %/yr vol',
  },
  'mar-2020': { label: 'Mar 2020 crash (COVID)', ...span('Mar 2020'), note: 'BTC −50 % in two days' },
  'may-2022': { label: 'May 2022 crash (LUNA)', ...span('May 2022'), note: 'stablecoin collapse' },
  'nov-2022': { label: 'Nov 2022 crash (FTX)', ...span('Nov 2022'), note: 'exchange failure' },
  'mar-2023': { label: 'Mar 2023 (SVB)', ...span('Mar 2023'), note: 'bank run, rebound' },
  'year-2021': {
    label: 'All of 2021 (long run)',
    start: '2021-01-01T00:00:00Z',
    end: '2021-12-31T23:00:00Z',
    note: '8,760 h: shows progress and cancel',
  },
  train: {
    label: 'Training span 2018-05…2019-12 (tuning data)',
    start: TRAINING_SPAN.start,
    end: TRAINING_SPAN.end,
    note: 'policies were tuned here',
  },
} as const satisfies Record<string, SimPathInfo>;
export type SimPathName = keyof typeof SIM_PATHS;
export const isSimPathName = (v: string): v is SimPathName => Object.hasOwn(SIM_PATHS, v);

/** A compact hourly path as the API serves it: one close per hour from `t0`, warm-up included. */
export type CompactPath = {
  name: SimPathName;
  label: string;
  /** Evaluation window, unix seconds. */
  start: number;
  end: number;
  /** Unix seconds of closes[0]; one close per hour after it. */
  t0: number;
  closes: number[];
};

/** Cuts [start − warm-up, end] out of an hourly path (prices rounded to cents, as in the CSV). */
export function compactPath(path: Pick<MarketPath, 'timestamp' | 'price'>, name: SimPathName): CompactPath {
  const info = SIM_PATHS[name];
  const start = toUnix(info.start);
  const end = toUnix(info.end);
  const first = path.timestamp[0] ?? 0;
  const from = Math.max(0, Math.ceil((start - SIM_WARMUP_HOURS * HOUR - first) / HOUR));
  const to = Math.min(path.timestamp.length - 1, Math.floor((end - first) / HOUR));
  const closes: number[] = [];
  for (let i = from; i <= to; i++) closes.push(Math.round((path.price[i] ?? 0) * 100) / 100);
  return { name, label: info.label, start, end, t0: path.timestamp[from] ?? first, closes };
}

/** Back to the simulator's MarketPath (Float64Arrays on the hour grid). */
export function toMarketPath(c: CompactPath): MarketPath {
  const n = c.closes.length;
  const timestamp = new Float64Array(n);
  const price = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    timestamp[i] = c.t0 + i * HOUR;
    price[i] = c.closes[i] ?? 0;
  }
  return { timestamp, price, source: `/api/sim/paths/${c.name}`, inputStepSeconds: HOUR };
}

/** Slider values, in the units a designer reads. */
export type SimParams = {
  /** Share of the transfer fee burned, bps of the fee (0..10 000). */
  burnShareBps: number;
  /** Transfer fee, bps of the amount (0..100 under the simulator's guardrails). */
  transferFeeBps: number;
  /** Staking emissions, % of the initial supply per year (0..10). */
  rewardPctPerYear: number;
  /** Treasury buyback budget, stable per day (0..2 000 000). */
  buybackPerDay: number;
};

/** Slider ranges: the simulator's guardrails (lib/policy defaultGuardrails for 100 M supply at 1 stable). */
export const SIM_PARAM_RANGES: Record<
  keyof SimParams,
  { min: number; max: number; step: number; label: string; unit: string }
> = {
  burnShareBps: { min: 0, max: 10_000, step: 250, label: 'Burn share of the fee', unit: 'bps' },
  transferFeeBps: { min: 0, max: 100, step: 5, label: 'Transfer fee', unit: 'bps' },
  rewardPctPerYear: { min: 0, max: 10, step: 0.5, label: 'Staking reward rate', unit: '% of supply/yr' },
  buybackPerDay: { min: 0, max: 2_000_000, step: 5_000, label: 'Buyback budget', unit: 'stable/day' },
};

/** The tuned static policy's levels (lib/policy/tuned.ts), in slider units. */
export const DEFAULT_SIM_PARAMS: SimParams = {
  burnShareBps: TUNED.static.burnShareBps,
  transferFeeBps: TUNED.static.transferFeeBps,
  rewardPctPerYear:
    Math.round(((TUNED.static.stakingRewardRate * SECONDS_PER_YEAR) / DEFAULT_ECONOMY.totalSupply) * 1000) / 10,
  buybackPerDay: TUNED.static.buybackBudget,
};

export type SimRequest = {
  type: 'run';
  id: number;
  path: CompactPath;
  policies: SimPolicy[];
  objective: SimObjective;
  seed: number;
  params: SimParams;
  /**
   * true: pid and adaptive rest at the slider levels in calm markets (the sliders are the static
   * policy's fixed levels either way); false: they rest at their own tuned levels.
   */
  restAtSliders: boolean;
  /** Most points per series sent back (charts); KPIs are computed on every hour. */
  maxPoints: number;
  /**
   * A stress from the window's first hour under every policy (lib/sim/scenarios.ts SIM_STRESS:
   * bank-run, liquidity-drain, staking-bank-run, death-spiral: its trigger and reflexive panic and
   * LP exit, without the seigniorage mint); absent or 'none': the path alone.
   */
  scenario?: SimStressName | 'none';
};
export type SimCancel = { type: 'cancel'; id: number };
export type SimInbound = SimRequest | SimCancel;

/** One sample of a run, at the start of an hour (what the policy saw). */
export type SimPoint = {
  time: number;
  /** Token price (stable/token). */
  price: number;
  /** Exogenous BTC close that hour. */
  market: number;
  supply: number;
  treasuryStable: number;
  transferFeeBps: number;
  buybackBudget: number;
};

/**
 * The death-spiral scenario's seigniorage coupling (lib/sim/death-spiral.ts: an algorithmic stable
 * redeemed for newly minted token), which the economy the policies run on cannot express: one run
 * under the 2 %/24 h supply guardrail and one unbounded, same seed. Sent before 'done'.
 */
export type SpiralSummary = {
  hours: number;
  /** Token supply end / start, and the largest net supply change in any 24 h (fraction of supply). */
  supplyGrowth: number;
  maxWindowNetFrac: number;
  /** Token price and market cap, end / start. */
  tokenPriceRatio: number;
  tokenMcapRatio: number;
  minStablePrice: number;
  /** Stables still queued for redemption at the end, $. */
  queueEnd: number;
  treasuryStart: number;
  treasuryEnd: number;
};

export type SimOutbound =
  | { type: 'progress'; id: number; policy: SimPolicy; index: number; fraction: number; overall: number }
  | { type: 'spiral'; id: number; guarded: SpiralSummary; unbounded: SpiralSummary }
  | { type: 'result'; id: number; policy: SimPolicy; kpis: Kpis; series: SimPoint[]; ms: number }
  | { type: 'done'; id: number; ms: number }
  | { type: 'cancelled'; id: number }
  | { type: 'error'; id: number; message: string };

export type SimResult = { policy: SimPolicy; kpis: Kpis; series: SimPoint[]; ms: number };

/** Chart rows: one per time, `${policy}_${field}` columns, prices indexed to 100 at the window start. */
export type SimChartRow = { time: number; market?: number } & Record<string, number | undefined>;

export function mergeSeries(results: SimResult[]): SimChartRow[] {
  const rows = new Map<number, SimChartRow>();
  for (const r of results) {
    const base = r.series[0]?.price || 1;
    const marketBase = r.series[0]?.market || 1;
    for (const p of r.series) {
      let row = rows.get(p.time);
      if (!row) {
        row = { time: p.time, market: (100 * p.market) / marketBase };
        rows.set(p.time, row);
      }
      row[`${r.policy}_price`] = (100 * p.price) / base;
      row[`${r.policy}_supply`] = p.supply;
      row[`${r.policy}_treasuryStable`] = p.treasuryStable;
      row[`${r.policy}_transferFeeBps`] = p.transferFeeBps;
    }
  }
  return [...rows.values()].sort((a, b) => a.time - b.time);
}

/** Every n-th point so at most `max` remain (the last always kept). */
export function thin<T>(points: T[], max: number): T[] {
  if (points.length <= max || max < 2) return points;
  const step = Math.ceil((points.length - 1) / (max - 1));
  const out: T[] = [];
  for (let i = 0; i < points.length; i += step) out.push(points[i] as T);
  const last = points[points.length - 1] as T;
  if (out[out.length - 1] !== last) out.push(last);
  return out;
}

/** Validates a message from the page; returns a reason when it is not a usable request. */
export function checkRequest(m: unknown): string | undefined {
  const r = m as Partial<SimRequest>;
  if (typeof r !== 'object' || r === null || r.type !== 'run') return 'not a run request';
  if (!Number.isInteger(r.id)) return 'id must be an integer';
  if (!Number.isInteger(r.seed) || (r.seed as number) < 0) return 'seed must be a non-negative integer';
  if (!Array.isArray(r.policies) || r.policies.length === 0 || !r.policies.every((p) => SIM_POLICIES.includes(p))) {
    return `policies must be a non-empty list of ${SIM_POLICIES.join(', ')}`;
  }
  if (!SIM_OBJECTIVES.includes(r.objective as SimObjective)) return 'objective must be stability, growth or scarcity';
  if (r.scenario !== undefined && !(SIM_WORKER_SCENARIOS as readonly string[]).includes(r.scenario)) {
    return `scenario must be one of ${SIM_WORKER_SCENARIOS.join(', ')}`;
  }
  const p = r.path;
  if (!p || !Array.isArray(p.closes) || p.closes.length < 2 || !p.closes.every((x) => Number.isFinite(x) && x > 0)) {
    return 'path must have at least two positive closes';
  }
  for (const [k, range] of Object.entries(SIM_PARAM_RANGES) as [keyof SimParams, { min: number; max: number }][]) {
    const v = r.params?.[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < range.min || v > range.max) {
      return `${k} must be within ${range.min}..${range.max}`;
    }
  }
  return undefined;
}
