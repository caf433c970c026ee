/**
 * Named spans of the bundled hourly BTC data (data/prices/btcusd_1h_2018-05_2023-03.csv).
 * Policies are tuned on TRAINING_SPAN only; the crash paths all come later and are used only
 * for evaluation.
 */
export type Span = { name: string; start: string; end: string };

export const TRAINING_SPAN: Span = {
  name: 'train 2018-05..2019-12',
  start: '2018-05-15T00:00:00Z',
  end: '2019-12-31T23:00:00Z',
};

/**
 * Windows inside TRAINING_SPAN shaped like the evaluation (about two months around a sell-off,
 * each with the backtest's 1,500 h lead-in also inside the training span). Tuning scores a
 * policy on these, so it is judged the way it will be evaluated: the treasury starts full
 * before the lead-in, and spending it all on small dips before the sell-off is penalised.
 */
export const TRAINING_WINDOWS: Span[] = [
  { name: 'train Nov 2018', start: '2018-11-01T00:00:00Z', end: '2018-12-31T00:00:00Z' },
  { name: 'train Jun-Aug 2019', start: '2019-06-20T00:00:00Z', end: '2019-08-20T00:00:00Z' },
  { name: 'train Sep-Nov 2019', start: '2019-09-15T00:00:00Z', end: '2019-11-30T00:00:00Z' },
];

export const CRASH_SPANS: Span[] = [
  { name: 'Mar 2020 (COVID)', start: '2020-02-20T00:00:00Z', end: '2020-04-20T00:00:00Z' },
  { name: 'May 2022 (LUNA)', start: '2022-04-25T00:00:00Z', end: '2022-06-30T00:00:00Z' },
  { name: 'Nov 2022 (FTX)', start: '2022-10-25T00:00:00Z', end: '2022-12-15T00:00:00Z' },
  { name: 'Mar 2023 (SVB)', start: '2023-02-15T00:00:00Z', end: '2023-03-29T00:00:00Z' },
];

export const HOURLY_DATA = 'data/prices/btcusd_1h_2018-05_2023-03.csv';

export const toUnix = (iso: string) => Math.floor(Date.parse(iso) / 1000);
