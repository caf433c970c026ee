export {
  createIndexerClient,
  type GetHoldersParameters,
  type GetOhlcParameters,
  type GetReservesParameters,
  type GetVerificationsParameters,
  type IndexerClient,
  type IndexerClientOptions,
  IndexerError,
  type IndexerErrorKind,
  type TimeRange,
} from './client';
export type * from './types';
