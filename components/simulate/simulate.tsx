'use client';

import { useQueryClient } from '@tanstack/react-query';
import dynamic from 'next/dynamic';
import { type ReactNode, useId, useState } from 'react';
import { fetchApi } from '@/components/api';
import { formatCompact, formatPercent } from '@/components/format';
import {
  type CompactPath,
  DEFAULT_SIM_PARAMS,
  SIM_OBJECTIVES,
  SIM_PARAM_RANGES,
  SIM_PATHS,
  SIM_POLICIES,
  SIM_WORKER_SCENARIOS,
  type SimObjective,
  type SimParams,
  type SimPathName,
  type SimPolicy,
  type SimResult,
  type SpiralSummary,
} from '@/lib/sim/worker-protocol';
import { useSimWorker } from './use-sim-worker';

// recharts loads only when there are results to draw.
const SimCharts = dynamic(() => import('./charts').then((m) => m.SimCharts), {
  ssr: false,
  loading: () => <div className="h-72 animate-pulse rounded-lg bg-slate-200 dark:bg-slate-800" />,
});

export const simPathQuery = (name: SimPathName) => ({
  queryKey: ['sim', 'path', { name }] as const,
  queryFn: () => fetchApi<CompactPath>(`/api/sim/paths/${name}`),
  staleTime: Number.POSITIVE_INFINITY,
});

export const policyLabel: Record<SimPolicy, string> = {
  static: 'Static',
  'fixed-supply': 'Fixed supply',
  rebase: 'Rebase',
  pid: 'PID',
  'pid-ff': 'PID + market',
  range: 'Range',
  adaptive: 'Adaptive',
  learned: 'Learned',
};
/** One line per policy beside its checkbox: what it does and where it comes from. */
export const policyNote: Record<SimPolicy, string> = {
  static: 'fixed at the slider levels',
  'fixed-supply': 'Bitcoin-style: no mint, burn or buyback, ever',
  rebase: 'Ampleforth-style daily rebase toward 1 stable; judge it on market cap',
  pid: 'PI controller on the price gap (Reflexer RAI)',
  'pid-ff': 'PID plus feed-forward on the market price',
  range: 'Olympus-style treasury walls and cushions around a 30-day average',
  adaptive: 'this project’s forecast-driven policy',
  learned: 'a policy network trained by evolution strategies on 2018–2019 only; its own levels (sliders do not apply)',
};
/** A stress on the agents from the window's first hour, under every policy (lib/sim/scenarios.ts). */
export type SimScenarioChoice = (typeof SIM_WORKER_SCENARIOS)[number];
export const scenarioLabel: Record<SimScenarioChoice, string> = {
  none: 'None (the market path alone)',
  'bank-run': 'Bank run',
  'liquidity-drain': 'Liquidity drain',
  'staking-bank-run': 'Staking bank run',
  'death-spiral': 'Death spiral',
};
/** What each scenario does, in one line under the picker. */
export const scenarioNote: Record<SimScenarioChoice, string> = {
  none: 'no stress: only the real BTC path moves the holders',
  'bank-run': '60 % of holders panic, unstake and sell while LPs pull 2 % of the pool an hour, for 72 h',
  'liquidity-drain': 'LPs pull 2 % of the pool an hour for 72 h and aim for a thinner pool',
  'staking-bank-run': '60 % of holders panic for 24 h: they unstake everything and sell',
  'death-spiral':
    '24 h of panic and LP exit, then for 120 h more of both the further the token falls. Without an algorithmic stable: the mint-on-redeem coupling is its own model (lib/sim/death-spiral.ts)',
};
const sliderText: Record<keyof SimParams, (v: number) => string> = {
  burnShareBps: (v) => `${(v / 100).toFixed(1)}% of the fee (${v} bps)`,
  transferFeeBps: (v) => `${v} bps (${(v / 100).toFixed(2)}%)`,
  rewardPctPerYear: (v) => `${v.toFixed(1)}% of supply per year`,
  buybackPerDay: (v) => `$${formatCompact(v)} per day`,
};

