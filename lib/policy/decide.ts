import { mergeExpectedEffects } from './effects';
import { clampToGuardrails, headroom as headroomOf } from './guardrails';
import { createAdaptiveStrategy } from './strategies/adaptive';
import {
  BUYBACK_EPOCH_SECONDS,
  type Decision,
  type ExpectedEffect,
  type Forecast,
  type Forecasts,
  type Guardrails,
  type NoAction,
  type NoActionReason,
  type ObjectiveMode,
  type ParameterChange,
  type PolicyMemory,
  type PolicyState,
  type Strategy,
} from './types';

/** When inputs are not to be trusted. Any check failing → no action, with the reason recorded. */
export type InputGate = {
  /** Oracle/pool observation older than this (seconds) is stale. */
  maxOracleAgeSeconds: number;
  /** Indexer further behind the head than this (seconds) is lagging. */
  maxIndexerLagSeconds: number;
  /** Anomaly score at or above this (0..1) means the market may be manipulated. */
  maxAnomalyScore: number;
  /** A forecast issued longer ago than this (seconds) is stale. */
  maxForecastAgeSeconds: number;
};

export const DEFAULT_INPUT_GATE: InputGate = {
  maxOracleAgeSeconds: 2 * 3600,
  maxIndexerLagSeconds: 10 * 60,
  maxAnomalyScore: 0.8,
  maxForecastAgeSeconds: 2 * 3600,
};

export type DecideOptions = {
  strategy?: Strategy;
  memory?: PolicyMemory | undefined;
  gate?: InputGate;
};

const defaultStrategy = createAdaptiveStrategy();

/**
 * The policy: a pure function from state + forecasts + guardrails + objective to a proposal or
 * a reasoned no-action. Order, for every strategy: input gate → strategy → guardrail clamp.
 * Nothing here touches a chain; the agent executes what this returns.
 */
export function decide(
  state: PolicyState,
  forecasts: Forecasts,
  guardrails: Guardrails,
  objective: ObjectiveMode,
  options: DecideOptions = {},
): Decision {
  const strategy = options.strategy ?? defaultStrategy;
  const gate = options.gate ?? DEFAULT_INPUT_GATE;
  const memory = options.memory ?? {};
  const current = headroomOf(state.params, guardrails, state.lastChangedAt, state.now, state.supplyWindow);
  const none = (reason: NoActionReason, justification: string, mem: PolicyMemory = memory): NoAction => ({
    kind: 'no-action',
    policy: strategy.name,
    objective,
    reason,
    justification,
    headroom: current,
    memory: mem,
  });

  const untrusted = checkInputs(state, gate);
  if (untrusted) return none('inputs-untrusted', `Not acting: inputs look manipulated or broken (${untrusted}).`);
  const badForecast = checkForecast(forecasts.volatility, state.now, gate);
  if (badForecast) return none('forecast-invalid', `Not acting: the volatility forecast is unusable (${badForecast}).`);

  // The strategy runs even while a proposal is pending so stateful controllers keep integrating.
  const out = strategy.run({ state, forecasts, guardrails, objective, memory });
  if (state.proposalPending) {
    return none(
      'proposal-pending',
      'Not acting: an earlier proposal is still pending; never stack proposals.',
      out.memory,
    );
  }

  const clamped = clampToGuardrails(
    state.params,
    { ...out.targets, supplyChange: out.supplyChange },
    guardrails,
    state.lastChangedAt,
    state.now,
    state.supplyWindow,
  );
  const effective = clamped.changes.filter((c) => c.to !== c.from);
  if (effective.length === 0) {
    if (clamped.changes.length > 0) {
      return {
        ...none(
          'blocked-by-guardrails',
          `${out.rationale} Wanted ${clamped.changes.map(describeChange).join('; ')}, but the guardrails allow no move now.`,
          out.memory,
        ),
        blocked: clamped.changes.map((c) => ({ parameter: c.parameter, by: [...c.clampedBy] })),
      };
    }
    return none(strategy.name === 'static' ? 'static-policy' : 'within-tolerance', out.rationale, out.memory);
  }

  return {
    kind: 'proposal',
    policy: strategy.name,
    objective,
    changes: effective,
    justification: justify(strategy.name, objective, out.rationale, effective, forecasts.volatility, state),
    expectedEffects: mergeExpectedEffects(expectedEffects(effective, state, forecasts.volatility.horizonHours)),
    headroom: clamped.headroom,
    forecasts,
    memory: out.memory,
  };
}

