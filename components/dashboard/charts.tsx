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
import type { SeriesPoint } from '@/lib/health/dashboard';

const tick = (t: number) => new Date(t * 1000).toISOString().slice(5, 13).replace('T', ' ');
const pct = (v: number) => `${(v * 100).toFixed(0)}%`;

type ChartSpec = {
  title: string;
  description: string;
  lines: { key: keyof SeriesPoint; name: string; colour: string }[];
  format: (v: number) => string;
  area?: boolean;
};

const charts: ChartSpec[] = [
  {
    title: 'Price',
    description: 'Pool price of HOME in the stable token, hourly',
    lines: [{ key: 'price', name: 'price', colour: '#4338ca' }],
    format: (v) => `$${v.toFixed(3)}`,
  },
  {
    title: 'Volatility',
    description: 'Annualised 24h realized volatility and EWMA volatility, hourly',
    lines: [
      { key: 'rv24h', name: '24h RV', colour: '#b45309' },
      { key: 'ewma', name: 'EWMA', colour: '#0f766e' },
    ],
    format: pct,
  },
  {
    title: 'Liquidity depth ±2%',
    description: 'Stable needed to move the pool price two percent, hourly',
    lines: [{ key: 'depth2pct', name: 'depth', colour: '#0369a1' }],
    format: (v) => `$${formatCompact(v)}`,
    area: true,
  },
  {
    title: 'Supply and staking',
    description: 'Total supply and staked HOME, hourly',
    lines: [
      { key: 'supply', name: 'supply', colour: '#4338ca' },
      { key: 'staked', name: 'staked', colour: '#15803d' },
    ],
    format: formatCompact,
  },
  {
    title: 'Treasury (stable)',
    description: 'Stable held by the treasury, hourly',
    lines: [{ key: 'treasuryStable', name: 'treasury', colour: '#7c3aed' }],
    format: (v) => `$${formatCompact(v)}`,
    area: true,
  },
  {
    title: 'Sentiment',
    description: 'Hourly sentiment index posted to the signal oracle, from −1 to 1',
    lines: [{ key: 'sentiment', name: 'sentiment', colour: '#be123c' }],
    format: (v) => v.toFixed(2),
  },
];

export function Charts({ series }: { series: SeriesPoint[] }) {
  return (
    <div className="grid gap-4 lg:grid-cols-2" data-testid="charts">
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
                  {spec.lines.length > 1 ? <Legend /> : null}
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
