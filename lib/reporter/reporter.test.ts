import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { keccak256, stringToBytes } from 'viem';
import { describe, expect, it } from 'vitest';
import { DataError } from '../errors';
import type { SentimentLabel } from '../metrics';
import { parseReporterConfig } from './config';
import { type OracleState, planReport, usdWei } from './plan';
import { parseFeed, parsePostsJsonl, parseTime, type TimedPost } from './sources';

const H = 3600;
const T = 1_765_100_000 - (1_765_100_000 % H); // a period close
const none: OracleState = { latestRound: 0, lastObservedAt: 0, latestPriceRound: 0, lastPriceObservedAt: 0 };
const post = (time: number, text: string, id: string | number = `f:${time}`): TimedPost => ({
  time,
  id,
  text,
  where: { file: 'posts.jsonl', line: 1 },
});
/** A stand-in classifier that reads the words: the planner must use whatever the model says. */
const byWords = (texts: string[]): SentimentLabel[] =>
  texts.map((t) => (/up|moon/.test(t) ? 'bullish' : /down|dump/.test(t) ? 'bearish' : 'neutral'));
const base = { periodSeconds: H, maxSourceAgeSeconds: 3 * H, oracle: none, classify: byWords };

describe('reporter sources', () => {
  it('reads unix seconds and zoned ISO times, and refuses the rest', () => {
    expect(parseTime(1_765_101_600)).toBe(1_765_101_600);
    expect(parseTime('2026-12-07T10:15:00Z')).toBe(Date.UTC(2026, 11, 7, 10, 15) / 1000);
    expect(parseTime('2026-12-07T11:15:00+01:00')).toBe(Date.UTC(2026, 11, 7, 10, 15) / 1000);
    expect(parseTime('2026-12-07T10:15:00')).toBeNull(); // no zone: local time would be a guess
    expect(parseTime(1_765_101_600_000)).toBeNull(); // milliseconds
    expect(parseTime('yesterday')).toBeNull();
  });

  it('parses JSON lines, skips blank lines and defaults ids to file:line', () => {
    const posts = parsePostsJsonl(
      '{"time":1765101600,"text":"up only"}\n\n{"time":"2026-12-07T10:15:00Z","text":"dump","id":"x9"}\n',
      '/data/posts/a.jsonl',
      'a.jsonl',
    );
    expect(posts.map((p) => [p.id, p.where.line])).toEqual([
      ['a.jsonl:1', 1],
      ['x9', 3],
    ]);
  });

  it('names the file, line and field of a malformed post', () => {
    const bad = (text: string) => {
      try {
        parsePostsJsonl(text, 'p.jsonl');
      } catch (e) {
        return e instanceof DataError ? e.message : `not a DataError: ${String(e)}`;
      }
      return 'accepted';
    };
    expect(bad('{"time":1765101600,"text":"ok"}\n{"time":1765101600')).toMatch(/^p\.jsonl, line 2: not a JSON object/);
    expect(bad('{"time":"tomorrow","text":"ok"}')).toMatch(/^p\.jsonl, line 1, column "time":/);
    expect(bad('{"time":1765101600,"text":""}')).toMatch(/column "text": "text" must be a non-empty string/);
    expect(bad('{"time":1765101600,"text":"a\\u0000b"}')).toMatch(/column "text": post contains a NUL/);
    expect(bad('{"time":1765101600,"text":"ok","id":{"a":1}}')).toMatch(/column "id"/);
    expect(bad('[1,2]')).toMatch(/line 1: not a JSON object/);
  });

  it('parses the feed and names a bad field', () => {
    expect(parseFeed('{"observedAt":1765101600,"marketPriceUsd":97250.5,"volumeUsd":1e9}', 'feed.json')).toEqual({
      observedAt: 1_765_101_600,
      marketPriceUsd: 97250.5,
      volumeUsd: 1e9,
      anomalyScore: null,
      source: 'feed.json',
    });
    expect(() => parseFeed('{"observedAt":1765101600,"marketPriceUsd":-1}', 'feed.json')).toThrow(
      /feed\.json, column "marketPriceUsd": "marketPriceUsd" must be a number in \(0, 1e10\]/,
    );
    expect(() => parseFeed('{"observedAt":1765101600,"anomalyScore":2}', 'feed.json')).toThrow(/"anomalyScore"/);
    expect(() => parseFeed('{"marketPriceUsd":1}', 'feed.json')).toThrow(/column "observedAt"/);
    expect(() => parseFeed('{"observedAt":1765101600}', 'feed.json')).toThrow(/has none of/);
    expect(() => parseFeed('<html>', 'feed.json')).toThrow(/feed\.json: not JSON/);
  });
});

