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
      <h1 className="sr-only">Homeostat dashboard</h1>
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
