import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type INestApplication, Logger } from '@nestjs/common';
import { type NextFunction, type Request, type Response as ExpressResponse, static as serveStatic } from 'express';

/** First path segments that belong to the server, never to the console's client-side router. */
const SERVER_SEGMENTS = new Set(['api', 'docs', 'docs-json', 'healthz', 'readyz']);

export function isServerPath(path: string): boolean {
  return SERVER_SEGMENTS.has(path.split('/')[1] ?? '');
}

/**
 * A browser navigating to a console route (`Accept: text/html`), as opposed to a script, stylesheet or
 * image request for a file that is not there. Object names may contain dots (`kube-root-ca.crt`, every
 * Event), so the path alone cannot tell a route from a missing asset.
 */
function wantsPage(req: Request): boolean {
  if ((req.headers.accept ?? '').includes('text/html')) return true;
  // Anything else (curl and fetch send */*): a path whose last segment has no extension is a route.
  return !(req.path.split('/').pop() ?? '').includes('.');
}

/** What the console's server build (apps/web/src/main.server.ts) exports. */
export interface ConsoleRenderer {
  rendersOnServer(path: string): boolean;
  renderPage(options: { document: string; path: string; api: { fetch(path: string): Promise<Response> } }): Promise<string>;
}

/** The page the browser renders itself: the build names it index.csr.html when it has a server build. */
export function consoleIndex(webDist: string): string | null {
  for (const name of ['index.csr.html', 'index.html']) {
    const file = join(webDist, name);
    if (existsSync(file)) return file;
  }
  return null;
}

/** The console's server build beside `webDist` (`dist/apps/web/server` for `dist/apps/web/browser`), or null. */
export function loadConsoleRenderer(webDist: string): ConsoleRenderer | null {
  const file = join(dirname(webDist), 'server', 'main.server.mjs');
  if (!existsSync(file)) return null;
  // Node's own require (of an ES module) rather than the bundler's or the test runner's, which cannot
  // load a file that is not part of this build.
  const { createRequire } = process.getBuiltinModule('node:module');
  const loaded = createRequire(file)(file) as Partial<ConsoleRenderer>;
  if (typeof loaded.renderPage !== 'function' || typeof loaded.rendersOnServer !== 'function') {
    throw new Error(`${file} is not the console's server build (no renderPage/rendersOnServer)`);
  }
  return loaded as ConsoleRenderer;
}

/** How long the render waits for the API's first page before the browser is left to ask for it. */
const RENDER_FETCH_TIMEOUT_MS = 1_500;

/**
 * The render's way to the API: this same server, at the address the browser's request arrived on, with
 * the browser's credentials (its session cookie or API token) and nothing else, so the rendered page
 * holds what this user may read — the guards, RBAC and rate limits of any other request apply.
 */
function selfApi(req: Request): { fetch(path: string): Promise<Response> } {
  let address = req.socket.localAddress ?? '127.0.0.1';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) address = mapped[1];
  const origin = `http://${address.includes(':') ? `[${address}]` : address}:${req.socket.localPort}`;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (req.headers.cookie) headers['cookie'] = req.headers.cookie;
  if (req.headers.authorization) headers['authorization'] = req.headers.authorization;
  return {
    fetch: (path: string) => {
      if (!path.startsWith('/api/')) return Promise.reject(new Error(`the console's render asked for ${path}, outside the API`));
      return fetch(`${origin}${path}`, { headers, signal: AbortSignal.timeout(RENDER_FETCH_TIMEOUT_MS) });
    },
  };
}

/**
 * Serves the built Angular console from `webDist`, with its index page for client-side routes (`/pods/x`).
 * A list page (`/pods?namespace=shop`) is rendered on the server with its first rows when the console
 * was built with its server bundle, so the rows are on screen before any script runs; the browser takes
 * that page over. Anything the render cannot do (no server build, an error) gets the plain index page.
 * Missing assets (requests that do not ask for a page) fall through to the API's 404 instead of
 * answering HTML with status 200. Returns false, serving nothing, when the console was not built.
 */
export function serveWebConsole(app: INestApplication, webDist: string): boolean {
  const indexHtml = consoleIndex(webDist);
  if (!indexHtml) {
    return false;
  }
  const logger = new Logger('WebConsole');
  let renderer: ConsoleRenderer | null = null;
  try {
    renderer = loadConsoleRenderer(webDist);
  } catch (error) {
    logger.warn(`the console's server build did not load; every page is rendered in the browser (${error instanceof Error ? error.message : String(error)})`);
  }
  const document = renderer ? readFileSync(indexHtml, 'utf8') : '';
  const assets = serveStatic(webDist, { index: false, redirect: false, fallthrough: true });
  const isRead = (req: Request): boolean => req.method === 'GET' || req.method === 'HEAD';

  app.use((req: Request, res: ExpressResponse, next: NextFunction) => {
    if (!isRead(req) || isServerPath(req.path)) {
      next();
      return;
    }
    assets(req, res, next);
  });
  app.use((req: Request, res: ExpressResponse, next: NextFunction) => {
    if (!isRead(req) || isServerPath(req.path) || !wantsPage(req)) {
      next();
      return;
    }
    const sendIndex = (): void => {
      // The shell must be revalidated so a new deployment's hashed bundles are picked up.
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(indexHtml, (error?: Error) => {
        if (error) {
          next(error);
        }
      });
    };
    if (!renderer || req.method !== 'GET' || !renderer.rendersOnServer(req.originalUrl)) {
      sendIndex();
      return;
    }
    renderer
      .renderPage({ document, path: req.originalUrl, api: selfApi(req) })
      .then((html) => {
        // The page holds what this user may read: never kept by a shared cache, always revalidated.
        res.setHeader('Cache-Control', 'private, no-cache');
        res.setHeader('Vary', 'Cookie, Authorization');
        res.type('html').send(html);
      })
      .catch((error: unknown) => {
        logger.warn(`rendering ${req.path} on the server failed; the browser renders it (${error instanceof Error ? error.message : String(error)})`);
        if (!res.headersSent) sendIndex();
      });
  });
  return true;
}
