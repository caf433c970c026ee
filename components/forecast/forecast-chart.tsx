'use client';

import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ForecastChartPoint } from '@/lib/ml/browser/series';

const tick = (t: number) => new Date(t * 1000).toISOString().slice(5, 13).replace('T', ' ');
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

/** Realised 24 h volatility of the last two weeks, then the next-24 h forecast with its 80/95 % bands. */
export function ForecastChart({ points, label }: { points: ForecastChartPoint[]; label: string }) {
  return (
    <figure className="h-64" aria-label={label} role="img" data-testid="forecast-chart">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
          <XAxis dataKey="time" type="number" domain={['dataMin', 'dataMax']} tickFormatter={tick} minTickGap={40} />
          <YAxis tickFormatter={pct} width={52} />
          <Tooltip
            labelFormatter={(t) => `${tick(Number(t))} UTC`}
            formatter={(v) => (Array.isArray(v) ? `${pct(Number(v[0]))} – ${pct(Number(v[1]))}` : pct(Number(v)))}
          />
          <Legend />
          <Area
            dataKey="band95"
            name="95% band"
            stroke="none"
            fill="#c7d2fe"
            fillOpacity={0.6}
            isAnimationActive={false}
          />
          <Area
            dataKey="band80"
            name="80% band"
            stroke="none"
            fill="#818cf8"
            fillOpacity={0.5}
            isAnimationActive={false}
          />
          <Line dataKey="realised" name="realised 24h RV" stroke="#b45309" dot={false} isAnimationActive={false} />
          <Line
            dataKey="forecast"
            name="forecast (next 24h)"
            stroke="#3730a3"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
