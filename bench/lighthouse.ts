/**
 * Lighthouse performance and accessibility scores of the production build, per route.
 *
 *   npm run bench:lighthouse                      # starts its own stack on private ports
 *   LIGHTHOUSE_URL=http://127.0.0.1:3000 npm run bench:lighthouse   # scores a running app
 *
 * Env: LIGHTHOUSE_RUNS (default 3 per route and preset; the median is reported),
 * LIGHTHOUSE_ROUTES (comma-separated, default "/,/proposals,/transparency"), LIGHTHOUSE_PRESETS
 * (default "mobile,desktop"), CHROMIUM_PATH. Where the main thread's time goes, by source file:
 * bench/profile-page.ts.
 * Both presets are scored: Lighthouse's default ("mobile": a mid-range phone, simulated slow 4G
 * and 4× CPU slowdown) and its desktop preset. Scores come from Lighthouse's own simulated
 * throttling, so they vary less with machine load than raw timings do, but they still vary:
 * read the median and the spread, not one run. Writes .homeostat/bench/lighthouse.json.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { type Flags } from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { median } from '../lib/ml/stats';
import { requireChromium } from '../scripts/lib/chromium';

const root = path.resolve(import.meta.dirname, '..');
const runs = Math.max(1, Number(process.env.LIGHTHOUSE_RUNS ?? 3) || 3);
const routes = (process.env.LIGHTHOUSE_ROUTES ?? '/,/proposals,/transparency').split(',').filter(Boolean);
const presets = (process.env.LIGHTHOUSE_PRESETS ?? 'mobile,desktop')
  .split(',')
  .filter((p): p is 'mobile' | 'desktop' => p === 'mobile' || p === 'desktop');
const ports = { anvil: 8760, app: 3260, indexer: 42260 };

type Sample = {
  performance: number;
  accessibility: number;
  fcpMs: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  speedIndexMs: number;
  /** Time to interactive (the end of the window TBT sums over). */
  ttiMs: number;
  /** The element Lighthouse took as the largest contentful paint. */
  lcpElement: string;
  /** The scripts that kept the main thread busiest (Lighthouse's bootup-time audit), ms. */
  topScripts: { url: string; totalMs: number; scriptingMs: number }[];
};

async function waitFor(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

/** The product's own start script, production mode, indexer only (a quiet, repeatable page). */
function startStack(): ChildProcess {
  const child = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/start.ts'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      APP_MODE: 'production',
      SERVICES: 'indexer',
      ANVIL_PORT: String(ports.anvil),
      APP_PORT: String(ports.app),
      INDEXER_PORT: String(ports.indexer),
      DEPLOYMENTS_FILE: 'deployments/lighthouse/31337.json',
      AGENT_DATA_DIR: '.homeostat/lighthouse/agent',
      AGENT_JUSTIFICATIONS_DIR: '.homeostat/lighthouse/justifications',
      NEXT_TELEMETRY_DISABLED: '1',
      PONDER_TELEMETRY_DISABLED: 'true',
    },
  });
  let out = '';
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.on('exit', (code) => {
    if (code) console.error(`[lighthouse] the stack exited with ${code}:\n${out}`);
  });
  return child;
}

