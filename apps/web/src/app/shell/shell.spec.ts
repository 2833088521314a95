import { Component, DestroyRef, inject } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { client } from '../api/generated/client.gen';
import type { SettingsDto, SettingsUpdateDto } from '../api/generated/types.gen';
import type { KindName } from '../core/kinds';
import { LiveStream } from '../core/live-stream';
import { SettingsStore, applyUpdate } from '../core/settings-store';
import { ViewState } from '../core/view-state';
import { Shell } from './shell';
import { jsonResponse as json, settingsDto } from '../testing/api';


const settings: SettingsDto = settingsDto({ contextAliases: { demo: 'Sandbox' } });
const local = { id: 'local', login: 'local', name: null, avatarUrl: null, kind: 'local', admin: true };
const octo = { id: 'u1', login: 'octo', name: 'Octo', avatarUrl: 'https://avatars.example/octo', kind: 'github', admin: false };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The EventSource the shell's live stream would open; never connects. */
class FakeEventSource {
  static readonly CLOSED = 2;
  static all: FakeEventSource[] = [];
  readyState = 0;
  constructor() {
    FakeEventSource.all.push(this);
  }
  addEventListener(): void {
    // no events in these tests
  }
  close(): void {
    this.readyState = 2;
  }
  static open(): number {
    return FakeEventSource.all.filter((s) => s.readyState !== 2).length;
  }
}

/** Pages for the router outlet: how often each was created. */
const created = { page: 0, inPlace: 0 };
@Component({ selector: 'orx-test-page', template: '<p>a page</p>' })
class PlainPage {
  constructor() {
    created.page++;
  }
}
@Component({ selector: 'orx-test-list', template: '<p>a list</p>' })
class InPlacePage {
  constructor() {
    inject(LiveStream).refreshesInPlace(inject(DestroyRef));
    created.inPlace++;
  }
}

