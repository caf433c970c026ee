import { ChainStatus } from '@/components/chain/chain-status';
import { TokenSupply } from '@/components/chain/token-supply';
import { Dashboard } from '@/components/dashboard/dashboard';
import { ForecastPanel } from '@/components/forecast/lazy-panel';
import { ProposalList } from '@/components/proposals/proposal-list';
import { VoterPanel } from '@/components/wallet/lazy';

export const dynamic = 'force-dynamic';

export default function DashboardPage() {
  return (
    <div className="space-y-8">
      <header>
        <h1 className="text-2xl font-semibold">Dashboard</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          The token’s health as the chain and the indexer report it, refreshed every few seconds: price, volatility,
          liquidity, sentiment, supply, staking and holder concentration; the AI agent’s volatility forecast, run in
          your browser; and the proposals holders can approve or veto. Reading needs no wallet.
        </p>
      </header>
      <div className="grid gap-4 md:grid-cols-3">
        <ChainStatus />
        <TokenSupply />
        <VoterPanel />
      </div>
      <Dashboard />
      <ForecastPanel />
      <ProposalList />
    </div>
  );
}