function stopStack(child: ChildProcess) {
  if (child.exitCode !== null || !child.pid) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

async function score(url: string, port: number, preset: 'mobile' | 'desktop'): Promise<Sample> {
  const flags: Flags = { port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility'] };
  const result = await lighthouse(url, flags, preset === 'desktop' ? desktopConfig : undefined);
  if (!result) throw new Error(`lighthouse returned nothing for ${url}`);
  const { categories, audits, runtimeError } = result.lhr;
  if (runtimeError) throw new Error(`lighthouse: ${runtimeError.code} ${runtimeError.message} (${url})`);
  const num = (id: string) => Number(audits[id]?.numericValue ?? Number.NaN);
  return {
    performance: Math.round((categories.performance?.score ?? 0) * 100),
    accessibility: Math.round((categories.accessibility?.score ?? 0) * 100),
    fcpMs: num('first-contentful-paint'),
    lcpMs: num('largest-contentful-paint'),
    tbtMs: num('total-blocking-time'),
    cls: num('cumulative-layout-shift'),
    speedIndexMs: num('speed-index'),
    ttiMs: num('interactive'),
    lcpElement:
      (
        audits['largest-contentful-paint-element']?.details as
          | { items?: { items?: { node?: { snippet?: string } }[] }[] }
          | undefined
      )?.items?.[0]?.items?.[0]?.node?.snippet?.slice(0, 120) ?? '?',
    topScripts: (
      (audits['bootup-time']?.details as { items?: { url: string; total: number; scripting: number }[] } | undefined)
        ?.items ?? []
    )
      .slice(0, 5)
      .map((i) => ({
        url: i.url.replace(url, ''),
        totalMs: Math.round(i.total),
        scriptingMs: Math.round(i.scripting),
      })),
  };
}

async function main() {
  let stack: ChildProcess | undefined;
  const base = process.env.LIGHTHOUSE_URL ?? `http://127.0.0.1:${ports.app}`;
  if (!process.env.LIGHTHOUSE_URL) {
    console.log(`[lighthouse] starting a production stack on :${ports.app} (builds the app if it has no build)`);
    stack = startStack();
    const stop = () => {
      if (stack) stopStack(stack);
      process.exit(130);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  }
  let chrome: chromeLauncher.LaunchedChrome | undefined;
  try {
    await waitFor(`${base}/api/health`, 600_000);
    const load = () => `${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores`;
    console.log(`[lighthouse] ${base}, ${runs} run(s) per route and preset; machine load ${load()}`);
    chrome = await chromeLauncher.launch({
      chromePath: requireChromium(),
      chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu-sandbox', '--no-first-run'],
    });
    const rows: { route: string; preset: string; samples: Sample[] }[] = [];
    for (const route of routes) {
      for (const preset of presets) {
        await score(`${base}${route}`, chrome.port, preset); // warm-up: server caches, compiled routes
        const samples: Sample[] = [];
        for (let i = 0; i < runs; i++) samples.push(await score(`${base}${route}`, chrome.port, preset));
        rows.push({ route, preset, samples });
        const lcpElements = [...new Set(samples.map((s) => s.lcpElement))].join(' | ');
        const m = (k: Exclude<keyof Sample, 'topScripts' | 'lcpElement'>) => median(samples.map((s) => s[k]));
        console.log(
          `${route.padEnd(14)} ${preset.padEnd(8)} perf ${String(m('performance')).padStart(3)} ` +
            `(${Math.min(...samples.map((s) => s.performance))}–${Math.max(...samples.map((s) => s.performance))})  ` +
            `a11y ${String(m('accessibility')).padStart(3)}  FCP ${Math.round(m('fcpMs'))} ms  LCP ${Math.round(m('lcpMs'))} ms  ` +
            `TBT ${Math.round(m('tbtMs'))} ms  CLS ${m('cls').toFixed(3)}  SI ${Math.round(m('speedIndexMs'))} ms  ` +
            `TTI ${Math.round(m('ttiMs'))} ms`,
        );
        console.log(`${''.padEnd(24)}LCP element: ${lcpElements}`);
      }
    }
    const numeric = [
      'performance',
      'accessibility',
      'fcpMs',
      'lcpMs',
      'tbtMs',
      'cls',
      'speedIndexMs',
      'ttiMs',
    ] as const;
    const summary = rows.map(({ route, preset, samples }) => ({
      route,
      preset,
      runs: samples.length,
      median: Object.fromEntries(numeric.map((k) => [k, median(samples.map((s) => s[k]))])) as Record<
        (typeof numeric)[number],
        number
      >,
      samples,
    }));
    const out = path.join(root, '.homeostat/bench/lighthouse.json');
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(
      out,
      `${JSON.stringify({ at: new Date().toISOString(), base, runs, machineLoad: load(), summary }, null, 2)}\n`,
    );
    console.log(`[lighthouse] wrote ${path.relative(root, out)} (machine load now ${load()})`);
    const misses = summary.filter(
      (r) => r.preset === 'mobile' && ((r.median.performance ?? 0) < 90 || (r.median.accessibility ?? 0) < 95),
    );
    if (misses.length)
      console.log(`[lighthouse] below target (perf ≥ 90, a11y ≥ 95, mobile): ${misses.map((r) => r.route).join(', ')}`);
  } finally {
    await chrome?.kill();
    if (stack) stopStack(stack);
  }
}

main().catch((e) => {
  console.error(`[lighthouse] ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
