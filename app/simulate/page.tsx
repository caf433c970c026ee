import type { Metadata } from 'next';
import { Simulate } from '@/components/simulate/simulate';

export const metadata: Metadata = { title: 'Simulate — Homeostat' };

export default function SimulatePage() {
  return <Simulate />;
}
