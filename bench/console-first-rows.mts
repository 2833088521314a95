/**
 * `node bench/console-first-rows.mts` — the console at 10,000 pods, in headless Chromium.
 *
 * - Time from navigating to /pods (a fresh browser context: nothing cached) to the first
 *   `resource-row` visible, read in the page (performance.now() from navigation start, when a row
 *   first has a box inside the viewport) — the server renders list pages with their first rows when
 *   the console is built with its server bundle. Also: when the browser's own rows (the virtual
 *   scroll's) are first visible, i.e. the page is taken over and live. Baseline: a plain
 *   `fetch('/api/pods')` of the same list, body read to the end, from the same page right after.
 *   Target: ≤ 1 s (p50).
 * - The initial JavaScript: the scripts index.html loads (before any lazy route chunk), as transferred
 *   (compressed as the API's compression answers Chromium: brotli, or gzip), summed from the first
 *   load's responses; cross-checked by gzipping the built files with zlib. Baseline: the same files
 *   uncompressed. Target: ≤ 350 KB.
 * - /api/stream connections the tab opened (EventSource objects, counted in the page, and requests
 *   on the network) up to a few seconds after the first row. Target: exactly 1.
 *
 * Needs the console built (`npx nx run-many -t build -p api web`); the API is the working tree's,
 * started as the other benchmarks start it, serving that build. Options: --rounds N (7).
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type Browser, chromium } from 'playwright-core';
import { startApi } from './lib/api.mts';
import { PreconditionError, requireLab } from './lib/lab.mts';
import { intOption, LOGS, log, ROOT, run, sleep } from './lib/main.mts';
import { atMost, exactly, Report } from './lib/report.mts';
import { summarize } from './lib/stats.mts';

const SCENARIO = 'console-first-rows';
const say = (m: string): void => log(SCENARIO, m);
/** The console's build: browser/ (what the API serves) and server/ (its server rendering, when built). */
const WEB_BUILD = join(ROOT, 'dist', 'apps', 'web');
const WEB_DIST = join(WEB_BUILD, 'browser');
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const KB = 1000;

/**
 * Runs in the page before the app: records when a list row is first visible, and counts the tab's
 * EventSource objects (created, and open at once).
 */
const PROBE = `(() => {
  const seen = (selector) => {
    for (const row of document.querySelectorAll(selector)) {
      const box = row.getBoundingClientRect();
      if (box.height > 0 && box.bottom > 0 && box.top < innerHeight) return true;
    }
    return false;
  };
  // From the document's creation on (before <html> exists): rows a server rendered are parsed long
  // before DOMContentLoaded, which waits for the module scripts. A row counts as on screen in the
  // first animation frame (the frame then painted) in which it has a box inside the viewport.
  const check = (frame) => {
    if (window.__firstRowInDom === undefined && document.querySelector('[data-testid="resource-row"]')) window.__firstRowInDom = performance.now();
    if (!frame) return;
    if (window.__firstRow === undefined && seen('[data-testid="resource-row"]')) window.__firstRow = performance.now();
    if (window.__browserRows === undefined && seen('cdk-virtual-scroll-viewport [data-testid="resource-row"]')) window.__browserRows = performance.now();
  };
  const observer = new MutationObserver(() => check(false));
  observer.observe(document, { childList: true, subtree: true });
  const frame = () => { check(true); if (window.__browserRows === undefined) requestAnimationFrame(frame); else observer.disconnect(); };
  requestAnimationFrame(frame);
  const Native = window.EventSource;
  const counts = { total: 0, open: 0, maxOpen: 0 };
  window.__streams = counts;
  window.EventSource = class extends Native {
    constructor(url, init) {
      super(url, init);
      counts.total++; counts.open++; counts.maxOpen = Math.max(counts.maxOpen, counts.open);
      this.__open = true;
      this.addEventListener('error', () => { if (this.readyState === Native.CLOSED && this.__open) { this.__open = false; counts.open--; } });
    }
    close() { if (this.__open) { this.__open = false; counts.open--; } super.close(); }
  };
})();`;

/** The console's index page: index.csr.html when it has a server build, index.html otherwise. */
function indexOf(web: string): string | null {
  for (const name of ['index.csr.html', 'index.html']) if (existsSync(join(web, name))) return join(web, name);
  return null;
}

