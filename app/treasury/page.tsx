import type { Metadata } from 'next';
import { Treasury } from '@/components/treasury/treasury';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Treasury — Homeostat' };

export default function TreasuryPage() {
  return <Treasury />;
}
