import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { TransparencyPage } from '@/components/transparency/transparency-page';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'AI decision — Homeostat transparency' };

/** Permalink of one decision: the decision first, then the whole log. */
export default async function Page({ params }: { params: Promise<{ decisionId: string }> }) {
  const { decisionId } = await params;
  if (!/^0x[0-9a-fA-F]{64}$/.test(decisionId)) notFound();
  return <TransparencyPage focus={decisionId} explorer={process.env.CHAIN_EXPLORER_URL?.trim() || null} />;
}
