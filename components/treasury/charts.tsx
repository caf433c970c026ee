'use client';

import { type ChartSpec, SeriesCharts } from '@/components/charts/series-charts';
import { formatCompact } from '@/components/format';
import { formatCompactNumber } from '@/lib/format/number';
import type { TreasuryPoint } from '@/lib/treasury/model';

const usd = (v: number) => `$${formatCompact(v)}`;
/** 350,060,717 → "350.0607M": ticks of an axis spanning a small change of a large balance stay distinct. */
const fine = (v: number) => formatCompactNumber(v, 4);

const charts: ChartSpec<TreasuryPoint>[] = [
  {
    title: 'Treasury value',
    description: 'Total treasury value (stable plus HOME at the pool price), hourly',
    lines: [{ key: 'treasuryValue', name: 'total value', colour: '#0f766e' }],
    format: usd,
  },
  {
    title: 'Treasury balance (stable)',
    description:
      'Stable held by the treasury, hourly; its own axis, spanning the range of the balance: beside the total value (mostly HOME) it would draw as a flat line',
    lines: [{ key: 'treasuryStable', name: 'stable', colour: '#7c3aed' }],
    format: (v: number) => `$${fine(v)}`,
  },
  {
    title: 'Treasury balance (HOME)',
    description: 'HOME held by the treasury, hourly; the axis spans the range of the balance, not from zero',
    lines: [{ key: 'treasuryHome', name: 'HOME', colour: '#4338ca' }],
    // A line (auto domain), not an area from zero: fee income is a fraction of a percent of a
    // balance of hundreds of millions of HOME, which a zero-based axis draws as a flat line.
    format: fine,
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
    description: 'Total HOME staked, hourly; the axis spans the range of the stake, not from zero',
    lines: [{ key: 'totalStaked', name: 'staked', colour: '#15803d' }],
    format: fine,
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
