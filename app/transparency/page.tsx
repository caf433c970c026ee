import type { Metadata } from 'next';
import { TransparencyPage } from '@/components/transparency/transparency-page';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Transparency — Homeostat' };

export default function Page() {
  return <TransparencyPage focus={null} explorer={process.env.CHAIN_EXPLORER_URL?.trim() || null} />;
}
