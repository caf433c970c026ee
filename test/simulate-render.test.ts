import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { policyLabel, Simulate, scenarioLabel } from '@/components/simulate/simulate';
import { POLICY_NAMES } from '@/lib/policy/registry';
import { SIM_STRESS } from '@/lib/sim/scenarios';
import { runSimulation } from '@/lib/sim/worker';
import { DEFAULT_SIM_PARAMS, SIM_POLICIES, SIM_WORKER_SCENARIOS, type SimOutbound } from '@/lib/sim/worker-protocol';

describe('/simulate offers every policy', () => {
  it('the page protocol lists exactly the simulator registry', () => {
    expect([...SIM_POLICIES]).toEqual([...POLICY_NAMES]);
  });

  it('renders a checkbox for each, labelled by its name alone, with static, pid and adaptive ticked by default', () => {
    const html = renderToStaticMarkup(
      createElement(QueryClientProvider, { client: new QueryClient() }, createElement(Simulate)),
    );
    // <input id="…-policy-<name>" type="checkbox" aria-describedby="…" [checked=""]/><label for="…">Label</label>
    const boxes = [
      ...html.matchAll(
        /<input id="[^"]*-policy-([a-z-]+)" type="checkbox" aria-describedby="[^"]*-note"( checked="")?\/><label for="[^"]*-policy-\1">([^<]+)<\/label>/g,
      ),
    ];
    expect(boxes.map((m) => m[1])).toEqual([...SIM_POLICIES]);
    expect(boxes.map((m) => m[3])).toEqual(SIM_POLICIES.map((p) => policyLabel[p]));
    expect(boxes.filter((m) => m[2]).map((m) => m[3])).toEqual(['Static', 'PID', 'Adaptive']);
  });
});

describe('/simulate offers every scenario', () => {
  it('a Scenario picker with none and every stress of the simulator, none chosen by default', () => {
    expect([...SIM_WORKER_SCENARIOS].sort()).toEqual(['none', ...Object.keys(SIM_STRESS)].sort());
    const html = renderToStaticMarkup(
      createElement(QueryClientProvider, { client: new QueryClient() }, createElement(Simulate)),
    );
    const select = html.match(
      /<label for="([^"]*-scenario)"[^>]*>Scenario<\/label><select id="\1"[^>]*>(.*?)<\/select>/,
    );
    expect(select).not.toBeNull();
    const options = [...(select?.[2] ?? '').matchAll(/<option value="([a-z-]+)"( selected="")?>([^<]+)<\/option>/g)];
    expect(options.map((m) => m[1])).toEqual([...SIM_WORKER_SCENARIOS]);
    expect(options.map((m) => m[3])).toEqual(SIM_WORKER_SCENARIOS.map((n) => scenarioLabel[n]));
    expect(options.filter((m) => m[2]).map((m) => m[1])).toEqual(['none']);
  });
});

describe('the simulator worker runs every policy', () => {
  it('one result per policy, in order, KPIs finite, no guardrail violation', async () => {
    // 300 hourly closes: flat, then a 30 % fall; the window is the last 100 hours.
    const t0 = 1_600_002_000;
    const closes = Array.from({ length: 300 }, (_, i) => (i < 200 ? 10_000 : 10_000 * 0.7 ** ((i - 200) / 99)));
    const out: SimOutbound[] = [];
    await runSimulation(
      {
        type: 'run',
        id: 1,
        path: { name: 'calm', label: 'test', start: t0 + 200 * 3600, end: t0 + 299 * 3600, t0, closes },
        policies: [...SIM_POLICIES],
        objective: 'stability',
        seed: 2,
        params: DEFAULT_SIM_PARAMS,
        restAtSliders: true,
        maxPoints: 20,
      },
      (m) => out.push(m),
    );
    const results = out.filter((m) => m.type === 'result');
    expect(out.at(-1)?.type).toBe('done');
    expect(results.map((r) => r.policy)).toEqual([...SIM_POLICIES]);
    for (const r of results) {
      expect(r.kpis.guardrailViolations).toBe(0);
      expect(Number.isFinite(r.kpis.mcapVolatility)).toBe(true);
    }
  });
});

describe('the death-spiral scenario in the worker', () => {
  const t0 = 1_600_002_000;
  const closes = Array.from({ length: 200 }, (_, i) => 10_000 * (1 + 0.01 * Math.sin(i / 7)));
  const request = (scenario: 'death-spiral' | 'bank-run') => ({
    type: 'run' as const,
    id: 3,
    path: { name: 'calm' as const, label: 'test', start: t0 + 120 * 3600, end: t0 + 199 * 3600, t0, closes },
    policies: ['static' as const],
    objective: 'stability' as const,
    seed: 4,
    params: DEFAULT_SIM_PARAMS,
    restAtSliders: true,
    maxPoints: 20,
    scenario,
  });
  it('runs the policies under the stress, then the seigniorage model guarded and unbounded, before done', async () => {
    const out: SimOutbound[] = [];
    await runSimulation(request('death-spiral'), (m) => out.push(m));
    expect(out.map((m) => m.type).filter((t) => t !== 'progress')).toEqual(['result', 'spiral', 'done']);
    const spiral = out.find((m) => m.type === 'spiral');
    if (spiral?.type !== 'spiral') throw new Error('no spiral message');
    expect(spiral.guarded.maxWindowNetFrac).toBeLessThanOrEqual(0.02 + 1e-12);
    expect(spiral.unbounded.supplyGrowth).toBeGreaterThan(1000 * spiral.guarded.supplyGrowth);
    expect(spiral.guarded.hours).toBe(240);
  });
  it('other scenarios send no spiral', async () => {
    const out: SimOutbound[] = [];
    await runSimulation(request('bank-run'), (m) => out.push(m));
    expect(out.some((m) => m.type === 'spiral')).toBe(false);
    expect(out.at(-1)?.type).toBe('done');
  });
});
