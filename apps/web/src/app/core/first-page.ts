import { type TransferState, makeStateKey } from '@angular/core';
import { call } from './api';
import { type ListQuery, type Resource, type Transport, kindDef } from './kinds';
import { RENDER_ORIGIN, type ServerApi } from './server-api';

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

/** The first page a server-rendered page was drawn with, carried to the browser in the page itself. */
const RENDERED = makeStateKey<{ key: string; page: FirstPage }>('orx.firstPage');

/**
 * On the server: asks for the first page of the list `url` shows, through `api`, and keeps it in
 * `state` (serialised into the page) for the render and for the browser that takes over. Nothing is
 * kept when the URL shows no list or the API refuses (signed out, forbidden, unreachable): the page is
 * then rendered loading and the browser asks, and reports, as it does for a page not rendered.
 */
export async function renderFirstPage(url: URL, api: ServerApi, state: TransferState, limit = FIRST_PAGE): Promise<void> {
  const target = listQueryOf(url, limit);
  const def = target && kindDef(target.kind);
  if (!target || !def) return;
  const via: Transport = {
    baseUrl: RENDER_ORIGIN,
    fetch: (input, init) => {
      const request = new Request(input, init);
      const at = new URL(request.url);
      return api.fetch(`${at.pathname}${at.search}`);
    },
  };
  try {
    const page = await call(def.list(target.query, via));
    state.set(RENDERED, { key: keyOf(target.kind, target.query), page: { items: page.items, total: page.total } });
  } catch {
    // Rendered without rows; the browser asks again and shows what the API says.
  }
}

/**
 * The page the server drew this list with, when the tab opened on it: once in the browser (removed
 * as taken), on every read on the server (it must stay to be serialised).
 */
export function takeRenderedPage(state: TransferState, kind: string, query: ListQuery, keep: boolean): FirstPage | null {
  const rendered = state.get(RENDERED, null);
  if (!rendered || rendered.key !== keyOf(kind, query)) return null;
  if (!keep) state.remove(RENDERED);
  return rendered.page;
}
