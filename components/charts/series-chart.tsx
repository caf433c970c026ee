'use client';

import { memo, useMemo } from 'react';
import {
  Area,
  AreaChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatTime } from '@/components/format';
import { downsampleSeries } from '@/lib/charts/downsample';
import type { ChartMarker, ChartSpec } from './series-charts';

/**
 * A half-width card's plot is a few hundred pixels wide: more points than this cannot be told
 * apart, and recharts' cost grows with every one. Extremes are kept (see downsampleSeries).
 */
const MAX_POINTS = 300;

const tick = (t: number) => new Date(t * 1000).toISOString().slice(5, 13).replace('T', ' ');
const tooltipLabel = (t: unknown) => formatTime(Number(t));

/**
 * One recharts chart of a ChartSpec (the heavy part of SeriesCharts, loaded on its own).
 * Memoised: a poll that returns the same series (react-query keeps the reference) redraws nothing.
 */
export const SeriesChart = memo(function SeriesChart<T extends { time: number }>({
  spec,
  series,
  markers,
}: {
  spec: ChartSpec<T>;
  series: T[];
  markers?: readonly ChartMarker[] | undefined;
}) {
  const keys = useMemo(() => spec.lines.map((l) => l.key), [spec]);
  const data = useMemo(() => downsampleSeries(series, keys, MAX_POINTS), [series, keys]);
  const valueFormatter = useMemo(() => (v: unknown) => spec.format(Number(v)), [spec]);
  // The x axis is categorical (one tick per point): a marker goes on the plotted point nearest its time.
  const lines = useMemo(() => {
    if (!markers?.length || data.length === 0) return [];
    const first = data[0]!.time;
    const last = data[data.length - 1]!.time;
    return markers
      .filter((m) => m.time >= first && m.time <= last + 3600)
      .map((m) => {
        let best = data[0]!.time;
        for (const p of data) if (Math.abs(p.time - m.time) < Math.abs(best - m.time)) best = p.time;
        return { ...m, x: best };
      });
  }, [markers, data]);
  const referenceLines = lines.map((m) => (
    <ReferenceLine
      key={`${m.label}-${m.time}`}
      x={m.x}
      stroke="#64748b"
      strokeDasharray="4 3"
      label={{ value: m.label, position: 'insideTopLeft', fontSize: 10, fill: '#475569' }}
    />
  ));
  return (
    <ResponsiveContainer width="100%" height="100%">
      {spec.area ? (
        <AreaChart data={data}>
          <CartesianGrid strokeDasharray="3 3" opacity={0.3} />
          <XAxis dataKey="time" tickFormatter={tick} minTickGap={40} fontSize={11} />
          <YAxis tickFormatter={spec.format} width={64} fontSize={11} />
          <Tooltip labelFormatter={tooltipLabel} formatter={valueFormatter} />
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
          {referenceLines}
        </AreaChart>
      ) : (
        <LineChart data={data}>
          <CartesianGrid strokeDasharray="3 3" opacity={0.3} />
          <XAxis dataKey="time" tickFormatter={tick} minTickGap={40} fontSize={11} />
          <YAxis tickFormatter={spec.format} width={64} fontSize={11} domain={['auto', 'auto']} />
          <Tooltip labelFormatter={tooltipLabel} formatter={valueFormatter} />
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
          {referenceLines}
        </LineChart>
      )}
    </ResponsiveContainer>
  );
}) as <T extends { time: number }>(props: {
  spec: ChartSpec<T>;
  series: T[];
  markers?: readonly ChartMarker[] | undefined;
}) => React.ReactElement;
