import type { Metadata } from 'next';
import { ProposalsPage } from '@/components/proposals/proposals-page';
import { VoterPanel } from '@/components/wallet/lazy';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Proposals — Homeostat' };

export default function Page() {
  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
      <ProposalsPage />
      <aside className="order-first lg:order-none">
        <VoterPanel />
      </aside>
    </div>
  );
}