describe('Shell', () => {
  let requests: { method: string; path: string }[];
  let meAnswer: () => unknown;
  let stored: SettingsDto;

  beforeEach(() => {
    requests = [];
    stored = structuredClone(settings);
    FakeEventSource.all = [];
    created.page = 0;
    created.inPlace = 0;
    meAnswer = () => ({ authenticated: false, user: local, authRequired: false, github: { configured: false, url: null } });
    localStorage.clear();
    client.setConfig({
      baseUrl: 'http://orphelix.test',
      throwOnError: false,
      fetch: (async (input: RequestInfo | URL) => {
        const request = input as Request;
        const url = new URL(request.url);
        requests.push({ method: request.method, path: url.pathname });
        if (url.pathname === '/api/settings' && request.method === 'POST') {
          stored = applyUpdate(stored, (await request.json()) as SettingsUpdateDto);
          return json(200, stored);
        }
        switch (url.pathname) {
          case '/api/auth/me':
            return json(200, meAnswer());
          case '/api/auth/logout':
            meAnswer = () => ({ authenticated: false, user: local, authRequired: false, github: { configured: true, url: 'https://github.com' } });
            return json(200, meAnswer());
          case '/api/settings':
            return json(200, stored);
          case '/api/contexts':
            return json(200, { items: [{ name: 'demo', current: true, cluster: 'demo', user: 'demo', namespace: null }], total: 1 });
          case '/api/namespaces':
            return json(200, { items: [], total: 0, offset: 0, limit: null, resourceVersion: null });
          default:
            return json(404, { error: 'no', code: 'NOT_FOUND', details: {}, requestId: 'x' });
        }
      }) as typeof fetch,
    });
    // The shell asks /healthz for the demo badge with the browser's own fetch.
    vi.stubGlobal('fetch', async () => new Response('{}', { status: 200 }));
    vi.stubGlobal('EventSource', FakeEventSource);
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: 'page', component: PlainPage },
          { path: 'list', component: InPlacePage },
          { path: '**', children: [] },
        ]),
      ],
    });
  });

  afterEach(() => vi.unstubAllGlobals());

  async function create(url = '/') {
    await TestBed.inject(Router).navigateByUrl(url);
    const fixture = TestBed.createComponent(Shell);
    const el = fixture.nativeElement as HTMLElement;
    for (let i = 0; i < 4; i++) {
      await sleep(0);
      fixture.detectChanges();
      await fixture.whenStable();
    }
    return { fixture, el };
  }

  const q = <E extends HTMLElement = HTMLElement>(el: HTMLElement, id: string) => el.querySelector<E>(`[data-testid="${id}"]`);
  const settle = async (fixture: { detectChanges(): void; whenStable(): Promise<unknown> }) => {
    for (let i = 0; i < 4; i++) {
      await sleep(0);
      fixture.detectChanges();
      await fixture.whenStable();
    }
  };
  const texts = (els: Iterable<Element>) => [...els].map((e) => e.textContent?.trim());
  /** Asks the live stream for a kind, as a page's list does. */
  const want = (kind: KindName) => TestBed.inject(LiveStream).changes(kind).subscribe();

  it('offers the local user a GitHub login back to this page, and shows context aliases', async () => {
    meAnswer = () => ({ authenticated: false, user: local, authRequired: false, github: { configured: true, url: 'https://github.com' } });
    const { el } = await create('/pods?namespace=shop');
    expect(q(el, 'login-github')?.getAttribute('href')).toBe('/api/auth/github?returnTo=%2Fpods%3Fnamespace%3Dshop');
    expect(q(el, 'user-menu-button')).toBeNull();
    expect(q(el, 'context-select')?.textContent?.trim()).toBe('Sandbox (demo)');
    expect(requests.filter((r) => r.path === '/api/auth/me')).toHaveLength(1);
    expect(requests.filter((r) => r.path === '/api/settings')).toHaveLength(1);
  });

  it('shows nothing for the local user without GitHub', async () => {
    meAnswer = () => ({ authenticated: false, user: local, authRequired: false, github: { configured: false, url: null } });
    const { el } = await create();
    expect(q(el, 'login-github')).toBeNull();
    expect(q(el, 'user-menu-button')).toBeNull();
  });

  it('gives a GitHub user a keyboard menu with Settings and Log out', async () => {
    meAnswer = () => ({ authenticated: true, user: octo, authRequired: false, github: { configured: true, url: 'https://github.com' } });
    const { fixture, el } = await create();
    const button = q<HTMLButtonElement>(el, 'user-menu-button');
    expect(button?.textContent).toContain('octo');
    expect(button?.getAttribute('aria-haspopup')).toBe('menu');
    expect(button?.getAttribute('aria-expanded')).toBe('false');
    button?.click();
    await sleep(0);
    fixture.detectChanges();
    expect(button?.getAttribute('aria-expanded')).toBe('true');
    expect(q(el, 'menu-settings')?.getAttribute('href')).toBe('/settings');
    q(el, 'user-menu')?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    fixture.detectChanges();
    expect(q(el, 'user-menu')).toBeNull();
    expect(document.activeElement === button || !document.body.contains(button)).toBe(true);

    button?.click();
    fixture.detectChanges();
    q(el, 'menu-logout')?.click();
    for (let i = 0; i < 4; i++) {
      await sleep(0);
      fixture.detectChanges();
    }
    expect(requests.filter((r) => r.path === '/api/auth/logout').map((r) => r.method)).toEqual(['POST']);
    expect(requests.filter((r) => r.path === '/api/auth/me')).toHaveLength(2);
    expect(q(el, 'user-menu-button')).toBeNull();
    expect(q(el, 'login-github')).not.toBeNull();
  });

  it('shows a login page instead of the console when a login is required', async () => {
    meAnswer = () => ({ authenticated: false, user: null, authRequired: true, github: { configured: false, url: null } });
    const { el } = await create('/pods');
    expect(q(el, 'login-required')).not.toBeNull();
    expect(q(el, 'login-token-needed')?.textContent).toContain('API token');
    expect(el.querySelector('router-outlet')).toBeNull();
    expect(requests.some((r) => r.path === '/api/settings')).toBe(false);
  });

  it('shows a login error once and removes it from the URL', async () => {
    meAnswer = () => ({ authenticated: false, user: local, authRequired: false, github: { configured: true, url: 'https://github.com' } });
    const { fixture, el } = await create('/pods?loginError=GitHub%20refused&namespace=shop');
    expect(q(el, 'login-error')?.textContent).toContain('GitHub refused');
    expect(TestBed.inject(Router).url).toBe('/pods?namespace=shop');
    (q(el, 'login-error')?.querySelector('button') as HTMLButtonElement).click();
    fixture.detectChanges();
    expect(q(el, 'login-error')).toBeNull();
  });

  describe('sidebar pins', () => {
    const pinned = (el: HTMLElement) => el.querySelectorAll<HTMLAnchorElement>('[data-testid="nav-pinned"] a');

    it("shows the console's pins at the top while the user never changed them, with the entries' titles", async () => {
      const { el } = await create('/pods');
      const group = q(el, 'nav-pinned');
      expect(group?.getAttribute('role')).toBe('group');
      expect(group?.getAttribute('aria-label')).toBe('Pinned');
      expect(texts(pinned(el))).toEqual(['Dashboard', 'Pods', 'Deployments', 'Services', 'Events']);
      expect([...pinned(el)].map((a) => a.getAttribute('href'))).toEqual(['/', '/pods', '/deployments', '/services', '/events']);
      // First in the sidebar, before the entries they repeat.
      const links = [...el.querySelectorAll('nav.sidebar a.nav-item')];
      expect(links.indexOf(pinned(el)[0] as Element)).toBe(0);
    });

    it("shows the user's pins in their order, ignores unknown paths, and follows a change at once", async () => {
      stored.sidebarPins = ['/nodes', '/no-such-page', '/', '/nodes', '/settings'];
      const { fixture, el } = await create('/');
      expect(texts(pinned(el))).toEqual(['Nodes', 'Dashboard', 'Settings']);
      const saving = TestBed.inject(SettingsStore).update({ sidebarPins: ['/secrets', '/nodes'] });
      fixture.detectChanges();
      expect(texts(pinned(el))).toEqual(['Secrets', 'Nodes']);
      await saving;
      await settle(fixture);
      expect(texts(pinned(el))).toEqual(['Secrets', 'Nodes']);
      expect(pinned(el)[0]?.getAttribute('href')).toBe('/secrets');
      await TestBed.inject(SettingsStore).update({ sidebarPins: [] });
      await settle(fixture);
      expect(q(el, 'nav-pinned')).toBeNull();
    });

    it('keeps the context and namespace on pinned links, marks the current page, and ends the sidebar with GitHub then Settings', async () => {
      const { el } = await create('/pods?namespace=shop');
      const pods = [...pinned(el)].find((a) => a.textContent?.trim() === 'Pods');
      expect(pods?.getAttribute('href')).toBe('/pods?namespace=shop');
      expect(pods?.getAttribute('aria-current')).toBe('page');
      expect([...pinned(el)].find((a) => a.textContent?.trim() === 'Dashboard')?.getAttribute('aria-current')).toBeNull();
      const hrefs = [...el.querySelectorAll('nav.sidebar a.nav-item')].map((a) => a.getAttribute('href')?.split('?')[0]);
      expect(hrefs.slice(-2)).toEqual(['/github', '/settings']);
    });
  });

  describe('live updates off', () => {
    it('opens no stream, says "Live updates off" and links to Settings instead of reconnecting', async () => {
      stored.liveUpdates = false;
      const sub = want('pods');
      const { el } = await create('/pods');
      const state = q(el, 'link-state');
      expect(state?.tagName).toBe('A');
      expect(state?.getAttribute('data-state')).toBe('off');
      expect(state?.textContent?.trim()).toBe('Live updates off');
      expect(state?.getAttribute('href')).toBe('/settings');
      expect(state?.getAttribute('aria-label')).toContain('Settings');
      expect(q(el, 'refresh')?.textContent?.trim()).toBe('Refresh');
      expect(FakeEventSource.all).toHaveLength(0);
      sub.unsubscribe();
    });

    it('opens exactly one stream when live updates turn on, and closes it when they turn off', async () => {
      stored.liveUpdates = false;
      const sub = want('pods');
      const { fixture, el } = await create('/pods');
      const store = TestBed.inject(SettingsStore);
      await store.update({ liveUpdates: true });
      await settle(fixture);
      expect(FakeEventSource.all).toHaveLength(1);
      expect(FakeEventSource.open()).toBe(1);
      expect(q(el, 'link-state')?.tagName).toBe('BUTTON');
      expect(q(el, 'link-state')?.getAttribute('data-state')).toBe('connecting');
      expect(q(el, 'refresh')).toBeNull();
      await store.update({ liveUpdates: false });
      await settle(fixture);
      expect(FakeEventSource.open()).toBe(0);
      expect(FakeEventSource.all).toHaveLength(1);
      expect(q(el, 'link-state')?.getAttribute('data-state')).toBe('off');
      sub.unsubscribe();
    });

    it('refreshes a page that cannot refresh in place by creating it anew', async () => {
      stored.liveUpdates = false;
      const { fixture, el } = await create('/page');
      expect(created.page).toBe(1);
      q(el, 'refresh')?.click();
      await settle(fixture);
      expect(created.page).toBe(2);
      expect(el.textContent).toContain('a page');
      expect(q(el, 'refresh-note')?.textContent).toMatch(/^Refreshed at \d\d:\d\d:\d\d$/);
    });

    it('refreshes a list page in place: its lists relist, the page stays', async () => {
      stored.liveUpdates = false;
      const sub = want('pods');
      const { fixture, el } = await create('/list');
      const relisted: KindName[][] = [];
      const resyncs = TestBed.inject(LiveStream).resyncs.subscribe((k) => relisted.push(k));
      q(el, 'refresh')?.click();
      await settle(fixture);
      expect(created.inPlace).toBe(1);
      expect(relisted).toEqual([['pods']]);
      expect(FakeEventSource.all).toHaveLength(0);
      resyncs.unsubscribe();
      sub.unsubscribe();
    });
  });

  describe('default context and namespace', () => {
    it('opens them when the URL names neither, and the URL shows them', async () => {
      stored.defaultContext = 'demo';
      stored.defaultNamespace = 'shop';
      const { fixture } = await create('/pods?q=web');
      await settle(fixture);
      const url = TestBed.inject(Router).parseUrl(TestBed.inject(Router).url);
      expect(url.queryParams).toEqual({ q: 'web', context: 'demo', namespace: 'shop' });
      expect(TestBed.inject(ViewState).scope()).toEqual({ context: 'demo', namespace: 'shop' });
    });

    it('leaves a URL that names a context or a namespace as it is', async () => {
      stored.defaultContext = 'demo';
      stored.defaultNamespace = 'shop';
      const { fixture } = await create('/pods?namespace=kube-system');
      await settle(fixture);
      expect(TestBed.inject(Router).url).toBe('/pods?namespace=kube-system');
    });

    it('opens the stream in the default scope, not in the one it replaces', async () => {
      stored.defaultNamespace = 'shop';
      const sub = want('pods');
      const urls: string[] = [];
      vi.stubGlobal(
        'EventSource',
        class extends FakeEventSource {
          constructor(url: string) {
            super();
            urls.push(url);
          }
        },
      );
      const { fixture } = await create('/pods');
      await settle(fixture);
      expect(urls).toHaveLength(1);
      expect(urls[0]).toContain('namespace=shop');
      sub.unsubscribe();
    });
  });
});
