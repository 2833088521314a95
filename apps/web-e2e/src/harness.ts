/**
 * What every console suite shares: the built API (which serves the built console) on a free loopback
 * port, headless Chromium, a fresh browser context per test that records page errors, failed requests
 * and the tab's connections to /api/stream, and bounded waits. Needs `nx run-many -t build -p api web`.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
export { type FakeGitHubServer, type RemoteFakeGitHub, startFakeGitHub } from '../../../tools/fake-github/protocol.mts';

export const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const MAIN = join(ROOT, 'dist', 'apps', 'api', 'main.js');
/** The console's build: browser/ (served) and server/ (the server rendering of list pages). */
const WEB_BUILD = join(ROOT, 'dist', 'apps', 'web');
const WEB_DIST = join(WEB_BUILD, 'browser');
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns a truthy value; fails with `what` (and the last error) after `timeoutMs`. */
export async function poll<T>(what: string, timeoutMs: number, check: () => Promise<T | null | undefined | false>, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
      last = null;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      const reason = last instanceof Error ? `: ${last.message}` : '';
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${reason}`);
    }
    await sleep(everyMs);
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export interface ApiServer {
  base: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `dist/apps/api/main.js` on a free loopback port with an empty HOME: with no `kubeconfig` that
 * is demo mode (as `npm start` on a machine without a cluster). The console it serves is a copy of the
 * build taken now, so a rebuild elsewhere in the tree cannot swap files under a running suite.
 */
export async function startApi(options: { kubeconfig?: string; env?: Record<string, string>; port?: number } = {}): Promise<ApiServer> {
  assert.ok(existsSync(MAIN), `${MAIN} is missing: build first (npx nx run-many -t build -p api web)`);
  assert.ok(existsSync(join(WEB_DIST, 'index.csr.html')), `${WEB_DIST} is missing: build first (npx nx run-many -t build -p api web)`);
  assert.ok(existsSync(join(WEB_BUILD, 'server', 'main.server.mjs')), `${WEB_BUILD}/server is missing: build first (npx nx run-many -t build -p api web)`);
  const scratch = mkdtempSync(join(tmpdir(), 'orphelix-e2e-'));
  const home = join(scratch, 'home');
  cpSync(WEB_BUILD, join(scratch, 'web'), { recursive: true });
  const web = join(scratch, 'web', 'browser');
  mkdirSync(home);
  // A port chosen beforehand lets a caller name the API's address first (an OAuth app's callback URL).
  const port = options.port ?? (await freePort());
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: home,
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    WEB_DIST: web,
    ...(options.kubeconfig ? { KUBECONFIG: options.kubeconfig } : {}),
    ...options.env,
  };
  const child: ChildProcess = spawn(process.execPath, [MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (c: Buffer): void => {
    output = (output + c.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(scratch, { recursive: true, force: true });
  };
  const base = `http://127.0.0.1:${port}`;
  try {
    await poll('the API to answer /healthz', 60_000, async () => {
      if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}:\n${output}`);
      const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2_000) });
      return res.ok;
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { base, output: () => output, stop };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], headless: true, timeout: 60_000 });
}

/** GET a JSON route of the API from the test process (the oracle the pages are compared with). */
export async function apiJson<T>(base: string, path: string): Promise<T> {
  const res = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(30_000) });
  assert.equal(res.status, 200, `GET ${path} → ${res.status}`);
  return (await res.json()) as T;
}

export interface StreamCounts {
  /** EventSource objects the page created. */
  total: number;
  /** Not yet closed now. */
  open: number;
  /** Most open at the same time. */
  maxOpen: number;
}

/**
 * Counts the page's EventSource objects from inside it (constructor, close(), and a failure that closed
 * it): the exact number the tab holds open at any moment, which network events can only approximate
 * because a closed request's end and its successor's start arrive in no fixed order.
 */
const STREAM_PROBE = `(() => {
  const Native = window.EventSource;
  if (!Native || window.__orxStreams) return;
  const counts = { total: 0, open: 0, maxOpen: 0 };
  class Counted extends Native {
    constructor(url, init) {
      super(url, init);
      this.__orxOpen = String(url).includes('/api/stream');
      if (this.__orxOpen) {
        counts.total++;
        counts.open++;
        counts.maxOpen = Math.max(counts.maxOpen, counts.open);
        this.addEventListener('error', () => {
          if (this.readyState === Native.CLOSED && this.__orxOpen) { this.__orxOpen = false; counts.open--; }
        });
      }
    }
    close() {
      if (this.__orxOpen) { this.__orxOpen = false; counts.open--; }
      super.close();
    }
  }
  window.EventSource = Counted;
  window.__orxStreams = () => ({ ...counts });
})();`;

export interface SessionOptions {
  theme?: 'light' | 'dark';
  viewport?: { width: number; height: number };
  /** Console errors, failed requests and error responses matching one of these are expected. */
  allow?: RegExp[];
}

export class Session {
  readonly errors: string[] = [];
  /** /api/stream requests seen on the network, and how many had not ended yet. */
  readonly net = { total: 0, open: 0 };
  /** Every request URL the page made (path and query). */
  readonly requests: string[] = [];
  readonly context: BrowserContext;
  readonly page: Page;
  readonly base: string;
  private readonly allow: RegExp[];

  constructor(context: BrowserContext, page: Page, base: string, options: SessionOptions) {
    this.context = context;
    this.page = page;
    this.base = base;
    this.allow = options.allow ?? [];
    const record = (what: string): void => {
      if (!this.allow.some((a) => a.test(what))) this.errors.push(what);
    };
    page.on('pageerror', (e) => record(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') record(`console error: ${m.text()} (${m.location().url})`);
    });
    page.on('request', (r) => {
      const url = new URL(r.url());
      this.requests.push(url.pathname + url.search);
      if (url.pathname === '/api/stream') {
        this.net.total++;
        this.net.open++;
      }
    });
    const ended = (r: { url(): string }): void => {
      if (new URL(r.url()).pathname === '/api/stream') this.net.open--;
    };
    page.on('requestfinished', ended);
    page.on('requestfailed', (r) => {
      ended(r);
      const failure = r.failure()?.errorText ?? '';
      // A request the page or a navigation cancelled (a closed EventSource, a reload) is not a failure.
      if (failure.includes('ERR_ABORTED')) return;
      record(`request failed: ${r.method()} ${r.url()} ${failure}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400) record(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
    });
  }

  /** The page's EventSource counts (see STREAM_PROBE); zeros before the app created one. */
  streams(): Promise<StreamCounts> {
    return this.page.evaluate(() => {
      const w = window as unknown as { __orxStreams?: () => StreamCounts };
      return w.__orxStreams ? w.__orxStreams() : { total: 0, open: 0, maxOpen: 0 };
    });
  }

  goto(path: string): Promise<unknown> {
    return this.page.goto(`${this.base}${path}`, { waitUntil: 'domcontentloaded' });
  }

  /** The path and query of the page's URL. */
  url(): URL {
    return new URL(this.page.url());
  }

  assertClean(): void {
    assert.deepEqual(this.errors, [], `unexpected page errors:\n${this.errors.join('\n')}`);
  }
}

