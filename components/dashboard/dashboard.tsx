'use client';

import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { fetchApi } from '@/components/api';
import type { ChartMarker } from '@/components/charts/series-charts';
import { formatCompact, formatPercent, formatTime } from '@/components/format';
import type { DashboardRange } from '@/lib/health/dashboard';
import { shortProposalId } from '@/lib/health/proposal-effect';
import type { DashboardResponse } from '@/lib/server/dashboard';
// The chart cards are light; recharts itself loads with the first plot drawn (see SeriesCharts).
import { Charts } from './charts';
import { ProposalEffectPanel } from './proposal-effect';

const ranges: DashboardRange[] = ['24h', '7d', '30d', 'all'];

export const dashboardQuery = (range: DashboardRange) => ({
  queryKey: ['dashboard', { range }] as const,
  queryFn: () => fetchApi<DashboardResponse>(`/api/dashboard?range=${range}`),
});

/** KPI cards and charts, refreshed every 2 s; on errors the last good data stays, under a banner. */
export function Dashboard() {
  const [range, setRange] = useState<DashboardRange>('7d');
  const query = useQuery({
    ...dashboardQuery(range),
    refetchInterval: 2_000,
    placeholderData: (previous) => previous,
    retry: 2,
  });
  const data = query.data;
  const d = data?.dashboard;
  const c = d?.cards;
  const updated = d?.updatedAt ?? null;
  const lag = data?.status.indexer.lagBlocks ?? null;
  // Shown from the first failed attempt, not only once the retries are spent: a hung node makes
  // each attempt wait for the server's RPC timeout, and the user should know meanwhile.
  const failure = query.error ?? (query.failureCount > 0 ? query.failureReason : null);
  const executed = data?.executed;
  // Executed proposals as dashed lines on the price and volume charts ("#7007…7563").
  const markers = useMemo<ChartMarker[] | undefined>(
    () => executed?.markers.map((m) => ({ time: m.time, label: `#${shortProposalId(m.id)}` })),
    [executed],
  );

  return (
    <section aria-labelledby="health-heading" className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="health-heading" className="text-xl font-semibold">
          Token health
        </h2>
        <fieldset className="ml-auto flex gap-1" aria-label="Time range">
          {ranges.map((r) => (
            <button
              key={r}
              type="button"
              aria-pressed={range === r}
              onClick={() => setRange(r)}
              className={`rounded px-3 py-1 text-sm ${range === r ? 'bg-indigo-700 text-white' : 'border border-slate-300 dark:border-slate-700'}`}
            >
              {r}
            </button>
          ))}
        </fieldset>
      </div>

      {failure ? (
        <div
          role="alert"
          data-testid="data-banner"
          className="rounded border border-amber-400 bg-amber-50 p-3 text-sm text-amber-900"
        >
          Live data unavailable ({failure.message}). Retrying with backoff
          {d ? ` — showing data as of ${formatTime(updated)}.` : '.'}
        </div>
      ) : null}
      {lag !== null && lag > 5 ? (
        <p className="text-sm text-amber-800 dark:text-amber-300" data-testid="indexer-lag">
          Indexer is {lag} blocks behind the chain; history may be incomplete.
        </p>
      ) : null}

      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4" data-testid="kpi-cards">
        <Card title="Price" updated={updated} loading={!c} testId="kpi-price">
          {c ? (
            <>
              <Big>{c.price.value === null ? '—' : `$${c.price.value.toFixed(4)}`}</Big>
              <Small>
                {c.price.change === null ? '' : `${formatPercent(c.price.change)} over ${range}`}
                {c.market.usd === null ? null : (
                  <span data-testid="market-factor">
                    {c.price.change === null ? '' : ' · '}
                    <abbr title="The market factor on the oracle's price feed: the outside market that moves holders' demand">
                      market
                    </abbr>{' '}
                    ${formatCompact(c.market.usd)}
                    {c.market.change === null ? '' : ` (${formatPercent(c.market.change)})`}
                  </span>
                )}
              </Small>
            </>
          ) : null}
        </Card>
        <Card title="Volatility (annualised)" updated={updated} loading={!c} testId="kpi-volatility">
          {c ? (
            <>
              <Big>{formatPercent(c.volatility.rv24h)}</Big>
              <Small>
                24h RV · 7d {formatPercent(c.volatility.rv7d)} · 30d {formatPercent(c.volatility.rv30d)} · EWMA{' '}
                {formatPercent(c.volatility.ewma)}
              </Small>
            </>
          ) : null}
        </Card>
        <Card title="Liquidity depth ±2%" updated={updated} loading={!c} testId="kpi-liquidity">
          {c ? (
            <>
              <Big>{c.liquidity.depth2pct === null ? '—' : `$${formatCompact(c.liquidity.depth2pct)}`}</Big>
              <Small>
                ${formatCompact(c.liquidity.tradeSize)} buy slips {formatPercent(c.liquidity.slippage, 2)} · pool{' '}
                {formatCompact(c.liquidity.reserveHome)} HOME / ${formatCompact(c.liquidity.reserveStable)}
              </Small>
            </>
          ) : null}
        </Card>
        <Card title="Sentiment" updated={c?.sentiment.lastSignalAt ?? null} loading={!c} testId="kpi-sentiment">
          {c ? (
            <>
              <Big>{c.sentiment.index === null ? '—' : c.sentiment.index.toFixed(2)}</Big>
              <Small>
                index in [−1, 1] from {c.sentiment.signals} hourly signals
                {c.sentiment.posts !== null ? ` · ${c.sentiment.posts} posts` : ''}
              </Small>
            </>
          ) : null}
        </Card>
        <Card title="Supply" updated={updated} loading={!c} testId="kpi-supply">
          {c ? (
            <>
              <Big>{formatCompact(c.supply.total)} HOME</Big>
              <Small>
                <abbr title="minted + staking rewards claimed − burned (fees burned included)">net emissions</abbr>{' '}
                {formatCompact(c.supply.netEmissions)} over {range} · growth {formatPercent(c.supply.growthAnnualized)}
                /yr
              </Small>
            </>
          ) : null}
        </Card>
        <Card title="Staking" updated={updated} loading={!c} testId="kpi-staking">
          {c ? (
            <>
              <Big>{formatPercent(c.staking.ratio)}</Big>
              <Small>
                {formatCompact(c.staking.staked)} HOME staked · APR{' '}
                {c.staking.aprBps === null ? '—' : formatPercent(c.staking.aprBps / 10_000)}
              </Small>
            </>
          ) : null}
        </Card>
        <Card title="Holder concentration" updated={updated} loading={!c} testId="kpi-holders">
          {c ? (
            <>
              <Big>Gini {c.holders.gini === null ? '—' : c.holders.gini.toFixed(2)}</Big>
              <Small>
                {c.holders.count} holders · Nakamoto {c.holders.nakamoto ?? '—'} · top-10{' '}
                {formatPercent(c.holders.top10Share)} · HHI {c.holders.hhi === null ? '—' : c.holders.hhi.toFixed(3)}
              </Small>
            </>
          ) : null}
        </Card>
        <Card title="Chain" updated={data?.status.chainTime ?? null} loading={!data} testId="kpi-chain">
          {data ? (
            <>
              <Big>#{data.status.chainHead.toString()}</Big>
              <Small>indexed #{data.status.indexer.indexedBlock ?? '—'}</Small>
            </>
          ) : null}
        </Card>
      </div>

      <ProposalEffectPanel
        effect={data ? (executed?.effect ?? null) : undefined}
        unavailable={data !== undefined && executed === null}
      />

      {d ? (
        <Charts series={d.series} markers={markers} />
      ) : (
        <div className="h-72 animate-pulse rounded-lg bg-slate-200 dark:bg-slate-800" />
      )}
    </section>
  );
}

function Card({
  title,
  updated,
  loading,
  testId,
  children,
}: {
  title: string;
  updated: number | null;
  loading: boolean;
  testId: string;
  children: React.ReactNode;
}) {
  return (
    <article className="card" data-testid={testId} aria-busy={loading}>
      <h3 className="card-title">{title}</h3>
      {loading ? (
        <div className="mt-2 space-y-2">
          <div className="h-7 w-2/3 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
          <div className="h-4 w-full animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
        </div>
      ) : (
        <div className="mt-1">{children}</div>
      )}
      <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">updated {formatTime(updated)}</p>
    </article>
  );
}

const Big = ({ children }: { children: React.ReactNode }) => (
  <p className="font-mono text-2xl" data-role="value">
    {children}
  </p>
);
const Small = ({ children }: { children: React.ReactNode }) => (
  <p className="text-sm text-slate-600 dark:text-slate-400">{children}</p>
);
