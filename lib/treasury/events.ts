/**
 * Adapter for the indexer's GET /api/events (treasury rows only): raw rows in, domain
 * `TreasuryMovement`s out. The raw shape never leaves this file.
 */
import { IndexerError } from '../indexer';
import { MOVEMENT_KINDS, type TreasuryMovement } from './model';

/** Kinds the indexer records (fee_income rows are built from the KPI snapshots, never indexed). */
const KINDS = new Set<TreasuryMovement['kind']>(MOVEMENT_KINDS.filter((k) => k !== 'fee_income'));

function bad(field: string, value: unknown): never {
  throw new IndexerError('malformed', `The indexer returned a malformed "${field}"`, {
    details: `got ${JSON.stringify(value)?.slice(0, 100)}`,
  });
}
const big = (v: unknown, field: string): bigint => {
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  return bad(field, v);
};
const strOrNull = (v: unknown, field: string): string | null =>
  v === null || v === undefined ? null : typeof v === 'string' ? v : bad(field, v);

export function parseTreasuryMovement(raw: unknown): TreasuryMovement {
  if (typeof raw !== 'object' || raw === null) bad('treasury', raw);
  const r = raw as Record<string, unknown>;
  const kind = r.kind as TreasuryMovement['kind'];
  if (!KINDS.has(kind)) bad('treasury.kind', r.kind);
  const time = r.timestamp;
  if (typeof time !== 'number' || !Number.isFinite(time)) bad('treasury.timestamp', time);
  return {
    id: typeof r.id === 'string' ? r.id : bad('treasury.id', r.id),
    time,
    blockNumber: big(r.blockNumber, 'treasury.blockNumber'),
    kind,
    asset: strOrNull(r.asset, 'treasury.asset'),
    counterparty: strOrNull(r.counterparty, 'treasury.counterparty'),
    amount: big(r.amount, 'treasury.amount'),
    homeAmount: r.homeAmount === null || r.homeAmount === undefined ? null : big(r.homeAmount, 'treasury.homeAmount'),
  };
}

/** Treasury movements in [from, to] (newest first), from the indexer's /api/events. */
export async function getTreasuryMovements(
  indexerUrl: string,
  p: { from?: number | undefined; to?: number | undefined; limit?: number; timeoutMs?: number } = {},
): Promise<TreasuryMovement[]> {
  const base = indexerUrl.replace(/\/$/, '');
  const qs = new URLSearchParams();
  if (p.from !== undefined) qs.set('from', String(Math.floor(p.from)));
  if (p.to !== undefined) qs.set('to', String(Math.floor(p.to)));
  qs.set('limit', String(p.limit ?? 10_000));
  const url = `${base}/api/events?${qs}`;
  const timeoutMs = p.timeoutMs ?? 4000;
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
  } catch (cause) {
    const name = (cause as Error)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      throw new IndexerError('timeout', `The indexer did not answer within ${timeoutMs} ms`, { details: url, cause });
    }
    throw new IndexerError('unreachable', `The indexer at ${base} is unreachable`, { details: url, cause });
  }
  const text = await res.text().catch(() => '');
  if (!res.ok) {
    throw new IndexerError('http', `The indexer answered ${res.status}`, { details: url, status: res.status });
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (cause) {
    throw new IndexerError('malformed', 'The indexer returned invalid JSON', { details: url, cause });
  }
  const rows = (body as { treasury?: unknown })?.treasury;
  if (!Array.isArray(rows)) bad('treasury', rows);
  return rows.map(parseTreasuryMovement);
}