export async function newSession(browser: Browser, base: string, options: SessionOptions = {}): Promise<Session> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1400, height: 900 },
    colorScheme: options.theme ?? 'light',
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  await context.addInitScript(STREAM_PROBE);
  if (options.theme) {
    await context.addInitScript(`try { localStorage.setItem('orphelix.theme', ${JSON.stringify(options.theme)}); } catch {}`);
  }
  const page = await context.newPage();
  return new Session(context, page, base, options);
}

/** Runs `body` in a fresh context and fails on unexpected page errors; the context is always closed. */
export async function withSession(
  browser: Browser,
  base: string,
  body: (s: Session) => Promise<void>,
  options: SessionOptions = {},
): Promise<void> {
  const s = await newSession(browser, base, options);
  try {
    await body(s);
    s.assertClean();
  } finally {
    await s.context.close().catch(() => undefined);
  }
}

// ---- the console's pages -------------------------------------------------------------------------

export const tid = (id: string): string => `[data-testid="${id}"]`;

/** The list's header count: "12" or "3 of 12". */
export async function rowCount(page: Page): Promise<{ shown: number; total: number }> {
  const text = (await page.locator(tid('row-count')).textContent({ timeout: 15_000 })) ?? '';
  const m = /(\d+)(?:\s*of\s*(\d+))?/.exec(text.trim());
  assert.ok(m, `row-count reads "${text}"`);
  const shown = Number(m[1]);
  return { shown, total: m[2] ? Number(m[2]) : shown };
}

/** Waits for a list page to settle: rows, the empty state or an error. Returns which. */
export async function listOutcome(page: Page, timeoutMs = 20_000): Promise<'rows' | 'empty' | 'error'> {
  // A list opened by URL arrives rendered by the server; its controls work once the browser has taken it over.
  await page.locator('orx-resource-list:not([data-rendered="server"])').waitFor({ state: 'attached', timeout: timeoutMs });
  await page.locator(`${tid('resource-row')}, ${tid('list-empty')}, ${tid('list-error')}`).first().waitFor({ state: 'visible', timeout: timeoutMs });
  if (await page.locator(tid('list-error')).isVisible()) return 'error';
  if (await page.locator(tid('list-empty')).isVisible()) return 'empty';
  return 'rows';
}

export interface Row {
  cells: string[];
  /** The name cell's link (path only). */
  href: string | null;
  name: string;
}

/** The rows the virtual scroller has rendered, in display order, with their cells' text. */
export function visibleRows(page: Page): Promise<Row[]> {
  return page.locator(tid('resource-row')).evaluateAll((rows) =>
    rows.map((row) => {
      const link = row.querySelector('a');
      return {
        cells: Array.from(row.querySelectorAll('[role="cell"]')).map((c) => (c.textContent ?? '').trim()),
        href: link ? new URL(link.href).pathname : null,
        name: (link?.textContent ?? '').trim(),
      };
    }),
  );
}

/** The column headers' sort ids, in order. */
export function columnIds(page: Page): Promise<string[]> {
  return page
    .locator(`${tid('resource-table')} [data-testid^="sort-"]`)
    .evaluateAll((buttons) => buttons.map((b) => (b.getAttribute('data-testid') ?? '').replace(/^sort-/, '')));
}
