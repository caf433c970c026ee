import type { Metadata } from 'next';
import { Simulate } from '@/components/simulate/simulate';

// Rendered per request so Next.js can put the CSP nonce (proxy.ts) on its scripts.
export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Simulate — Homeostat' };

export default function SimulatePage() {
  return <Simulate />;
}
