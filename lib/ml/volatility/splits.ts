import { FIRST_FEATURE_HOUR, HORIZON_HOURS, type VolSeries } from '../features';

/**
 * Time-ordered splits of the bundled hourly BTC data (2018-05 → 2023-03), as named constants.
 * A forecast hour t belongs to a split when its whole 24h outcome lies inside it, so no
 * training target overlaps the validation or test period.
 * - train:      2018-06 → 2021-06  (~26k hours; includes the March 2020 crash)
 * - validation: 2021-07 → 2022-03  (~6.5k hours; model selection, early stopping, interval calibration)
 * - test:       2022-04 → 2023-03  (~8.7k hours; never seen by training: LUNA, FTX, SVB)
 */
export const TRAIN_END = Date.UTC(2021, 6, 1) / 1000; // 2021-07-01T00:00:00Z, exclusive
export const VALIDATION_END = Date.UTC(2022, 3, 1) / 1000; // 2022-04-01T00:00:00Z, exclusive

export type SplitName = 'train' | 'validation' | 'test';

/** Forecast hours of a split (hours with all features defined and a complete outcome). */
export function splitHours(s: VolSeries, split: SplitName): Int32Array {
  const hours: number[] = [];
  for (let t = FIRST_FEATURE_HOUR; t + HORIZON_HOURS < s.n; t++) {
    const start = s.timestamp[t]!;
    const end = s.timestamp[t + HORIZON_HOURS]!;
    const inSplit =
      split === 'train'
        ? end < TRAIN_END
        : split === 'validation'
          ? start >= TRAIN_END && end < VALIDATION_END
          : start >= VALIDATION_END;
    if (inSplit) hours.push(t);
  }
  return Int32Array.from(hours);
}
