/**
 * Where the main thread's time goes while a page loads and settles: a Chrome CPU profile of the
 * production build, attributed to original sources through the build's source maps, beside the
 * long tasks (and the blocking time they add, as Lighthouse's TBT counts it).
 *
 *   PROFILE_URL=http://127.0.0.1:3000 npm run bench:profile
 *
 * Env: PROFILE_URL (a running production app; build it with NEXT_BROWSER_SOURCEMAPS=1 to get
 * file-level attribution, otherwise the chunks are named), PROFILE_ROUTES (default
 * "/,/proposals,/transparency"), PROFILE_RUNS (default 3; medians are printed),
 * PROFILE_CPU_SLOWDOWN (default 4, Lighthouse's mobile factor), PROFILE_SECONDS (how long to keep
 * profiling after the load event, default 8: polling and deferred islands land there),
 * PROFILE_TOP (rows per table, default 15), PROFILE_BLOCK (comma-separated URL parts whose requests
 * fail, e.g. "/api/forecast/,/models/": the page's cost without that part), CHROMIUM_PATH.
 * Timings are CPU time under the slowdown on this machine: compare runs taken under the same load.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { type CDPSession, chromium } from '@playwright/test';
import { median } from '../lib/ml/stats';
import { requireChromium } from '../scripts/lib/chromium';

const base = process.env.PROFILE_URL ?? 'http://127.0.0.1:3000';
const routes = (process.env.PROFILE_ROUTES ?? '/,/proposals,/transparency').split(',').filter(Boolean);
const runs = Math.max(1, Number(process.env.PROFILE_RUNS ?? 3) || 3);
const slowdown = Math.max(1, Number(process.env.PROFILE_CPU_SLOWDOWN ?? 4) || 4);
const settleMs = Math.max(0, Number(process.env.PROFILE_SECONDS ?? 8) || 0) * 1000;
const top = Math.max(1, Number(process.env.PROFILE_TOP ?? 15) || 15);
/** Requests whose URL contains one of these are failed: what a page costs without one of its parts. */
const block = (process.env.PROFILE_BLOCK ?? '').split(',').filter(Boolean);

type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type Profile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };

// ---------------------------------------------------------------------------------------------
// Source maps (plain and sectioned, as Turbopack writes them): generated position → source, name.

type Segment = [genCol: number, source: number, line: number, col: number, name: number];
type DecodedMap = { sources: string[]; names: string[]; lines: Segment[][] };
type SectionedMap = { sections: { line: number; column: number; map: DecodedMap }[] };

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const b64 = new Map([...B64].map((c, i) => [c, i]));

