/**
 * Parameter values in units people read. On-chain values are raw integers (see
 * lib/contracts/params.ts and contracts/README.md): supply, reward rate and the range-sell budget
 * in HOME wei (18 decimals), fees and the pool-share cap in bps, the buyback, liquidity and
 * range-buy budgets in stable-token units (its own decimals), the range bands in stable-token
 * units per whole HOME.
 */
import { formatUnits } from 'viem';
import { objectiveModes, type PolicyParamId, paramLabels } from '../contracts/params';

export const HOME_DECIMALS = 18;

export type UnitContext = {
  /** Decimals of the stable token (TUSD locally: 6). */
  stableDecimals: number;
  stableSymbol: string;
  /** The stable token's address, so a treasury withdrawal of it reads in its unit. */
  stableAddress?: string | undefined;
  /** Length of the treasury's buyback epoch (seconds; the budget is per epoch). Unknown → 1 day, the deploy default. */
  buybackEpochSeconds?: number | undefined;
};

export const defaultUnits: UnitContext = { stableDecimals: 6, stableSymbol: 'TUSD' };

function group(value: string, maxFraction: number): string {
  const n = Number(value);
  return n.toLocaleString('en-US', { maximumFractionDigits: maxFraction });
}

/** One raw parameter value as text with its unit: 30 (TransferFee) → "0.30% (30 bps)". */
export function formatParamValue(id: PolicyParamId, raw: bigint, units: UnitContext = defaultUnits): string {
  switch (id) {
    case 0:
      return `${group(formatUnits(raw, HOME_DECIMALS), 0)} HOME`;
    case 1:
      return `${(Number(raw) / 100).toFixed(2)}% of the fee (${raw} bps)`;
    case 2:
      return `${(Number(raw) / 100).toFixed(2)}% (${raw} bps)`;
    case 3: {
      const perSecond = Number(formatUnits(raw, HOME_DECIMALS));
      return `${group(String(perSecond), 4)} HOME/s (${group(String(perSecond * 86_400), 0)} HOME/day)`;
    }
    case 4:
      return `${group(formatUnits(raw, units.stableDecimals), 2)} ${units.stableSymbol}/epoch`;
    case 5:
      return objectiveModes[Number(raw)] ?? `mode ${raw}`;
    case 6:
    case 10:
      return `${group(formatUnits(raw, units.stableDecimals), 2)} ${units.stableSymbol}/epoch`;
    case 7:
      return `${(Number(raw) / 100).toFixed(2)}% of the pool (${raw} bps)`;
    case 8:
    case 9:
      return `${group(formatUnits(raw, units.stableDecimals), 6)} ${units.stableSymbol} per HOME`;
    case 11:
      return `${group(formatUnits(raw, HOME_DECIMALS), 0)} HOME/epoch`;
  }
}

/** A signed difference in the parameter's unit: "+25 bps", "−1,250 TUSD/epoch". */
export function formatParamDelta(id: PolicyParamId, delta: bigint, units: UnitContext = defaultUnits): string {
  const sign = delta > 0n ? '+' : delta < 0n ? '−' : '±';
  const abs = delta < 0n ? -delta : delta;
  switch (id) {
    case 0:
      return `${sign}${group(formatUnits(abs, HOME_DECIMALS), 2)} HOME`;
    case 1:
    case 2:
      return `${sign}${abs} bps`;
    case 3:
      return `${sign}${group(formatUnits(abs, HOME_DECIMALS), 4)} HOME/s`;
    case 4:
      return `${sign}${group(formatUnits(abs, units.stableDecimals), 2)} ${units.stableSymbol}/epoch`;
    case 5:
      return `${sign}${abs}`;
    case 6:
    case 10:
      return `${sign}${group(formatUnits(abs, units.stableDecimals), 2)} ${units.stableSymbol}/epoch`;
    case 7:
      return `${sign}${abs} bps`;
    case 8:
    case 9:
      return `${sign}${group(formatUnits(abs, units.stableDecimals), 6)} ${units.stableSymbol} per HOME`;
    case 11:
      return `${sign}${group(formatUnits(abs, HOME_DECIMALS), 0)} HOME/epoch`;
  }
}

/** Amount of a parameter's unit without the sign prefix, e.g. for headroom ("245 bps"). */
export function formatParamAmount(id: PolicyParamId, amount: bigint, units: UnitContext = defaultUnits): string {
  return formatParamDelta(id, amount < 0n ? -amount : amount, units).slice(1);
}

export function paramLabel(id: PolicyParamId): string {
  return paramLabels[id].label;
}

/** 93784 → "1 d 2 h"; 3599 → "59 min"; 42 → "42 s". Two most significant units. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  if (m > 0) return `${m} min`;
  return `${s} s`;
}