describe('planReport', () => {
  it("summarises the period's posts with the model's labels and commits to them", () => {
    const posts = [
      post(T - 2 * H, 'old news: up'), // the period before: not in this signal
      post(T - 1800, 'to the moon'),
      post(T - 600, 'dump it'),
      post(T - 60, 'meh'),
      post(T + 30, 'next period: up'), // after the close
    ];
    const plan = planReport({ ...base, now: T + 60, posts, feed: null });
    expect(plan.observedAt).toBe(T);
    const s = plan.signal!;
    expect(s.round).toBe(1);
    expect(s.record.count).toBe(3);
    expect(s.sentimentBps).toBe(0); // +1, −1, 0
    const canonical = JSON.parse(s.record.canonical) as { observedAt: number; posts: { label: string }[] };
    expect(canonical.observedAt).toBe(T);
    expect(canonical.posts.map((p) => p.label)).toEqual(['bullish', 'bearish', 'neutral']);
    expect(s.record.contentHash).toBe(keccak256(stringToBytes(s.record.canonical)));
    expect(s.volume).toBe(0n);
    expect(plan.price).toBeNull();
    expect(plan.notes).toContain('no feed (REPORTER_FEED): no market price');
  });

  it('posts nothing from a stale source and says why', () => {
    const plan = planReport({ ...base, now: T + 60, posts: [post(T - 4 * H, 'up')], feed: null });
    expect(plan.signal).toBeNull();
    expect(plan.notes.join(' ')).toMatch(/posts are stale: the newest is from .* 4\.0 h before/);
    const empty = planReport({ ...base, now: T + 60, posts: [], feed: null });
    expect(empty.signal).toBeNull();
    expect(empty.notes.join(' ')).toMatch(/posts are stale: none published/);
  });

  it('a quiet but fresh period posts index 0 over no posts, with a non-zero hash', () => {
    const plan = planReport({ ...base, now: T + 60, posts: [post(T - 2 * H, 'up')], feed: null });
    expect(plan.signal?.record.count).toBe(0);
    expect(plan.signal?.sentimentBps).toBe(0);
    expect(plan.signal?.record.contentHash).toMatch(/^0x(?!0{64})[0-9a-f]{64}$/);
  });

  it('does not post a period twice', () => {
    const oracle = { ...none, latestRound: 7, lastObservedAt: T };
    const plan = planReport({ ...base, oracle, now: T + 900, posts: [post(T - 60, 'up')], feed: null });
    expect(plan.signal).toBeNull();
    expect(plan.notes.join(' ')).toMatch(/already on-chain/);
    const next = planReport({ ...base, oracle, now: T + H + 5, posts: [post(T + 60, 'up')], feed: null });
    expect(next.signal?.round).toBe(8);
    expect(next.signal?.sentimentBps).toBe(10_000);
  });

  it('refuses a post from the future: corrupt input, nothing posted', () => {
    expect(() => planReport({ ...base, now: T, posts: [post(T + 3600, 'up')], feed: null })).toThrow(
      /posts\.jsonl, line 1, column "time": post time .* is after the chain's time/,
    );
  });

  it("posts the feed's price at the feed's time, with its volume and anomaly on the signal", () => {
    const feed = {
      observedAt: T - 120,
      marketPriceUsd: 97_250.5,
      volumeUsd: 1_200_000.25,
      anomalyScore: 0.12,
      source: 'feed.json',
    };
    const plan = planReport({ ...base, now: T + 60, posts: [post(T - 60, 'up')], feed });
    expect(plan.price).toEqual({
      round: 1,
      observedAt: T - 120,
      priceUsd: 97_250.5,
      price: 97_250_500_000n * 10n ** 12n,
    });
    expect(plan.signal?.volume).toBe(1_200_000_250_000n * 10n ** 12n);
    expect(plan.signal?.anomalyBps).toBe(1200);
    const again = planReport({
      ...base,
      oracle: { ...none, latestPriceRound: 3, lastPriceObservedAt: T - 120 },
      now: T + 60,
      posts: null,
      feed,
    });
    expect(again.price).toBeNull();
    expect(again.notes.join(' ')).toMatch(/market price observed at .* is already on-chain/);
    const stale = planReport({
      ...base,
      now: T + 60,
      posts: [post(T - 60, 'up')],
      feed: { ...feed, observedAt: T - 5 * H },
    });
    expect(stale.price).toBeNull();
    expect(stale.signal?.volume).toBe(0n);
    expect(stale.signal?.anomalyBps).toBe(0);
    expect(stale.notes.join(' ')).toMatch(/feed is stale/);
  });

  it('converts USD to 18 decimals at micro-dollar precision', () => {
    expect(usdWei(1)).toBe(10n ** 18n);
    expect(usdWei(0.0000004)).toBeNull();
    expect(usdWei(Number.NaN)).toBeNull();
  });
});