function checkInputs(s: PolicyState, gate: InputGate): string | undefined {
  const q = s.inputQuality;
  if (q.anomalyFlags.length > 0) return `anomaly flags raised: ${q.anomalyFlags.join(', ')}`;
  if (!(q.anomalyScore < gate.maxAnomalyScore)) {
    return `anomaly score ${fmt(q.anomalyScore)} ≥ ${gate.maxAnomalyScore}`;
  }
  if (!(q.oracleAgeSeconds <= gate.maxOracleAgeSeconds)) {
    return `stale oracle: last update ${fmt(q.oracleAgeSeconds)} s ago (limit ${gate.maxOracleAgeSeconds} s)`;
  }
  if (!(q.indexerLagSeconds <= gate.maxIndexerLagSeconds)) {
    return `indexer lag ${fmt(q.indexerLagSeconds)} s (limit ${gate.maxIndexerLagSeconds} s)`;
  }
  const positive: [string, number][] = [
    ['price', s.price],
    ['referencePrice', s.referencePrice],
    ['recentHigh', s.recentHigh],
    ['totalSupply', s.totalSupply],
    ['poolToken', s.poolToken],
    ['poolStable', s.poolStable],
  ];
  for (const [name, v] of positive) if (!(Number.isFinite(v) && v > 0)) return `${name} is ${v}`;
  const nonNegative: [string, number][] = [
    ['realizedVol24h', s.realizedVol24h],
    ['realizedVolLongRun', s.realizedVolLongRun],
    ['staked', s.staked],
    ['treasuryToken', s.treasuryToken],
    ['treasuryStable', s.treasuryStable],
    ['emissionsBudget', s.emissionsBudget],
    ['volume24hStable', s.volume24hStable],
  ];
  for (const [name, v] of nonNegative) if (!(Number.isFinite(v) && v >= 0)) return `${name} is ${v}`;
  // The pool's own price and the reported price must agree: a gap means a manipulated or stale read.
  const poolPrice = s.poolStable / s.poolToken;
  if (Math.abs(Math.log(poolPrice / s.price)) > 0.05) {
    return `reported price ${fmt(s.price)} disagrees with pool reserves (${fmt(poolPrice)})`;
  }
  return undefined;
}

function checkForecast(f: Forecast, now: number, gate: InputGate): string | undefined {
  const xs = [f.lower95, f.lower80, f.rvNext, f.upper80, f.upper95];
  if (!xs.every((x) => Number.isFinite(x) && x >= 0)) return 'non-finite or negative values';
  for (let i = 1; i < xs.length; i++) {
    if ((xs[i] ?? 0) < (xs[i - 1] ?? 0)) return 'intervals are not nested around the point forecast';
  }
  if (!(f.horizonHours > 0)) return `horizon ${f.horizonHours} h`;
  if (f.issuedAt !== undefined && now - f.issuedAt > gate.maxForecastAgeSeconds) {
    return `issued ${now - f.issuedAt} s ago (limit ${gate.maxForecastAgeSeconds} s)`;
  }
  return undefined;
}

function justify(
  policy: string,
  objective: ObjectiveMode,
  rationale: string,
  changes: ParameterChange[],
  f: Forecast,
  s: PolicyState,
): string {
  const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
  return [
    `${policy} policy, ${objective} objective. ${rationale}`,
    `Forecast volatility over ${f.horizonHours} h: ${pct(f.rvNext)}/yr (80%: ${pct(f.lower80)}–${pct(f.upper80)}; ` +
      `95%: ${pct(f.lower95)}–${pct(f.upper95)}), long-run ${pct(s.realizedVolLongRun)}, last 24 h ${pct(s.realizedVol24h)}.`,
    `Price ${fmt(s.price)} vs reference ${fmt(s.referencePrice)} (${pct(s.price / s.referencePrice - 1)}).`,
    `Changes: ${changes.map(describeChange).join('; ')}.`,
  ].join(' ');
}

