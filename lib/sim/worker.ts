/**
 * Web Worker entry of the simulator for /simulate. The page posts a SimRequest; the worker runs
 * each policy in turn with runBacktest and posts progress, one result per policy, then done.
 *
 * Cancellation: runBacktest is synchronous, so a 'cancel' message is only seen between policies
 * (runs yield to the event loop there). The page therefore also terminates the worker, which
 * stops a run at once; a fresh worker is made for the next run.
 */
import { defaultGuardrails } from '../policy/guardrails';
import { createAdaptiveStrategy } from '../policy/strategies/adaptive';
import type { ObjectiveBaseline } from '../policy/strategies/common';
import { createFixedSupplyStrategy, fixedSupplyParams } from '../policy/strategies/fixed-supply';
import { createLearnedStrategy } from '../policy/strategies/learned';
import { currentLearnedNetwork } from '../policy/strategies/learned-load';
import { createPidStrategy } from '../policy/strategies/pid';
import { createPidFfStrategy } from '../policy/strategies/pid-ff';
import { createRangeStrategy } from '../policy/strategies/range';
import { createRebaseStrategy } from '../policy/strategies/rebase';
import { createStaticStrategy } from '../policy/strategies/static';
import { TUNED, TUNED_FIELD } from '../policy/tuned';
import { type Guardrails, type PolicyParameters, SECONDS_PER_YEAR, type Strategy } from '../policy/types';
import { BacktestCancelled, runBacktest } from './backtest';
import { DEFAULT_ECONOMY } from './config';
import { type DeathSpiralResult, runDeathSpiral } from './death-spiral';
import { SIM_STRESS } from './scenarios';
import {
  checkRequest,
  SIM_WARMUP_HOURS,
  type SimInbound,
  type SimOutbound,
  type SimParams,
  type SimPoint,
  type SimPolicy,
  type SimRequest,
  type SpiralSummary,
  thin,
  toMarketPath,
} from './worker-protocol';

/** Slider values → the controller's parameter units. */
export function toPolicyParameters(p: SimParams, totalSupply = DEFAULT_ECONOMY.totalSupply): PolicyParameters {
  return {
    burnShareBps: p.burnShareBps,
    transferFeeBps: p.transferFeeBps,
    stakingRewardRate: ((p.rewardPctPerYear / 100) * totalSupply) / SECONDS_PER_YEAR,
    buybackBudget: p.buybackPerDay,
  };
}

/**
 * The strategy for one policy: static holds the slider levels; pid, pid-ff and adaptive use their
 * tuned settings and, when `restAtSliders`, rest at the slider levels (as fractions of each
 * guardrail max) for the chosen objective. fixed-supply, rebase and range hold fixed levels: with
 * `restAtSliders` the slider's fee and reward (and burn share for range), with burn and buyback
 * off where the protocol has none (fixed-supply, rebase: no burn, no buyback; range: no resting
 * buyback, its range operations instead); otherwise their settings from tuned.ts.
 */
export function strategyFor(
  policy: SimPolicy,
  req: Pick<SimRequest, 'params' | 'restAtSliders' | 'objective'>,
  guardrails: Guardrails,
): Strategy {
  const levels = toPolicyParameters(req.params);
  if (policy === 'static') return createStaticStrategy(levels);
  // The committed network, as trained (its levels are its own; the sliders do not apply).
  if (policy === 'learned') return createLearnedStrategy(currentLearnedNetwork());
  const sliders = req.restAtSliders;
  const fixed = { transferFeeBps: levels.transferFeeBps, stakingRewardRate: levels.stakingRewardRate };
  if (policy === 'fixed-supply') return createFixedSupplyStrategy(sliders ? fixed : TUNED_FIELD['fixed-supply']);
  if (policy === 'rebase') {
    return createRebaseStrategy(
      sliders ? { ...TUNED_FIELD.rebase, levels: fixedSupplyParams(fixed) } : TUNED_FIELD.rebase,
    );
  }
  if (policy === 'range') {
    return createRangeStrategy(
      sliders ? { ...TUNED_FIELD.range, levels: { ...levels, buybackBudget: 0 } } : TUNED_FIELD.range,
    );
  }
  const tuned = policy === 'pid' ? TUNED.pid : policy === 'pid-ff' ? TUNED_FIELD['pid-ff'] : TUNED.adaptive;
  let resting = tuned.resting;
  if (req.restAtSliders) {
    const calm: ObjectiveBaseline = {
      burnShareBps: levels.burnShareBps,
      calmFeeBps: levels.transferFeeBps,
      calmRewardFrac: levels.stakingRewardRate / guardrails.params.stakingRewardRate.max,
      calmBuybackFrac: levels.buybackBudget / guardrails.params.buybackBudget.max,
    };
    resting = { ...resting, [req.objective]: calm };
  }
  if (policy === 'pid') return createPidStrategy({ ...TUNED.pid, resting });
  if (policy === 'pid-ff') return createPidFfStrategy({ ...TUNED_FIELD['pid-ff'], resting });
  return createAdaptiveStrategy({ ...TUNED.adaptive, resting });
}

