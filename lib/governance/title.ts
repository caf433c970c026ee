/**
 * A proposal's title in words, derived from its decoded actions ("Raise the transfer fee
 * 0.30 % → 0.55 % and cut buybacks to 1,250 TUSD a day"). Derived, not read from the
 * description: proposals already on-chain carry "Homeostat decision 0x…" as their first line,
 * and the calldata is the one thing that says what a proposal does. Pure.
 */
import { formatUnits } from 'viem';
import { objectiveModes, PolicyParam } from '../contracts/params';
import type { DecodedChange } from './decode';
import { defaultUnits, HOME_DECIMALS, type UnitContext } from './units';

const DAY_SECONDS = 86_400;

const grouped = (value: number, maxFraction: number) =>
  value.toLocaleString('en-US', { maximumFractionDigits: maxFraction });

/** bps → "0.30 %" (two decimals: fees move by a few bps). */
const bpsAsPercent = (bps: bigint) => `${(Number(bps) / 100).toFixed(2)} %`;

/** Buyback budget (stable units per epoch) as a daily amount when the epoch is known, e.g. "1,250 TUSD a day". */
function buybackText(raw: bigint, units: UnitContext): string {
  const perEpoch = Number(formatUnits(raw, units.stableDecimals));
  const epoch = units.buybackEpochSeconds ?? DAY_SECONDS;
  if (epoch === DAY_SECONDS) return `${grouped(perEpoch, 2)} ${units.stableSymbol} a day`;
  return `${grouped((perEpoch * DAY_SECONDS) / epoch, 2)} ${units.stableSymbol} a day`;
}

/** A per-epoch HOME amount (range sells) as HOME a day. */
function homePerDayText(raw: bigint, units: UnitContext): string {
  const perEpoch = Number(formatUnits(raw, HOME_DECIMALS));
  const epoch = units.buybackEpochSeconds ?? DAY_SECONDS;
  return `${grouped((perEpoch * DAY_SECONDS) / epoch, 0)} HOME a day`;
}

/** A band price (stable units per whole HOME): "0.08 TUSD per HOME". */
const bandText = (raw: bigint, units: UnitContext) =>
  `${grouped(Number(formatUnits(raw, units.stableDecimals)), 6)} ${units.stableSymbol} per HOME`;

/** A per-epoch budget clause: start / stop / keep / raise / cut `what` (a daily amount as `text`). */
function budgetClause(what: string, before: bigint, after: bigint, text: (raw: bigint) => string): string {
  if (after === 0n) return `stop ${what}`;
  if (before === 0n) return `start ${what} at up to ${text(after)}`;
  if (after === before) return `keep ${what} at up to ${text(after)}`;
  return `${after > before ? 'raise' : 'cut'} ${what} to up to ${text(after)}`;
}

/** Reward rate (HOME wei per second) as HOME a day: the per-second figure is too small to read. */
function rewardText(raw: bigint): string {
  const perDay = Number(formatUnits(raw, HOME_DECIMALS)) * DAY_SECONDS;
  return `${grouped(perDay, perDay < 10 ? 2 : 0)} HOME a day`;
}

const homeText = (raw: bigint) => `${grouped(Number(formatUnits(raw < 0n ? -raw : raw, HOME_DECIMALS)), 0)} HOME`;

