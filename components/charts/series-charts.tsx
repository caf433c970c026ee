'use client';

import dynamic from 'next/dynamic';
import { memo } from 'react';
import { WhenVisible } from './when-visible';

/** One chart card: which series of the hourly points it draws, and how values read. */
export type ChartSpec<T extends { time: number }> = {
  title: string;
  /** Also the chart's accessible label. */
  description: string;
  lines: { key: keyof T & string; name: string; colour: string }[];
  format: (v: number) => string;
  area?: boolean;
  /** Draw the chart markers (e.g. executed proposals) on this chart. */
  marked?: boolean;
};

/** A vertical line at `time` (chain time) with a short label, e.g. an executed proposal. */
export type ChartMarker = { time: number; label: string };

const plotSkeleton = () => <div className="h-full animate-pulse rounded bg-slate-100 dark:bg-slate-800" />;

// recharts is the heaviest code on the pages that chart: it loads with the first chart drawn.
const SeriesChart = dynamic(() => import('./series-chart').then((m) => m.SeriesChart), {
  ssr: false,
  loading: plotSkeleton,
}) as <T extends { time: number }>(props: {
  spec: ChartSpec<T>;
  series: T[];
  markers?: readonly ChartMarker[] | undefined;
}) => React.ReactElement;

/**
 * A grid of labelled hourly time-series charts (dashboard, treasury). The cards and their captions
 * render at once; each plot (recharts) is drawn when its card comes near the viewport if
 * `whenVisible` is set, so a phone that opens the page at the top spends nothing on charts it has
 * not scrolled to. Memoised: polling that returns an unchanged series re-renders no chart.
 */
export const SeriesCharts = memo(function SeriesCharts<T extends { time: number }>({
  specs,
  series,
  testId,
  whenVisible = false,
  markers,
}: {
  specs: ChartSpec<T>[];
  series: T[];
  testId: string;
  whenVisible?: boolean;
  markers?: readonly ChartMarker[] | undefined;
}) {
  return (
    <div className="grid gap-4 lg:grid-cols-2" data-testid={testId}>
      {specs.map((spec) => (
        <figure key={spec.title} className="card" aria-label={`${spec.title}: ${spec.description}`}>
          <figcaption className="card-title">{spec.title}</figcaption>
          <WhenVisible
            className="mt-2 h-56"
            role="img"
            aria-label={spec.description}
            enabled={whenVisible}
            fallback={plotSkeleton()}
          >
            <SeriesChart spec={spec} series={series} markers={spec.marked ? markers : undefined} />
          </WhenVisible>
        </figure>
      ))}
    </div>
  );
}) as <T extends { time: number }>(props: {
  specs: ChartSpec<T>[];
  series: T[];
  testId: string;
  whenVisible?: boolean;
  markers?: readonly ChartMarker[] | undefined;
}) => React.ReactElement;
