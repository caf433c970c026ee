/**
 * How long a holder waits on a proposal's page: fresh browser contexts (cold HTTP cache) open
 * /proposals/[id] of a running production app in headless Chromium and, per run, record
 * - paint: first contentful paint (ms after navigation start);
 * - facts: when the proposal's facts are on screen (state badge, the changes table and the
 *   tally: what the page shows from /api/governance/proposals/[id]), and `paint→facts`;
 * - justification: when the justification's hash check is shown;
 * - verify: "Verify forecast in this browser" clicked once the page is settled, until its verdict
 *   (match or mismatch) or its error is shown: a cold verify (model download, worker start,
 *   /api/forecast/window, inference), then a warm one (same page, second click);
 * and the duration of every /api/ request the page made (browser-side: request start to response
 * end, so the server's time plus the connection's). Medians and p99 are printed (with under 100
 * runs p99 is the largest value or next to it); JSON with --json.
 *
 *   BENCH_URL=http://127.0.0.1:3100 npx tsx bench/proposal-page.ts
 *
 * Env: BENCH_URL (a running production app: `APP_MODE=production npm start`, or the e2e stack
 * after the agent-loop spec), BENCH_PROPOSAL (the id; default: the newest proposal whose page
 * offers Verify, i.e. an agent decision with a committed volatility forecast), BENCH_RUNS
 * (default 15), CHROMIUM_PATH. On this 2-core machine shared with other work, compare runs
 * taken under the same load (the load average is printed).
 */
import { loadavg } from 'node:os';
import { type Browser, chromium, type Page } from '@playwright/test';
import { median, quantile } from '../lib/ml/stats';
import { requireChromium } from '../scripts/lib/chromium';

const base = (process.env.BENCH_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 15) || 15);
const json = process.argv.includes('--json');

type Marks = { paint: number; facts: number; justification: number };
type Row = Marks & { paintToFacts: number; verifyCold: number; verifyWarm: number; verdict: string };

/** The proposal's facts: state badge, the changes table and the tally. */
const FACTS = ['[data-testid="proposal-state"]', '[data-testid="change-row"]', '[data-testid="votes-for"]'];