describe('parseReporterConfig', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'reporter-config-'));
  const posts = path.join(dir, 'posts.jsonl');
  writeFileSync(posts, '');
  const key = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
  const deployments = path.join(dir, '84532.json');
  writeFileSync(deployments, '{}');
  const real = { RPC_URL: 'http://127.0.0.1:1', CHAIN_ID: '84532', DEPLOYMENTS_FILE: deployments };

  it('names the variable that is wrong', () => {
    expect(() => parseReporterConfig({ ...real, REPORTER_PRIVATE_KEY: key })).toThrow(/^REPORTER_POSTS: set it/);
    expect(() => parseReporterConfig({ ...real, REPORTER_POSTS: path.join(dir, 'nope') })).toThrow(
      /^REPORTER_POSTS: .*nope does not exist/,
    );
    expect(() => parseReporterConfig({ ...real, REPORTER_POSTS: posts })).toThrow(
      /^REPORTER_PRIVATE_KEY: required on chain 84532/,
    );
    expect(() => parseReporterConfig({ ...real, REPORTER_POSTS: posts, REPORTER_PRIVATE_KEY: '0x12' })).toThrow(
      /^REPORTER_PRIVATE_KEY: must be 0x followed by 64 hex digits/,
    );
    expect(() => parseReporterConfig({ ...real, REPORTER_FEED: 'ftp://x/y', REPORTER_PRIVATE_KEY: key })).toThrow(
      /^REPORTER_FEED:/,
    );
    expect(() =>
      parseReporterConfig({ ...real, REPORTER_POSTS: posts, REPORTER_PRIVATE_KEY: key, REPORTER_PERIOD_SECONDS: '5' }),
    ).toThrow(/^REPORTER_PERIOD_SECONDS: 5 is outside 60\.\.86400/);
    expect(() =>
      parseReporterConfig({
        ...real,
        REPORTER_POSTS: posts,
        REPORTER_PRIVATE_KEY: key,
        DEPLOYMENTS_FILE: '/nope.json',
      }),
    ).toThrow(/^DEPLOYMENTS_FILE: \/nope\.json does not exist: deploy first \(npm run deploy\)/);
  });

  it('accepts a URL feed and a posts file', () => {
    const c = parseReporterConfig({
      ...real,
      REPORTER_POSTS: posts,
      REPORTER_FEED: 'https://example.org/feed.json',
      REPORTER_PRIVATE_KEY: key,
    });
    expect(c.feed).toEqual({ kind: 'url', location: 'https://example.org/feed.json' });
    expect(c.periodSeconds).toBe(3600);
    expect(c.maxSourceAgeSeconds).toBe(3 * 3600);
    expect(c.keySource).toBe('env');
  });
});
