'use client';

import dynamic from 'next/dynamic';
import { type ReactNode, useState } from 'react';
import { formatCompact, formatPercent, formatTime, shortAddress } from '@/components/format';
import { treasuryCsv } from '@/lib/treasury/csv';
import { downsample, movementAmounts, type TreasuryMovement, type TreasuryRange } from '@/lib/treasury/model';
import { downloadText } from './download';
import { useTreasury } from './queries';

// recharts loads after the cards: the first paint carries no chart code.
const TreasuryCharts = dynamic(() => import('./charts').then((m) => m.TreasuryCharts), {
  ssr: false,
  loading: () => <div className="h-72 animate-pulse rounded-lg bg-slate-200 dark:bg-slate-800" />,
});

const ranges: TreasuryRange[] = ['24h', '7d', '30d', 'all'];
const usd = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `$${formatCompact(v)}`);
const home = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${formatCompact(v)} HOME`);

export function Treasury() {
  const [range, setRange] = useState<TreasuryRange>('7d');
  const query = useTreasury(range);
  const d = query.data;

  const exportCsv = () => {
    if (!d) return;
    const stamp = new Date(d.updatedAt * 1000).toISOString().slice(0, 16).replace(':', '');
    downloadText(treasuryCsv(d.series), `homeostat-treasury-${d.range}-${stamp}Z.csv`);
  };

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">Treasury</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="treasury-updated">
          {d ? `chain time ${formatTime(d.updatedAt)} · block #${d.live.blockNumber.toString()}` : 'loading…'}
        </p>
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
        <button type="button" className="btn-secondary" onClick={exportCsv} disabled={!d} data-testid="export-csv">
          Export CSV
        </button>
      </div>

      {query.isError ? (
        <div
          role="alert"
          className="flex flex-wrap items-center gap-3 rounded border border-amber-400 bg-amber-50 p-3 text-sm text-amber-900"
        >
          <span>
            Treasury data unavailable ({query.error.message}).
            {d ? ` Showing data as of ${formatTime(d.updatedAt)}.` : ''}
          </span>
          <button type="button" className="btn-secondary" onClick={() => query.refetch()}>
            Retry
          </button>
        </div>
      ) : null}
      {d?.live.paused ? (
        <p role="status" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900">
          The policy controller is paused by the guardian: no parameter or supply changes execute until governance
          unpauses it.
        </p>
      ) : null}

      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="treasury-cards">
        <Card title="Balances" testId="card-balances" loading={!d}>
          {d ? (
            <>
              <Big testId="treasury-stable">{usd(d.live.treasuryStable)}</Big>
              <Small>
                stable · <span data-testid="treasury-home">{home(d.live.treasuryHome)}</span> · total value{' '}
                {usd(d.live.treasuryStable + d.live.treasuryHome * (d.live.price ?? 0))} at $
                {d.live.price === null ? '—' : d.live.price.toFixed(4)}/HOME
              </Small>
            </>
          ) : null}
        </Card>
        <Card title="Runway at current burn" testId="card-runway" loading={!d}>
          {d ? (
            <>
              <Big testId="runway-days">
                {d.runway.days === null ? '∞ (nothing burns)' : `${formatCompact(d.runway.days)} days`}
              </Big>
              <Small>
                burn {usd(d.runway.burnPerDay)}/day = buyback budget {usd(d.runway.buybackPerDay)} + emissions{' '}
                {usd(d.runway.emissionsCostPerDay)}
                {d.buybacks && d.buybacks.spentPerDay < d.runway.buybackPerDay ? (
                  <span className="block" data-testid="runway-actual">
                    Buybacks actually spent {usd(d.buybacks.spentPerDay)}/day over {d.range}: the runway above is the
                    worst case, if the whole budget were spent every day.
                  </span>
                ) : null}
              </Small>
              <p className="mt-1 font-mono text-xs text-slate-600 dark:text-slate-400" data-testid="runway-formula">
                runway = treasury stable ÷ (buyback budget × 86 400 ÷ epoch + reward rate × 86 400 × price)
              </p>
            </>
          ) : null}
        </Card>
        <Card title="Staking APR and its cost" testId="card-staking" loading={!d}>
          {d ? (
            <>
              <Big testId="staking-apr">{formatPercent(d.staking.apr, 2)}</Big>
              <Small>
                emissions {home(d.staking.homePerDay)}/day ({formatCompact(d.live.staking.rewardRate)} HOME/s) · cost{' '}
                {usd(d.staking.stablePerDay)}/day, {usd(d.staking.stablePerYear)}/yr (emissions/s × price) ·{' '}
                {home(d.live.staking.totalStaked)} staked · {home(d.live.staking.emissionsRemaining)} left to emit
              </Small>
            </>
          ) : null}
        </Card>
        <Card title="Buybacks" testId="card-buybacks" loading={!d}>
          {d ? (
            <>
              <Big testId="buyback-spent">{usd(d.totals.buybackStable)}</Big>
              <Small>
                spent over {d.range}, {home(d.totals.buybackHome)} bought and burned · budget{' '}
                {usd(d.live.buyback.budgetPerEpoch)} per {formatCompact(d.live.buyback.epochSeconds / 3600)} h epoch,{' '}
                {usd(d.live.buyback.remainingInEpoch)} left this epoch
              </Small>
              {d.buybacks?.idle ? (
                <p className="mt-1 text-xs text-amber-800 dark:text-amber-300" data-testid="buyback-idle">
                  No buyback ran in this range although the budget allows {usd(d.buybacks.budgetPerDay)}/day: the budget
                  is a ceiling, and buybacks happen only when the treasury’s operator calls buybackAndBurn.
                </p>
              ) : null}
            </>
          ) : null}
        </Card>
        <Card title="Protocol-owned liquidity" testId="card-pol" loading={!d}>
          {d ? (
            <>
              <Big testId="pol-value">{usd(d.pol.value)}</Big>
              <Small>
                {formatPercent(d.pol.share, 2)} of the pool's LP tokens = {home(d.pol.home)} + {usd(d.pol.stable)}{' '}
                stable
              </Small>
              <p className="mt-1 font-mono text-xs text-slate-600 dark:text-slate-400">
                POL = LP held by treasury ÷ LP supply × pool reserves
              </p>
            </>
          ) : null}
        </Card>
        <Card
          title={`Supply-change budget (${d ? formatCompact(d.live.supplyWindow.windowSeconds / 3600) : 24} h)`}
          testId="card-budget"
          loading={!d}
        >
          {d ? <SupplyBudget data={d.supplyBudget} /> : null}
        </Card>
      </div>

      <section aria-labelledby="flows-heading" className="card">
        <h2 id="flows-heading" className="card-title">
          Emissions vs fee revenue over {d?.range ?? range}
        </h2>
        {d ? (
          <p className="mt-1 text-sm" data-testid="flows-summary">
            staking rewards claimed {home(d.totals.emissions)} ({usd(d.totals.emissionsValue)}) vs fees{' '}
            {home(d.totals.feesToTreasury + d.totals.feesBurned)} ({usd(d.totals.feeRevenueValue)}):{' '}
            {home(d.totals.feesToTreasury)} to the treasury, {home(d.totals.feesBurned)} burned. Rewards accrue to
            stakers continuously (now {home(d.staking.homePerDay)}/day) and count here when a staker claims them, so a
            range with few claims shows little even while the reward rate is high.
          </p>
        ) : null}
      </section>

      {d ? (
        <TreasuryCharts series={downsample(d.series, 800)} />
      ) : (
        <div className="h-72 animate-pulse rounded-lg bg-slate-200 dark:bg-slate-800" />
      )}

      <Movements movements={d?.movements} decimals={d?.stableDecimals ?? 18} />
    </div>
  );
}