/** The folder holding browser/ and server/. */
function buildOf(web: string): string {
  return join(web, '..');
}

/** The scripts index.html loads: its <script src> and <link rel="modulepreload"> (the initial set). */
function initialScripts(indexHtml: string): string[] {
  const files = new Set<string>();
  for (const m of indexHtml.matchAll(/<script\b[^>]*\bsrc="([^"]+\.js)"/g)) if (m[1]) files.add(m[1]);
  for (const m of indexHtml.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*href="([^"]+\.js)"/g)) if (m[1]) files.add(m[1]);
  for (const m of indexHtml.matchAll(/<link\b[^>]*href="([^"]+\.js)"[^>]*rel="modulepreload"/g)) if (m[1]) files.add(m[1]);
  return [...files].map((f) => f.replace(/^\//, ''));
}

/** What PROBE leaves on the page's global object. */
interface Probe {
  __firstRow?: number;
  /** The browser's own rows (the virtual scroll's): the page taken over from the server's render. */
  __browserRows?: number;
  __firstRowInDom?: number;
  __streams: { total: number; open: number; maxOpen: number };
}

interface Round {
  firstRowMs: number;
  browserRowsMs: number;
  /** Where the time to the first row went: response end of the page, scripts and API calls. */
  timeline: string;
  fetchMs: number;
  fetchBytes: number;
  streams: { total: number; open: number; maxOpen: number };
  netStreams: number;
  /** Transferred (encoded) bytes and encoding per JS file this load fetched. */
  js: Map<string, { encoded: number; encoding: string }>;
}

async function round(browser: Browser, base: string): Promise<Round> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  context.setDefaultTimeout(60_000);
  try {
    await context.addInitScript(PROBE);
    const page = await context.newPage();
    const js = new Map<string, { encoded: number; encoding: string }>();
    const pending: Promise<void>[] = [];
    let netStreams = 0;
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/stream') netStreams++;
    });
    page.on('requestfinished', (r) => {
      const path = new URL(r.url()).pathname.replace(/^\//, '');
      if (!path.endsWith('.js')) return;
      pending.push(
        Promise.all([r.sizes(), r.response()]).then(([sizes, res]) => {
          js.set(path, { encoded: sizes.responseBodySize, encoding: res?.headers()['content-encoding'] ?? 'identity' });
        }),
      );
    });
    await page.goto(`${base}/pods`, { waitUntil: 'commit', timeout: 60_000 });
    // Functions, not strings: the console's CSP forbids eval, which a string predicate would need.
    await page.waitForFunction(() => (globalThis as unknown as Probe).__browserRows !== undefined, undefined, { timeout: 120_000, polling: 50 });
    const firstRowMs = await page.evaluate(() => (globalThis as unknown as Probe).__firstRow ?? NaN);
    const browserRowsMs = await page.evaluate(() => (globalThis as unknown as Probe).__browserRows ?? NaN);
    const timeline = await page.evaluate(() => {
      // Runs in the page; this file is compiled without the DOM library, hence the structural types.
      const entries = (type: string): { name: string; startTime: number; responseEnd: number; domContentLoadedEventEnd?: number }[] =>
        (performance as unknown as { getEntriesByType(t: string): never[] }).getEntriesByType(type);
      const nav = entries('navigation')[0];
      const inDom = (globalThis as unknown as Probe).__firstRowInDom;
      const fcp = entries('paint').find((e) => e.name === 'first-contentful-paint');
      const parts = [
        `first row in the DOM ${Math.round(inDom ?? NaN)}`,
        `html ${Math.round(nav?.responseEnd ?? NaN)}`,
        `first contentful paint ${Math.round(fcp?.startTime ?? NaN)}`,
        `DCL ${Math.round(nav?.domContentLoadedEventEnd ?? NaN)}`,
      ];
      for (const e of entries('resource')) {
        const url = new URL(e.name);
        if (url.pathname === '/api/stream' || !(url.pathname.startsWith('/api/') || url.pathname.endsWith('.js'))) continue;
        const name = url.pathname.startsWith('/api/') ? url.pathname + url.search : url.pathname.replace(/^.*\//, '');
        parts.push(`${name} ${Math.round(e.startTime)}→${Math.round(e.responseEnd)}`);
      }
      return parts.join(', ');
    });
    const fetched = await page.evaluate(async () => {
      const t0 = performance.now();
      const res = await fetch('/api/pods');
      const text = await res.text();
      return { ms: performance.now() - t0, status: res.status, bytes: text.length };
    });
    if (fetched.status !== 200) throw new Error(`fetch('/api/pods') from the page → ${fetched.status}`);
    // Let the live stream settle: a second connection would show within this.
    await sleep(3_000);
    const streams = await page.evaluate(() => ({ ...(globalThis as unknown as Probe).__streams }));
    await Promise.all(pending);
    return { firstRowMs, browserRowsMs, timeline, fetchMs: fetched.ms, fetchBytes: fetched.bytes, streams, netStreams, js };
  } finally {
    await context.close().catch(() => undefined);
  }
}

