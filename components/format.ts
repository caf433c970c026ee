import { formatUnits } from 'viem';
// Intl.NumberFormat's output without Intl: the first formatter a page builds loads locale data,
// a long task on a phone (see lib/format/number.ts).
import { formatCompactNumber, formatDecimal } from '@/lib/format/number';

export function shortAddress(address: string | undefined) {
  return address ? `${address.slice(0, 6)}…${address.slice(-4)}` : '';
}

/** Formats a raw 18-decimals amount for people: 1234567.891 → "1,234,567.89". */
export function formatToken(raw: bigint | undefined, decimals = 18, maximumFractionDigits = 2) {
  if (raw === undefined) return '—';
  return formatDecimal(Number(formatUnits(raw, decimals)), maximumFractionDigits);
}

/** Turns wallet and contract errors into one readable sentence. */
export function userFacingError(error: unknown): string {
  const e = error as { name?: string; shortMessage?: string; message?: string; code?: number; cause?: unknown };
  const text = `${e?.shortMessage ?? ''} ${e?.message ?? ''}`;
  if (e?.name === 'UserRejectedRequestError' || e?.code === 4001 || /user (rejected|denied)/i.test(text)) {
    return 'You rejected the request in your wallet. Nothing was sent.';
  }
  if (e?.name === 'ContractFunctionExecutionError' || e?.name === 'ContractFunctionRevertedError') {
    return e.shortMessage ?? 'The contract rejected the transaction.';
  }
  return e?.shortMessage ?? e?.message?.split('\n')[0] ?? 'Something went wrong.';
}

/** 0.1234 → "12.3%"; null → "—". */
export function formatPercent(value: number | null | undefined, digits = 1) {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : `${(value * 100).toFixed(digits)}%`;
}

/** 1234567 → "1.23M". */
export function formatCompact(value: number | null | undefined) {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return formatCompactNumber(value, 2);
}

/** Chain time (unix seconds) as "2022-05-09 14:00 UTC"; null → "—". */
export function formatTime(seconds: number | null | undefined) {
  if (seconds === null || seconds === undefined) return '—';
  return `${new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
