/**
 * The production server (scripts/app-server.ts, what `npm start` runs): the polled data routes
 * come from its fast path, everything else from Next.js, and both answer alike: the same
 * security headers, JSON never cached, gzip when asked, the same errors.
 */
import { gunzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { e2eStack } from './stack';

const base = e2eStack.appUrl;
const security = ['x-content-type-options', 'referrer-policy', 'x-frame-options', 'permissions-policy'];

async function get(path: string, init: RequestInit = {}) {
  const res = await fetch(`${base}${path}`, init);
  // fetch decodes gzip itself: `raw` is the JSON text (the gzip test reads the wire with node:http).
  return { res, raw: Buffer.from(await res.arrayBuffer()) };
}

test('polled routes answer with the security headers, no-store JSON, and the Next.js routes do too', async () => {
  for (const path of [
    '/api/dashboard?range=7d',
    '/api/chain/head',
    '/api/token',
    '/api/proposals',
    '/api/treasury',
    '/api/governance/proposals',
    '/api/health',
  ]) {
    const { res, raw } = await get(path);
    expect(res.status, path).toBe(200);
    for (const h of security) expect(res.headers.get(h), `${path} ${h}`).toBeTruthy();
    expect(res.headers.get('content-type'), path).toContain('application/json');
    expect(() => JSON.parse(raw.toString('utf8')), path).not.toThrow();
  }
  const head = await get('/api/chain/head');
  expect(head.res.headers.get('cache-control')).toBe('no-store');
  expect(JSON.parse(head.raw.toString()).number.$bigint).toMatch(/^\d+$/);
});

test('a large polled answer is gzipped for clients that accept it, and identical to the plain one', async () => {
  const http = await import('node:http');
  const fetchRaw = (encoding: string | undefined) =>
    new Promise<{ headers: import('node:http').IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      http
        .get(
          `${base}/api/forecast/history?source=chain&fallback=demo`,
          { headers: encoding ? { 'accept-encoding': encoding } : {} },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
          },
        )
        .on('error', reject);
    });
  const zipped = await fetchRaw('gzip, deflate, br');
  const plain = await fetchRaw(undefined);
  expect(zipped.headers['content-encoding']).toBe('gzip');
  expect(plain.headers['content-encoding']).toBeUndefined();
  expect(Number(zipped.headers['content-length'])).toBe(zipped.body.length);
  expect(zipped.body.length).toBeLessThan(plain.body.length / 2);
  expect(JSON.parse(gunzipSync(zipped.body).toString()).close.length).toBeGreaterThan(0);
  expect(JSON.parse(plain.body.toString()).close.length).toBe(
    JSON.parse(gunzipSync(zipped.body).toString()).close.length,
  );
});

test('bad query parameters get a 400 naming the parameter, from the fast path as from Next', async () => {
  const bad = await get('/api/dashboard?range=1y');
  expect(bad.res.status).toBe(400);
  expect(JSON.parse(bad.raw.toString()).error).toBe('range: must be one of 24h, 7d, 30d, all');
  const badSource = await get('/api/forecast/history?source=moon');
  expect(badSource.res.status).toBe(400);
  expect(JSON.parse(badSource.raw.toString()).error).toContain('source');
  const badTreasury = await get('/api/treasury?range=1y');
  expect(badTreasury.res.status).toBe(400);
  expect(JSON.parse(badTreasury.raw.toString()).error).toContain('range: must be one of');
});

test('HEAD on a polled route sends the headers without a body; other methods go to Next', async () => {
  const head = await fetch(`${base}/api/chain/head`, { method: 'HEAD' });
  expect(head.status).toBe(200);
  expect(Number(head.headers.get('content-length'))).toBeGreaterThan(0);
  expect((await head.arrayBuffer()).byteLength).toBe(0);
  const post = await fetch(`${base}/api/chain/head`, { method: 'POST' });
  expect(post.status).toBe(405);
});