run(SCENARIO, async () => {
  const rounds = intOption('rounds', 7);
  if (!indexOf(WEB_DIST)) {
    throw new PreconditionError(`${WEB_DIST} is missing: build the console first (npx nx run-many -t build -p api web)`);
  }
  // A copy of the build, so a rebuild elsewhere in the tree cannot change the files mid-run.
  const scratch = mkdtempSync(join(tmpdir(), `${SCENARIO}-`));
  cpSync(WEB_BUILD, scratch, { recursive: true });
  const web = join(scratch, 'browser');
  try {
    await measure(web, rounds);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});

async function measure(web: string, rounds: number): Promise<void> {
  const report = new Report(SCENARIO, ROOT);
  const lab = await requireLab(ROOT, 10_000);
  report.set('lab', { scalePods: lab.scalePods, totalPods: lab.totalPods, nodes: lab.nodes });
  say(`lab: ${lab.totalPods} pods (${lab.scalePods} in lab-scale), ${lab.nodes} nodes; starting the API (serving a copy of ${WEB_DIST}) …`);
  const api = await startApi({
    root: ROOT,
    name: `${SCENARIO}-api`,
    kubeconfig: lab.info.kubeconfig,
    watchCache: true,
    logDir: LOGS,
    env: { WEB_DIST: web },
  });
  say(`API up in ${api.startSeconds.toFixed(1)} s; warming the pod cache …`);
  const warm = performance.now();
  const res = await fetch(`${api.baseUrl}/api/pods`, { signal: AbortSignal.timeout(300_000) });
  const warmBody = (await res.json()) as { items: unknown[] };
  if (warmBody.items.length < 10_000) throw new Error(`GET /api/pods returned ${warmBody.items.length} pods; expected ≥ 10,000`);
  say(`first GET /api/pods ${(performance.now() - warm).toFixed(0)} ms (${warmBody.items.length} pods)`);

  const indexHtml = readFileSync(indexOf(web) ?? '', 'utf8');
  const serverRendered = existsSync(join(buildOf(web), 'server', 'main.server.mjs'));
  say(serverRendered ? 'the console has its server build: /pods is rendered on the server' : 'no server build: /pods is rendered in the browser');
  const initial = initialScripts(indexHtml);
  if (initial.length === 0) throw new Error(`index.html lists no scripts:\n${indexHtml.slice(0, 2_000)}`);

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], headless: true, timeout: 60_000 });
  const results: Round[] = [];
  try {
    // One unmeasured load warms the API's static files and the browser's own start-up.
    await round(browser, api.baseUrl);
    say(`measuring ${rounds} loads of /pods, each in a fresh context, each followed by fetch('/api/pods') …`);
    for (let i = 0; i < rounds; i++) {
      const r = await round(browser, api.baseUrl);
      say(`  round ${i + 1}: first row ${r.firstRowMs.toFixed(0)} ms, the browser's own rows ${r.browserRowsMs.toFixed(0)} ms, fetch ${r.fetchMs.toFixed(0)} ms, streams ${r.streams.total}`);
      say(`    ${r.timeline}`);
      results.push(r);
    }
  } finally {
    await browser.close().catch(() => undefined);
  }

  // 1. First rows against a plain fetch of the same list.
  const rows = summarize(results.map((r) => r.firstRowMs));
  const taken = summarize(results.map((r) => r.browserRowsMs));
  const fetches = summarize(results.map((r) => r.fetchMs));
  report.add({
    id: 'first-row',
    title: `navigation to /pods → first resource-row visible (${warmBody.items.length.toLocaleString('en')} pods, fresh context, 1400×900)`,
    unit: 'ms',
    oursLabel: `n=${rows.n}, from navigation start, in the page (${serverRendered ? 'rendered on the server' : 'rendered in the browser'}); the browser's own rows (page taken over, live) p50 ${taken.p50.toFixed(0)} ms, max ${taken.max.toFixed(0)} ms`,
    baselineLabel: `n=${fetches.n}, fetch('/api/pods') from the same page, body read to the end (${(results[0]?.fetchBytes ?? 0).toLocaleString('en')} chars)`,
    stats: [
      { name: 'p50', ours: rows.p50, baseline: fetches.p50 },
      { name: 'max', ours: rows.max, baseline: fetches.max },
    ],
    ratioLabel: 'of the fetch (ours / baseline)',
    ratios: { p50: rows.p50 / fetches.p50, max: rows.max / fetches.max },
    targets: [atMost('first row p50 ≤ 1 s', rows.p50, 1000, 'ms')],
    extra: { serverRendered, firstRow: rows, browserRows: taken, fetch: fetches },
  });

  // 2. Initial JavaScript, as transferred and as zlib makes it from the build.
  const first = results[0];
  if (!first) throw new Error('no rounds');
  let transferred = 0;
  let gzipped = 0;
  let raw = 0;
  const files: Record<string, unknown>[] = [];
  for (const file of initial) {
    const body = readFileSync(join(web, file));
    const got = first.js.get(file);
    if (!got) throw new Error(`the page did not load ${file}, which index.html lists`);
    const gz = gzipSync(body).length;
    transferred += got.encoded;
    gzipped += gz;
    raw += body.length;
    files.push({ file, raw: body.length, gzip: gz, transferred: got.encoded, encoding: got.encoding });
  }
  const lazy = [...first.js.entries()].filter(([f]) => !initial.includes(f));
  const lazyBytes = lazy.reduce((s, [, v]) => s + v.encoded, 0);
  report.add({
    id: 'initial-js',
    title: `initial JavaScript: the ${initial.length} scripts index.html loads, before any lazy route chunk`,
    unit: 'bytes',
    oursLabel: `transferred (${[...new Set(files.map((f) => f['encoding']))].join(', ')}); zlib gzip of the built files ${(gzipped / KB).toFixed(1)} KB; then /pods fetched ${lazy.length} lazy chunks, ${(lazyBytes / KB).toFixed(1)} KB transferred`,
    baselineLabel: 'the same files uncompressed',
    stats: [{ name: 'total', ours: transferred, baseline: raw }],
    ratioLabel: 'smaller (baseline / ours)',
    ratios: { total: raw / transferred },
    targets: [atMost('initial JS ≤ 350 KB (350,000 B)', transferred, 350 * KB, 'bytes')],
    extra: { files, zlibGzip: gzipped, lazyChunks: Object.fromEntries(lazy.map(([f, v]) => [f, v.encoded])), lazyBytes },
  });

  // 3. Live-stream connections per tab.
  const perTab = Math.max(...results.map((r) => r.streams.total));
  const maxOpen = Math.max(...results.map((r) => r.streams.maxOpen));
  const netPerTab = Math.max(...results.map((r) => r.netStreams));
  report.add({
    id: 'streams-per-tab',
    title: '/api/stream connections per tab (load of /pods and 3 s after the first row)',
    unit: 'count',
    oursLabel: `most in one tab over ${results.length} tabs (EventSource objects); on the network ${netPerTab}; most open at once ${maxOpen}`,
    baselineLabel: 'none: a count',
    stats: [
      { name: 'per tab', ours: perTab, baseline: null },
      { name: 'open at once', ours: maxOpen, baseline: null },
    ],
    ratioLabel: '',
    ratios: {},
    targets: [exactly('connections per tab = 1', perTab, 1), exactly('network requests per tab = 1', netPerTab, 1)],
    extra: { perRound: results.map((r) => ({ ...r.streams, network: r.netStreams })) },
  });
  report.finish();
}
