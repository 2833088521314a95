import { TransferState } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { client } from '../api/generated/client.gen';
import { FIRST_PAGE, listQueryOf, prefetchFirstPage, renderFirstPage, takeFirstPage, takeRenderedPage } from './first-page';
import type { ServerApi } from './server-api';

describe('listQueryOf', () => {
  it('reads the list a URL shows as the list page asks for it', () => {
    expect(listQueryOf(new URL('http://x/pods?context=kind-a&namespace=shop&labels=app%3Dweb&q=api&sort=age'))).toEqual({
      kind: 'pods',
      query: { limit: FIRST_PAGE, context: 'kind-a', namespace: 'shop', labelSelector: 'app=web' },
    });
  });

  it('leaves the namespace out for cluster-scoped kinds', () => {
    expect(listQueryOf(new URL('http://x/nodes?namespace=shop'), 50)).toEqual({ kind: 'nodes', query: { limit: 50 } });
  });

  it('is null for pages that are not lists', () => {
    for (const path of ['/', '/pods/shop/web-1', '/settings', '/nope']) expect(listQueryOf(new URL(`http://x${path}`))).toBeNull();
  });
});

describe('the first page asked for at start-up', () => {
  const asked: string[] = [];
  beforeEach(() => {
    asked.length = 0;
    client.setConfig({
      baseUrl: 'http://api.test',
      fetch: async (input: RequestInfo | URL) => {
        const url = new URL((input as Request).url);
        asked.push(`${url.pathname}${url.search}`);
        const body = { items: [{ name: 'web-1', namespace: 'shop' }], total: 9, resourceVersion: '7' };
        return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
      },
    });
  });

  it('is taken once by the list with exactly its query, without asking again', async () => {
    prefetchFirstPage(new URL('http://x/pods?namespace=shop&context=kind-a'));
    const page = takeFirstPage('pods', { context: 'kind-a', namespace: 'shop', limit: FIRST_PAGE });
    expect(page).not.toBeNull();
    await expect(page).resolves.toMatchObject({ total: 9, items: [{ name: 'web-1' }] });
    expect(asked).toHaveLength(1);
    expect(asked[0]).toContain('/api/pods?');
    expect(asked[0]).toContain('limit=200');
    expect(asked[0]).toContain('namespace=shop');
    expect(takeFirstPage('pods', { context: 'kind-a', namespace: 'shop', limit: FIRST_PAGE })).toBeNull();
    expect(asked).toHaveLength(1);
  });

  it('is not given to another list or another scope', () => {
    prefetchFirstPage(new URL('http://x/pods?namespace=shop'));
    expect(takeFirstPage('pods', { namespace: 'other', limit: FIRST_PAGE })).toBeNull();
    prefetchFirstPage(new URL('http://x/pods?namespace=shop'));
    expect(takeFirstPage('deployments', { namespace: 'shop', limit: FIRST_PAGE })).toBeNull();
  });

  it('asks nothing for a page that is not a list', async () => {
    prefetchFirstPage(new URL('http://x/pods/shop/web-1'));
    prefetchFirstPage(new URL('http://x/'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(asked).toEqual([]);
  });
});

describe('the first page a page rendered on the server is drawn with', () => {
  const asked: string[] = [];
  /** The API as the server's render reaches it: answers `status` with `body` to every path. */
  const api = (status: number, body: unknown): ServerApi => ({
    fetch: async (path: string) => {
      asked.push(path);
      return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    },
  });
  const page = { items: [{ name: 'web-1', namespace: 'shop' }], total: 9, resourceVersion: '7' };
  let state: TransferState;
  beforeEach(() => {
    asked.length = 0;
    state = TestBed.inject(TransferState);
  });

  it('is asked for by API path through the render, kept on the server, and taken once by the browser', async () => {
    await renderFirstPage(new URL('http://x/pods?namespace=shop&context=kind-a&sort=age'), api(200, page), state);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatch(/^\/api\/pods\?/);
    expect(asked[0]).toContain('limit=200');
    expect(asked[0]).toContain('namespace=shop');
    expect(asked[0]).toContain('context=kind-a');
    const query = { context: 'kind-a', namespace: 'shop', limit: FIRST_PAGE };
    // The server's render reads it as often as it likes; it must stay to be sent.
    expect(takeRenderedPage(state, 'pods', query, true)).toEqual({ items: page.items, total: 9 });
    expect(takeRenderedPage(state, 'pods', query, true)).not.toBeNull();
    // Another list or scope does not get it; the browser takes it once.
    expect(takeRenderedPage(state, 'pods', { ...query, namespace: 'other' }, false)).toBeNull();
    expect(takeRenderedPage(state, 'deployments', query, false)).toBeNull();
    expect(takeRenderedPage(state, 'pods', query, false)).toEqual({ items: page.items, total: 9 });
    expect(takeRenderedPage(state, 'pods', query, false)).toBeNull();
  });

  it('keeps nothing when the API refuses (the browser then asks and reports)', async () => {
    await renderFirstPage(new URL('http://x/pods'), api(401, { code: 'UNAUTHENTICATED', error: 'Sign in first', details: {} }), state);
    expect(asked).toHaveLength(1);
    expect(takeRenderedPage(state, 'pods', { limit: FIRST_PAGE }, false)).toBeNull();
  });

  it('asks nothing for a page that is not a list', async () => {
    for (const path of ['/', '/pods/shop/web-1', '/settings']) await renderFirstPage(new URL(`http://x${path}`), api(200, page), state);
    expect(asked).toEqual([]);
  });
});
