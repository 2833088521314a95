import { client } from '../api/generated/client.gen';
import type { ErrorEnvelope } from '../api/generated/types.gen';

/** Points the generated client at the origin that served the console (the API serves both). */
export function configureApiClient(origin: string = globalThis.location?.origin ?? ''): void {
  client.setConfig({ baseUrl: origin, throwOnError: false });
  client.interceptors.request.use(withCsrfToken);
}

/** The API's CSRF cookie, echoed on state-changing requests (the API refuses them without it). */
export const CSRF_COOKIE = 'orx_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

export function readCookie(name: string, cookies: string = globalThis.document?.cookie ?? ''): string | null {
  for (const part of cookies.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return decodeURIComponent(part.slice(at + 1).trim());
  }
  return null;
}

function withCsrfToken(request: Request): Request {
  if (request.method === 'GET' || request.method === 'HEAD') return request;
  const token = readCookie(CSRF_COOKIE);
  if (token) request.headers.set(CSRF_HEADER, token);
  return request;
}

/** A failed API call: the HTTP status and the API's error envelope (or a network failure, status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly requestId: string | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get forbidden(): boolean {
    return this.status === 403;
  }

  get unreachable(): boolean {
    return this.status === 503 || this.status === 0;
  }

  get notFound(): boolean {
    return this.status === 404;
  }
}

export function isEnvelope(value: unknown): value is ErrorEnvelope {
  return typeof value === 'object' && value !== null && 'code' in value && 'error' in value;
}

/** The ApiError of a refused answer: its envelope, or a bare `HTTP_ERROR` when the body is not one. */
export function apiErrorFromBody(status: number, body: unknown): ApiError {
  if (isEnvelope(body)) return new ApiError(status, body.code, body.error, body.details ?? {}, body.requestId ?? null);
  return new ApiError(status, 'HTTP_ERROR', `The API answered ${status || 'nothing'}`);
}

type Fields<T> = { data?: T; error?: unknown; response?: Response };

/**
 * Unwraps a generated SDK call: its data, or an ApiError carrying the envelope. Network failures (the
 * API itself is down) become status 0 `NETWORK_ERROR`.
 */
export async function call<T>(request: Promise<Fields<T>>): Promise<T> {
  let result: Fields<T>;
  try {
    result = await request;
  } catch (error) {
    throw new ApiError(0, 'NETWORK_ERROR', `The Orphelix API did not answer (${error instanceof Error ? error.message : String(error)})`);
  }
  const status = result.response?.status ?? 0;
  if (result.error !== undefined || status >= 400 || result.data === undefined) {
    throw apiErrorFromBody(status, result.error);
  }
  return result.data;
}

/** The message a page shows for an error, in the user's terms. */
export function describeError(error: unknown): { title: string; message: string; kind: 'forbidden' | 'unreachable' | 'not-found' | 'error' } {
  if (error instanceof ApiError) {
    if (error.forbidden) {
      const d = error.details as { verb?: string; resource?: string; namespace?: string };
      const what = [d.verb, d.resource].filter(Boolean).join(' ');
      const where = d.namespace ? ` in namespace ${d.namespace}` : '';
      return {
        kind: 'forbidden',
        title: 'Access denied',
        message: `Your Kubernetes identity may not ${what || 'read this'}${where}. ${error.message}`,
      };
    }
    if (error.unreachable) return { kind: 'unreachable', title: 'Cluster unreachable', message: error.message };
    if (error.notFound) return { kind: 'not-found', title: 'Not found', message: error.message };
    return { kind: 'error', title: `Error ${error.status || ''}`.trim(), message: error.message };
  }
  return { kind: 'error', title: 'Error', message: error instanceof Error ? error.message : String(error) };
}