function SupplyBudget({
  data,
}: {
  data: { netChange: number; budget: number; used: number; left: number; usedFraction: number };
}) {
  const pct = Math.min(100, data.usedFraction * 100);
  return (
    <>
      <Big testId="budget-left">{home(data.left)} left</Big>
      <div
        role="progressbar"
        aria-label="Supply-change budget used"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(pct)}
        aria-valuetext={`${pct.toFixed(1)}% used`}
        className="mt-2 h-2 w-full overflow-hidden rounded bg-slate-200 dark:bg-slate-800"
      >
        <div className={`h-full ${pct > 80 ? 'bg-red-600' : 'bg-indigo-700'}`} style={{ width: `${pct}%` }} />
      </div>
      <Small>
        <span data-testid="budget-used">{home(data.used)}</span> used ({formatPercent(data.usedFraction)}) of{' '}
        {home(data.budget)} · net {data.netChange >= 0 ? 'mint' : 'burn'} {home(Math.abs(data.netChange))}
      </Small>
    </>
  );
}

const kindLabel: Record<TreasuryMovement['kind'], string> = {
  buyback: 'Buyback and burn',
  withdraw: 'Withdrawal',
  stable_in: 'Stable in',
  stable_out: 'Stable out',
  fee_income: 'Transfer fees in (this hour)',
  pol_add: 'Liquidity added (POL)',
  pol_remove: 'Liquidity removed (POL)',
  range_buy: 'Range buy and burn (below band)',
  range_sell: 'Range sell (above band)',
};