export function Simulate() {
  const queryClient = useQueryClient();
  const ids = useId();
  const [pathName, setPathName] = useState<SimPathName>('mar-2020');
  const [scenario, setScenario] = useState<SimScenarioChoice>('none');
  const [objective, setObjective] = useState<SimObjective>('stability');
  const [seed, setSeed] = useState(1);
  const [params, setParams] = useState<SimParams>(DEFAULT_SIM_PARAMS);
  const [policies, setPolicies] = useState<Record<SimPolicy, boolean>>({
    static: true,
    'fixed-supply': false,
    rebase: false,
    pid: true,
    'pid-ff': false,
    range: false,
    adaptive: true,
    learned: false,
  });
  const [restAtSliders, setRestAtSliders] = useState(true);
  const [ran, setRan] = useState<{
    path: string;
    scenario: SimScenarioChoice;
    seed: number;
    objective: SimObjective;
  } | null>(null);
  const sim = useSimWorker();
  const busy = sim.state.status === 'running' || sim.state.status === 'loading-path';
  const chosen = SIM_POLICIES.filter((p) => policies[p]);

  const start = () => {
    setRan({ path: SIM_PATHS[pathName].label, scenario, seed, objective });
    void sim.run(async () => ({
      path: await queryClient.fetchQuery(simPathQuery(pathName)),
      policies: chosen,
      scenario,
      objective,
      seed,
      params,
      restAtSliders,
      maxPoints: 600,
    }));
  };

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Simulate</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600 dark:text-slate-400">
          The agent-based token economy from <code>lib/sim</code>, run in your browser in a Web Worker, over real hourly
          BTC history. The same seed and settings always give the same result. Model and its limits:{' '}
          <code>lib/sim/README.md</code>.
        </p>
      </div>

      <form
        className="card grid gap-6 lg:grid-cols-3"
        aria-labelledby={`${ids}-settings`}
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy && chosen.length > 0) start();
        }}
      >
        <h2 id={`${ids}-settings`} className="sr-only">
          Simulation settings
        </h2>
        <fieldset className="space-y-3">
          <legend className="card-title">Market and policy</legend>
          <Field label="Market path" htmlFor={`${ids}-path`}>
            <select
              id={`${ids}-path`}
              value={pathName}
              onChange={(e) => setPathName(e.target.value as SimPathName)}
              className="w-full rounded border border-slate-300 bg-white p-1.5 dark:border-slate-700 dark:bg-slate-900"
            >
              {(Object.keys(SIM_PATHS) as SimPathName[]).map((n) => (
                <option key={n} value={n}>
                  {SIM_PATHS[n].label}
                </option>
              ))}
            </select>
            <span className="text-xs text-slate-600 dark:text-slate-400">
              {SIM_PATHS[pathName].start.slice(0, 10)} … {SIM_PATHS[pathName].end.slice(0, 10)} ·{' '}
              {SIM_PATHS[pathName].note} · plus 1,500 h warm-up
            </span>
          </Field>
          <Field label="Scenario" htmlFor={`${ids}-scenario`}>
            <select
              id={`${ids}-scenario`}
              value={scenario}
              aria-describedby={`${ids}-scenario-note`}
              onChange={(e) => setScenario(e.target.value as SimScenarioChoice)}
              className="w-full rounded border border-slate-300 bg-white p-1.5 dark:border-slate-700 dark:bg-slate-900"
            >
              {SIM_WORKER_SCENARIOS.map((n) => (
                <option key={n} value={n}>
                  {scenarioLabel[n]}
                </option>
              ))}
            </select>
            <span id={`${ids}-scenario-note`} className="text-xs text-slate-600 dark:text-slate-400">
              {scenarioNote[scenario]} · from the window’s first hour, under every policy
            </span>
          </Field>
          <Field label="Objective (policy mode)" htmlFor={`${ids}-objective`}>
            <select
              id={`${ids}-objective`}
              value={objective}
              onChange={(e) => setObjective(e.target.value as SimObjective)}
              className="w-full rounded border border-slate-300 bg-white p-1.5 dark:border-slate-700 dark:bg-slate-900"
            >
              {SIM_OBJECTIVES.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Seed" htmlFor={`${ids}-seed`}>
            <input
              id={`${ids}-seed`}
              type="number"
              min={0}
              step={1}
              value={seed}
              onChange={(e) => setSeed(Math.max(0, Math.floor(Number(e.target.value) || 0)))}
              className="w-32 rounded border border-slate-300 bg-white p-1.5 font-mono dark:border-slate-700 dark:bg-slate-900"
            />
          </Field>
        </fieldset>

        <fieldset className="space-y-3">
          <legend className="card-title">Parameters</legend>
          {(Object.keys(SIM_PARAM_RANGES) as (keyof SimParams)[]).map((k) => {
            const r = SIM_PARAM_RANGES[k];
            return (
              <div key={k}>
                <label htmlFor={`${ids}-${k}`} className="flex justify-between text-sm font-medium">
                  <span>{r.label}</span>
                  <output htmlFor={`${ids}-${k}`} className="font-mono text-slate-700 dark:text-slate-300">
                    {sliderText[k](params[k])}
                  </output>
                </label>
                <input
                  id={`${ids}-${k}`}
                  type="range"
                  min={r.min}
                  max={r.max}
                  step={r.step}
                  value={params[k]}
                  aria-valuetext={sliderText[k](params[k])}
                  onChange={(e) => setParams((p) => ({ ...p, [k]: Number(e.target.value) }))}
                  className="w-full accent-indigo-700"
                />
              </div>
            );
          })}
          <button type="button" className="btn-secondary" onClick={() => setParams(DEFAULT_SIM_PARAMS)}>
            Reset to tuned static levels
          </button>
        </fieldset>

        <fieldset className="space-y-3">
          <legend className="card-title">Compare</legend>
          {/* The label is the policy's name alone (its accessible name); the note describes the box. */}
          {SIM_POLICIES.map((p) => (
            <div key={p} className="flex items-baseline gap-2 text-sm">
              <input
                id={`${ids}-policy-${p}`}
                type="checkbox"
                checked={policies[p]}
                aria-describedby={`${ids}-policy-${p}-note`}
                onChange={(e) => setPolicies((s) => ({ ...s, [p]: e.target.checked }))}
              />
              <label htmlFor={`${ids}-policy-${p}`}>{policyLabel[p]}</label>
              <span id={`${ids}-policy-${p}-note`} className="text-xs text-slate-600 dark:text-slate-400">
                {policyNote[p]}
              </span>
            </div>
          ))}
          <label className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              className="mt-1"
              checked={restAtSliders}
              onChange={(e) => setRestAtSliders(e.target.checked)}
            />
            <span>
              PID, PID + market and adaptive rest at the slider levels in calm markets; fixed supply, rebase and range
              hold the slider fee and rewards (static always holds every slider; unticked: their own tuned levels)
            </span>
          </label>
          <div className="flex flex-wrap gap-2 pt-2">
            <button type="submit" className="btn-primary" disabled={busy || chosen.length === 0}>
              Run simulation
            </button>
            <button type="button" className="btn-secondary" onClick={sim.cancel} disabled={!busy}>
              Cancel
            </button>
          </div>
          {chosen.length === 0 ? <p className="text-sm text-red-700">Choose at least one policy.</p> : null}
        </fieldset>
      </form>

      <RunStatus state={sim.state} policies={chosen} onRetry={start} />

      {sim.results.length > 0 && ran ? (
        <section aria-labelledby={`${ids}-results`} className="space-y-4">
          <h2 id={`${ids}-results`} className="text-xl font-semibold">
            Results: {ran.path},{' '}
            <span data-testid="sim-scenario">
              {ran.scenario === 'none' ? 'no scenario' : `${scenarioLabel[ran.scenario].toLowerCase()} scenario`}
            </span>
            , {ran.objective} objective, <span data-testid="sim-seed">seed {ran.seed}</span>
          </h2>
          <KpiTable results={sim.results} />
          {sim.spiral ? <SpiralTable spiral={sim.spiral} seed={ran.seed} /> : null}
          {sim.state.status === 'done' ? <SimCharts results={sim.results} /> : null}
        </section>
      ) : null}
    </div>
  );
}

