'use client';

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCompact, formatTime } from '@/components/format';
import { mergeSeries, type SimPolicy, type SimResult } from '@/lib/sim/worker-protocol';

const tick = (t: number) => new Date(t * 1000).toISOString().slice(5, 10);
const colours: Record<SimPolicy, string> = {
  static: '#64748b',
  'fixed-supply': '#0f766e',
  rebase: '#be185d',
  pid: '#b45309',
  'pid-ff': '#7c2d12',
  range: '#15803d',
  adaptive: '#4338ca',
  learned: '#a21caf',
};

const charts = [
  {
    field: 'price',
    title: 'Token price (indexed, 100 = window start)',
    description:
      'Token price of each policy and the BTC market path, indexed to 100 at the start of the window, hourly',
    format: (v: number) => v.toFixed(0),
    market: true,
  },
  {
    field: 'supply',
    title: 'Total supply',
    description: 'Total token supply under each policy, hourly',
    format: formatCompact,
  },
  {
    field: 'treasuryStable',
    title: 'Treasury stable',
    description: 'Stable left in the treasury under each policy, hourly',
    format: (v: number) => `$${formatCompact(v)}`,
  },
  {
    field: 'transferFeeBps',
    title: 'Transfer fee (bps)',
    description: 'Transfer fee in force under each policy, hourly',
    format: (v: number) => v.toFixed(0),
  },
] as const;

export function SimCharts({ results }: { results: SimResult[] }) {
  const data = mergeSeries(results);
  return (
    <div className="grid gap-4 lg:grid-cols-2" data-testid="sim-charts">
      {charts.map((c) => (
        <figure key={c.field} className="card" aria-label={`${c.title}: ${c.description}`}>
          <figcaption className="card-title">{c.title}</figcaption>
          <div className="mt-2 h-64" role="img" aria-label={c.description}>
            <ResponsiveContainer width="100%" height="100%">
              <LineChart data={data}>
                <CartesianGrid strokeDasharray="3 3" opacity={0.3} />
                <XAxis dataKey="time" tickFormatter={tick} minTickGap={40} fontSize={11} />
                <YAxis tickFormatter={c.format} width={64} fontSize={11} domain={['auto', 'auto']} />
                <Tooltip labelFormatter={(t) => formatTime(Number(t))} formatter={(v) => c.format(Number(v))} />
                <Legend />
                {'market' in c ? (
                  <Line
                    dataKey="market"
                    name="market (BTC)"
                    stroke="#94a3b8"
                    strokeDasharray="4 3"
                    dot={false}
                    isAnimationActive={false}
                  />
                ) : null}
                {results.map((r) => (
                  <Line
                    key={r.policy}
                    dataKey={`${r.policy}_${c.field}`}
                    name={r.policy}
                    stroke={colours[r.policy]}
                    dot={false}
                    strokeWidth={1.5}
                    isAnimationActive={false}
                  />
                ))}
              </LineChart>
            </ResponsiveContainer>
          </div>
        </figure>
      ))}
    </div>
  );
}
