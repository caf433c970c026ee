'use client';

import { useQuery } from '@tanstack/react-query';
import { fetchApi } from '@/components/api';
import type { TreasuryResponse } from '@/lib/treasury/load';
import type { TreasuryRange } from '@/lib/treasury/model';

export const treasuryQueries = {
  treasury: (range: TreasuryRange) => ({
    queryKey: ['treasury', { range }] as const,
    queryFn: () => fetchApi<TreasuryResponse>(`/api/treasury?range=${range}`),
  }),
};

/** Live treasury model, polled every 3 s; the last good data stays on screen when a request fails. */
export const useTreasury = (range: TreasuryRange) =>
  useQuery({
    ...treasuryQueries.treasury(range),
    refetchInterval: 3_000,
    placeholderData: (previous) => previous,
    retry: 2,
  });
