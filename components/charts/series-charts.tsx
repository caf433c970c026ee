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
import { formatTime } from '@/components/format';

/** One chart card: which series of the hourly points it draws, and how values read. */
export type ChartSpec<T extends { time: number }> = {
  title: string;
  /** Also the chart's accessible label. */
  description: string;
  lines: { key: keyof T & string; name: string; colour: string }[];
  format: (v: number) => string;
  area?: boolean;
};

const tick = (t: number) => new Date(t * 1000).toISOString().slice(5, 13).replace('T', ' ');

/** A grid of labelled hourly time-series charts (dashboard, treasury). Load it lazily: recharts is heavy. */
export function SeriesCharts<T extends { time: number }>({
  specs,
  series,
  testId,
}: {
  specs: ChartSpec<T>[];
  series: T[];
  testId: string;
}) {
  return (
    <div className="grid gap-4 lg:grid-cols-2" data-testid={testId}>
      {specs.map((spec) => (
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
                      dataKey={String(l.key)}
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
                      dataKey={String(l.key)}
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
