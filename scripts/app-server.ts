/**
 * The app's production server (`npm start`; `APP_MODE=production`): Next.js's own request
 * handler for everything, except the data routes every open dashboard polls
 * (lib/server/poll-routes.ts), which it answers directly from the shared per-state cache.
 *
 * Why: each polled answer is already computed once per chain/indexer state, so what remains per
 * request is Next's routing, proxy matching and Request/Response plumbing: about 1 ms of CPU on
 * this 2-core machine, which caps one server near 1,000 requests/s and puts the p99 of 200
 * concurrent clients far above 200 ms (`npm run load`). Here a polled answer costs a map lookup
 * and a write; the body is the same function's, so Next's route handlers (`npm run dev`) and
 * this path cannot drift apart. `APP_FAST_ROUTES=0` turns the fast path off (to compare).
 *
 *   tsx scripts/app-server.ts --port 3000 --hostname 127.0.0.1
 *
 * The dist folder is NEXT_DIST_DIR (default .next), as for `next start`; SIGTERM closes it.
 * APP_CPU_PROFILE=<file>.cpuprofile records a CPU profile of the server until it stops, or for
 * APP_CPU_PROFILE_SECONDS (open it in Chrome DevTools or speedscope): how the soak's p99 is taken apart.
 * APP_FETCH_STATS=<seconds> logs its outgoing fetches by target every that many seconds.
 */
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { Session } from 'node:inspector/promises';
import { gzipSync } from 'node:zlib';
import next from 'next';
import { JSON_HEADERS } from '../lib/server/api';
import { pollRouteFor } from '../lib/server/poll-routes';
import { SECURITY_HEADERS } from '../lib/server/security-headers';
import { root } from './lib/proc';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const rawPort = arg('port', process.env.APP_PORT ?? '3000');
const port = Number(rawPort);
const hostname = arg('hostname', '127.0.0.1');
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`app-server: port "${rawPort}" (--port or APP_PORT) is not a TCP port (1-65535)`);
  process.exit(2);
}
const fast = process.env.APP_FAST_ROUTES !== '0';

const headers: Record<string, string> = { ...JSON_HEADERS, vary: 'Accept-Encoding' };
for (const h of SECURITY_HEADERS) headers[h.key] = h.value;

/**
 * Gzipped bodies, keyed by the body string itself: the cache hands every client the same string
 * object per state, so each state is compressed once, not once per request.
 */
const gzipped = new Map<string, Buffer>();
function gzipOf(body: string): Buffer {
  let z = gzipped.get(body);
  if (!z) {
    z = gzipSync(body, { level: 6 });
    gzipped.set(body, z);
    while (gzipped.size > 32) gzipped.delete(gzipped.keys().next().value as string);
  }
  return z;
}

const acceptsGzip = (req: http.IncomingMessage) => /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));

async function main() {
  if (process.env.APP_FETCH_STATS) countFetches(Number(process.env.APP_FETCH_STATS) || 60);
  const profile = await startProfile(process.env.APP_CPU_PROFILE);
  const profileSeconds = Number(process.env.APP_CPU_PROFILE_SECONDS ?? 0);
  if (profile && profileSeconds > 0) setTimeout(() => void profile(), profileSeconds * 1000).unref();
  const app = next({ dev: false, dir: root, hostname, port });
  await app.prepare();
  const handle = app.getRequestHandler();

  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const route =
      fast && (req.method === 'GET' || req.method === 'HEAD') ? pollRouteFor(q < 0 ? url : url.slice(0, q)) : undefined;
    if (!route) {
      void handle(req, res);
      return;
    }
    // Inside a promise, so even a synchronous throw becomes a 500, never an uncaught exception.
    Promise.resolve(url)
      .then((u) => route(new URL(u, 'http://localhost')))
      .then(
        ({ status, body }) => {
          // Small bodies are not worth compressing (the chain head is ~50 bytes).
          const zip = body.length > 1024 && acceptsGzip(req);
          const bytes = zip ? gzipOf(body) : body;
          res.writeHead(status, {
            ...headers,
            ...(zip ? { 'content-encoding': 'gzip' } : {}),
            'content-length': String(Buffer.byteLength(bytes)),
          });
          res.end(req.method === 'HEAD' ? undefined : bytes);
        },
        (e: unknown) => {
          // Poll routes turn their own failures into answers: reaching here is a bug, logged and
          // answered with a 500, never a crash of the server.
          console.error(`app-server: ${url}: ${(e as Error)?.message ?? e}`);
          if (!res.headersSent) res.writeHead(500, headers);
          res.end('{"error":"internal error"}');
        },
      );
  });
  server.on('error', (e: NodeJS.ErrnoException) => {
    console.error(
      e.code === 'EADDRINUSE'
        ? `app-server: port ${port} on ${hostname} is taken by another process (set APP_PORT)`
        : `app-server: ${e.message}`,
    );
    process.exit(1);
  });
  server.keepAliveTimeout = 65_000;
  server.listen(port, hostname, () => {
    console.log(
      `app-server: http://${hostname}:${port} (Next.js production${fast ? ' + polled-route fast path' : ''})`,
    );
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await profile?.().catch((e: unknown) => console.error(`app-server: CPU profile: ${(e as Error).message}`));
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

/**
 * APP_FETCH_STATS=<seconds>: counts the server's outgoing fetches (RPC node by JSON-RPC method,
 * indexer by path) and logs the counts every that many seconds: where its CPU goes.
 */
function countFetches(everySeconds: number) {
  const counts = new Map<string, number>();
  const original = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    let key = `${url.host}${url.pathname}`;
    if (typeof init?.body === 'string' && init.body.startsWith('[')) key += ' batch';
    else if (typeof init?.body === 'string') key += ` ${/"method":"([^"]+)"/.exec(init.body)?.[1] ?? ''}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    return original(input, init);
  };
  setInterval(() => {
    const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 12);
    console.log(`app-server: fetches in ${everySeconds} s: ${top.map(([k, n]) => `${k} ${n}`).join(' · ')}`);
    counts.clear();
  }, everySeconds * 1000).unref();
}

/** Starts the V8 profiler when `file` is set; the returned function writes the profile there. */
async function startProfile(file: string | undefined): Promise<(() => Promise<void>) | undefined> {
  if (!file) return undefined;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  let written = false;
  return async () => {
    if (written) return;
    written = true;
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    console.log(`app-server: CPU profile in ${file}`);
  };
}

main().catch((e: unknown) => {
  console.error(`app-server: ${(e as Error)?.message ?? e}`);
  process.exit(1);
});