function Field({ label, htmlFor, children }: { label: string; htmlFor: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={htmlFor} className="text-sm font-medium">
        {label}
      </label>
      {children}
    </div>
  );
}

function RunStatus({
  state,
  policies,
  onRetry,
}: {
  state: ReturnType<typeof useSimWorker>['state'];
  policies: SimPolicy[];
  onRetry: () => void;
}) {
  if (state.status === 'idle') return null;
  if (state.status === 'error') {
    return (
      <div
        role="alert"
        className="flex flex-wrap items-center gap-3 rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900"
      >
        <span>The simulation failed: {state.message}</span>
        <button type="button" className="btn-secondary" onClick={onRetry}>
          Retry
        </button>
      </div>
    );
  }
  const text =
    state.status === 'loading-path'
      ? 'Loading the market path…'
      : state.status === 'running'
        ? `Running ${state.policy ? policyLabel[state.policy] : '…'} (${policies.indexOf(state.policy ?? 'static') + 1} of ${policies.length}): ${formatPercent(state.fraction, 0)}`
        : state.status === 'done'
          ? `Done in ${(state.ms / 1000).toFixed(1)} s.`
          : 'Cancelled. Nothing is running.';
  const overall = state.status === 'running' ? state.overall : state.status === 'done' ? 1 : undefined;
  return (
    <div className="card space-y-2" data-testid="sim-status">
      <p role="status" aria-live="polite" className="text-sm" data-testid="sim-status-text" data-status={state.status}>
        {text}
      </p>
      {state.status === 'running' || state.status === 'loading-path' || state.status === 'done' ? (
        <progress
          className="h-2 w-full accent-indigo-700"
          aria-label="Simulation progress"
          max={1}
          value={overall}
          data-testid="sim-progress"
        />
      ) : null}
    </div>
  );
}

