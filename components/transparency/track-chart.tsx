'use client';

import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { TrackPoint } from '@/lib/governance/transparency';

const tick = (t: number) => new Date(t * 1000).toISOString().slice(5, 13).replace('T', ' ');
const pct = (v: number) => `${(v * 100).toLocaleString('en-US', { maximumFractionDigits: 0 })}%`;

/** Forecast vs realised volatility with the 80 % band, and the running hit rate. */
export function TrackChart({ points }: { points: TrackPoint[] }) {
  const data = points.map((p) => ({ ...p, band80: [p.lower80, p.upper80] as [number, number] }));
  const last = points[points.length - 1];
  const label = `Forecast against realised volatility for ${points.length} verified forecasts${
    last ? `; running 80% hit rate ${pct(last.hitRate80)}, 95% coverage ${pct(last.coverage95)}` : ''
  }.`;
  return (
    <figure className="h-64" role="img" aria-label={label} data-testid="track-chart">
      <ResponsiveContainer width="100%" height="100%">
        {/* Axes wide enough for "1,200%" at 11 px with room on both sides: at the default 14 px and
            48 px the left labels were cut ("180%" read "l80%"). */}
        <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
          <XAxis
            dataKey="at"
            type="number"
            domain={['dataMin', 'dataMax']}
            tickFormatter={tick}
            minTickGap={40}
            fontSize={11}
          />
          <YAxis yAxisId="v" tickFormatter={pct} width={56} fontSize={11} />
          <YAxis yAxisId="r" orientation="right" domain={[0, 1]} tickFormatter={pct} width={44} fontSize={11} />
          <Tooltip labelFormatter={(t) => `${tick(Number(t))} UTC`} />
          <Legend />
          <Area
            yAxisId="v"
            dataKey="band80"
            name="80% interval"
            stroke="none"
            fill="#c7d2fe"
            isAnimationActive={false}
          />
          <Line yAxisId="v" dataKey="forecast" name="forecast" stroke="#4338ca" dot={false} isAnimationActive={false} />
          <Line yAxisId="v" dataKey="realised" name="realised" stroke="#dc2626" dot={false} isAnimationActive={false} />
          <Line
            yAxisId="r"
            dataKey="hitRate80"
            name="running 80% hit rate"
            stroke="#059669"
            strokeDasharray="4 2"
            dot={false}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