/** One action as a lower-case clause ("raise the transfer fee 0.30 % → 0.55 %"). */
export function changeClause(c: DecodedChange, units: UnitContext = defaultUnits): string {
  switch (c.kind) {
    case 'setParameter': {
      const up = c.proposed > c.expectedCurrent;
      const same = c.proposed === c.expectedCurrent;
      switch (c.paramId) {
        case PolicyParam.TransferFee:
          if (same) return `keep the transfer fee at ${bpsAsPercent(c.proposed)}`;
          return `${up ? 'raise' : 'lower'} the transfer fee ${bpsAsPercent(c.expectedCurrent)} → ${bpsAsPercent(c.proposed)}`;
        case PolicyParam.BurnShare:
          if (same) return `keep burning ${bpsAsPercent(c.proposed)} of fees`;
          return `${up ? 'burn more' : 'burn less'} of each fee (${bpsAsPercent(c.expectedCurrent)} → ${bpsAsPercent(c.proposed)})`;
        case PolicyParam.RewardRate:
          if (c.proposed === 0n) return 'stop staking rewards';
          if (c.expectedCurrent === 0n) return `start staking rewards at ${rewardText(c.proposed)}`;
          if (same) return `keep staking rewards at ${rewardText(c.proposed)}`;
          return `${up ? 'raise' : 'cut'} staking rewards to ${rewardText(c.proposed)}`;
        case PolicyParam.BuybackBudget:
          if (c.proposed === 0n) return 'stop buybacks';
          if (c.expectedCurrent === 0n) return `start buybacks at ${buybackText(c.proposed, units)}`;
          if (same) return `keep buybacks at ${buybackText(c.proposed, units)}`;
          return `${up ? 'raise' : 'cut'} buybacks to ${buybackText(c.proposed, units)}`;
        case PolicyParam.ObjectiveMode:
          return `switch the objective to ${objectiveModes[Number(c.proposed)] ?? `mode ${c.proposed}`}`;
        case PolicyParam.PolBudget:
          return budgetClause('moving treasury liquidity in or out of the pool', c.expectedCurrent, c.proposed, (r) =>
            buybackText(r, units),
          );
        case PolicyParam.PolMaxShare:
          if (same) return `keep the treasury's pool share cap at ${bpsAsPercent(c.proposed)}`;
          return `${up ? 'raise' : 'lower'} the treasury's pool share cap ${bpsAsPercent(c.expectedCurrent)} → ${bpsAsPercent(c.proposed)}`;
        case PolicyParam.RangeLowerBand:
          if (same) return `keep the treasury's buy band at ${bandText(c.proposed, units)}`;
          return `${up ? 'raise' : 'lower'} the price below which the treasury buys ${bandText(c.expectedCurrent, units)} → ${bandText(c.proposed, units)}`;
        case PolicyParam.RangeUpperBand:
          if (same) return `keep the treasury's sell band at ${bandText(c.proposed, units)}`;
          return `${up ? 'raise' : 'lower'} the price above which the treasury sells ${bandText(c.expectedCurrent, units)} → ${bandText(c.proposed, units)}`;
        case PolicyParam.RangeBuyBudget:
          return budgetClause('range buys below the band', c.expectedCurrent, c.proposed, (r) => buybackText(r, units));
        case PolicyParam.RangeSellBudget:
          return budgetClause('range sells above the band', c.expectedCurrent, c.proposed, (r) =>
            homePerDayText(r, units),
          );
        default:
          // PolicyParam.Supply moves only through changeSupply; a setParameter on it would revert.
          return `set the total supply to ${homeText(c.proposed)}`;
      }
    }
    case 'changeSupply':
      return c.delta >= 0n
        ? `mint ${homeText(c.delta)} into the treasury`
        : `burn ${homeText(c.delta)} from the treasury`;
    case 'unpause':
      return 'unpause the policy controller';
    case 'call':
      return c.detail;
    case 'unknown':
      return `make an unrecognised call (${c.selector})`;
  }
}

/**
 * Each action's clause, except that a proposal moving both range bands reads as one re-centring
 * ("re-centre the treasury's range to 0.92–1.12 TUSD per HOME", where the first band stood).
 */
function bandPairClauses(changes: readonly DecodedChange[], units: UnitContext): string[] {
  const band = (id: number) =>
    changes.find(
      (c): c is Extract<DecodedChange, { kind: 'setParameter' }> =>
        c.kind === 'setParameter' && c.paramId === id && c.proposed !== c.expectedCurrent,
    );
  const lower = band(PolicyParam.RangeLowerBand);
  const upper = band(PolicyParam.RangeUpperBand);
  if (!lower || !upper) return changes.map((c) => changeClause(c, units));
  const price = (raw: bigint) => grouped(Number(formatUnits(raw, units.stableDecimals)), 6);
  const recentre = `re-centre the treasury's range to ${price(lower.proposed)}–${price(upper.proposed)} ${units.stableSymbol} per HOME`;
  const out: string[] = [];
  for (const c of changes) {
    if (c === lower || c === upper) {
      if (!out.includes(recentre)) out.push(recentre);
    } else out.push(changeClause(c, units));
  }
  return out;
}

/** "a", "a and b", "a, b and c". */
function joinClauses(parts: readonly string[]): string {
  if (parts.length <= 1) return parts[0] ?? '';
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/**
 * The title of a proposal from its decoded changes; `fallback` (e.g. the description's first
 * line) when it has no actions at all.
 */
export function titleFromChanges(
  changes: readonly DecodedChange[],
  units: UnitContext = defaultUnits,
  fallback = 'Proposal with no actions',
): string {
  const clauses = [...new Set(bandPairClauses(changes, units))];
  const text = joinClauses(clauses);
  if (!text) return fallback;
  return text.charAt(0).toUpperCase() + text.slice(1);
}
