'use client';

import { type ChartSpec, SeriesCharts } from '@/components/charts/series-charts';
import { formatCompact } from '@/components/format';
import type { TreasuryPoint } from '@/lib/treasury/model';

const usd = (v: number) => `$${formatCompact(v)}`;

const charts: ChartSpec<TreasuryPoint>[] = [
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
  return <SeriesCharts specs={charts} series={series} testId="treasury-charts" />;
}