type Row = {
  label: string;
  hint: string;
  value: (r: SimResult) => string;
  lowerIsBetter?: boolean;
  raw?: (r: SimResult) => number;
};

const rows: Row[] = [
  {
    label: 'Annualised volatility',
    hint: 'std of hourly log returns × √8760',
    value: (r) => formatPercent(r.kpis.annualizedVolatility),
    raw: (r) => r.kpis.annualizedVolatility,
    lowerIsBetter: true,
  },
  {
    label: 'Max drawdown',
    hint: 'largest peak-to-trough fall',
    value: (r) => formatPercent(r.kpis.maxDrawdown),
    raw: (r) => r.kpis.maxDrawdown,
    lowerIsBetter: true,
  },
  {
    label: 'Market-cap volatility',
    hint: 'price × supply; what to judge a rebase on',
    value: (r) => formatPercent(r.kpis.mcapVolatility),
    raw: (r) => r.kpis.mcapVolatility,
    lowerIsBetter: true,
  },
  {
    label: 'Market-cap drawdown',
    hint: 'largest fall of price × supply',
    value: (r) => formatPercent(r.kpis.mcapMaxDrawdown),
    raw: (r) => r.kpis.mcapMaxDrawdown,
    lowerIsBetter: true,
  },
  {
    label: 'Drawdown against the market',
    hint: 'token price ÷ BTC, from the window start',
    value: (r) => formatPercent(r.kpis.tokenToMarketMaxDrawdown),
    raw: (r) => r.kpis.tokenToMarketMaxDrawdown,
    lowerIsBetter: true,
  },
  {
    label: 'Holders’ wealth change',
    hint: 'their stable + tokens at the pool price',
    value: (r) => `${r.kpis.holderWealthChangePct.toFixed(1)}%`,
  },
  {
    label: 'Hours out of band',
    hint: '|price ÷ 7-day EMA − 1| above the band',
    value: (r) => `${r.kpis.hoursOutsideBand} of ${r.kpis.hours} (±${formatPercent(r.kpis.stabilityBand, 0)})`,
    raw: (r) => r.kpis.hoursOutsideBand,
    lowerIsBetter: true,
  },
  {
    label: 'Max 24 h supply change',
    hint: '% of supply; guardrail 2%',
    value: (r) => `${r.kpis.maxNetSupplyChange24hPct.toFixed(3)}%`,
  },
  { label: 'Proposals', hint: 'parameter-change proposals in the window', value: (r) => String(r.kpis.proposals) },
  {
    label: 'Supply change',
    hint: 'end vs start of the window',
    value: (r) => `${r.kpis.totalSupplyChangePct.toFixed(2)}%`,
  },
  { label: 'Treasury spent on buybacks', hint: 'stable', value: (r) => `$${formatCompact(r.kpis.treasurySpent)}` },
  {
    label: 'Treasury stable',
    hint: 'window start → end',
    value: (r) => `$${formatCompact(r.kpis.treasuryStableStart)} → $${formatCompact(r.kpis.treasuryStableEnd)}`,
  },
  {
    label: 'Operations',
    hint: 'hours with a rebase or a range trade',
    value: (r) => String(r.kpis.operations),
  },
  { label: 'Staking ratio (mean)', hint: 'staked ÷ circulating', value: (r) => formatPercent(r.kpis.stakingRatio) },
  { label: 'Guardrail violations', hint: 'must be 0', value: (r) => String(r.kpis.guardrailViolations) },
  {
    label: 'Token price start → end',
    hint: 'stable per token',
    value: (r) => `${r.kpis.priceStart.toFixed(3)} → ${r.kpis.priceEnd.toFixed(3)}`,
  },
  { label: 'Run time', hint: 'in this browser', value: (r) => `${(r.ms / 1000).toFixed(2)} s` },
];

