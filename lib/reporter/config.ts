/**
 * The reporter's configuration (scripts/reporter.ts), validated before it reads or sends anything;
 * a bad value is a ConfigError naming the variable.
 *
 * | variable | default | meaning |
 * | --- | --- | --- |
 * | RPC_URL, CHAIN_ID, DEPLOYMENTS_FILE | see lib/env.ts | the chain and the SignalOracle's address |
 * | REPORTER_PRIVATE_KEY, or REPORTER_KEYSTORE with REPORTER_KEYSTORE_PASSWORD(_FILE) | – | the oracle's reporter key (the deploy's `REPORTER`); never logged |
 * | REPORTER_POSTS | – | a `.jsonl` posts file, or a directory of them (lib/reporter/sources.ts) |
 * | REPORTER_FEED | – | an http(s) URL or a file with the market's newest price, volume, anomaly score |
 * | REPORTER_PERIOD_SECONDS | 3600 | one signal per period, observed at its close (60–86400) |
 * | REPORTER_MAX_SOURCE_AGE_HOURS | 3 | older sources are stale: nothing is posted from them |
 * | REPORTER_POSTS_LOG | .homeostat/posts/<CHAIN_ID>.jsonl | each posted signal's posts, one JSON line each (the dashboard counts them; anyone recomputes the hash from a line) |
 *
 * At least one of REPORTER_POSTS and REPORTER_FEED must be set.
 */
import { existsSync } from 'node:fs';
import type { Hex } from 'viem';
import type { LocalAccount } from 'viem/accounts';
import { resolveSigner } from '../chain/signer';
import { type Env, integer, nonEmpty, number, parseEnv } from '../env';
import { ConfigError } from '../errors';

export type ReporterConfig = {
  env: Env;
  account: LocalAccount;
  keySource: 'env' | 'keystore' | 'anvil-default';
  posts: string | undefined;
  feed: { kind: 'url' | 'file'; location: string } | undefined;
  periodSeconds: number;
  maxSourceAgeSeconds: number;
  postsLog: string;
};

type Source = Record<string, string | undefined>;

export function parseReporterConfig(source: Source = process.env, anvilDefaultKey?: () => Hex): ReporterConfig {
  const env = parseEnv(source);
  const posts = nonEmpty(source, 'REPORTER_POSTS');
  if (posts !== undefined && !existsSync(posts)) {
    throw new ConfigError('REPORTER_POSTS', `${posts} does not exist (a .jsonl file or a directory of them)`);
  }
  const feedRaw = nonEmpty(source, 'REPORTER_FEED');
  let feed: ReporterConfig['feed'];
  if (feedRaw !== undefined) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(feedRaw)) {
      let protocol = '';
      try {
        protocol = new URL(feedRaw).protocol;
      } catch {}
      if (protocol !== 'http:' && protocol !== 'https:') {
        throw new ConfigError('REPORTER_FEED', `"${feedRaw}" is neither an http(s) URL nor a file`);
      }
      feed = { kind: 'url', location: feedRaw };
    } else {
      if (!existsSync(feedRaw)) throw new ConfigError('REPORTER_FEED', `file ${feedRaw} does not exist`);
      feed = { kind: 'file', location: feedRaw };
    }
  }
  if (posts === undefined && feed === undefined) {
    throw new ConfigError(
      'REPORTER_POSTS',
      'set it (posts for the sentiment signal) and/or REPORTER_FEED (market price, volume): the reporter has nothing to report',
    );
  }
  const { account, keySource } = resolveSigner(source, env, 'REPORTER', anvilDefaultKey);
  if (!existsSync(env.deploymentsFile)) {
    throw new ConfigError(
      'DEPLOYMENTS_FILE',
      `${env.deploymentsFile} does not exist: deploy first (npm run deploy), or point DEPLOYMENTS_FILE at its file`,
    );
  }
  return {
    env,
    account,
    keySource,
    posts,
    feed,
    periodSeconds: integer(source, 'REPORTER_PERIOD_SECONDS', 3600, 60, 86_400),
    maxSourceAgeSeconds: Math.round(number(source, 'REPORTER_MAX_SOURCE_AGE_HOURS', 3, 0.1, 720) * 3600),
    postsLog: nonEmpty(source, 'REPORTER_POSTS_LOG') ?? `.homeostat/posts/${env.chainId}.jsonl`,
  };
}