/** Both sides with units: "12,500 TUSD + 125,000 HOME" for POL, "1,000 HOME → 98,815 TUSD" for a sale. */
function movementCell(m: TreasuryMovement, decimals: number): string {
  const a = movementAmounts(m, decimals);
  const s = a.stable === null ? '' : usd(a.stable);
  const h = a.home === null ? '' : home(a.home);
  if (a.stable === null) return h;
  if (a.home === null) return s;
  if (m.kind === 'pol_add' || m.kind === 'pol_remove') return `${s} + ${h}`;
  if (m.kind === 'range_sell') return `${h} → ${s}`;
  return `${s} → ${h}`;
}

function Movements({ movements, decimals }: { movements: TreasuryMovement[] | undefined; decimals: number }) {
  return (
    <section aria-labelledby="movements-heading" className="card overflow-x-auto">
      <h2 id="movements-heading" className="card-title">
        Treasury movements (newest first)
      </h2>
      {!movements ? (
        <div className="mt-2 h-16 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
      ) : movements.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">No treasury movements in this range.</p>
      ) : (
        <table className="mt-2 w-full text-left text-sm" data-testid="movements">
          <thead>
            <tr className="text-slate-600 dark:text-slate-400">
              <th scope="col" className="py-1 pr-3 font-medium">
                Time
              </th>
              <th scope="col" className="py-1 pr-3 font-medium">
                Kind
              </th>
              <th scope="col" className="py-1 pr-3 text-right font-medium">
                Amount
              </th>
              <th scope="col" className="py-1 pr-3 font-medium">
                Counterparty
              </th>
              <th scope="col" className="py-1 font-medium">
                Block
              </th>
            </tr>
          </thead>
          <tbody>
            {movements.map((m) => (
              <tr key={m.id} className="border-t border-slate-200 dark:border-slate-800">
                <td className="py-1 pr-3 whitespace-nowrap">{formatTime(m.time)}</td>
                <td className="py-1 pr-3">{kindLabel[m.kind]}</td>
                <td className="py-1 pr-3 text-right font-mono" title={movementAmounts(m, decimals).flow}>
                  {movementCell(m, decimals)}
                </td>
                <td className="py-1 pr-3 font-mono" title={m.counterparty ?? undefined}>
                  {m.kind === 'fee_income' ? 'token holders' : shortAddress(m.counterparty ?? undefined) || '—'}
                </td>
                <td className="py-1 font-mono">#{m.blockNumber.toString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Card({
  title,
  testId,
  loading,
  children,
}: {
  title: string;
  testId: string;
  loading: boolean;
  children: ReactNode;
}) {
  return (
    <article className="card" data-testid={testId} aria-busy={loading} aria-label={title}>
      <h2 className="card-title">{title}</h2>
      {loading ? (
        <div className="mt-2 space-y-2">
          <div className="h-7 w-2/3 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
          <div className="h-4 w-full animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
        </div>
      ) : (
        <div className="mt-1">{children}</div>
      )}
    </article>
  );
}

const Big = ({ children, testId }: { children: ReactNode; testId?: string }) => (
  <p className="font-mono text-2xl" data-testid={testId}>
    {children}
  </p>
);
const Small = ({ children }: { children: ReactNode }) => (
  <p className="text-sm text-slate-600 dark:text-slate-400">{children}</p>
);