async function api(path: string): Promise<unknown> {
  const res = await fetch(`${base}${path}`);
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} (${(await res.text()).slice(0, 200)})`);
  return res.json();
}

/** Newest first: proposal ids that carry decision metadata (agent decisions). */
async function candidateIds(): Promise<string[]> {
  const body = (await api('/api/governance/proposals')) as {
    proposals: { id: { $bigint: string } | string | number; decision: unknown; blockNumber?: unknown }[];
  };
  const id = (v: { $bigint: string } | string | number) => (typeof v === 'object' ? v.$bigint : String(v));
  return body.proposals
    .filter((p) => p.decision)
    .map((p) => id(p.id))
    .reverse();
}

/** The proposal to open, and whether its page offers Verify (an agent decision with a committed forecast). */
async function pickProposal(browser: Browser): Promise<{ id: string; verify: boolean }> {
  if (process.env.BENCH_PROPOSAL) return { id: process.env.BENCH_PROPOSAL, verify: true };
  const ids = await candidateIds();
  if (ids.length === 0) throw new Error('no proposal with decision metadata on this chain (set BENCH_PROPOSAL)');
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    for (const id of ids.slice(0, 8)) {
      await page.goto(`${base}/proposals/${id}`);
      await page.getByTestId('justification-check').waitFor({ timeout: 30_000 });
      if (await page.getByTestId('verify-forecast').count()) return { id, verify: true };
    }
  } finally {
    await context.close();
  }
  console.error(`no proposal among the newest ${Math.min(8, ids.length)} offers Verify: timing the page only`);
  return { id: ids[0] as string, verify: false };
}

async function timeVerify(page: Page): Promise<{ ms: number; verdict: string }> {
  const button = page.getByRole('button', { name: 'Verify forecast in this browser' });
  await button.waitFor({ timeout: 30_000 });
  const t0 = Date.now();
  await button.click();
  const result = page.getByTestId('verify-result');
  const error = page.getByRole('alert').filter({ hasText: 'Could not verify' });
  await result.or(error).first().waitFor({ timeout: 180_000 });
  const ms = Date.now() - t0;
  const verdict = (await result.count())
    ? `match=${await result.getAttribute('data-match')}`
    : `error: ${(await error.textContent())?.slice(0, 120)}`;
  // Back to idle before the next click (the button says "Verifying…" while it runs).
  await button.waitFor({ timeout: 30_000 });
  return { ms, verdict };
}

const routeOf = (url: string) =>
  new URL(url).pathname.replace(/\/\d{6,}/g, '/:id').replace(/\/0x[0-9a-fA-F]{8,}/g, '/:hash');

const browser = await chromium.launch({
  executablePath: requireChromium(),
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
const rows: Row[] = [];
const apiMs = new Map<string, number[]>();
const started = loadavg()[0] ?? 0;
let proposal = '';
try {
  const picked = await pickProposal(browser);
  proposal = picked.id;
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('requestfinished', (req) => {
      if (!req.url().includes('/api/')) return;
      const t = req.timing();
      if (!(t.responseEnd > 0)) return;
      const route = routeOf(req.url());
      if (!apiMs.has(route)) apiMs.set(route, []);
      apiMs.get(route)!.push(t.responseEnd);
    });
    await page.goto(`${base}/proposals/${proposal}`, { waitUntil: 'commit' });
    // Polled in the page on every animation frame: the time (navigation-relative) each part is first there.
    const firstSeen = async (selectors: string[]) =>
      (await (
        await page.waitForFunction(
          (sel) => (sel.every((q) => document.querySelector(q)) ? performance.now() : false),
          selectors,
          { polling: 'raf', timeout: 60_000 },
        )
      ).jsonValue()) as number;
    const facts = await firstSeen(FACTS);
    const justification = await firstSeen(['[data-testid="justification-check"]']);
    const paint = await page.evaluate(
      () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
    );
    const marks = { paint, facts, justification };
    const none = { ms: Number.NaN, verdict: 'no Verify on this proposal' };
    const cold = picked.verify ? await timeVerify(page) : none;
    const warm = picked.verify ? await timeVerify(page) : none;
    rows.push({
      ...marks,
      paintToFacts: marks.facts - marks.paint,
      verifyCold: cold.ms,
      verifyWarm: warm.ms,
      verdict: cold.verdict,
    });
    await context.close();
    if (!json) {
      const r = rows.at(-1)!;
      console.error(
        `run ${i + 1}/${runs}: paint ${r.paint.toFixed(0)} ms, facts ${r.facts.toFixed(0)} ms, verify ${r.verifyCold} / ${r.verifyWarm} ms (${r.verdict})`,
      );
    }
  }
} finally {
  await browser.close();
}

const stat = (xs: number[]) => {
  const ok = xs.filter(Number.isFinite);
  return {
    n: ok.length,
    median: Math.round(median(ok)),
    p99: Math.round(quantile(ok, 0.99)),
    max: Math.round(Math.max(...ok)),
  };
};
const page = {
  paint: stat(rows.map((r) => r.paint)),
  facts: stat(rows.map((r) => r.facts)),
  paintToFacts: stat(rows.map((r) => r.paintToFacts)),
  justification: stat(rows.map((r) => r.justification)),
  verifyCold: stat(rows.map((r) => r.verifyCold)),
  verifyWarm: stat(rows.map((r) => r.verifyWarm)),
};
const routes = Object.fromEntries([...apiMs].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, stat(v)]));
const verdicts = [...new Set(rows.map((r) => r.verdict))];
const load = { start: Number(started.toFixed(2)), end: Number((loadavg()[0] ?? 0).toFixed(2)) };
if (json) {
  console.log(JSON.stringify({ base, proposal, runs, page, routes, verdicts, load }, null, 2));
} else {
  console.log(`proposal ${proposal} at ${base}, ${runs} cold runs, load ${load.start} → ${load.end}`);
  console.log('page (ms after navigation start)   median    p99    max');
  for (const [k, s] of Object.entries(page)) {
    console.log(
      `  ${k.padEnd(32)} ${String(s.median).padStart(6)} ${String(s.p99).padStart(6)} ${String(s.max).padStart(6)}`,
    );
  }
  console.log('/api requests from the page (ms)     n  median    p99    max');
  for (const [k, s] of Object.entries(routes)) {
    console.log(
      `  ${k.padEnd(32)} ${String(s.n).padStart(4)} ${String(s.median).padStart(6)} ${String(s.p99).padStart(6)} ${String(s.max).padStart(6)}${s.p99 > 200 ? '  > 200 ms' : ''}`,
    );
  }
  console.log(`verify verdicts: ${verdicts.join('; ')}`);
}