const times = (x: number) =>
  x >= 1e6 ? `×${x.toExponential(1).replace('e+', 'e')}` : `×${x >= 10 ? x.toFixed(0) : x.toFixed(2)}`;
const ratio = (x: number) => (x < 1e-3 ? x.toExponential(1) : x.toFixed(3));
const spiralRows: { label: string; value: (s: SpiralSummary) => string }[] = [
  { label: 'Token supply, end ÷ start', value: (s) => times(s.supplyGrowth) },
  { label: 'Largest net supply change in 24 h', value: (s) => `${(s.maxWindowNetFrac * 100).toFixed(2)}%` },
  { label: 'Token price, end ÷ start', value: (s) => ratio(s.tokenPriceRatio) },
  { label: 'Token market cap, end ÷ start', value: (s) => ratio(s.tokenMcapRatio) },
  { label: 'Lowest stable price', value: (s) => `$${s.minStablePrice.toFixed(2)}` },
  { label: 'Stables still queued for redemption', value: (s) => `$${formatCompact(s.queueEnd)}` },
  {
    label: 'Treasury reserve',
    value: (s) => `$${formatCompact(s.treasuryStart)} → $${formatCompact(s.treasuryEnd)}`,
  },
];

/** The death-spiral scenario's seigniorage coupling, which the policies' economy cannot express. */
function SpiralTable({ spiral, seed }: { spiral: { guarded: SpiralSummary; unbounded: SpiralSummary }; seed: number }) {
  return (
    <div className="card overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="sim-spiral">
        <caption className="card-title pb-2 text-left">
          The seigniorage coupling itself (lib/sim/death-spiral.ts, seed {seed}, {spiral.guarded.hours} h): an
          algorithmic stable redeemed for newly minted token, Terra-like proportions. The policies above run on an
          economy without that stable, so there the death spiral is its panic and liquidity exit only.
        </caption>
        <thead>
          <tr className="text-slate-600 dark:text-slate-400">
            <th scope="col" className="py-1 pr-3 font-medium">
              Outcome
            </th>
            <th scope="col" className="py-1 pr-3 text-right font-medium">
              Guardrail 2% / 24 h
            </th>
            <th scope="col" className="py-1 pr-3 text-right font-medium">
              Unbounded mint
            </th>
          </tr>
        </thead>
        <tbody>
          {spiralRows.map((row) => (
            <tr key={row.label} className="border-t border-slate-200 dark:border-slate-800">
              <th scope="row" className="py-1 pr-3 font-normal">
                {row.label}
              </th>
              <td className="py-1 pr-3 text-right font-mono">{row.value(spiral.guarded)}</td>
              <td className="py-1 pr-3 text-right font-mono">{row.value(spiral.unbounded)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function KpiTable({ results }: { results: SimResult[] }) {
  const market = results[0]?.kpis;
  return (
    <div className="card overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="sim-kpis">
        <caption className="card-title pb-2 text-left">
          KPIs over the window (best of each “lower is better” row in bold)
          {market
            ? ` · market (BTC): ${formatPercent(market.marketAnnualizedVolatility)} vol, ${formatPercent(market.marketMaxDrawdown)} max drawdown`
            : ''}
        </caption>
        <thead>
          <tr className="text-slate-600 dark:text-slate-400">
            <th scope="col" className="py-1 pr-3 font-medium">
              KPI
            </th>
            {results.map((r) => (
              <th key={r.policy} scope="col" className="py-1 pr-3 text-right font-medium">
                {policyLabel[r.policy]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const best =
              row.lowerIsBetter && row.raw && results.length > 1 ? Math.min(...results.map(row.raw)) : undefined;
            return (
              <tr key={row.label} className="border-t border-slate-200 dark:border-slate-800">
                <th scope="row" className="py-1 pr-3 font-normal">
                  {row.label} <span className="text-xs text-slate-600 dark:text-slate-400">({row.hint})</span>
                </th>
                {results.map((r) => (
                  <td
                    key={r.policy}
                    className={`py-1 pr-3 text-right font-mono ${best !== undefined && row.raw?.(r) === best ? 'font-bold' : ''}`}
                    data-testid={`kpi-${r.policy}-${row.label.replaceAll(' ', '-').toLowerCase()}`}
                  >
                    {row.value(r)}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
