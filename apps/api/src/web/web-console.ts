import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { type NextFunction, type Request, type Response, static as serveStatic } from 'express';

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

/**
 * Serves the built Angular console from `webDist`, with index.html for client-side routes (`/pods/x`).
 * Missing assets (requests that do not ask for a page) fall through to the API's 404 instead of
 * answering HTML with status 200. Returns false, serving nothing, when the console was not built.
 */
export function serveWebConsole(app: INestApplication, webDist: string): boolean {
  const indexHtml = join(webDist, 'index.html');
  if (!existsSync(indexHtml)) {
    return false;
  }
  const assets = serveStatic(webDist, { index: false, redirect: false, fallthrough: true });
  const isRead = (req: Request): boolean => req.method === 'GET' || req.method === 'HEAD';

  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!isRead(req) || isServerPath(req.path)) {
      next();
      return;
    }
    assets(req, res, next);
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!isRead(req) || isServerPath(req.path) || !wantsPage(req)) {
      next();
      return;
    }
    // The shell must be revalidated so a new deployment's hashed bundles are picked up.
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(indexHtml, (error?: Error) => {
      if (error) {
        next(error);
      }
    });
  });
  return true;
}