function describeChange(c: ParameterChange): string {
  const base = `${c.parameter} ${fmt(c.from)} → ${fmt(c.to)}`;
  if (c.clampedBy.length === 0) return base;
  return `${base} (asked ${fmt(c.requested)}; bound by ${c.clampedBy.join(', ')})`;
}

/**
 * First-order, model-light estimates of each change's effect over the horizon, so the Verify
 * step has something concrete to check. Constant-product price impact: buying ΔY stable
 * against a pool with Y stable moves the price by about 2ΔY/Y.
 */
function expectedEffects(changes: ParameterChange[], s: PolicyState, horizonHours: number): ExpectedEffect[] {
  const effects: ExpectedEffect[] = [];
  const hours = horizonHours;
  for (const c of changes) {
    const d = c.to - c.from;
    switch (c.parameter) {
      case 'buybackBudget': {
        const spent = (d * hours * 3600) / BUYBACK_EPOCH_SECONDS;
        effects.push(
          {
            kpi: 'treasuryStable',
            direction: d > 0 ? 'down' : 'up',
            estimate: -spent,
            unit: 'stable',
            basis: 'budget change × horizon',
          },
          {
            kpi: 'netSupplyChange',
            direction: d > 0 ? 'down' : 'up',
            estimate: -spent / s.price,
            unit: 'tokens',
            basis: 'bought back at the current price and burned',
          },
          {
            kpi: 'maxDrawdown',
            direction: d > 0 ? 'down' : 'up',
            estimate: -((2 * spent) / s.poolStable),
            unit: 'fraction of price',
            basis: 'constant-product impact 2ΔY/Y of the extra buy flow',
          },
        );
        break;
      }
      case 'transferFeeBps': {
        // Round-trip cost = 2 × (AMM fee 30 bps + transfer fee); volume elasticity −1 to that cost.
        const before = 2 * (30 + c.from);
        const after = 2 * (30 + c.to);
        effects.push(
          {
            kpi: 'volume',
            direction: d > 0 ? 'down' : 'up',
            estimate: before / after - 1,
            unit: 'fraction of volume',
            basis: 'noise-trading volume elasticity −1 to round-trip cost',
          },
          {
            kpi: 'priceVolatility',
            direction: d > 0 ? 'down' : 'up',
            estimate: d > 0 ? -0.02 : 0.02,
            unit: 'fraction of volatility',
            basis: 'less noise and momentum trading (transaction-tax effect); sign only',
          },
        );
        break;
      }
      case 'stakingRewardRate': {
        const paid = d * hours * 3600;
        const aprBefore = s.staked > 0 ? (c.from * 31_536_000) / s.staked : 0;
        const aprAfter = s.staked > 0 ? (c.to * 31_536_000) / s.staked : 0;
        effects.push(
          {
            kpi: 'stakingRatio',
            direction: d > 0 ? 'up' : 'down',
            estimate: aprAfter - aprBefore,
            unit: 'APR change (fraction/yr) at the current stake',
            basis: 'stakers respond to APR above their hurdle',
          },
          {
            kpi: 'netSupplyChange',
            direction: 'none',
            estimate: 0,
            unit: 'tokens',
            basis: `rewards (${fmt(paid)} tokens more over the horizon) come from the pre-minted emissions budget`,
          },
        );
        break;
      }
      case 'burnShareBps': {
        const feeTokens = ((s.volume24hStable / s.price) * (s.params.transferFeeBps / 10_000) * hours) / 24;
        effects.push({
          kpi: 'netSupplyChange',
          direction: d > 0 ? 'down' : 'up',
          estimate: -feeTokens * (d / 10_000),
          unit: 'tokens',
          basis: 'fee tokens at current volume × change in burned share',
        });
        break;
      }
      case 'supplyChange':
        effects.push({
          kpi: 'netSupplyChange',
          direction: d > 0 ? 'up' : 'down',
          estimate: d,
          unit: 'tokens',
          basis: d > 0 ? 'minted into the emissions budget' : 'burned from the treasury',
        });
        break;
    }
  }
  return effects;
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a === 0) return '0';
  if (a >= 1000) return x.toLocaleString('en-US', { maximumFractionDigits: 0 });
  if (a >= 1) return x.toFixed(2);
  return x.toPrecision(3);
}
