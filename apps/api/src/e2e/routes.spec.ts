import type { INestApplication } from '@nestjs/common';
import { createTestApp } from '../testing/test-app';
import {
  type Answer,
  describeAnswer,
  envelope,
  fillPath,
  firstField,
  get,
  type GetRoute,
  getRoutes,
  hasParam,
  listen,
  pathParams,
  type Query,
} from './routes';

/**
 * Every GET route of the API, taken from the app's own OpenAPI document, against the demo cluster:
 * valid parameters answer 200, each malformed common parameter answers 400 naming it, unknown objects
 * and contexts 404, and nothing answers 500.
 */

interface ListedItem {
  name: string;
  namespace?: string | null;
  [key: string]: unknown;
}

/**
 * How to exercise routes whose parameters cannot be derived. By default a `{name}` route takes the
 * first item of its list route (the path without `/{name}…`), with that item's namespace.
 */
interface Special {
  /** The object to address among the list route's items. */
  pick?: (item: ListedItem) => boolean;
  /** Extra query parameters the route needs. */
  query?: Query;
}

const SPECIAL: Readonly<Record<string, Special>> = {
  // A pod whose container has started, so there is a log to read.
  '/api/pods/{name}/logs': { pick: (pod) => pod['status'] === 'Running' },
  // The live stream needs the kinds it carries.
  '/api/stream': { query: { kinds: 'pods,events' } },
};

/**
 * Routes about this console rather than a cluster (who is asking, their settings, the audit log, GitHub):
 * they take no `context` or `namespace`, and their own specs cover them.
 */
const ABOUT_THE_CONSOLE = ['/api/auth', '/api/settings', '/api/audit', '/api/github'];

const UNKNOWN_NAME = 'orphelix-no-such-object';
/** Each check walks every route. */
const SWEEP_TIMEOUT_MS = 120_000;

let app: INestApplication;
let baseUrl: string;
let routes: GetRoute[];
const answered5xx: string[] = [];
const errorsNotJson: string[] = [];

async function call(path: string, query: Query = {}): Promise<Answer> {
  const answer = await get(baseUrl, path, query);
  if (answer.status >= 500) answered5xx.push(describeAnswer(path, query, answer));
  const type = answer.headers.get('content-type') ?? '';
  if (answer.status >= 400 && !type.startsWith('application/json'))
    errorsNotJson.push(`${describeAnswer(path, query, answer)} as ${type}`);
  return answer;
}

/** A route made callable: its path with the name filled in, and the query that makes it valid. */
interface Exercise {
  route: GetRoute;
  /** The path with every parameter filled. */
  path: string;
  /** Fills `{name}` with another value, keeping the rest. */
  withName(name: string): string;
  query: Query;
}

const exercises = new Map<string, Exercise | string>();

/** The valid call of a route, or why it cannot be made (which fails the first test). */
async function exercise(route: GetRoute): Promise<Exercise | string> {
  const cached = exercises.get(route.path);
  if (cached) return cached;
  const result = await buildExercise(route);
  exercises.set(route.path, result);
  return result;
}

async function buildExercise(route: GetRoute): Promise<Exercise | string> {
  const special = SPECIAL[route.path] ?? {};
  const query: Query = { ...special.query };
  const names = pathParams(route);
  const unknown = names.filter((n) => n !== 'name');
  if (unknown.length > 0) return `${route.path}: no rule to fill {${unknown.join('}, {')}}; add one to SPECIAL`;
  let item: ListedItem | undefined;
  if (names.includes('name')) {
    const listPath = route.path.slice(0, route.path.indexOf('/{name}'));
    const list = await call(listPath);
    const items = (list.body as { items?: ListedItem[] } | undefined)?.items;
    if (list.status !== 200 || !Array.isArray(items)) {
      return `${route.path}: its list route ${listPath} did not answer a list (${describeAnswer(listPath, {}, list)})`;
    }
    item = special.pick ? items.find(special.pick) : items[0];
    if (!item)
      return `${route.path}: ${listPath} has no item to address${special.pick ? ' that SPECIAL.pick accepts' : ''}`;
    if (item.namespace && hasParam(route, 'namespace')) query['namespace'] = item.namespace;
  }
  const required = route.parameters.filter((p) => p.in === 'query' && p.required && query[p.name] === undefined);
  if (required.length > 0) {
    return `${route.path}: no value for required ${required.map((p) => p.name).join(', ')}; add it to SPECIAL`;
  }
  const name = item?.name;
  return {
    route,
    path: name === undefined ? route.path : fillPath(route.path, { name }),
    withName: (other) => fillPath(route.path, { name: other }),
    query,
  };
}

/** Runs `check` on every route and fails once with every route that broke it. */
async function forEachRoute(
  select: (route: GetRoute) => boolean,
  check: (ex: Exercise) => Promise<string | null>,
): Promise<number> {
  const failures: string[] = [];
  let checked = 0;
  for (const route of routes.filter(select)) {
    const ex = await exercise(route);
    if (typeof ex === 'string') {
      failures.push(ex);
      continue;
    }
    checked += 1;
    const failure = await check(ex);
    if (failure) failures.push(`${route.operationId}: ${failure}`);
  }
  expect(failures).toEqual([]);
  return checked;
}