function decodeMappings(mappings: string): Segment[][] {
  const lines: Segment[][] = [];
  let source = 0;
  let line = 0;
  let col = 0;
  let name = 0;
  for (const text of mappings.split(';')) {
    const segments: Segment[] = [];
    let genCol = 0;
    for (const seg of text.split(',')) {
      if (!seg) continue;
      const values: number[] = [];
      let value = 0;
      let shift = 0;
      for (const ch of seg) {
        const digit = b64.get(ch);
        if (digit === undefined) throw new Error(`source map: bad base64 character "${ch}" in mappings`);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      genCol += values[0] ?? 0;
      if (values.length >= 4) {
        source += values[1] ?? 0;
        line += values[2] ?? 0;
        col += values[3] ?? 0;
        if (values.length >= 5) name += values[4] ?? 0;
        segments.push([genCol, source, line, col, values.length >= 5 ? name : -1]);
      }
    }
    lines.push(segments);
  }
  return lines;
}

type RawMap = {
  sources?: string[];
  names?: string[];
  mappings?: string;
  sections?: { offset: { line: number; column: number }; map: RawMap }[];
};

function decodeMap(raw: RawMap): DecodedMap | SectionedMap {
  if (raw.sections) {
    return {
      sections: raw.sections.map((s) => ({
        line: s.offset.line,
        column: s.offset.column,
        map: decodeMap(s.map) as DecodedMap,
      })),
    };
  }
  return { sources: raw.sources ?? [], names: raw.names ?? [], lines: decodeMappings(raw.mappings ?? '') };
}

/** The original source and name of a generated 0-based line and column, if the map covers it. */
function lookup(
  map: DecodedMap | SectionedMap,
  line: number,
  column: number,
): { source: string; line: number; name?: string } | null {
  if ('sections' in map) {
    let chosen: SectionedMap['sections'][number] | undefined;
    for (const s of map.sections) {
      if (s.line < line || (s.line === line && s.column <= column)) chosen = s;
      else break;
    }
    if (!chosen) return null;
    return lookup(chosen.map, line - chosen.line, line === chosen.line ? column - chosen.column : column);
  }
  const segments = map.lines[line] ?? [];
  let lo = 0;
  let hi = segments.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((segments[mid] as Segment)[0] <= column) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  let seg = segments[found];
  // Before the line's first mapping: the code continues the last mapping of an earlier line.
  for (let l = line - 1; !seg && l >= 0; l--) seg = map.lines[l]?.at(-1);
  if (!seg) return null;
  const source = map.sources[seg[1]];
  if (source === undefined) return null;
  return { source, line: seg[2] + 1, name: seg[4] >= 0 ? map.names[seg[4]] : undefined };
}

const maps = new Map<string, Promise<DecodedMap | SectionedMap | null>>();
function mapFor(url: string) {
  let m = maps.get(url);
  if (!m) {
    m = (async () => {
      if (!url.startsWith(base) || !url.endsWith('.js')) return null;
      try {
        // The map's name is in the script's last line (Turbopack hashes it separately).
        const js = await (await fetch(url)).text();
        const name = js.match(/\/\/# sourceMappingURL=(\S+)\s*$/)?.[1];
        if (!name || name.startsWith('data:')) return null;
        const res = await fetch(new URL(name, url));
        return res.ok ? decodeMap((await res.json()) as RawMap) : null;
      } catch {
        return null;
      }
    })();
    maps.set(url, m);
  }
  return m;
}

/** "node_modules/recharts" / "components/dashboard/dashboard.tsx" from a bundler's source path. */
function origin(source: string): string {
  const clean = decodeURIComponent(source)
    .replace(/^(turbopack|webpack):\/\/(\/\[project\])?\/?/, '')
    .replace(/^\[project\]\//, '')
    .replace(/^\.\//, '');
  const nm = clean.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = clean.slice(nm + 'node_modules/'.length).split('/');
    const pkg = rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
    return `node_modules/${pkg}`;
  }
  return clean;
}

// ---------------------------------------------------------------------------------------------

type Sample = {
  /** ms of CPU per category ("(program)", "(garbage collector)", a source or chunk). */
  bySource: Map<string, number>;
  byFunction: Map<string, number>;
  busy: Busy[];
  longTasks: number[];
  blockingMs: number;
  totalMs: number;
  fcpMs: number;
  lcpMs: number;
  lcpElement: string;
};

/** Busy stretches of the main thread (samples between idle ones), with what filled them. */
type Busy = { ms: number; top: { k: string; ms: number }[] };

async function attribute(profile: Profile) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const where = new Map<number, { source: string; fn: string | null }>();
  for (const id of new Set(profile.samples)) {
    const f = (nodes.get(id) as ProfileNode).callFrame;
    if (!f.url) {
      where.set(id, { source: f.functionName ? `(native) ${f.functionName}` : '(native)', fn: null });
      continue;
    }
    const map = await mapFor(f.url);
    const hit = map ? lookup(map, f.lineNumber, f.columnNumber) : null;
    const source = hit ? origin(hit.source) : f.url.replace(base, '');
    let at = hit && !source.startsWith('node_modules/') ? `${source}:${hit.line}` : source;
    if (process.env.PROFILE_DEBUG) at += ` [${f.url.replace(base, '')}:${f.lineNumber}:${f.columnNumber}]`;
    where.set(id, { source, fn: `${hit?.name ?? (f.functionName || '(anonymous)')} · ${at}` });
  }
  const bySource = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  const busy: Busy[] = [];
  let current: Map<string, number> | null = null;
  let currentMs = 0;
  const close = () => {
    if (current && currentMs > 0) {
      const top = [...current].map(([k, ms]) => ({ k, ms })).sort((a, b) => b.ms - a.ms);
      busy.push({ ms: currentMs, top: top.slice(0, 5) });
    }
    current = null;
    currentMs = 0;
  };
  profile.samples.forEach((id, i) => {
    // A sample's delta is the time since the previous one: it belongs to the next sample's frame.
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const w = where.get(id) as { source: string; fn: string | null };
    if (w.source === '(native) (idle)') {
      close();
      return;
    }
    add(bySource, w.source, ms);
    if (w.fn) add(byFunction, w.fn, ms);
    current ??= new Map();
    add(current, w.source, ms);
    currentMs += ms;
  });
  close();
  busy.sort((a, b) => b.ms - a.ms);
  return { bySource, byFunction, busy: busy.slice(0, 5) };
}

async function profileOnce(route: string): Promise<Sample> {
  const browser = await chromium.launch({
    executablePath: requireChromium(),
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    // Lighthouse's mobile screen (Moto G Power).
    const context = await browser.newContext({
      viewport: { width: 412, height: 823 },
      deviceScaleFactor: 1.75,
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    if (block.length) {
      await page.route(
        (url) => block.some((b) => url.href.includes(b)),
        (r) => r.abort(),
      );
    }
    await page.addInitScript(() => {
      const w = window as unknown as { __longTasks: number[]; __lcp: number; __lcpElement: string };
      w.__longTasks = [];
      w.__lcpElement = '';
      w.__lcp = 0;
      new PerformanceObserver((l) => {
        for (const e of l.getEntries()) w.__longTasks.push(e.duration);
      }).observe({ type: 'longtask', buffered: true });
      new PerformanceObserver((l) => {
        for (const e of l.getEntries() as (PerformanceEntry & { element?: Element | null })[]) {
          w.__lcp = e.startTime;
          const el = e.element;
          const id = el?.closest('[data-testid],[id]');
          w.__lcpElement = el
            ? `<${el.tagName.toLowerCase()}> in ${id?.getAttribute('data-testid') ?? id?.id ?? '?'}: "${(el.textContent ?? '').slice(0, 50)}"`
            : '?';
        }
      }).observe({ type: 'largest-contentful-paint', buffered: true });
    });
    const cdp: CDPSession = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: slowdown });
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    await page.goto(`${base}${route}`, { waitUntil: 'load' });
    await page.waitForTimeout(settleMs);
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
    const seen = await page.evaluate(() => {
      const w = window as unknown as { __longTasks: number[]; __lcp: number; __lcpElement: string };
      return {
        longTasks: w.__longTasks,
        lcp: w.__lcp,
        lcpElement: w.__lcpElement,
        fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
      };
    });
    const { bySource, byFunction, busy } = await attribute(profile);
    const totalMs = [...bySource.values()].reduce((a, b) => a + b, 0);
    return {
      bySource,
      byFunction,
      busy,
      longTasks: seen.longTasks,
      blockingMs: seen.longTasks.reduce((a, d) => a + Math.max(0, d - 50), 0),
      totalMs,
      fcpMs: seen.fcp,
      lcpMs: seen.lcp,
      lcpElement: seen.lcpElement,
    };
  } finally {
    await browser.close();
  }
}

function medianTable(samples: Map<string, number>[]) {
  const keys = new Set(samples.flatMap((s) => [...s.keys()]));
  return [...keys].map((k) => ({ k, ms: median(samples.map((s) => s.get(k) ?? 0)) })).sort((a, b) => b.ms - a.ms);
}

async function main() {
  if ((await fetch(`${base}/api/health`).catch(() => null))?.ok !== true) {
    throw new Error(`${base}/api/health does not answer: start the app (production build) and set PROFILE_URL`);
  }
  const load = loadavg()[0]?.toFixed(1);
  console.log(
    `[profile] ${base}, ${runs} run(s) per route, CPU slowdown ${slowdown}×, ${settleMs / 1000} s after load; ` +
      `machine load ${load} on ${cpus().length} cores${block.length ? `; blocked: ${block.join(', ')}` : ''}`,
  );
  const report: Record<string, unknown> = {};
  for (const route of routes) {
    await profileOnce(route); // warm-up: server caches, compiled routes
    const samples: Sample[] = [];
    for (let i = 0; i < runs; i++) samples.push(await profileOnce(route));
    const m = (f: (s: Sample) => number) => Math.round(median(samples.map(f)));
    console.log(
      `\n${route}: CPU ${m((s) => s.totalMs)} ms · long tasks ${m((s) => s.longTasks.length)} ` +
        `(longest ${m((s) => Math.max(0, ...s.longTasks))} ms) · blocking ${m((s) => s.blockingMs)} ms · ` +
        `FCP ${m((s) => s.fcpMs)} ms · LCP ${m((s) => s.lcpMs)} ms`,
    );
    console.log(`  LCP element: ${[...new Set(samples.map((s) => s.lcpElement))].join(' | ')}`);
    const sources = medianTable(samples.map((s) => s.bySource));
    const functions = medianTable(samples.map((s) => s.byFunction));
    console.log('  self time by source (median ms)');
    for (const r of sources.slice(0, top)) console.log(`  ${r.ms.toFixed(0).padStart(7)}  ${r.k}`);
    console.log('  self time by function (median ms)');
    for (const r of functions.slice(0, top)) console.log(`  ${r.ms.toFixed(0).padStart(7)}  ${r.k}`);
    const longest = samples.map((s) => s.busy).sort((a, b) => (b[0]?.ms ?? 0) - (a[0]?.ms ?? 0))[0] ?? [];
    console.log('  longest busy stretches of the worst run (ms: top sources)');
    for (const b of longest) {
      console.log(`  ${b.ms.toFixed(0).padStart(7)}: ${b.top.map((t) => `${t.k} ${t.ms.toFixed(0)}`).join(', ')}`);
    }
    report[route] = {
      totalMs: m((s) => s.totalMs),
      blockingMs: m((s) => s.blockingMs),
      longTasks: samples.map((s) => s.longTasks.map(Math.round)),
      fcpMs: m((s) => s.fcpMs),
      lcpMs: m((s) => s.lcpMs),
      busy: samples.map((s) => s.busy),
      bySource: sources.slice(0, 40),
      byFunction: functions.slice(0, 60),
    };
  }
  const out = path.resolve(import.meta.dirname, '../.homeostat/bench/profile.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), base, slowdown, load, report }, null, 2)}\n`);
  console.log(`\n[profile] wrote ${path.relative(process.cwd(), out)}`);
}

main().catch((e) => {
  console.error(`[profile] ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
