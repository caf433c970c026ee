'use client';

import { memo } from 'react';
import { type ChartMarker, type ChartSpec, SeriesCharts } from '@/components/charts/series-charts';
import { formatCompact } from '@/components/format';
import type { SeriesPoint } from '@/lib/health/dashboard';

const pct = (v: number) => `${(v * 100).toFixed(0)}%`;

const charts: ChartSpec<SeriesPoint>[] = [
  {
    title: 'Price',
    description: 'Pool price of HOME in the stable token, hourly; dashed lines: executed proposals',
    lines: [{ key: 'price', name: 'price', colour: '#4338ca' }],
    format: (v) => `$${v.toFixed(3)}`,
    marked: true,
  },
  {
    title: 'Volume',
    description: 'Pool trading volume in the stable token per hour; dashed lines: executed proposals',
    lines: [{ key: 'volumeHour', name: 'volume', colour: '#0f766e' }],
    format: (v) => `$${formatCompact(v)}`,
    area: true,
    marked: true,
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

/** The dashboard's charts; each plot is drawn when scrolled near (phones open the page on the cards). */
export const Charts = memo(function Charts({
  series,
  markers,
}: {
  series: SeriesPoint[];
  markers?: readonly ChartMarker[] | undefined;
}) {
  return <SeriesCharts specs={charts} series={series} testId="charts" whenVisible markers={markers} />;
});