/** Wraps a strategy so every hour's observed state in [from, ∞) is sampled (the policy sees it anyway). */
function recording(inner: Strategy, from: number, market: (t: number) => number, out: SimPoint[]): Strategy {
  return {
    name: inner.name,
    ...(inner.initialParams ? { initialParams: inner.initialParams } : {}),
    ...(inner.operate ? { operate: inner.operate } : {}),
    run(input) {
      const s = input.state;
      if (s.now >= from) {
        out.push({
          time: s.now,
          price: s.price,
          market: market(s.now),
          supply: s.totalSupply,
          treasuryStable: s.treasuryStable,
          transferFeeBps: s.params.transferFeeBps,
          buybackBudget: s.params.buybackBudget,
        });
      }
      return inner.run(input);
    },
  };
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function spiralSummary(r: DeathSpiralResult): SpiralSummary {
  return {
    hours: r.path.length,
    supplyGrowth: r.supplyGrowth,
    maxWindowNetFrac: r.maxWindowNetFrac,
    tokenPriceRatio: r.tokenPriceRatio,
    tokenMcapRatio: r.tokenMcapRatio,
    minStablePrice: r.minStablePrice,
    queueEnd: r.queueEnd,
    treasuryStart: r.treasuryStart,
    treasuryEnd: r.treasuryEnd,
  };
}

/**
 * Runs the request and reports through `post`. Deterministic for (path, params, objective, seed).
 * `shouldStop` is polled by the simulator every 500 hours and between policies.
 */
export async function runSimulation(
  req: SimRequest,
  post: (m: SimOutbound) => void,
  shouldStop: () => boolean = () => false,
): Promise<void> {
  const bad = checkRequest(req);
  if (bad) {
    post({ type: 'error', id: Number(req?.id ?? -1), message: `bad request: ${bad}` });
    return;
  }
  const t0 = performance.now();
  const path = toMarketPath(req.path);
  const guardrails = defaultGuardrails(DEFAULT_ECONOMY.totalSupply, DEFAULT_ECONOMY.initialPrice);
  const first = req.path.t0;
  const market = (t: number) => req.path.closes[Math.round((t - first) / 3600)] ?? 0;
  const n = req.policies.length;
  try {
    for (const [index, policy] of req.policies.entries()) {
      await tick();
      if (shouldStop()) throw new BacktestCancelled();
      const started = performance.now();
      const series: SimPoint[] = [];
      const strategy = recording(strategyFor(policy, req, guardrails), req.path.start, market, series);
      const { kpis } = runBacktest(path, {
        policy: strategy,
        objective: req.objective,
        seed: req.seed,
        start: req.path.start,
        end: req.path.end,
        warmupHours: SIM_WARMUP_HOURS,
        guardrails,
        stress: req.scenario && req.scenario !== 'none' ? SIM_STRESS[req.scenario] : undefined,
        shouldStop,
        onProgress: (fraction) =>
          post({ type: 'progress', id: req.id, policy, index, fraction, overall: (index + fraction) / n }),
      });
      post({
        type: 'result',
        id: req.id,
        policy,
        kpis,
        series: thin(series, req.maxPoints),
        ms: performance.now() - started,
      });
    }
    if (req.scenario === 'death-spiral') {
      await tick();
      if (shouldStop()) throw new BacktestCancelled();
      post({
        type: 'spiral',
        id: req.id,
        guarded: spiralSummary(runDeathSpiral(req.seed)),
        unbounded: spiralSummary(runDeathSpiral(req.seed, { maxNetSupplyChangeBps: null })),
      });
    }
    post({ type: 'done', id: req.id, ms: performance.now() - t0 });
  } catch (e) {
    if (e instanceof BacktestCancelled) post({ type: 'cancelled', id: req.id });
    else post({ type: 'error', id: req.id, message: (e as Error)?.message ?? String(e) });
  }
}

// Worker wiring: only inside a dedicated worker (not when a test imports this file).
type WorkerScope = {
  postMessage(m: SimOutbound): void;
  addEventListener(type: 'message', l: (e: MessageEvent<SimInbound>) => void): void;
};
const scope = globalThis as unknown as WorkerScope & { WorkerGlobalScope?: abstract new () => unknown };
if (typeof scope.WorkerGlobalScope === 'function' && scope instanceof scope.WorkerGlobalScope) {
  const cancelled = new Set<number>();
  scope.addEventListener('message', (e) => {
    const m = e.data;
    if (m?.type === 'cancel') {
      cancelled.add(m.id);
      return;
    }
    void runSimulation(
      m,
      (out) => scope.postMessage(out),
      () => cancelled.has(m.id),
    );
  });
}
