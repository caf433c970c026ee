'use client';

import {
  Area,
  AreaChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatCompact, formatTime } from '@/components/format';
import type { TreasuryPoint } from '@/lib/treasury/model';

const tick = (t: number) => new Date(t * 1000).toISOString().slice(5, 13).replace('T', ' ');
const usd = (v: number) => `$${formatCompact(v)}`;

type ChartSpec = {
  title: string;
  description: string;
  lines: { key: keyof TreasuryPoint; name: string; colour: string }[];
  format: (v: number) => string;
  area?: boolean;
};

const charts: ChartSpec[] = [
  {
    title: 'Treasury balances (stable)',
    description: 'Stable held by the treasury and total treasury value (stable plus HOME at the pool price), hourly',
    lines: [
      { key: 'treasuryStable', name: 'stable', colour: '#7c3aed' },
      { key: 'treasuryValue', name: 'total value', colour: '#0f766e' },
    ],
    format: usd,
  },
  {
    title: 'Treasury balance (HOME)',
    description: 'HOME held by the treasury, hourly',
    lines: [{ key: 'treasuryHome', name: 'HOME', colour: '#4338ca' }],
    format: formatCompact,
    area: true,
  },
  {
    title: 'Emissions vs fee revenue',
    description: 'Staking rewards paid and transfer-fee revenue (to treasury plus burned), valued in stable per hour',
    lines: [
      { key: 'emissionsValue', name: 'emissions', colour: '#b45309' },
      { key: 'feeRevenueValue', name: 'fee revenue', colour: '#15803d' },
    ],
    format: usd,
  },
  {
    title: 'Buyback spend',
    description: 'Stable the treasury spent on buy-and-burn, per hour',
    lines: [{ key: 'buybackStable', name: 'buyback', colour: '#be123c' }],
    format: usd,
    area: true,
  },
  {
    title: 'Staked HOME',
    description: 'Total HOME staked, hourly',
    lines: [{ key: 'totalStaked', name: 'staked', colour: '#15803d' }],
    format: formatCompact,
    area: true,
  },
  {
    title: 'Protocol-owned liquidity',
    description: "Pool reserves times the treasury's current LP share, valued in stable, hourly",
    lines: [{ key: 'polValue', name: 'POL', colour: '#0369a1' }],
    format: usd,
    area: true,
  },
];

export function TreasuryCharts({ series }: { series: TreasuryPoint[] }) {
  return (
    <div className="grid gap-4 lg:grid-cols-2" data-testid="treasury-charts">
      {charts.map((spec) => (
        <figure key={spec.title} className="card" aria-label={`${spec.title}: ${spec.description}`}>
          <figcaption className="card-title">{spec.title}</figcaption>
          <div className="mt-2 h-56" role="img" aria-label={spec.description}>
            <ResponsiveContainer width="100%" height="100%">
              {spec.area ? (
                <AreaChart data={series}>
                  <CartesianGrid strokeDasharray="3 3" opacity={0.3} />
                  <XAxis dataKey="time" tickFormatter={tick} minTickGap={40} fontSize={11} />
                  <YAxis tickFormatter={spec.format} width={64} fontSize={11} />
                  <Tooltip labelFormatter={(t) => formatTime(Number(t))} formatter={(v) => spec.format(Number(v))} />
                  {spec.lines.map((l) => (
                    <Area
                      key={l.key}
                      dataKey={l.key}
                      name={l.name}
                      stroke={l.colour}
                      fill={l.colour}
                      fillOpacity={0.15}
                      isAnimationActive={false}
                    />
                  ))}
                </AreaChart>
              ) : (
                <LineChart data={series}>
                  <CartesianGrid strokeDasharray="3 3" opacity={0.3} />
                  <XAxis dataKey="time" tickFormatter={tick} minTickGap={40} fontSize={11} />
                  <YAxis tickFormatter={spec.format} width={64} fontSize={11} domain={['auto', 'auto']} />
                  <Tooltip labelFormatter={(t) => formatTime(Number(t))} formatter={(v) => spec.format(Number(v))} />
                  <Legend />
                  {spec.lines.map((l) => (
                    <Line
                      key={l.key}
                      dataKey={l.key}
                      name={l.name}
                      stroke={l.colour}
                      dot={false}
                      strokeWidth={1.5}
                      isAnimationActive={false}
                      connectNulls
                    />
                  ))}
                </LineChart>
              )}
            </ResponsiveContainer>
          </div>
        </figure>
      ))}
    </div>
  );
}
