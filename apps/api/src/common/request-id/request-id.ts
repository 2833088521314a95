import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const REQUEST_ID_HEADER = 'X-Request-Id';

const SANE_REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

// Keyed by the request object itself so the id needs no typing of Express's `req` and cannot be
// overwritten by anything else that writes `req.id`.
const ids = new WeakMap<IncomingMessage, string>();

/**
 * An incoming X-Request-Id is reused so a proxy's or client's id follows the request through our logs,
 * but only when it is a plain token: anything else could forge log fields or bloat every line.
 */
export function acceptableRequestId(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && SANE_REQUEST_ID.test(value) ? value : undefined;
}

/**
 * The request's id, assigned on first call and echoed in the response header. Idempotent, because the
 * first middleware, pino-http and the exception filter all ask, and any of them may be the first to
 * see a request (errors can skip middleware).
 */
export function ensureRequestId(req: IncomingMessage, res: ServerResponse): string {
  let id = ids.get(req);
  if (id === undefined) {
    id = acceptableRequestId(req.headers['x-request-id']) ?? randomUUID();
    ids.set(req, id);
  }
  if (!res.headersSent && !res.hasHeader(REQUEST_ID_HEADER)) {
    res.setHeader(REQUEST_ID_HEADER, id);
  }
  return id;
}

export function requestIdMiddleware(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  ensureRequestId(req, res);
  next();
}