/** `null` when the answer is the 400 naming `field`. */
function rejects(answer: Answer, path: string, query: Query, field: string): string | null {
  const ok = answer.status === 400 && envelope(answer).code === 'VALIDATION_ERROR' && firstField(answer) === field;
  return ok
    ? null
    : `expected 400 VALIDATION_ERROR naming ${field}: ${describeAnswer(path, query, answer)} (fields[0]: ${firstField(answer)})`;
}

const all = (): boolean => true;
const named = (route: GetRoute): boolean => pathParams(route).includes('name');

beforeAll(async () => {
  app = await createTestApp({ env: { ORPHELIX_MODE: 'demo' }, port: 'configured' });
  baseUrl = await listen(app);
  routes = getRoutes(app).filter((r) => !ABOUT_THE_CONSOLE.some((prefix) => r.path === prefix || r.path.startsWith(`${prefix}/`)));
}, 60_000);
afterAll(async () => {
  await app?.close();
});

describe('every GET route under /api (demo)', () => {
  it('discovers the route families from the OpenAPI document', () => {
    const paths = routes.map((r) => r.path);
    // The families present from the start; every other family is picked up the same way.
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/pods',
        '/api/pods/{name}',
        '/api/pods/{name}/logs',
        '/api/dashboard/summary',
        '/api/cluster-health',
        '/api/contexts',
        '/api/test-connection',
      ]),
    );
    expect(new Set(routes.map((r) => r.operationId)).size).toBe(routes.length);
  });

  it('declares the `context` parameter on every route', () => {
    expect(routes.filter((r) => !hasParam(r, 'context')).map((r) => r.path)).toEqual([]);
  });

  it(
    'answers 200 in demo mode with valid parameters',
    async () => {
      const checked = await forEachRoute(all, async ({ path, query }) => {
        const answer = await call(path, query);
        if (answer.status !== 200) return describeAnswer(path, query, answer);
        if (answer.headers.get('x-orphelix-mode') !== 'demo') return `${path} lacks X-Orphelix-Mode: demo`;
        return null;
      });
      expect(checked).toBe(routes.length);
    },
    SWEEP_TIMEOUT_MS,
  );

  it(
    'answers 400 naming `namespace` for namespace=Bad_NS',
    async () => {
      await forEachRoute(all, async ({ path, query }) => {
        const q = { ...query, namespace: 'Bad_NS' };
        return rejects(await call(path, q), path, q, 'namespace');
      });
    },
    SWEEP_TIMEOUT_MS,
  );

  it(
    'answers 404 CONTEXT_NOT_FOUND listing `demo` for context=nope',
    async () => {
      await forEachRoute(all, async ({ path, query }) => {
        const q = { ...query, context: 'nope' };
        const answer = await call(path, q);
        const details = envelope(answer).details as { known?: string[] } | undefined;
        const ok =
          answer.status === 404 &&
          envelope(answer).code === 'CONTEXT_NOT_FOUND' &&
          details?.known?.includes('demo') === true;
        return ok ? null : `expected 404 CONTEXT_NOT_FOUND listing demo: ${describeAnswer(path, q, answer)}`;
      });
    },
    SWEEP_TIMEOUT_MS,
  );

  it(
    'answers 400 naming `name` for a malformed name, and 404 NOT_FOUND for an unknown one',
    async () => {
      const checked = await forEachRoute(named, async ({ withName, query }) => {
        const bad = withName('Bad_Name');
        const malformed = rejects(await call(bad, query), bad, query, 'name');
        if (malformed) return malformed;
        const missing = withName(UNKNOWN_NAME);
        const answer = await call(missing, query);
        return answer.status === 404 && envelope(answer).code === 'NOT_FOUND'
          ? null
          : `expected 404 NOT_FOUND: ${describeAnswer(missing, query, answer)}`;
      });
      expect(checked).toBeGreaterThan(0);
    },
    SWEEP_TIMEOUT_MS,
  );

  it(
    'answers 400 naming `labelSelector` for a malformed selector',
    async () => {
      const checked = await forEachRoute(
        (r) => hasParam(r, 'labelSelector'),
        async ({ path, query }) => {
          const q = { ...query, labelSelector: 'app in (' };
          return rejects(await call(path, q), path, q, 'labelSelector');
        },
      );
      expect(checked).toBeGreaterThan(0);
    },
    SWEEP_TIMEOUT_MS,
  );

  it(
    'answers 400 naming `limit` for limit=0 and limit=5001',
    async () => {
      const checked = await forEachRoute(
        (r) => hasParam(r, 'limit'),
        async ({ path, query }) => {
          for (const limit of [0, 5001]) {
            const q = { ...query, limit };
            const failure = rejects(await call(path, q), path, q, 'limit');
            if (failure) return failure;
          }
          return null;
        },
      );
      expect(checked).toBeGreaterThan(0);
    },
    SWEEP_TIMEOUT_MS,
  );

  it('never answered 5xx in any of the above', () => {
    expect(answered5xx).toEqual([]);
  });

  it('sent every error of the above as a JSON envelope', () => {
    expect(errorsNotJson).toEqual([]);
  });
});
