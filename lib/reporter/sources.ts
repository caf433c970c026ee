import { DataError } from '../errors';
import { checkPost } from '../ml/sentiment/input';

/**
 * The reporter's inputs, as a team provides them for its own token (issue 14). Pure parsing: the
 * text comes from a file, a directory of files or an HTTP response; every problem is a DataError
 * that names the source, the line and the field, and nothing from a malformed source is posted.
 *
 * ## Posts (REPORTER_POSTS: a `.jsonl` file, or a directory of them)
 * One JSON object per line:
 *
 *     {"time": "2026-12-07T10:15:00Z", "text": "…", "id": "1864012345"}
 *
 * - `time`: when the post was published, ISO 8601 with a zone, or unix seconds;
 * - `text`: the post verbatim (what is hashed on-chain; checked by lib/ml/sentiment/input.ts);
 * - `id` (optional): the platform's id; default `<file name>:<line>`.
 * Blank lines are skipped. Posts carry no label: the reporter's sentiment model labels them.
 *
 * ## Feed (REPORTER_FEED: an http(s) URL or a file)
 * One JSON object, the newest observation of the market:
 *
 *     {"observedAt": 1765101600, "marketPriceUsd": 97250.5, "volumeUsd": 1.2e9, "anomalyScore": 0.1}
 *
 * - `observedAt` (required): unix seconds or ISO 8601, when these values were observed;
 * - `marketPriceUsd` (optional): the market factor's price in USD (> 0), posted to the oracle's
 *   market-price feed (`postMarketPrice`), which the policies read like the simulator's market;
 * - `volumeUsd` (optional, ≥ 0): off-chain volume in USD, posted with the signal;
 * - `anomalyScore` (optional, 0…1): the team's own manipulation monitor, posted with the signal
 *   (the agent also runs lib/ml/anomalies on the pool and takes the larger of the two).
 */

export type PostWhere = { file: string; line: number };
export type TimedPost = { time: number; id: string | number; text: string; where: PostWhere };

export type FeedObservation = {
  observedAt: number;
  marketPriceUsd: number | null;
  volumeUsd: number | null;
  anomalyScore: number | null;
  source: string;
};

/** Unix seconds from 2001 to 2286: a number outside is a unit mistake (milliseconds), not a time. */
const MIN_TIME = 978_307_200;
const MAX_TIME = 9_999_999_999;

/** Unix seconds from a number of seconds or an ISO 8601 string with a time zone; null when neither. */
export function parseTime(value: unknown): number | null {
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= MIN_TIME && value <= MAX_TIME ? value : null;
  }
  if (typeof value !== 'string') return null;
  // A zone is required: "2026-12-07T10:00" would be read in the machine's local time.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value.trim())) return null;
  const ms = Date.parse(value.trim());
  if (!Number.isFinite(ms)) return null;
  const s = Math.floor(ms / 1000);
  return s >= MIN_TIME && s <= MAX_TIME ? s : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The posts of one JSON-lines file. `name` is how ids default and errors name the file. */
export function parsePostsJsonl(text: string, file: string, name = file): TimedPost[] {
  const posts: TimedPost[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.replace(/\r$/, '');
    if (raw.trim() === '') continue;
    const line = i + 1;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      throw new DataError(`not a JSON object (${(e as Error).message})`, { file, line });
    }
    if (!isRecord(value)) throw new DataError('not a JSON object', { file, line });
    const time = parseTime(value.time);
    if (time === null) {
      throw new DataError(
        `"time" must be unix seconds or an ISO 8601 time with a zone (e.g. 2026-12-07T10:15:00Z), got ${JSON.stringify(value.time) ?? 'nothing'}`,
        { file, line, column: 'time' },
      );
    }
    if (typeof value.text !== 'string' || value.text.trim() === '') {
      throw new DataError('"text" must be a non-empty string', { file, line, column: 'text' });
    }
    const check = checkPost(value.text);
    if (!check.ok) throw new DataError(check.rejection.message, { file, line, column: 'text' });
    let id: string | number = `${name}:${line}`;
    if (value.id !== undefined) {
      if (
        !(typeof value.id === 'string' && value.id.trim() !== '' && value.id.length <= 200) &&
        !(typeof value.id === 'number' && Number.isSafeInteger(value.id))
      ) {
        throw new DataError('"id" must be a string (≤ 200 characters) or an integer', { file, line, column: 'id' });
      }
      id = value.id;
    }
    posts.push({ time, id, text: value.text, where: { file, line } });
  }
  return posts;
}

/** The feed's newest observation. */
export function parseFeed(text: string, source: string): FeedObservation {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new DataError(`not JSON (${(e as Error).message})`, { file: source });
  }
  if (!isRecord(value)) throw new DataError('must be one JSON object', { file: source });
  const observedAt = parseTime(value.observedAt);
  if (observedAt === null) {
    throw new DataError('"observedAt" must be unix seconds or an ISO 8601 time with a zone', {
      file: source,
      column: 'observedAt',
    });
  }
  const optional = (field: string, ok: (n: number) => boolean, rule: string): number | null => {
    const v = value[field];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v)) {
      throw new DataError(`"${field}" must be ${rule}, got ${JSON.stringify(v)}`, { file: source, column: field });
    }
    return v;
  };
  const feed: FeedObservation = {
    observedAt,
    marketPriceUsd: optional('marketPriceUsd', (n) => n > 0 && n <= 1e10, 'a number in (0, 1e10]'),
    volumeUsd: optional('volumeUsd', (n) => n >= 0 && n <= 1e15, 'a number in [0, 1e15]'),
    anomalyScore: optional('anomalyScore', (n) => n >= 0 && n <= 1, 'a number in [0, 1]'),
    source,
  };
  if (feed.marketPriceUsd === null && feed.volumeUsd === null && feed.anomalyScore === null) {
    throw new DataError('has none of "marketPriceUsd", "volumeUsd", "anomalyScore"', { file: source });
  }
  return feed;
}
