import { call } from './api';
import { type ListQuery, type Resource, kindDef } from './kinds';

/**
 * The first page of the list a tab opens on, asked for as the app starts instead of once the route's
 * page exists: on a cold load the request then travels while the framework boots and the page's code
 * loads, so the first rows can be drawn as soon as the page is ready. Taken once, by the list whose
 * query is exactly the one asked for; anything else (another scope once the user's default namespace
 * applies, a reload, a page taken too late) asks the API afresh.
 */

export interface FirstPage {
  items: Resource[];
  total: number;
}

/**
 * A first page asked for alongside the whole list: on a big cluster it arrives long before the whole
 * list (10,000 pods are ~6 MB), so rows are on screen at once while the rest loads.
 */
export const FIRST_PAGE = 200;

/** A page not taken within this long is dropped: it was for a view the tab no longer shows. */
const KEEP_MS = 15_000;

const pending = new Map<string, { page: Promise<FirstPage>; at: number }>();

function keyOf(kind: string, query: ListQuery): string {
  const entries = Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== '');
  entries.sort(([a], [b]) => a.localeCompare(b));
  return `${kind}?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}`;
}

/**
 * The list a URL shows (`/<kind>` with `context`, `namespace` and `labels` from its query), as the
 * list page asks for it; null when the URL is not a list page.
 */
export function listQueryOf(url: URL, limit = FIRST_PAGE): { kind: string; query: ListQuery } | null {
  const segments = url.pathname.split('/').filter(Boolean);
  if (segments.length !== 1) return null;
  const def = kindDef(decodeURIComponent(segments[0]));
  if (!def) return null;
  const params = url.searchParams;
  const query: ListQuery = { limit };
  const context = params.get('context');
  const namespace = params.get('namespace');
  const labels = params.get('labels');
  if (context) query.context = context;
  if (def.namespaced && namespace) query.namespace = namespace;
  if (labels) query.labelSelector = labels;
  return { kind: def.name, query };
}

/** Asks for the first page of the list `url` shows, if it shows one. */
export function prefetchFirstPage(url: URL, limit = FIRST_PAGE): void {
  const target = listQueryOf(url, limit);
  const def = target && kindDef(target.kind);
  if (!target || !def) return;
  const page = call(def.list(target.query));
  // A failure is the list's to report when it asks again; nothing is left unhandled meanwhile.
  page.catch(() => undefined);
  pending.set(keyOf(target.kind, target.query), { page, at: Date.now() });
}

/** The page asked for at start-up for exactly this list, once; null when there is none (left). */
export function takeFirstPage(kind: string, query: ListQuery): Promise<FirstPage> | null {
  const key = keyOf(kind, query);
  const entry = pending.get(key);
  pending.clear();
  if (!entry || Date.now() - entry.at > KEEP_MS) return null;
  return entry.page;
}
