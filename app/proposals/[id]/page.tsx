import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ProposalDetail } from '@/components/proposals/proposal-detail';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Proposal — Homeostat' };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!/^\d{1,78}$/.test(id)) notFound();
  return <ProposalDetail id={id} explorer={process.env.CHAIN_EXPLORER_URL?.trim() || null} />;
}
