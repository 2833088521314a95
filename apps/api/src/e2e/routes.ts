import type { INestApplication } from '@nestjs/common';
import type { ErrorEnvelope } from '@orphelix/contract';
import { buildOpenApiDocument } from '../openapi/openapi';

/**
 * Cross-route tests drive every GET route the app really serves, read from its own OpenAPI document,
 * so a route family added later is exercised without touching the tests.
 */

/** One query or path parameter of an operation. */
export interface RouteParameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
}

/** One GET operation under `/api`. */
export interface GetRoute {
  /** The OpenAPI path template, e.g. `/api/pods/{name}/logs`. */
  path: string;
  operationId: string;
  parameters: RouteParameter[];
  /** Media types of the 200 answer. */
  produces: string[];
}

interface OpenApiOperation {
  operationId?: string;
  parameters?: { name: string; in: string; required?: boolean }[];
  responses?: Record<string, { content?: Record<string, unknown> }>;
}

/** Every GET route under `/api` of the running app, in path order. */
export function getRoutes(app: INestApplication): GetRoute[] {
  const document = buildOpenApiDocument(app);
  return Object.entries(document.paths)
    .filter(([path, item]) => path.startsWith('/api/') && (item as { get?: unknown }).get)
    .map(([path, item]) => {
      const op = (item as { get: OpenApiOperation }).get;
      return {
        path,
        operationId: op.operationId ?? path,
        parameters: (op.parameters ?? [])
          .filter((p): p is RouteParameter => p.in === 'path' || p.in === 'query')
          .map((p) => ({ name: p.name, in: p.in, required: p.required === true })),
        produces: Object.keys(op.responses?.['200']?.content ?? {}),
      };
    })
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export const hasParam = (route: GetRoute, name: string): boolean => route.parameters.some((p) => p.name === name);

export const pathParams = (route: GetRoute): string[] =>
  route.parameters.filter((p) => p.in === 'path').map((p) => p.name);

/**
 * A list route that reads the cluster: no path parameter, and the list query (selectors, paging).
 * `/api/contexts` is a list of the kubeconfig, not of the cluster, and takes no selectors.
 */
export const isClusterList = (route: GetRoute): boolean =>
  pathParams(route).length === 0 && hasParam(route, 'labelSelector');

/** What a test needs of an answer; the body is parsed when it is JSON. */
export interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
  ms: number;
}

export type Query = Record<string, string | number | boolean | undefined>;

/** Fills a path template, e.g. `/api/pods/{name}` with `{ name: 'web-0' }`. */
export function fillPath(template: string, values: Record<string, string>): string {
  return template.replace(/\{([^}]+)\}/g, (_m, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`no value for {${key}} of ${template}`);
    return encodeURIComponent(value);
  });
}

/**
 * GETs from a listening app with fetch. An event stream is cut once its headers are in: its status is
 * all a route-level check needs, and it would never end by itself.
 */
export async function get(baseUrl: string, path: string, query: Query = {}, timeoutMs = 15_000): Promise<Answer> {
  const url = new URL(path, baseUrl);
  for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, String(value));
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new Error(`GET ${url.pathname}${url.search} took over ${timeoutMs} ms`)),
    timeoutMs,
  );
  const started = performance.now();
  try {
    const res = await fetch(url, { signal: controller.signal, headers: { accept: 'application/json' } });
    const type = res.headers.get('content-type') ?? '';
    let body: unknown;
    if (type.startsWith('text/event-stream')) {
      await res.body?.cancel();
    } else {
      const text = await res.text();
      // Error envelopes are parsed whatever their Content-Type claims; the specs check that header apart.
      body =
        type.includes('json') || (res.status >= 400 && text.startsWith('{')) ? (JSON.parse(text) as unknown) : text;
    }
    return { status: res.status, headers: res.headers, body, ms: performance.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

export const envelope = (answer: Answer): Partial<ErrorEnvelope> => (answer.body ?? {}) as Partial<ErrorEnvelope>;

/** The first invalid field a 400 names, or undefined. */
export const firstField = (answer: Answer): string | undefined =>
  (envelope(answer).details as { fields?: { field?: string }[] } | undefined)?.fields?.[0]?.field;

/** `GET /api/x?a=1 → 400 VALIDATION_ERROR (…)`: one line per unexpected answer, for readable failures. */
export function describeAnswer(path: string, query: Query, answer: Answer): string {
  const qs = Object.entries(query)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join('&');
  const env = envelope(answer);
  const detail = env.code
    ? `${env.code}: ${env.error ?? ''}`
    : typeof answer.body === 'string'
      ? answer.body.slice(0, 120)
      : '';
  return `GET ${path}${qs ? `?${qs}` : ''} → ${answer.status} ${detail}`.trim();
}

/** Starts the app on an ephemeral loopback port and returns its base URL. */
export async function listen(app: INestApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return `http://127.0.0.1:${address.port}`;
}
